// Live state of a call placed through the app: poll the task's call-state JSON while a call is
// under way and count the connected time locally between polls. A file, not inline script,
// so the Content-Security-Policy can stay `script-src 'self'`.
(function () {
  "use strict";
  var box = document.getElementById("call-state");
  if (!box) return;
  var button = document.getElementById("call-button");
  var connectedAt = null;
  var name = box.dataset.name || "the customer";

  function clock(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    var h = Math.floor(m / 60);
    m = m % 60;
    var mm = (m < 10 ? "0" : "") + m, ss = (s < 10 ? "0" : "") + s;
    return h ? h + ":" + mm + ":" + ss : mm + ":" + ss;
  }

  function show(state) {
    if (!state) return;
    name = state.name || name;
    connectedAt = state.connected_seconds === null ? null : Date.now() - state.connected_seconds * 1000;
    box.textContent = state.text;
    box.dataset.state = state.state;
    if (button) button.disabled = state.active;
  }

  function tick() {
    if (connectedAt !== null) {
      box.textContent = "Connected to " + name + ", " + clock(Math.floor((Date.now() - connectedAt) / 1000));
    }
  }

  // Once the call is over the attempts and the task's status below are stale: reload the page,
  // unless the manager has changed a field on it (a prefilled draft left as it came is no typing).
  function ended() {
    var typing = Array.prototype.some.call(document.querySelectorAll("textarea, input[type=text]"), function (field) {
      return field.value !== field.defaultValue;  // changed since the page came
    });
    if (!typing) setTimeout(function () { window.location.reload(); }, 1500);
  }

  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (state) {
        show(state);
        if (state && state.active) setTimeout(poll, 1500);
        else if (state) ended();
      })
      .catch(function () { setTimeout(poll, 5000); });
  }

  if (box.dataset.connected !== "") connectedAt = Date.now() - Number(box.dataset.connected) * 1000;
  setInterval(tick, 1000);
  if (box.dataset.active === "true") poll();
})();
