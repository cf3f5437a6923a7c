// The start every map on the site shares (the record's, the events'): Leaflet and what else a map
// needs are served by this site and fetched only once the page is read, and on a phone-sized
// screen, or when the browser asks to save data, only when the reader presses the page's
// "Show the map" button ([data-map-offer]). The page without them is complete.
//
// nidaaMap.start(box, draw) reads the box's data-leaflet-css and data-leaflet-js, and any other
// scripts named in data-map-scripts (space-separated), then calls draw(focus), focus saying
// whether the reader asked for the map. nidaaMap.json(url) fetches JSON without cookies.
(function () {
  "use strict";

  function json(url) {
    return fetch(url, { credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  function script(url) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement("script");
      element.src = url;
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  function start(box, draw) {
    var offer = document.querySelector("[data-map-offer]");
    var narrow = window.matchMedia && window.matchMedia("(max-width: 40em)").matches;
    var saving = navigator.connection && navigator.connection.saveData;
    var extra = (box.getAttribute("data-map-scripts") || "").split(" ").filter(Boolean);

    function show(focus) {
      if (offer) offer.hidden = true;
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = box.getAttribute("data-leaflet-css");
      document.head.appendChild(style);
      Promise.all([box.getAttribute("data-leaflet-js")].concat(extra).map(script))
        .then(function () { if (window.L) draw(focus); })
        .catch(function () { /* no map: the page works without it */ });
    }

    if (offer && (narrow || saving)) {
      offer.hidden = false;
      offer.querySelector("button").addEventListener("click", function () { show(true); });
    } else {
      show(false);
    }
  }

  window.nidaaMap = { start: start, json: json };
})();
