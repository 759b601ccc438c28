/* Filing editor behaviour: indicator rows (add, remove, reorder), 二级
 * choices limited to the chosen 一级, the live reading of indicator values
 * (parsed on the server by the one parser), and a warning before leaving a
 * page with unsaved changes. Loaded as a file: the pages carry no inline
 * script, so a Content-Security-Policy can forbid it. */
(function () {
  "use strict";

  var frameworkNode = document.getElementById("framework-data");
  var framework = frameworkNode ? JSON.parse(frameworkNode.textContent) : { level1: {} };
  var dirty = false;
  var editorForm = document.getElementById("editor-form");

  function markDirty() { dirty = true; }

  /* Row changes fire no input event: tell the draft and live-check scripts. */
  function rowsChanged() {
    markDirty();
    if (editorForm) { editorForm.dispatchEvent(new CustomEvent("editor:changed")); }
  }

  /* --- leaving with unsaved changes ------------------------------------ */
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    form.addEventListener("submit", function () { dirty = false; });
  });
  window.addEventListener("beforeunload", function (event) {
    // keepTyped: drafts.js has kept the typed values for the page to come back to.
    if (!dirty || document.body.dataset.keepTyped) { return; }
    event.preventDefault();
    event.returnValue = "";
  });

  /* --- 二级 limited to the chosen 一级 --------------------------------- */
  function filterLevel2(row) {
    var level1 = row.querySelector("select.level1");
    var level2 = row.querySelector("select.level2");
    if (!level1 || !level2) { return; }
    var key = framework.level1[level1.value];
    Array.prototype.forEach.call(level2.options, function (option) {
      var owner = option.getAttribute("data-level1");
      // Options outside the framework (a name kept as filed) stay visible.
      var show = !option.value || !owner || !key || owner === key;
      option.hidden = !show;
      option.disabled = !show;
    });
    if (level2.selectedOptions.length && level2.selectedOptions[0].disabled) {
      level2.value = "";
    }
  }

  /* --- live reading of the value --------------------------------------- */
  var parseUrl = framework.parseUrl || "/filings/parse-value/";
  var timers = new WeakMap();
  function updateReading(field) {
    var cell = field.closest("td");
    var target = cell && cell.querySelector(".value-reading");
    if (!target) { return; }
    clearTimeout(timers.get(field));
    timers.set(field, setTimeout(function () {
      fetch(parseUrl + "?value=" + encodeURIComponent(field.value), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) { target.textContent = data.reading; } })
        .catch(function () { /* offline: the reading appears after saving */ });
    }, 200));
  }

  /* --- rows ------------------------------------------------------------ */
  function renumber(table) {
    var position = 0;
    table.querySelectorAll("tbody.rows tr.indicator-row").forEach(function (row) {
      var input = row.querySelector("input[name$='-position']");
      if (input) { input.value = row.hidden ? "" : String(position); }
      if (row.hidden) { return; }
      position += 1;
      // Each cell is named "绩效指标第3行 三级指标" (targets/row_html.py).
      row.querySelectorAll("[aria-label]").forEach(function (cell) {
        cell.setAttribute("aria-label", cell.getAttribute("aria-label").replace(/第\d+行/, "第" + position + "行"));
      });
    });
  }

  function visibleSibling(row, step) {
    var node = step < 0 ? row.previousElementSibling : row.nextElementSibling;
    while (node && node.hidden) {
      node = step < 0 ? node.previousElementSibling : node.nextElementSibling;
    }
    return node;
  }

  function addRow(table) {
    var template = table.querySelector("template.empty-row");
    var total = table.querySelector("input[name$='-TOTAL_FORMS']");
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var body = table.querySelector("tbody.rows");
    body.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var row = body.lastElementChild;
    // A new row starts in the 一级/二级 of the row above, as tables group them.
    var previous = visibleSibling(row, -1);
    if (previous) {
      ["select.level1", "select.level2"].forEach(function (selector) {
        var from = previous.querySelector(selector);
        var to = row.querySelector(selector);
        if (from && to) { to.value = from.value; }
      });
    }
    filterLevel2(row);
    renumber(table);
    rowsChanged();
    // 一级/二级 come from the row above: the cursor starts at 三级指标; in
    // a first row there is none above, so it starts at 一级.
    var first = (previous && row.querySelector(".name")) || row.querySelector("select") || row.querySelector(".name");
    if (first) { first.focus(); }
  }

  document.querySelectorAll(".indicator-table").forEach(function (table) {
    table.querySelectorAll("tr.indicator-row").forEach(filterLevel2);
    renumber(table);
    var add = table.querySelector("button.add-row");
    if (add) { add.addEventListener("click", function () { addRow(table); }); }

    table.addEventListener("change", function (event) {
      if (event.target.matches("select.level1")) {
        filterLevel2(event.target.closest("tr"));
      }
    });
    table.addEventListener("input", function (event) {
      if (event.target.matches("[data-parse]")) { updateReading(event.target); }
    });
    table.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      var row = button.closest("tr.indicator-row");
      if (!row) { return; }
      if (button.classList.contains("remove-row")) {
        var remove = row.querySelector("input[name$='-DELETE']");
        if (remove) { remove.checked = true; }
        row.hidden = true;
        var next = visibleSibling(row, 1) || visibleSibling(row, -1);
        var focusTarget = next ? next.querySelector("button.remove-row") : table.querySelector("button.add-row");
        if (focusTarget) { focusTarget.focus(); }
      } else if (button.classList.contains("move-up")) {
        var before = visibleSibling(row, -1);
        if (before) { before.before(row); button.focus(); }
      } else if (button.classList.contains("move-down")) {
        var after = visibleSibling(row, 1);
        if (after) { after.after(row); button.focus(); }
      } else {
        return;
      }
      renumber(table);
      rowsChanged();
    });
    // Enter in the last cell of the last row starts a new row, as in a
    // spreadsheet (in a one-line cell Enter would otherwise save the page).
    table.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.shiftKey || event.isComposing) { return; }
      var cell = event.target.closest("td");
      var row = cell && cell.closest("tr.indicator-row");
      if (!row || !event.target.matches("input, textarea")) { return; }
      var rows = Array.prototype.filter.call(table.querySelectorAll("tbody.rows tr.indicator-row"),
                                             function (r) { return !r.hidden; });
      var fields = row.querySelectorAll("td input:not([type=hidden]):not([type=checkbox]), td textarea, td select");
      var last = rows[rows.length - 1] === row && fields[fields.length - 1] === event.target;
      if (last && table.querySelector("button.add-row")) {
        event.preventDefault();
        addRow(table);
      } else if (event.target.matches("input, textarea.one-line")) {
        event.preventDefault();  // a one-line value: no line break, no save from the grid
      }
    });
    // A line break pasted into a one-line cell becomes a space.
    table.addEventListener("input", function (event) {
      var field = event.target;
      if (field.matches("textarea.one-line") && /[\r\n]/.test(field.value)) {
        var at = field.selectionStart;
        field.value = field.value.replace(/\r?\n|\r/g, " ");
        field.setSelectionRange(at, at);
      }
    });
    // drafts.js put back rows and values: 二级 lists and numbers follow.
    table.addEventListener("editor:restored", function () {
      table.querySelectorAll("tr.indicator-row").forEach(filterLevel2);
      renumber(table);
    });
  });
})();
