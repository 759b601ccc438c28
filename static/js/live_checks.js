/* The checks of what is on the screen, while typing: the page's form is
 * posted with live_checks=1 (nothing is saved, see targets/views/editor.py)
 * a moment after the last keystroke; each finding marks its field (border
 * and message under it) and is listed in the checks panel, where a click
 * moves the focus to that field. */
(function () {
  "use strict";

  var form = document.getElementById("editor-form");
  var panel = document.getElementById("checks");
  if (!form || !panel) { return; }

  /* --- from the panel to the field ------------------------------------ */
  function focusField(id) {
    var target = document.getElementById(id);
    if (!target) { return false; }
    var field = target.matches("input, select, textarea") ? target
      : target.querySelector("input:not([type=hidden]), select, textarea");
    target.scrollIntoView({ block: "center" });
    if (field) { field.focus({ preventScroll: true }); }
    return true;
  }

  panel.addEventListener("click", function (event) {
    var link = event.target.closest("a[href*='#']");
    if (!link) { return; }
    var url = new URL(link.href, location.href);
    if (url.pathname !== location.pathname) { return; }
    if (focusField(url.hash.slice(1))) {
      event.preventDefault();
      history.replaceState(null, "", url.hash);
    }
  });
  if (location.hash.length > 1) { focusField(decodeURIComponent(location.hash.slice(1))); }

  if (!form.hasAttribute("data-warn-unsaved")) { return; }  // read-only: checks as saved

  /* --- marks at the fields -------------------------------------------- */
  function clearMarks() {
    form.querySelectorAll(".live-finding").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[data-live-mark]").forEach(function (field) {
      field.classList.remove("is-invalid", "is-warning");
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
      field.removeAttribute("data-live-mark");
    });
  }

  function mark(id, findings) {
    var target = document.getElementById(id);
    if (!target) { return; }
    var error = findings.some(function (f) { return f.severity === "error"; });
    var message = document.createElement("div");
    message.className = "live-finding " + (error ? "invalid-feedback d-block" : "warning-feedback");
    message.id = id + "-finding";
    message.textContent = findings.map(function (f) { return f.label + "：" + f.message; }).join("；");
    if (target.matches("input, select, textarea")) {
      target.classList.add(error ? "is-invalid" : "is-warning");
      if (error) { target.setAttribute("aria-invalid", "true"); }
      target.setAttribute("aria-describedby", message.id);
      target.setAttribute("data-live-mark", "");
      var group = target.closest(".input-group");
      (group || target).after(message);
    } else {
      (target.querySelector(".card-body") || target).prepend(message);
    }
  }

  /* --- the panel ------------------------------------------------------ */
  function badge(className, text) {
    var node = document.createElement("span");
    node.className = "badge " + className + " ms-1";
    node.textContent = text;
    return node;
  }

  function showPanel(data) {
    var counts = panel.querySelector(".checks-counts");
    counts.replaceChildren();
    if (data.error_count) { counts.append(badge("text-bg-danger", data.error_count + " 个错误")); }
    if (data.warning_count) { counts.append(badge("text-bg-warning", data.warning_count + " 个警告")); }
    if (!data.error_count && !data.warning_count) { counts.append(badge("text-bg-success", "未发现问题")); }
    var list = panel.querySelector(".checks-list");
    list.replaceChildren();
    data.problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.className = "list-group-item";
      item.append(badge(problem.severity === "error" ? "text-bg-danger" : "text-bg-warning", problem.label));
      item.append(" ");
      var text = document.createElement(problem.field ? "a" : "span");
      if (problem.field) { text.href = "#" + problem.field; }
      text.textContent = problem.message;
      item.append(text);
      list.append(item);
    });
    var note = panel.querySelector(".checks-live-note");
    if (note) { note.hidden = false; }
  }

  /* --- asking ---------------------------------------------------------- */
  var timer;
  var asked = 0;
  function check() {
    // URL-encoded: the server reads a form of some hundred fields in a
    // fraction of the time multipart takes.
    var body = new URLSearchParams(new FormData(form));
    body.set("live_checks", "1");
    var ticket = ++asked;
    inFlight = true;
    return fetch(form.action || location.href, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        var json = response.ok && (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
        return json ? response.json() : null;
      })
      .then(function (data) {
        if (!data || ticket !== asked) { return; }  // signed out, or a newer answer is coming
        clearMarks();
        var byField = {};
        data.problems.forEach(function (problem) {
          if (problem.field) { (byField[problem.field] = byField[problem.field] || []).push(problem); }
        });
        Object.keys(byField).forEach(function (id) { mark(id, byField[id]); });
        showPanel(data);
      })
      .catch(function () { /* offline: the checks run again on save */ })
      .then(function () { if (ticket === asked) { inFlight = false; } });
  }
  var saving = false;
  // A save checks on the server anyway: no trial save beside the real one
  // (session.js waits for one under way: form.pendingCheck).
  // Another form (标记已答复 …) is sent once a check under way has ended,
  // so the two never write at the same time.
  var inFlight = false;
  document.addEventListener("submit", function (event) {
    var sent = event.target;
    saving = true;
    clearTimeout(timer);
    if (sent === form || !inFlight || sent.dataset.checkDone) { return; }
    event.preventDefault();
    event.stopPropagation();
    var by = event.submitter;
    form.pendingCheck.then(function () {
      sent.dataset.checkDone = "1";
      if (by) { sent.requestSubmit(by); } else { sent.requestSubmit(); }
    });
  }, true);
  function checkSoon() {
    clearTimeout(timer);
    if (!saving) { timer = setTimeout(function () { form.pendingCheck = check(); }, 500); }
  }
  form.addEventListener("input", checkSoon);
  form.addEventListener("change", checkSoon);
  form.addEventListener("editor:changed", checkSoon);

  // As the page comes, the panel's findings (of the saved content) are
  // marked at their fields without asking the server again.
  var onPage = {};
  panel.querySelectorAll(".checks-list li").forEach(function (item) {
    var link = item.querySelector("a[href*='#']");
    if (!link) { return; }
    var url = new URL(link.href, location.href);
    var target = url.pathname === location.pathname && document.getElementById(url.hash.slice(1));
    if (!target) { return; }
    var field = target.matches("tr") ? target.querySelector(".name") || target.querySelector("select") : target;
    if (!field || !field.id) { return; }
    var error = item.querySelector(".text-bg-danger");
    (onPage[field.id] = onPage[field.id] || []).push({ severity: error ? "error" : "warning",
      label: error ? "错误" : "警告", message: link.textContent.trim() });
  });
  Object.keys(onPage).forEach(function (id) { mark(id, onPage[id]); });
})();
