/* What the two report pages share while the unit types (static/js/report.js
 * for a monitoring report, static/js/evaluation.js for a self-evaluation):
 * a moment after the last change the form is posted to the page's live URL
 * (nothing is saved), the page applies the result, and the problems are put
 * at their fields with the count of errors; leaving with changes unsaved
 * asks first.
 *
 *   ReportLive.start(form, url, apply, messages)
 *     apply(result): the page's own part (lights, scores …)
 *     messages: {working, updated, failed} for the #live-status line
 *   ReportLive.setProblems(form, problems) */
window.ReportLive = (function () {
  "use strict";

  function setProblems(form, problems) {
    var errorCount = document.getElementById("error-count");
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

  function start(form, url, apply, messages) {
    var status = document.getElementById("live-status");
    var timer = null;
    var pending = null;
    var dirty = false;

    function refresh() {
      timer = null;
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var token = form.querySelector("[name=csrfmiddlewaretoken]");
      if (status) { status.textContent = messages.working; }
      // URL-encoded, not multipart: Django parses a page of ~1,200 fields
      // in about a third of the time (the report form holds no file).
      fetch(url, {
        method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
        signal: pending.signal,
        headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (result) {
        apply(result);
        setProblems(form, result.problems);
        if (status) { status.textContent = dirty ? messages.updated : ""; }
      }).catch(function (error) {
        if (error.name === "AbortError") { return; }
        if (status) { status.textContent = messages.failed; }
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
  }

  return { setProblems: setProblems, start: start };
})();
