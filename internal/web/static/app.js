// xuezuo's own script. htmx's settings live in the layout's htmx-config
// meta tag; this file drives upload progress bars, the register's
// "all present" button. The progress page's charts are SVG drawn on the
// server and need no script.
(function () {
  "use strict";
  // htmx fires htmx:xhr:progress on the form while the upload runs; a form
  // that wants a bar holds <progress data-upload>.
  document.addEventListener("htmx:xhr:progress", function (evt) {
    var form = evt.target && evt.target.closest ? evt.target.closest("form") : null;
    var bar = form ? form.querySelector("progress[data-upload]") : null;
    if (!bar || !evt.detail || !evt.detail.lengthComputable) {
      return;
    }
    bar.hidden = false;
    bar.value = Math.round((evt.detail.loaded * 100) / evt.detail.total);
  });

  // The register's button sets every member still 未登记 to one status.
  document.addEventListener("click", function (evt) {
    var btn = evt.target && evt.target.closest ? evt.target.closest("[data-fill-status]") : null;
    if (!btn) {
      return;
    }
    var form = btn.closest("form");
    form.querySelectorAll("select[name^='status_']").forEach(function (sel) {
      if (sel.value === "") {
        sel.value = btn.getAttribute("data-fill-status");
      }
    });
  });

})();
