/* What is typed in an editor page but not yet saved is kept in this
 * browser (localStorage), under the signed-in person and the page, so that
 * closing the tab, a browser crash or a trip to another form (标记已答复)
 * loses nothing: the next visit offers it back (恢复未保存的内容 / 放弃).
 * A draft is removed once the page is saved, when its person signs out,
 * and whenever someone else signs in on this browser, so it is never shown
 * to another person. */
(function () {
  "use strict";

  var PREFIX = "editor-draft:";
  var form = document.getElementById("editor-form");
  var configNode = document.getElementById("framework-data");
  if (!form || !configNode || !form.hasAttribute("data-warn-unsaved") || !window.localStorage) { return; }
  var config = JSON.parse(configNode.textContent);
  var mine = PREFIX + config.userId + ":";
  var key = mine + location.pathname;
  var carryKey = "editor-carry:" + key;

  function drafts() {
    var keys = [];
    for (var i = 0; i < localStorage.length; i++) {
      var name = localStorage.key(i);
      if (name && name.indexOf(PREFIX) === 0) { keys.push(name); }
    }
    return keys;
  }

  // Someone else's drafts on this browser, and this page's once saved.
  drafts().forEach(function (name) {
    if (name.indexOf(mine) !== 0) { localStorage.removeItem(name); }
  });
  if (config.savedPath) { localStorage.removeItem(mine + config.savedPath); }

  function values() {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "csrfmiddlewaretoken" || element.name === "live_checks") { return; }
      fields[element.name] = element.type === "checkbox" ? (element.checked ? "on" : "") : element.value;
    });
    return fields;
  }

  var initial = JSON.stringify(values());
  var signingOut = false;

  function keep() {
    if (signingOut) { return; }
    var now = values();
    if (JSON.stringify(now) === initial) {
      localStorage.removeItem(key);
      return;
    }
    try {
      localStorage.setItem(key, JSON.stringify({ at: Date.now(), fields: now }));
    } catch (full) { /* storage full or refused: the unload warning still stands */ }
  }

  var timer;
  function keepSoon() { clearTimeout(timer); timer = setTimeout(keep, 300); }
  form.addEventListener("input", keepSoon);
  form.addEventListener("change", keepSoon);
  form.addEventListener("editor:changed", keepSoon);
  window.addEventListener("pagehide", keep);

  /* --- other forms on the page (标记已答复, 添加意见, 退出登录) ------------- */
  document.addEventListener("submit", function (event) {
    var other = event.target;
    if (other === form || event.defaultPrevented) { return; }
    if (/\/logout\/$/.test(other.getAttribute("action") || "")) {
      signingOut = true;
      drafts().forEach(function (name) { localStorage.removeItem(name); });
      return;
    }
    keep();
    if (localStorage.getItem(key)) {
      // Back on this page after that form, the typed values return at once.
      sessionStorage.setItem(carryKey, "1");
      document.body.dataset.keepTyped = "1";
    }
  });

  /* --- putting a draft back ------------------------------------------- */
  function restore(fields) {
    // Rows added before the draft was kept: add as many again.
    form.querySelectorAll(".indicator-table").forEach(function (table) {
      var total = table.querySelector("input[name$='-TOTAL_FORMS']");
      var add = table.querySelector("button.add-row");
      var wanted = parseInt(fields[total.name], 10) || 0;
      while (add && parseInt(total.value, 10) < wanted) { add.click(); }
    });
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || !(element.name in fields) || element.name === "csrfmiddlewaretoken") { return; }
      if (element.type === "checkbox") {
        element.checked = fields[element.name] === "on";
      } else {
        element.value = fields[element.name];
      }
    });
    form.querySelectorAll(".indicator-table").forEach(function (table) {
      var body = table.querySelector("tbody.rows");
      var rows = Array.prototype.slice.call(body.querySelectorAll("tr.indicator-row"));
      rows.forEach(function (row) {
        var removed = row.querySelector("input[name$='-DELETE']");
        row.hidden = Boolean(removed && removed.checked);
      });
      function place(row) {
        var position = row.querySelector("input[name$='-position']");
        return row.hidden || !position || position.value === "" ? Infinity : parseInt(position.value, 10);
      }
      rows.sort(function (a, b) { return place(a) - place(b); }).forEach(function (row) { body.appendChild(row); });
      table.dispatchEvent(new CustomEvent("editor:restored"));
    });
    form.querySelectorAll("[data-parse]").forEach(function (field) {
      field.dispatchEvent(new Event("input", { bubbles: true }));
    });
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function offer(draft) {
    var box = document.getElementById("draft-offer");
    if (!box) { return; }
    var when = new Date(draft.at);
    box.querySelector(".draft-time").textContent =
      when.toLocaleString("zh-CN", { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });
    box.hidden = false;
    box.querySelector(".draft-restore").addEventListener("click", function () {
      restore(draft.fields);
      box.hidden = true;
      form.querySelector("input:not([type=hidden]), textarea, select").focus();
    });
    box.querySelector(".draft-discard").addEventListener("click", function () {
      localStorage.removeItem(key);
      box.hidden = true;
    });
    box.querySelector(".draft-restore").focus();
  }

  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (broken) { localStorage.removeItem(key); }
  if (stored && stored.fields && JSON.stringify(stored.fields) !== initial) {
    if (sessionStorage.getItem(carryKey)) {
      restore(stored.fields);
      var kept = document.getElementById("draft-kept");
      if (kept) { kept.hidden = false; }
    } else {
      offer(stored);
    }
  }
  sessionStorage.removeItem(carryKey);
})();
