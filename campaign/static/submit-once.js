// A form is sent once: a second click (or Enter) while the first submission is on its
// way would post it again (two drafts, an update e-mailed twice). Its buttons are
// disabled once it is sent; the server ignores such repeats too, this only spares the
// wait. A page brought back by the browser's Back button gets its buttons back.
(function () {
  "use strict";
  if (window.campaignSubmitOnce) { return; }
  window.campaignSubmitOnce = true;

  function buttons(form) {
    return form.querySelectorAll("button[type='submit'], button:not([type]), input[type='submit']");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-sent")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-sent", "");
    // After this event: a button disabled now would not send its own name and value.
    window.setTimeout(function () {
      buttons(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });

  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      form.removeAttribute("data-sent");
      buttons(form).forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
      });
    });
  });
})();
