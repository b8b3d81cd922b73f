// The consultation list keeps itself current: every 20 seconds it asks how many consultations
// are unseen (and acute), puts that in the page title and the status line, and reloads the
// list when new ones came in, unless the officer is typing in a field.
(function () {
  "use strict";
  var INTERVAL_MS = 20000;
  var status = document.getElementById("nieuw");
  if (!status) return;
  var base = document.title.replace(/^\([^)]*\)\s*/, "");
  var known = Number(status.getAttribute("data-nieuw") || 0);

  function busy() {
    var el = document.activeElement;
    return el && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName);
  }

  function show(nieuw, acuut) {
    document.title = nieuw ? "(" + nieuw + " nieuw" + (acuut ? ", " + acuut + " acuut" : "") + ") " + base : base;
  }

  function poll() {
    fetch("/meldingen/teller", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        show(data.nieuw, data.acuut);
        if (data.nieuw > known && !busy()) {
          window.location.reload();
          return;
        }
        known = data.nieuw;
      })
      .catch(function () { /* offline for a moment: try again next round */ });
  }

  window.setInterval(poll, Number(status.getAttribute("data-interval") || INTERVAL_MS));
})();
