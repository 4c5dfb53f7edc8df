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
  // names typed in the quick log are completed from the people you know (the last name after a comma)
  document.querySelectorAll("input[data-suggest]").forEach((input) => {
    const list = document.getElementById(input.getAttribute("list"));
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const parts = input.value.split(",");
        const typed = parts.pop().trim();
        if (typed.length < 2 || typed.startsWith("#")) return;
        const url = `${input.dataset.suggest}?q=${encodeURIComponent(typed)}&per_page=8`;
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const found = await response.json();
        const before = parts.map((p) => p.trim()).filter(Boolean);
        list.replaceChildren(
          ...found.people.map((person) => {
            const option = document.createElement("option");
            option.value = [...before, person.name].join(", ");
            return option;
          })
        );
      }, 150);
    });
  });
  // ask before a destructive action marked with data-confirm
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
