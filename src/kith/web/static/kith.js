// kith's only script: small conveniences on top of pages that work without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // the people filters apply as soon as a menu changes
  document.querySelectorAll("form.filters select").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // the quick log: Ctrl+Enter (or Cmd+Enter) sends the form from any field
  const quick = document.getElementById("quick-log");
  if (quick) {
    quick.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        quick.requestSubmit();
      }
    });
  }
  // ask before a destructive action marked with data-confirm
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
