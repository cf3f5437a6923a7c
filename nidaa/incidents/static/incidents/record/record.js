/* Nothing typed into the recording form is lost to a dropped connection.

   As the documenter types, the form's fields are copied to this device (localStorage, under the
   form's data-draft-key: one per person and record). After a submit that never arrived, or a
   reload, the form offers to bring the copy back. The page the server shows after a successful
   save carries data-draft-clear, and the copy is then deleted. Copies older than a week are
   dropped. The copy includes the form's one-off token, so sending a restored form again finds
   the record the first send made instead of making a second one.

   "Add another" rows are copied from each formset's <template> here; without this script the
   same button asks the server for another row. */
(function () {
  "use strict";

  var PREFIX = "nidaa-record:";
  var WEEK = 7 * 24 * 3600 * 1000;
  var SKIP = { csrfmiddlewaretoken: true, add_row: true };

  function read(key) {
    try {
      var saved = JSON.parse(localStorage.getItem(PREFIX + key) || "null");
      if (saved && Date.now() - saved.at < WEEK) return saved;
      localStorage.removeItem(PREFIX + key);
    } catch (e) { /* storage off or full: the form still works */ }
    return null;
  }

  function write(key, values) {
    try { localStorage.setItem(PREFIX + key, JSON.stringify({ at: Date.now(), values: values })); } catch (e) { /* as above */ }
  }

  function forget(key) {
    try { localStorage.removeItem(PREFIX + key); } catch (e) { /* as above */ }
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.name] && el.type !== "submit" && el.type !== "button" && el.type !== "file";
    });
  }

  function collect(form) {
    var values = {};
    fields(form).forEach(function (el) {
      values[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    return values;
  }

  // Whether the kept copy holds anything the form on the page does not.
  function differs(form, values) {
    var now = collect(form);
    return Object.keys(values).some(function (name) {
      if (/client_token$|_FORMS$/.test(name)) return false;
      if (name in now) return now[name] !== values[name];
      return values[name] !== "" && values[name] !== false;  // a row this page does not have
    });
  }

  function addRow(section) {
    var template = section.querySelector("template[data-empty-row]");
    var prefix = section.getAttribute("data-formset");
    var total = section.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    if (!template || !total) return null;
    var index = parseInt(total.value, 10) || 0;
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    var legend = row && row.querySelector("legend");
    if (legend) legend.textContent = legend.textContent.trim() + " " + (index + 1).toLocaleString(document.documentElement.lang);
    section.querySelector("[data-rows]").appendChild(row);
    total.value = String(index + 1);
    return row;
  }

  function restore(form, values) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-formset]"), function (section) {
      var prefix = section.getAttribute("data-formset");
      var wanted = parseInt(values[prefix + "-TOTAL_FORMS"], 10) || 0;
      var total = section.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
      while (total && parseInt(total.value, 10) < wanted && addRow(section)) { /* one row more */ }
    });
    fields(form).forEach(function (el) {
      if (!(el.name in values) || /TOTAL_FORMS$|INITIAL_FORMS$/.test(el.name)) return;
      if (el.type === "checkbox") el.checked = values[el.name] === true;
      else el.value = values[el.name];
    });
  }

  function keepCopies(form, key) {
    var save = function () { write(key, collect(form)); };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", save);
    save();
  }

  // Shows the offer; the copy is left alone until the documenter answers it.
  function offer(form, key, saved) {
    var box = document.querySelector("[data-restore]");
    var when = box.querySelector("[data-restore-when]");
    when.textContent = new Date(saved.at).toLocaleString(document.documentElement.lang);
    box.hidden = false;
    function answer(restoring) {
      if (restoring) restore(form, saved.values);
      box.hidden = true;
      keepCopies(form, key);
      var first = form.querySelector("input:not([type=hidden]), textarea, select");
      if (first) first.focus();
    }
    box.querySelector("[data-restore-yes]").addEventListener("click", function () { answer(true); });
    box.querySelector("[data-restore-no]").addEventListener("click", function () { answer(false); });
  }

  function watch(form) {
    var key = form.getAttribute("data-draft-key");
    Array.prototype.forEach.call(form.querySelectorAll("[data-add-row]"), function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var row = addRow(button.closest("[data-formset]"));
        var first = row && row.querySelector("input:not([type=hidden]), select, textarea");
        if (first) first.focus();
        write(key, collect(form));
      });
    });
    var saved = read(key);
    if (saved && differs(form, saved.values) && document.querySelector("[data-restore]")) {
      offer(form, key, saved);
    } else {
      keepCopies(form, key);
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-draft-clear]"), function (el) {
    forget(el.getAttribute("data-draft-clear"));
  });
  Array.prototype.forEach.call(document.querySelectorAll("form[data-draft-key]"), watch);
})();
