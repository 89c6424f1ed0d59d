// The plan editor: warn before leaving the page with an open form that has unsaved typing.
(function () {
  "use strict";
  var dirty = new Set();

  document.addEventListener("input", function (event) {
    var form = event.target.closest("form.editor-form");
    if (form) dirty.add(form);
  });

  document.addEventListener("submit", function (event) {
    dirty.delete(event.target);
  });

  // Forms replaced or removed by htmx (saved or cancelled) no longer count.
  document.addEventListener("htmx:afterSwap", function () {
    dirty.forEach(function (form) {
      if (!document.body.contains(form)) dirty.delete(form);
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
