/* The self-evaluation report page while the unit types: a moment after the
 * last change the form is posted to the report's scores URL (nothing is
 * saved; reports/evaluation_views.py evaluation_scores answers with
 * score_evaluation's result, the rules the save and the 自评表 use), and
 * each 得分 with its explanation, the qualitative rows' bands, the budget
 * score and 执行率, the 分值 sum, the total and grade, and the problems at
 * the fields are updated. */
(function () {
  "use strict";

  var form = document.getElementById("report-form");
  var dataNode = document.getElementById("report-data");
  if (!form || !dataNode || !form.hasAttribute("data-editable")) { return; }
  var data = JSON.parse(dataNode.textContent);
  var status = document.getElementById("live-status");
  var errorCount = document.getElementById("error-count");
  var timer = null;
  var pending = null;
  var dirty = false;

  function setText(attribute, id, text) {
    form.querySelectorAll("[" + attribute + "='" + id + "']").forEach(function (node) {
      node.textContent = text;
    });
  }

  function setProblems(problems) {
    var byField = {};
    problems.forEach(function (p) {
      if (p.field) { (byField[p.field] = byField[p.field] || []).push(p); }
    });
    form.querySelectorAll("[data-problems-for]").forEach(function (box) {
      var name = box.getAttribute("data-problems-for");
      var found = byField[name] || [];
      box.textContent = "";
      found.forEach(function (p) {
        var line = document.createElement("div");
        line.className = (p.severity === "error" ? "invalid-feedback" : "warning-feedback") + " d-block";
        line.textContent = p.message;
        box.appendChild(line);
      });
      form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
        if (found.length) {
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", box.id);
        } else {
          input.removeAttribute("aria-invalid");
          input.removeAttribute("aria-describedby");
        }
        input.classList.toggle("is-invalid", found.some(function (p) { return p.severity === "error"; }));
      });
    });
    var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
    if (errorCount) {
      errorCount.className = errors ? "badge text-bg-danger" : "text-success";
      errorCount.textContent = errors ? errors + " 个问题需在提交前解决" : "没有需要解决的问题";
    }
  }

  function apply(result) {
    result.projects.forEach(function (project, p) {
      var id = "p" + p;
      setText("data-total", id, project.total || "—");
      setText("data-grade", id, project.grade || "—");
      setText("data-total-explanation", id, project.total_explanation);
      setText("data-budget-points", id, project.budget.points || "—");
      setText("data-budget-explanation", id, project.budget.explanation);
      Object.keys(project.budget.rates).forEach(function (row) {
        var rate = project.budget.rates[row];
        setText("data-rate", id + "-b-" + row + "-rate", rate ? rate + "%" : "—");
      });
      setText("data-weight-sum", id, project.weight_sum);
      form.querySelectorAll("[data-weight-sum='" + id + "']").forEach(function (node) {
        node.classList.toggle("text-danger", Number(project.weight_sum) !== 90);
      });
      project.indicators.forEach(function (row, i) {
        var rowId = id + "-i" + i;
        setText("data-points", rowId, row.points || "—");
        setText("data-explanation", rowId, row.explanation);
        if (row.qualitative) {
          setText("data-band", rowId, row.band ? "得分范围 " + row.band : "选择达成情况后显示得分范围");
        }
      });
    });
    setProblems(result.problems);
  }

  function refresh() {
    timer = null;
    if (pending) { pending.abort(); }
    pending = new AbortController();
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    if (status) { status.textContent = "正在计算得分…"; }
    fetch(data.scoresUrl, {
      method: "POST", body: new FormData(form), credentials: "same-origin", signal: pending.signal,
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (result) {
      apply(result);
      if (status) { status.textContent = dirty ? "得分已按当前填写更新（尚未保存）" : ""; }
    }).catch(function (error) {
      if (error.name === "AbortError") { return; }
      if (status) { status.textContent = "得分暂时无法更新，保存后可见。"; }
    });
  }

  function changed() {
    dirty = true;
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, 300);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
