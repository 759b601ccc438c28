/* After signing out: the editor's drafts kept in this browser
 * (static/js/drafts.js) go with the person who wrote them. */
(function () {
  "use strict";
  if (!window.localStorage || !/[?&]signed_out=1/.test(location.search)) { return; }
  Object.keys(localStorage).forEach(function (name) {
    if (name.indexOf("editor-draft:") === 0) { localStorage.removeItem(name); }
  });
})();
