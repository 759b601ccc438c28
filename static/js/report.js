/* The monitoring report page while the unit types: a moment after the last
 * change the form is posted to the report's lights URL (nothing is saved;
 * reports/views.py report_lights judges it with the same rules as the
 * save), and each light, its explanation, the 执行率 and the problems at
 * the fields are updated; a red or yellow indicator shows that a 偏差原因
 * and a 纠偏措施 are needed. */
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
      var inputs = form.querySelectorAll("[name='" + name + "']");
      inputs.forEach(function (input) {
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
    setProblems(result.problems);
  }

  function refresh() {
    timer = null;
    if (pending) { pending.abort(); }
    pending = new AbortController();
    var body = new FormData(form);
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    if (status) { status.textContent = "正在判定预警…"; }
    fetch(data.lightsUrl, {
      method: "POST", body: body, credentials: "same-origin", signal: pending.signal,
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (result) {
      apply(result);
      if (status) { status.textContent = dirty ? "预警已按当前填写更新（尚未保存）" : ""; }
    }).catch(function (error) {
      if (error.name === "AbortError") { return; }
      if (status) { status.textContent = "预警暂时无法更新，保存后可见。"; }
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
