// The dashboard period the worker is counting: ask again every 10 seconds, and show the page
// once the figures are in. A fetch, not <meta http-equiv="refresh">: the page is replaced only
// when there is something new to read, never mid-way through reading the same notice. A file,
// not inline script, so the Content-Security-Policy can stay `script-src 'self'`.
(function () {
  "use strict";
  var notice = document.getElementById("counting");
  if (!notice || !window.fetch) return;
  function check() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (answer) { return answer.ok ? answer.text() : ""; })
      .then(function (page) {
        if (page && page.indexOf('id="counting"') === -1) {
          window.location.reload();
        } else {
          window.setTimeout(check, 10000);
        }
      })
      .catch(function () { window.setTimeout(check, 10000); });
  }
  window.setTimeout(check, 10000);
})();
