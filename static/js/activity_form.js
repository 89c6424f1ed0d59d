// The activity form: show only the schedule fields of the chosen kind, label the
// content field after the chosen type, and add participant rows in place.
// Without this script every field stays visible and the form still works.
(function () {
  "use strict";
  if (window.activityFormReady) return;
  window.activityFormReady = true;

  function showScheduleFields(form) {
    var kind = form.querySelector("[name='schedule_kind']");
    if (!kind) return;
    form.querySelectorAll("[data-schedule-kinds]").forEach(function (wrapper) {
      var kinds = wrapper.getAttribute("data-schedule-kinds").split(" ");
      wrapper.hidden = kinds.indexOf(kind.value) === -1;
    });
  }

  function labelContent(form) {
    var select = form.querySelector("select[name='type']");
    var label = form.querySelector("[data-content-field] label");
    if (!select || !label) return;
    var option = select.options[select.selectedIndex];
    var text = option && option.getAttribute("data-content-label");
    if (text) label.textContent = text;
  }

  function addParticipant(form) {
    var template = form.querySelector("template[data-empty-participant]");
    var total = form.querySelector("[name='participants-TOTAL_FORMS']");
    var rows = form.querySelector("[data-participant-rows]");
    if (!template || !total || !rows) return;
    var index = parseInt(total.value, 10) || 0;
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var added = rows.lastElementChild && rows.lastElementChild.querySelector("select, input");
    if (added) added.focus();
  }

  function setUp(root) {
    var forms = root.matches && root.matches("form.activity-form")
      ? [root]
      : root.querySelectorAll("form.activity-form");
    forms.forEach(function (form) {
      showScheduleFields(form);
      labelContent(form);
      // With the script, rows are added in place instead of by saving.
      form.querySelectorAll("[data-add-participant]").forEach(function (b) { b.hidden = false; });
      form.querySelectorAll("[data-no-js]").forEach(function (b) { b.hidden = true; });
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest("form.activity-form");
    if (!form) return;
    if (event.target.name === "schedule_kind") showScheduleFields(form);
    if (event.target.name === "type") labelContent(form);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-participant]");
    if (button) addParticipant(button.closest("form.activity-form"));
  });

  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
  setUp(document);
})();
