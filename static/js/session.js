/* The editor's session: kept alive while someone types, a warning before
 * it runs out, and before each save a look at whether it still holds. If
 * the session or the CSRF token ran out (the 8-hour limit, a browser
 * restart, a sign-out elsewhere), the person signs in again in a dialog on
 * the page and the save then goes through with what they typed. */
(function () {
  "use strict";

  var form = document.getElementById("editor-form");
  var configNode = document.getElementById("framework-data");
  if (!form || !configNode || !form.hasAttribute("data-warn-unsaved") || !window.fetch) { return; }
  var config = JSON.parse(configNode.textContent);
  var WARN_BEFORE = 5 * 60 * 1000;
  var expiresAt = Date.now() + config.sessionSeconds * 1000;
  var typed = false;

  function status() {
    return fetch(config.sessionUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    });
  }

  function useToken(token) {
    document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) { input.value = token; });
  }

  function alive(data) {
    if (data.user !== config.userId) { return false; }
    expiresAt = Date.now() + data.seconds_left * 1000;
    useToken(data.csrf);
    warning.hidden = true;
    return true;
  }

  /* --- a notice above the save button ---------------------------------- */
  var bar = form.querySelector(".editor-actions") || form;
  var warning = document.createElement("div");
  warning.className = "alert alert-warning py-1 px-2 mb-2 small";
  warning.setAttribute("role", "status");
  warning.hidden = true;
  var warningText = document.createElement("span");
  var stay = document.createElement("button");
  stay.type = "button";
  stay.className = "btn btn-sm btn-warning ms-2";
  stay.textContent = "保持登录";
  stay.addEventListener("click", function () { status().then(alive).catch(function () {}); });
  warning.append(warningText, stay);
  bar.prepend(warning);

  function note(text) {
    warningText.textContent = text;
    warning.hidden = false;
  }

  /* --- kept alive while typing, warned before it ends ----------------- */
  form.addEventListener("input", function () { typed = true; });
  setInterval(function () {
    if (typed) {
      typed = false;
      status().then(alive).catch(function () {});
    }
  }, 4 * 60 * 1000);
  function warnIfEnding() {
    var left = expiresAt - Date.now();
    if (left < WARN_BEFORE) {
      note(left > 0 ? "登录即将过期（约 " + Math.max(1, Math.round(left / 60000)) + " 分钟后）。请保存，或点“保持登录”。"
                    : "登录可能已过期。点“保存”时会请您重新登录，填写的内容不会丢失。");
    }
  }
  setInterval(warnIfEnding, 20 * 1000);
  warnIfEnding();

  /* --- before a save: still signed in? -------------------------------- */
  var dialog = null;
  var pendingSubmitter = null;

  function saveNow() {
    form.dataset.sessionChecked = "1";
    if (pendingSubmitter) { form.requestSubmit(pendingSubmitter); } else { form.requestSubmit(); }
  }

  document.addEventListener("submit", function (event) {
    if (event.target !== form) { return; }
    if (form.dataset.sessionChecked === "1") { return; }
    event.preventDefault();
    event.stopPropagation();
    pendingSubmitter = event.submitter || null;
    Promise.resolve(form.pendingCheck).then(status).then(function (data) {
      if (alive(data)) { saveNow(); } else { signIn(data.csrf); }
    }).catch(function () {
      note("无法连接服务器，尚未保存。填写的内容已保存在本机浏览器中；网络恢复后请再点“保存”。");
    });
  }, true);

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function signIn(token) {
    if (!dialog) { dialog = buildDialog(); }
    dialog.dataset.csrf = token;
    dialog.querySelector(".sign-in-problem").textContent = "";
    dialog.querySelector("#again-password").value = "";
    dialog.showModal();
    dialog.querySelector("#again-password").focus();
  }

  function buildDialog() {
    var box = element("dialog", { id: "sign-in-again", "aria-labelledby": "sign-in-again-title", class: "border-0 rounded shadow p-4" });
    var inner = element("form", { novalidate: "" });
    inner.append(
      element("h2", { id: "sign-in-again-title", class: "h5" }, "登录已过期，请重新登录"),
      element("p", { class: "small" }, "您填写的内容都还在本页。重新登录后，将按您填写的内容保存。"),
      element("label", { for: "again-username", class: "form-label small" }, "用户名"),
      element("input", { id: "again-username", class: "form-control mb-2", readonly: "", autocomplete: "username" }),
      element("label", { for: "again-password", class: "form-label small" }, "密码"),
      element("input", { id: "again-password", type: "password", class: "form-control mb-2", autocomplete: "current-password" }),
      element("div", { class: "sign-in-problem text-danger small mb-2", role: "alert" }),
      element("button", { type: "submit", class: "btn btn-primary me-2" }, "登录并保存"),
      element("button", { type: "button", class: "btn btn-outline-secondary sign-in-cancel" }, "取消")
    );
    inner.querySelector("#again-username").value = config.username;
    box.append(inner);
    document.body.append(box);
    inner.querySelector(".sign-in-cancel").addEventListener("click", function () { box.close(); });
    inner.addEventListener("submit", function (event) {
      event.preventDefault();
      event.stopPropagation();
      var problem = inner.querySelector(".sign-in-problem");
      var body = new URLSearchParams({
        csrfmiddlewaretoken: box.dataset.csrf,
        username: config.username,
        password: inner.querySelector("#again-password").value,
        next: location.pathname,
      });
      fetch(config.loginUrl, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 429) { throw new Error("throttled"); }
          return status();
        })
        .then(function (data) {
          if (alive(data)) {
            box.close();
            saveNow();
          } else {
            box.dataset.csrf = data.csrf;
            problem.textContent = "用户名或密码不正确，请重试。";
          }
        })
        .catch(function (error) {
          problem.textContent = error.message === "throttled"
            ? "登录失败次数过多，请稍后再试。填写的内容已保存在本机浏览器中。"
            : "无法连接服务器，请稍后再试。填写的内容已保存在本机浏览器中。";
        });
    });
    return box;
  }
})();
