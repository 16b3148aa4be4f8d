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
})();
