// Behaviour every page may use, declared with data- attributes: pages carry no inline script
// or event handler attributes (the Content Security Policy refuses them).
(function () {
  "use strict";

  // <input data-select-on-click readonly>: a secret shown once (a new API token, a calendar
  // link) is selected whole on click, ready to copy.
  document.addEventListener("click", function (event) {
    var input = event.target.closest && event.target.closest("input[data-select-on-click]");
    if (input) { input.select(); }
  });

  // <input type="checkbox" data-select-all="selector">: ticks or clears every box the
  // selector finds (the rows of a bulk action).
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[type=checkbox][data-select-all]")) { return; }
    document.querySelectorAll(box.dataset.selectAll).forEach(function (row) {
      row.checked = box.checked;
    });
  });

  // A search typed before htmx was ready (a slow connection) is not lost: once htmx has set the
  // page up (its own DOMContentLoaded listener came first), each search box whose text is not
  // what the page came with asks again, through its own "search" trigger or its form's
  // "submit" one. htmx's "changed" took the typed text as the starting value, so "input" would
  // not do.
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.htmx) { return; }
    document.querySelectorAll("input[type=search]").forEach(function (box) {
      if (box.value === box.defaultValue) { return; }
      var owner = box.closest("[hx-trigger]");
      if (!owner) { return; }
      var event = owner === box ? "search" : "submit";
      if (owner.getAttribute("hx-trigger").split(/[\s,]+/).indexOf(event) !== -1) {
        window.htmx.trigger(owner, event);
      }
    });
  });
})();
