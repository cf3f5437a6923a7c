// The record's map (incidents/public/index.html): an enhancement of the list, which works
// without it. Draws the imported sub-district boundaries as the base layer, so the map needs no
// tile server; a tile layer only when the site sets one. Then the incidents the page's filters
// select, from the API, page after page. Every point is the public one the API gives: degraded
// as each incident's location mode says. Text goes in as text, never as HTML.
//
// Leaflet and the boundaries weigh about twice the rest of the page: core/js/lazy-map.js fetches
// them, on a phone only when the reader asks for the map.
(function () {
  "use strict";
  var box = document.querySelector("[data-record-map]");
  if (!box || !window.fetch || !window.nidaaMap) return;
  var MOST_PAGES = 10;
  var json = window.nidaaMap.json;

  function popup(properties) {
    var content = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.title || properties.code;
    link.title = box.getAttribute("data-incident-label") || "";
    var when = document.createElement("div");
    when.textContent = properties.start;
    content.appendChild(link);
    content.appendChild(when);
    return content;
  }

  function draw(focus) {
    box.hidden = false;
    var map = L.map(box, { scrollWheelZoom: false }).setView([35.85, 36.6], 9);
    var tiles = box.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 17, attribution: box.getAttribute("data-tile-attribution") || "" }).addTo(map);
    }
    var points = L.featureGroup().addTo(map);
    if (focus) box.focus();

    function addIncidents(collection) {
      collection.features.forEach(function (feature) {
        if (!feature.geometry) return;
        var at = feature.geometry.coordinates;
        L.circleMarker([at[1], at[0]], { radius: 6, color: "#7a1d17", weight: 1, fillColor: "#a3271f", fillOpacity: 0.8 })
          .bindPopup(popup(feature.properties))
          .addTo(points);
      });
    }

    function loadIncidents(url, pages) {
      return json(url).then(function (collection) {
        addIncidents(collection);
        var next = collection.links && collection.links.next;
        if (next && pages > 1) return loadIncidents(next, pages - 1);
      });
    }

    json(box.getAttribute("data-boundaries-url"))
      .then(function (layer) {
        L.geoJSON(layer, { interactive: false, style: { color: "#8a8a8a", weight: 1, fillColor: "#ffffff", fillOpacity: 0.6 } }).addTo(map);
        points.bringToFront();
      })
      .catch(function () { /* the base layer is optional: points still show */ });

    loadIncidents(box.getAttribute("data-incidents-url"), MOST_PAGES)
      .then(function () {
        if (points.getLayers().length) map.fitBounds(points.getBounds(), { padding: [20, 20], maxZoom: 12 });
      })
      .catch(function () { box.hidden = true; });
  }

  window.nidaaMap.start(box, draw);
})();
