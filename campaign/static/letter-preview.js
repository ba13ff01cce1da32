// Live preview of the letter being edited: re-rendered on the server (in the same
// sandbox as the real letters) a moment after typing stops. Without JavaScript the
// preview shown is the one of the last save. Its words come worded by the server, in
// the organiser's language.
(function () {
  "use strict";
  var form = document.getElementById("letter-form");
  var previews = document.getElementById("previews");
  if (!form || !previews || !window.fetch) { return; }
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

  function refresh() {
    var request = ++latest;
    fetch(form.dataset.previewUrl, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data && request === latest) { show(data.previews); }
    }).catch(function () { /* keep the last preview */ });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
})();
