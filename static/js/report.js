/* The monitoring report page while the unit types: a moment after the last
 * change the form is posted to the report's lights URL (nothing is saved;
 * reports/views.py report_lights judges it with the same rules as the
 * save), and each light, its explanation, the 执行率 and the problems at
 * the fields are updated; a red or yellow indicator shows that a 偏差原因
 * and a 纠偏措施 are needed. Posting, the problems at the fields and the
 * guard against leaving unsaved are static/js/report_common.js's. */
(function () {
  "use strict";

  var form = document.getElementById("report-form");
  var dataNode = document.getElementById("report-data");
  if (!form || !dataNode || !form.hasAttribute("data-editable")) { return; }
  var data = JSON.parse(dataNode.textContent);

  function setLight(id, judgement) {
    var badge = form.querySelector("[data-light='" + id + "']");
    if (badge) {
      badge.className = "report-light light-" + (judgement.light || "none");
      badge.title = judgement.explanation;
      badge.querySelector(".light-label").textContent = judgement.label;
    }
    var explanation = form.querySelector("[data-light-explanation='" + id + "']");
    if (explanation) { explanation.textContent = judgement.explanation; }
  }

  function apply(result) {
    result.projects.forEach(function (project, p) {
      setLight("p" + p, project);
      setLight("p" + p + "-budget", project.budget);
      project.indicators.forEach(function (judgement, i) {
        var id = "p" + p + "-i" + i;
        setLight(id, judgement);
        var hint = form.querySelector("[data-reason-needed='" + id + "']");
        if (hint) {
          var missing = result.problems.some(function (p) {
            return p.field === id + "-reasons" || p.field === id + "-measures";
          });
          hint.hidden = !judgement.needs_reason;
          hint.className = "alert py-1 px-2 small mb-2 reason-needed " + (missing ? "alert-warning" : "alert-success");
          hint.textContent = missing ? "需填写偏差原因/纠偏措施" : "已填写偏差原因和纠偏措施";
        }
        var box = document.getElementById(id);
        if (box) {
          box.classList.toggle("has-red", judgement.light === "red");
          box.classList.toggle("has-yellow", judgement.light === "yellow");
        }
      });
    });
    Object.keys(result.rates).forEach(function (name) {
      var cell = form.querySelector("[data-rate='" + name + "']");
      if (cell) { cell.textContent = result.rates[name] ? result.rates[name] + "%" : "—"; }
    });
  }

  ReportLive.start(form, data.lightsUrl, apply, {
    working: "正在判定预警…", updated: "预警已按当前填写更新（尚未保存）", failed: "预警暂时无法更新，保存后可见。"
  });
})();
