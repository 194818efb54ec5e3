// xuezuo's own script. htmx's settings live in the layout's htmx-config
// meta tag; this file only drives upload progress bars.
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
})();
