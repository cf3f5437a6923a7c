// The share kit, enhanced: copy buttons, and the Mastodon chooser going straight to the
// reader's server. Without JavaScript the posts can be selected and copied by hand, and the
// chooser shows the finished link on a page of ours instead.
(function () {
  "use strict";

  function copyText(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    // Plain HTTP (some Tor set-ups): select the text and use the older command.
    field.focus();
    field.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".share-copy-status");
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(field).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, function () {
        field.focus();
        field.select();
      });
    });
  });

  // Host names only: labels of letters, digits and inner hyphens; the same rule as the server's.
  var LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

  function mastodonHost(typed) {
    var text = typed.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
    text = text.split("/")[0].split("?")[0].split("#")[0];
    text = text.split("@").pop().replace(/\.+$/, "");
    var labels = text.split(".");
    var valid = labels.length > 1 && text.length <= 253 && labels.every(function (label) {
      return LABEL.test(label);
    });
    return valid && !/^\d+$/.test(labels[labels.length - 1]) ? text : null;
  }

  document.querySelectorAll("form[data-mastodon]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[name=instance]");
      var host = mastodonHost(input.value);
      if (!host) return; // the server's page explains what to type
      event.preventDefault();
      var text = input.getAttribute("data-text");
      window.location.href = "https://" + host + "/share?text=" + encodeURIComponent(text);
    });
  });
})();
