// The sign form's error summary: focused when the page opens, so that a screen reader
// reads the problems and a phone shows them; each link puts the cursor in its field
// (a link to an input only scrolls to it) with the field's label in view.
(function () {
  "use strict";

  function ready() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var input = document.getElementById(link.getAttribute("href").slice(1));
        if (!input) { return; }
        event.preventDefault();
        var label = document.querySelector("label[for='" + input.id + "']");
        (label || input).scrollIntoView();
        input.focus({ preventScroll: true });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
