// The search page's enhancement (docs/guide.md, "Search page"); without it the form is a plain
// GET and every link a page of its own. With htmx (vendored, loaded on the list view only) a
// changed filter or a sent form replaces the search area and pushes the address; here: empty
// fields are left out of that address (as the page's own links do), a sent form moves the focus
// to the result count or the error summary (a changed filter leaves it where it is), "Filters"
// stays open or closed as the visitor left it, and #search-status (a live region outside the
// area, filled by the answer) says the new count. No inline script, no eval (the page's CSP).
(function () {
  "use strict";
  var moveFocus = false;
  var filtersOpen = null;

  document.addEventListener("htmx:configRequest", function (event) {
    var data = event.detail.formData;
    if (!data) return;
    var kept = [];
    data.forEach(function (value, key) {
      if (value !== "") kept.push([key, value]);
    });
    Array.from(new Set(Array.from(data.keys()))).forEach(function (key) {
      data.delete(key);
    });
    kept.forEach(function (pair) {
      data.append(pair[0], pair[1]);
    });
    var trigger = event.detail.triggeringEvent;
    moveFocus = !!trigger && (trigger.type === "submit" || trigger.type === "click");
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "search-area") return;
    var box = document.getElementById("search-filters-box");
    filtersOpen = box ? box.open : null;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.target || event.detail.target.id !== "search-area") return;
    var box = document.getElementById("search-filters-box");
    var problems = document.getElementById("search-problems");
    if (box && filtersOpen !== null && !problems) box.open = filtersOpen;
    if (problems) {
      if (box && box.querySelector("[aria-invalid]")) box.open = true;
      if (moveFocus) problems.focus();
    } else if (moveFocus) {
      var heading = document.getElementById("results-heading");
      if (heading) heading.focus();
    }
    moveFocus = false;
  });
})();
