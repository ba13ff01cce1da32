// Live preview of a letter as it is written: re-rendered on the server (in the same
// sandbox as the real letters) a moment after typing stops. The organiser's editor shows
// the letter for each target; the supporter's letter page keeps its letter box (what Copy
// copies) and its mail-app link in step with their own paragraph, so that every way of
// sending gives the same letter. Without JavaScript the text shown is the one last sent.
// Its words come worded by the server, in the reader's language.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview-url]");
  if (!form || !window.fetch) { return; }
  var previews = document.getElementById("previews");
  var box = form.dataset.letterBox ? document.getElementById(form.dataset.letterBox) : null;
  var timer = null;
  var latest = 0;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function show(items) {
    previews.replaceChildren();
    items.forEach(function (item) {
      var card = element("article", "card letter-preview");
      card.appendChild(element("h3", "", item.heading));
      if (item.errors.length) {
        var list = element("ul", "problems");
        item.errors.forEach(function (e) { list.appendChild(element("li", "", e)); });
        card.appendChild(list);
      } else {
        card.appendChild(element("p", "meta", item.subject_line));
        card.appendChild(element("div", "letter-text", item.body));
      }
      previews.appendChild(card);
    });
  }

  function update(letter) {
    if (box) { box.value = letter.body; }
    var link = document.querySelector("[data-mailto-link]");
    if (link && letter.mailto) { link.href = letter.mailto; }
    var cut = document.querySelector("[data-mailto-cut]");
    if (cut) { cut.hidden = !letter.mailto_cut; }
  }

  function refresh() {
    var request = ++latest;
    var body = new FormData(form);
    // The button pressed is not in the form's data; the server asks which it was.
    if (form.dataset.previewAction) { body.set("action", form.dataset.previewAction); }
    fetch(form.dataset.previewUrl, {
      method: "POST",
      body: body,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (!data || request !== latest) { return; }
      if (data.previews && previews) { show(data.previews); }
      if (data.body !== undefined) { update(data); }
    }).catch(function () { /* keep the last preview */ });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });

  // The supporter's own paragraph outlives a reload of the page, such as the language
  // switcher's: kept in this tab only, for this letter.
  var own = box ? form.elements.namedItem("personal") : null;
  // A paragraph typed before this script ran (on a slow connection) or put back by the
  // browser (going back to the page) is not in the letter box yet.
  if (own && own.value) { refresh(); }
  if (own && window.sessionStorage) {
    var key = "letter-draft:" + window.location.pathname;
    try {
      var kept = window.sessionStorage.getItem(key);
      if (kept && !own.value) { own.value = kept; refresh(); }
      if (own.value) { window.sessionStorage.setItem(key, own.value); }
      own.addEventListener("input", function () {
        window.sessionStorage.setItem(key, own.value);
      });
    } catch (refused) { /* storage turned off: nothing is kept */ }
  }
})();
