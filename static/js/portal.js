// The portal's own behaviour. No inline scripts anywhere, so a strict Content-Security-Policy holds.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("meta[name=csrf-token]");
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// The schedule correction form shows only the fields the chosen kind uses: each field's wrapper
// lists those kinds in data-schedule-kinds. Without JavaScript every field shows, and the form
// ignores the values a kind does not use, so nothing here is needed for correctness.
function showScheduleFields(form) {
  const kind = form.querySelector("[name=kind]");
  if (!kind) return;
  form.querySelectorAll("[data-schedule-kinds]").forEach((wrapper) => {
    wrapper.hidden = kind.value !== "" && !wrapper.dataset.scheduleKinds.split(" ").includes(kind.value);
  });
}
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-schedule-form]");
  if (form && event.target.name === "kind") showScheduleFields(form);
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-schedule-form]").forEach(showScheduleFields);
});
