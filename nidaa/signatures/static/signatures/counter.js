// Keeps the signature counter and progress bar (signatures/_progress.html) current by polling
// count.json, so that nobody needs to reload the page. Polls every 15 s while the tab is
// visible, not at all while it is hidden, and backs off (up to 5 min) when the server errs.
// Numbers are written with the digits and separator the server gives, as the server does.
(function () {
  "use strict";
  var box = document.querySelector("[data-count-url]");
  if (!box || !window.fetch) return;
  var EVERY = 15000, MOST = 300000;
  var url = box.getAttribute("data-count-url");
  var digits = box.getAttribute("data-digits") || "0123456789";
  var separator = box.getAttribute("data-separator") || ",";
  var bar = box.querySelector("[data-count-bar]");
  var reached = box.querySelector("[data-count-reached]");
  var delay = EVERY, timer = null, busy = false;

  function format(n) {
    var grouped = String(Math.max(0, Math.floor(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return grouped.replace(/[0-9,]/g, function (c) { return c === "," ? separator : digits.charAt(+c); });
  }

  function show(doc) {
    if (typeof doc.signatures !== "number" || typeof doc.goal !== "number") return;
    box.querySelectorAll("[data-count]").forEach(function (el) {
      var value = doc[el.getAttribute("data-count")];
      if (typeof value === "number") el.textContent = format(value);
    });
    if (bar) {
      bar.max = Math.max(doc.goal, 1);
      bar.value = Math.min(doc.signatures, bar.max);
      bar.textContent = format(Math.floor(100 * bar.value / bar.max)) + "%";
    }
    if (reached) reached.hidden = doc.signatures < doc.goal;
  }

  function poll() {
    timer = null;
    busy = true;
    fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (doc) { show(doc); delay = EVERY; },
            function () { delay = Math.min(delay * 2, MOST); })
      .then(function () { busy = false; schedule(delay); });
  }

  function schedule(wait) {
    if (document.hidden || busy || timer !== null) return;
    // A little jitter, so that pages opened together do not poll together.
    timer = setTimeout(poll, wait * (0.9 + Math.random() * 0.2));
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else {
      schedule(delay === EVERY ? 0 : delay);  // back on the tab: fresh figures at once
    }
  });
  schedule(delay);
})();
