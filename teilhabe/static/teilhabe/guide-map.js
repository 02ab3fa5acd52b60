// The public guide's map (loaded only on ?view=map; the KI page and the search page): the
// district's boundary (when there is one), the search's radius, and one marker per place, each
// marker a link to the place in the list below (its text alternative). No tiles unless the
// server names a tile server. Data: the JSON in #guide-map-data; no inline script.
(function () {
  "use strict";
  var element = document.getElementById("guide-map");
  var source = document.getElementById("guide-map-data");
  if (!element || !source || typeof L === "undefined") return;
  var data = JSON.parse(source.textContent);
  var rtl = document.documentElement.dir === "rtl";
  var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.5 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.setPosition(rtl ? "bottomleft" : "bottomright");
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 18, attribution: data.attribution || "" }).addTo(map);
  } else {
    element.classList.add("g-map--plain");
  }
  var bounds = L.latLngBounds([]);
  var label = element.getAttribute("data-place-label") || "";
  data.places.forEach(function (place) {
    var link = document.createElement("a");
    link.href = "#" + place.anchor;
    link.className = "g-marker__link";
    link.textContent = String(place.offers);
    link.setAttribute("aria-label", place.name + ": " + place.offers + " " + label);
    link.title = place.name;
    var icon = L.divIcon({ html: link, className: "g-marker", iconSize: [44, 44], iconAnchor: [22, 22] });
    L.marker([place.lat, place.lon], { icon: icon, keyboard: false, title: "" }).addTo(map);
    bounds.extend([place.lat, place.lon]);
  });
  if (data.origin && data.origin.radius_m) {
    // the search's radius around its place (the search page)
    L.circle([data.origin.lat, data.origin.lon], {
      radius: data.origin.radius_m, interactive: false, color: "#1f4e79", weight: 2, fillOpacity: 0.04, dashArray: "6 6"
    }).addTo(map);
    var dLat = data.origin.radius_m / 111320;
    var dLon = dLat / Math.max(Math.cos(data.origin.lat * Math.PI / 180), 0.01);
    bounds.extend([data.origin.lat - dLat, data.origin.lon - dLon]);
    bounds.extend([data.origin.lat + dLat, data.origin.lon + dLon]);
  }
  function fit() {
    // No animation: the second fit (with the boundary) would otherwise show the boundary
    // clipped to the old view while it zooms.
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14, animate: false });
    else map.setView([51.45, 7.6], 7);
  }
  fit();
  var url = element.getAttribute("data-boundary");
  if (!url) return;
  fetch(url, { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (feature) {
      if (!feature) return;
      var layer = L.geoJSON(feature, { interactive: false, style: { color: "#1f4e79", weight: 2, fillOpacity: 0.06 } });
      layer.addTo(map);
      bounds.extend(layer.getBounds());
      fit();
    })
    .catch(function () { /* the markers and the list stay */ });
})();
