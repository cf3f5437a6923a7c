// The events page (events/index.html): both parts are enhancements of the list, which works
// without them.
// 1. "Near me": with the visitor's consent (the browser asks), their position, rounded to about
//    a kilometre, fills the finder's hidden lat/lon fields and the form is sent. Nothing is
//    stored, and a refusal changes nothing.
// 2. The map: the world's countries (served by the site, no tile server) as the base layer,
//    and the events the filters select, from the site's GeoJSON. Text goes in as text.
//    Leaflet and the countries weigh more than the rest of the page: core/js/lazy-map.js
//    fetches them, on a phone or when the browser asks to save data only when the reader asks
//    for the map (as on the record's map).
(function () {
  "use strict";

  var finder = document.querySelector("[data-locate]");
  if (finder && navigator.geolocation) {
    var button = finder.querySelector("[data-locate-button]");
    var note = finder.querySelector("[data-locate-note]");
    var status = finder.querySelector("[data-locate-status]");
    button.hidden = false;
    note.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = finder.getAttribute("data-locating");
      navigator.geolocation.getCurrentPosition(function (position) {
        finder.querySelector("input[name=lat]").value = position.coords.latitude.toFixed(2);
        finder.querySelector("input[name=lon]").value = position.coords.longitude.toFixed(2);
        var city = finder.querySelector("input[name=city]");
        if (city) city.value = "";
        finder.submit();
      }, function () {
        status.textContent = finder.getAttribute("data-locate-failed");
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
    });
  }

  var box = document.querySelector("[data-events-map]");
  if (!box || !window.fetch || !window.nidaaMap) return;
  var json = window.nidaaMap.json;

  function popup(properties) {
    var content = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.title;
    var when = document.createElement("div");
    when.textContent = properties.kind + " · " + properties.when;
    var where = document.createElement("div");
    where.textContent = properties.place;
    content.appendChild(link);
    content.appendChild(when);
    content.appendChild(where);
    return content;
  }

  function draw(focus) {
    box.hidden = false;
    var map = L.map(box, { scrollWheelZoom: false, worldCopyJump: true }).setView([30, 20], 2);
    var points = L.featureGroup().addTo(map);
    if (focus) box.focus();
    json(box.getAttribute("data-world-url")).then(function (world) {
      var countries = topojson.feature(world, world.objects.countries);
      L.geoJSON(countries, { interactive: false, style: { color: "#8a8a8a", weight: 1, fillColor: "#ffffff", fillOpacity: 1 } }).addTo(map);
      points.bringToFront();
    }).catch(function () { /* the outline is optional: the points still show */ });

    json(box.getAttribute("data-events-url")).then(function (collection) {
      collection.features.forEach(function (feature) {
        var at = feature.geometry.coordinates;
        L.circleMarker([at[1], at[0]], { radius: 7, color: "#7a1d17", weight: 1, fillColor: "#a3271f", fillOpacity: 0.85 })
          .bindPopup(popup(feature.properties))
          .addTo(points);
      });
      var centre = box.getAttribute("data-centre");
      if (centre) {
        var at = centre.split(",");
        map.setView([parseFloat(at[0]), parseFloat(at[1])], 8);
      } else if (points.getLayers().length) {
        map.fitBounds(points.getBounds(), { padding: [20, 20], maxZoom: 10 });
      }
    }).catch(function () { box.hidden = true; });
  }

  window.nidaaMap.start(box, draw);
})();
