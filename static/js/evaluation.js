/* The self-evaluation report page while the unit types: a moment after the
 * last change the form is posted to the report's scores URL (nothing is
 * saved; reports/evaluation_views.py evaluation_scores answers with
 * score_evaluation's result, the rules the save and the 自评表 use), and
 * each 得分 with its explanation, the qualitative rows' bands, the budget
 * score and 执行率, the 分值 sum, the total and grade, and the problems at
 * the fields are updated. Posting, the problems at the fields and the
 * guard against leaving unsaved are static/js/report_common.js's. */
(function () {
  "use strict";

  var form = document.getElementById("report-form");
  var dataNode = document.getElementById("report-data");
  if (!form || !dataNode || !form.hasAttribute("data-editable")) { return; }
  var data = JSON.parse(dataNode.textContent);

  function setText(attribute, id, text) {
    form.querySelectorAll("[" + attribute + "='" + id + "']").forEach(function (node) {
      node.textContent = text;
    });
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
  }

  ReportLive.start(form, data.scoresUrl, apply, {
    working: "正在计算得分…", updated: "得分已按当前填写更新（尚未保存）", failed: "得分暂时无法更新，保存后可见。"
  });
})();
