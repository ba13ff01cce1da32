// "Select all" for lists of checkboxes: a checkbox with data-select-all="<name>" ticks or
// unticks every checkbox of that name in its form, and shows whether all, none or some
// are ticked. Hidden until this script runs: the list works without it, one box at a time.
(function () {
  "use strict";

  function ready() {
    document.querySelectorAll("[data-select-all]").forEach(function (all) {
      var name = all.getAttribute("data-select-all");
      var boxes = Array.prototype.filter.call(all.form.elements, function (el) {
        return el.type === "checkbox" && el.name === name;
      });
      function show() {
        var ticked = boxes.filter(function (box) { return box.checked; }).length;
        all.checked = ticked > 0 && ticked === boxes.length;
        all.indeterminate = ticked > 0 && ticked < boxes.length;
      }
      all.addEventListener("change", function () {
        boxes.forEach(function (box) { box.checked = all.checked; });
        show();
      });
      boxes.forEach(function (box) { box.addEventListener("change", show); });
      all.hidden = false;
      show();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
