// The influencer list (templates/contacts/influencer_list.html).
// The export link exports what the list shows now: its address follows the filters as
// they are typed or picked, before htmx has asked for the results (or without it asking at
// all: a search typed but not sent). Without JavaScript the link is the submitted state's.
if (!window.rapportInfluencerExport) {
  window.rapportInfluencerExport = true;
  var exportFollowsFilters = function () {
    var form = document.getElementById("influencer-filters");
    var link = document.getElementById("export-link");
    if (!form || !link) { return; }
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      var field = form.elements[name];
      value = String(value).trim();
      if (value && !(field && field.dataset && field.dataset.default === value)) {
        params.append(name, value);
      }
    });
    var query = params.toString();
    link.setAttribute("href", link.pathname + (query ? "?" + query : ""));
  };
  var inFilters = function (event) {
    return event.target.form && event.target.form.id === "influencer-filters";
  };
  document.addEventListener("input", function (event) { if (inFilters(event)) { exportFollowsFilters(); } });
  document.addEventListener("change", function (event) { if (inFilters(event)) { exportFollowsFilters(); } });
  // Capturing: the address is set before the browser follows the link.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("#export-link")) { exportFollowsFilters(); }
  }, true);
  document.addEventListener("htmx:historyRestore", exportFollowsFilters);
}
// Going back restores the page from htmx's history; put the filter inputs in step with the
// restored address, so what the form shows is what the results are.
if (!window.rapportInfluencerHistory) {
  window.rapportInfluencerHistory = true;
  document.addEventListener("htmx:historyRestore", function () {
    var form = document.getElementById("influencer-filters");
    if (!form) { return; }
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.type === "submit") { return; }
      if (field.type === "checkbox") {
        // Ticked bands travel as one comma-separated value.
        field.checked = params.getAll(field.name).join(",").split(",").indexOf(field.value) !== -1;
        return;
      }
      field.value = params.get(field.name) || field.dataset.default || "";
    });
  });
}
