// A table wider than its column says so above it ("scroll sideways"), and only then: the hint
// text comes from <body data-table-hint>, translated by the page. Without script the tables
// still scroll, and their region's label says that they do.
(function () {
  "use strict";
  var text = document.body.getAttribute("data-table-hint");
  if (!text || !("ResizeObserver" in window)) return;
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var region = entry.target;
      var overflowing = region.scrollWidth > region.clientWidth + 1;
      region.toggleAttribute("data-overflowing", overflowing);
      region.previousElementSibling.hidden = !overflowing;
    });
  });
  document.querySelectorAll(".kern-table-responsive").forEach(function (region) {
    var hint = document.createElement("p");
    hint.className = "table-hint kern-body kern-body--small";
    hint.setAttribute("aria-hidden", "true"); // the region's own label says it to screen readers
    hint.hidden = true;
    hint.textContent = text;
    region.parentNode.insertBefore(hint, region);
    observer.observe(region);
  });
})();
