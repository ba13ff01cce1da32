// Copy buttons and the print button: shown only when JavaScript runs, since the
// page works without them (the text stays selectable in its field). A button's
// data-copied and data-copy-failed give its messages in the page's language.
(function () {
  "use strict";
  if (window.campaignCopyReady) { return; }
  window.campaignCopyReady = true;

  function copyText(source) {
    var text = source.value !== undefined ? source.value : source.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    source.focus();
    source.select();
    var ok = document.execCommand && document.execCommand("copy");
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function ready() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) { return; }
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(source).then(function () {
          button.textContent = button.getAttribute("data-copied") || "Copied";
        }, function () {
          source.select();
          button.textContent = button.getAttribute("data-copy-failed") || "Press Ctrl+C to copy";
        });
        window.setTimeout(function () { button.textContent = label; }, 2500);
      });
    });
    document.querySelectorAll(".print-button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
