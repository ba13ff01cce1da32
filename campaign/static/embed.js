/* The sign form on an organisation's own site.
 *
 *   <div class="campaign-embed" data-appeal="SLUG" data-base="https://appeals.example.org">
 *     <a href="https://appeals.example.org/a/SLUG">Sign the appeal</a>
 *   </div>
 *   <script src="https://appeals.example.org/static/embed.js" async></script>
 *
 * Without JavaScript the link stays. With it, the count, a progress bar and the form
 * appear; the form posts to the appeal's server, which accepts only the sites the
 * organiser listed. No third-party code, no cookies.
 *
 * The widget speaks the page's language (data-lang on the box, else the page's
 * <html lang>): the server sends its words in that language, when it has them.
 */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function field(form, id, label, input) {
    var wrap = el("p", { "class": "campaign-embed__field" });
    wrap.appendChild(el("label", { "for": id }, label));
    wrap.appendChild(el("br"));
    input.id = id;
    wrap.appendChild(input);
    form.appendChild(wrap);
    return input;
  }

  // English words, for a server that sends none.
  var ENGLISH = {
    closed: "This appeal has closed. Thank you for caring.",
    name: "Your name",
    email: "Your e-mail address",
    country: "Your country",
    choose_country: "Choose your country",
    sign: "Sign the appeal",
    sending: "Sending…",
    failed: "Something went wrong. Please try again.",
    unreachable: "The appeal could not be reached. Please try again."
  };

  function render(box, data) {
    var uid = "campaign-" + data.slug;
    var texts = data.texts || {};
    function t(key) { return texts[key] || ENGLISH[key]; }
    box.replaceChildren();
    box.appendChild(el("h2", data.language ? { lang: data.language } : {}, data.title));
    var count = el("p", { "class": "campaign-embed__count", id: uid + "-count" }, texts.count ||
      data.total.toLocaleString() + (data.total === 1 ? " person has" : " people have") + " signed" +
      (data.goal ? " of " + data.goal.toLocaleString() : ""));
    box.appendChild(count);
    if (data.goal) {
      // Named by the count above it ("… have signed of 10,000"), in the page's language.
      box.appendChild(el("progress", { max: String(data.goal), value: String(Math.min(data.total, data.goal)),
                                       "aria-labelledby": count.id }));
    }
    if (!data.open) {
      box.appendChild(el("p", {}, t("closed")));
      return;
    }
    var form = el("form", { "class": "campaign-embed__form", novalidate: "" });
    var name = field(form, uid + "-name", t("name"), el("input", { name: "name", autocomplete: "name", required: "" }));
    var email = field(form, uid + "-email", t("email"),
      el("input", { name: "email", type: "email", autocomplete: "email", required: "" }));
    var country = field(form, uid + "-country", t("country"), el("select", { name: "country", required: "" }));
    country.appendChild(el("option", { value: "" }, t("choose_country")));
    data.countries.forEach(function (c) { country.appendChild(el("option", { value: c[0] }, c[1])); });
    var consentWrap = el("p", { "class": "campaign-embed__field" });
    var consent = el("input", { type: "checkbox", id: uid + "-consent", name: "consent" });
    consentWrap.appendChild(consent);
    consentWrap.appendChild(el("label", { "for": uid + "-consent" }, " " + data.consent_text));
    form.appendChild(consentWrap);
    // A field people never see; a bot that fills it is thanked and not counted.
    var trap = el("input", { name: "website", tabindex: "-1", autocomplete: "off", "aria-hidden": "true" });
    trap.style.position = "absolute"; trap.style.left = "-9999px";
    form.appendChild(trap);
    var status = el("p", { role: "status", "aria-live": "polite" });
    // What is wrong goes at the top of the form, as on the appeal's own page.
    var summary = el("div", { "class": "campaign-embed__errors", role: "alert", tabindex: "-1" });
    summary.hidden = true;
    form.insertBefore(summary, form.firstChild);
    form.appendChild(el("button", { type: "submit" }, t("sign")));
    form.appendChild(status);
    box.appendChild(form);
    var inputs = { name: name, email: email, country: country, consent: consent };

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      status.textContent = t("sending");
      fetch(data.sign_url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: name.value, email: email.value, country: country.value,
                               consent: consent.checked, website: trap.value, lang: data.lang || "" })
      }).then(function (r) {
        // A refusal (a site not listed, a closed appeal) carries its reason as JSON; an
        // answer without one is shown as a failure, not as an unreachable appeal.
        return r.json().catch(function () { return {}; })
          .then(function (body) { return { ok: r.ok, body: body || {} }; });
      })
        .then(function (result) {
          if (result.ok) {
            // The button that had focus goes with the form: focus the thanks, which a
            // screen reader then reads, rather than letting it fall to the page's <body>.
            var thanks = el("p", { role: "status", tabindex: "-1", "class": "campaign-embed__thanks" },
                            result.body.message);
            form.replaceChildren(thanks);
            thanks.focus();
          } else if (result.body.fields) {
            status.textContent = "";
            showErrors(summary, inputs, result.body.fields, result.body.message || t("failed"));
          } else {
            status.textContent = result.body.message || t("failed");
          }
        })
        .catch(function () { status.textContent = t("unreachable"); });
    });
  }

  // The sign form's mistakes: a summary whose links put the cursor in each field (focused,
  // so a screen reader reads it), and each field's own message tied to it.
  function showErrors(summary, inputs, fields, title) {
    summary.replaceChildren(el("p", {}, title));
    var list = el("ul");
    Object.keys(inputs).forEach(function (key) {
      var input = inputs[key];
      var old = document.getElementById(input.id + "-error");
      if (old) { old.remove(); }
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
      var messages = fields[key];
      if (!messages || !messages.length) { return; }
      var error = el("span", { id: input.id + "-error", "class": "campaign-embed__error" }, " " + messages.join(" "));
      input.parentNode.appendChild(error);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", error.id);
      var link = el("a", { href: "#" + input.id }, messages[0]);
      link.addEventListener("click", function (event) { event.preventDefault(); input.focus(); });
      list.appendChild(el("li")).appendChild(link);
    });
    if (list.children.length) { summary.appendChild(list); }
    summary.hidden = false;
    summary.focus();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".campaign-embed[data-appeal]"), function (box) {
    var base = (box.getAttribute("data-base") || "").replace(/\/$/, "");
    var lang = box.getAttribute("data-lang") || document.documentElement.getAttribute("lang") || "";
    fetch(base + "/embed/" + encodeURIComponent(box.getAttribute("data-appeal")) + ".json" +
          (lang ? "?lang=" + encodeURIComponent(lang) : ""))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { render(box, data); } })
      .catch(function () { /* keep the link */ });
  });
})();
