/* Dateline: tell the reader of a timeline when the store behind it has changed.
   The page names its store revision in data-changes; this asks the server every data-every ms whether
   articles were added since, and then turns the reload link (to the same timeline, marking the dates
   with new articles) into "Updated: N new articles, reload". Without this script the link is there too. */
(function () {
  "use strict";
  var box = document.querySelector(".freshness[data-changes]");
  if (!box || !window.fetch) return;
  var link = box.querySelector("a.reload");
  var every = parseInt(box.getAttribute("data-every"), 10) || 15000;

  function poll() {
    fetch(box.getAttribute("data-changes"), { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (c) {
        if (c && c.updated) {
          link.textContent = "Updated: " + c.added + " new article" + (c.added === 1 ? "" : "s") + ", reload";
          box.classList.add("updated");
        } else {
          window.setTimeout(poll, every);
        }
      })
      .catch(function () { window.setTimeout(poll, every); });
  }
  window.setTimeout(poll, every);
})();
