/* Proof of work for the sign forms (the ALTCHA v1 scheme, solved here; no third party).
   The form works without this script: the server then accepts the signature but holds it for
   review. With it, the browser fetches a challenge from data-challenge when the reader starts
   on the form, finds the number n with SHA-256(salt + n) == challenge, and puts the solution in
   the hidden "altcha" field before the form is sent. The same file runs as the Web Worker. */
(function () {
  "use strict";

  // --- SHA-256 in plain JS, for browsers without crypto.subtle (plain HTTP, some Tor setups).
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];
  var W = new Array(64);

  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  function sha256hex(text) {
    var bytes = unescape(encodeURIComponent(text));
    var length = bytes.length;
    var words = [];
    var i, j;
    for (i = 0; i < length; i++) words[i >> 2] |= bytes.charCodeAt(i) << (24 - (i % 4) * 8);
    words[length >> 2] |= 0x80 << (24 - (length % 4) * 8);
    var blocks = ((length + 8) >> 6) + 1;
    for (i = words.length; i < blocks * 16; i++) words[i] = 0;
    words[blocks * 16 - 1] = length * 8;
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    for (var block = 0; block < blocks; block++) {
      for (i = 0; i < 64; i++) {
        if (i < 16) {
          W[i] = words[block * 16 + i] | 0;
        } else {
          var a = W[i - 15], b = W[i - 2];
          var s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
          var s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
          W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
        }
      }
      var v = h.slice();
      for (i = 0; i < 64; i++) {
        var e = v[4];
        var t1 = (v[7] + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & v[5]) ^ (~e & v[6])) + K[i] + W[i]) | 0;
        var x = v[0];
        var t2 = ((rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22)) + ((x & v[1]) ^ (x & v[2]) ^ (v[1] & v[2]))) | 0;
        v = [(t1 + t2) | 0, x, v[1], v[2], (v[3] + t1) | 0, e, v[5], v[6]];
      }
      for (j = 0; j < 8; j++) h[j] = (h[j] + v[j]) | 0;
    }
    var out = "";
    for (j = 0; j < 8; j++) out += ("00000000" + (h[j] >>> 0).toString(16)).slice(-8);
    return out;
  }

  function hex(buffer) {
    var view = new Uint8Array(buffer), out = "";
    for (var i = 0; i < view.length; i++) out += (view[i] < 16 ? "0" : "") + view[i].toString(16);
    return out;
  }

  var subtle = self.crypto && self.crypto.subtle && typeof TextEncoder === "function" ? self.crypto.subtle : null;

  // Resolves with the number, or null when none in [0, maxNumber] fits.
  function solve(challenge) {
    var max = challenge.maxNumber, salt = challenge.salt, target = challenge.challenge;
    if (subtle) {
      var encoder = new TextEncoder();
      var batch = function (start) {
        var tries = [];
        for (var n = start; n < start + 64 && n <= max; n++) {
          tries.push(subtle.digest("SHA-256", encoder.encode(salt + n)));
        }
        return Promise.all(tries).then(function (digests) {
          for (var k = 0; k < digests.length; k++) if (hex(digests[k]) === target) return start + k;
          return start + 64 > max ? null : batch(start + 64);
        });
      };
      return batch(0);
    }
    return new Promise(function (resolve) {
      var n = 0;
      (function slice() {
        for (var stop = Math.min(n + 2000, max + 1); n < stop; n++) {
          if (sha256hex(salt + n) === target) return resolve(n);
        }
        if (n > max) return resolve(null);
        setTimeout(slice, 0);  // keeps the page responsive when this runs outside a worker
      })();
    });
  }

  // --- Inside the Web Worker: solve what the page sends.
  if (typeof document === "undefined") {
    self.onmessage = function (event) {
      solve(event.data).then(function (number) { self.postMessage(number); });
    };
    return;
  }

  // --- On the page.
  var SCRIPT = document.currentScript && document.currentScript.src;
  var LIFETIME = 9 * 60 * 1000;  // the server's challenge lives 10 minutes

  function solveInWorker(challenge) {
    try {
      var worker = new Worker(SCRIPT);
      return new Promise(function (resolve, reject) {
        worker.onmessage = function (event) { worker.terminate(); resolve(event.data); };
        worker.onerror = function (error) { worker.terminate(); reject(error); };
        worker.postMessage(challenge);
      }).catch(function () { return solve(challenge); });
    } catch (error) {
      return solve(challenge);
    }
  }

  function payload(challenge, number) {
    return btoa(JSON.stringify({
      algorithm: challenge.algorithm, challenge: challenge.challenge, number: number,
      salt: challenge.salt, signature: challenge.signature
    }));
  }

  function start(form) {
    if (form.powStarted && Date.now() - form.powStarted < LIFETIME) return form.pow;
    var field = form.querySelector("input[name$='altcha']");
    field.value = "";
    form.powStarted = Date.now();
    form.pow = fetch(form.getAttribute("data-challenge"), { credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (challenge) {
        return solveInWorker(challenge).then(function (number) {
          if (number !== null) field.value = payload(challenge, number);
        });
      })
      .catch(function () { /* the server accepts the form without a solution, for review */ });
    return form.pow;
  }

  function onSubmit(event) {
    var form = event.currentTarget;
    var field = form.querySelector("input[name$='altcha']");
    var fresh = form.powStarted && Date.now() - form.powStarted < LIFETIME;
    if (form.powSending || (field.value && fresh)) return;
    event.preventDefault();
    form.powSending = true;
    var status = form.querySelector(".sign-status");
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    if (status) status.textContent = form.getAttribute("data-wait") || "…";
    start(form).then(function () { form.submit(); });
  }

  var forms = document.querySelectorAll("form[data-challenge]");
  // Back from the next page (the browser's page cache): make the form usable again.
  window.addEventListener("pageshow", function () {
    for (var k = 0; k < forms.length; k++) {
      forms[k].powSending = false;
      var button = forms[k].querySelector("button[type=submit]");
      if (button) button.disabled = false;
    }
  });
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener("focusin", function (event) { start(event.currentTarget); });
    forms[i].addEventListener("submit", onSubmit);
  }
})();
