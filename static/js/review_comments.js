/* Comments on the review and filing pages without reloading: adding a
 * comment, answering, marking answered and closing post their form in the
 * background and put the comment as it now stands where it belongs, so the
 * reader stays on row 7 of project 2. Without this script the forms post
 * and the page comes back with a message, as before. */
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser) { return; }

  var STEPS = /\/comments\/(\d+\/(answer|reply|close)\/)?$/;

  function fragment(html) {
    var body = new DOMParser().parseFromString(html, "text/html").body;
    return body.firstElementChild;
  }

  function refusal(form, message) {
    var note = form.querySelector(".review-refusal");
    if (!note) {
      note = document.createElement("div");
      note.className = "review-refusal small text-danger mt-1";
      note.setAttribute("role", "alert");
      form.appendChild(note);
    }
    note.textContent = message;
  }

  function listFor(form) {
    // A new comment joins the list beside its item or field (made when it is the first).
    // A field of a project, or of the department table (no project: "d").
    var field = form.querySelector("select[name=field]");
    var project = form.querySelector("input[name=project]");
    if (field && field.value && !form.querySelector("input[name=indicator_index]")) {
      var owner = project ? project.value : "d";
      var beside = document.querySelector('[data-field-comments="' + owner + "-" + field.value + '"]');
      if (beside) { beside.hidden = false; return beside; }
    }
    var block = form.closest(".review-item-comments");
    var list = block ? block.querySelector("ul.list-group") : document.getElementById("filing-comments");
    if (!list && block) {
      list = document.createElement("ul");
      list.className = "list-group list-group-flush border rounded mb-1";
      block.insertBefore(list, block.firstChild);
    }
    var empty = list && list.querySelector(".review-no-comments");
    if (empty) { empty.remove(); }
    return list;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var match = STEPS.exec(new URL(form.action, location.href).pathname);
    if (!match || form.method.toLowerCase() !== "post") { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok) { throw new Error(response.status === 400 ? text : "未能保存（" + response.status + "），请刷新页面后重试。"); }
        var item = fragment(text);
        if (match[1]) {
          var old = document.getElementById(item.id);
          if (old) { old.replaceWith(item); }
        } else {
          listFor(form).appendChild(item);
          form.reset();
          var details = form.closest("details");
          if (details) { details.open = false; }
        }
        item.setAttribute("tabindex", "-1");
        item.focus({ preventScroll: true });
      });
    }).catch(function (error) {
      refusal(form, error.message);
    }).finally(function () {
      if (button) { button.disabled = false; }
    });
  });
})();
