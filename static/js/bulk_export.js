// Progress of the bulk exports on the admin page: each row that is still
// queued or running polls its JSON status and updates its bar until the
// export is done (then the download button shows) or failed. No inline
// script, so the page works under the Content-Security-Policy.
(function () {
  "use strict";
  var POLL_MS = 1000;
  var RETRY_MS = 5000;

  function update(row, data) {
    var bar = row.querySelector(".progress-bar");
    var meter = row.querySelector(".progress");
    bar.style.width = data.percent + "%";
    meter.setAttribute("aria-valuenow", String(data.percent));
    bar.classList.toggle("bg-success", data.state === "done");
    bar.classList.toggle("bg-danger", data.state === "failed");
    row.querySelector(".export-state").textContent = data.state_label;
    row.querySelector(".export-count").textContent = data.done + "/" + data.total;
    row.querySelector(".export-error").textContent = data.error || "";
    var hint = row.querySelector(".export-queued-hint");
    if (hint) { hint.classList.toggle("d-none", data.state !== "queued"); }
    var link = row.querySelector(".export-download");
    if (data.download_url) {
      link.href = data.download_url;
      link.classList.remove("d-none");
    }
    row.dataset.state = data.state;
  }

  function pending(state) {
    return state === "queued" || state === "running";
  }

  function poll(row) {
    fetch(row.dataset.exportStatus, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        update(row, data);
        if (pending(data.state)) { window.setTimeout(function () { poll(row); }, POLL_MS); }
      })
      .catch(function () { window.setTimeout(function () { poll(row); }, RETRY_MS); });
  }

  document.querySelectorAll("[data-export-status]").forEach(function (row) {
    if (pending(row.dataset.state)) { poll(row); }
  });
})();
