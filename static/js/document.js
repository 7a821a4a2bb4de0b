// Document page: poll the reading's progress (announced through aria-live), and link the field
// form with the outlines drawn over the image in both directions.
const analysis = document.getElementById("analysis");
if (analysis) {
  const statusEl = document.getElementById("analysis-status");
  const started = Date.now();
  const poll = async () => {
    try {
      const response = await fetch(analysis.dataset.statusUrl, { headers: { Accept: "application/json" } });
      const body = await response.json();
      if (body.done) { window.location.reload(); return; }
      if (statusEl.textContent !== `${body.label}…`) statusEl.textContent = `${body.label}…`;
    } catch {
      // A dropped poll is retried; the server-side time-out decides when reading has failed.
    }
    if (Date.now() - started < 10 * 60 * 1000) window.setTimeout(poll, 1500);
    else statusEl.textContent = JSON.parse(document.getElementById("document-text").textContent).failed;
  };
  window.setTimeout(poll, 1000);
}

const overlay = document.querySelector(".doc-image svg.overlay");
if (overlay) {
  const polygons = (key) => overlay.querySelectorAll(`polygon[data-key="${CSS.escape(key)}"]`);
  document.querySelectorAll("#fields-form input[data-field-key]").forEach((input) => {
    const key = input.dataset.fieldKey;
    const on = () => polygons(key).forEach((p) => p.classList.add("active"));
    input.addEventListener("focus", on);
    input.addEventListener("blur", () => polygons(key).forEach((p) => p.classList.remove("active")));
    // A field focused before this (deferred) module ran, e.g. by a quick keyboard user.
    if (document.activeElement === input) on();
  });
  overlay.addEventListener("click", (event) => {
    const key = event.target.closest("polygon")?.dataset.key;
    if (key) document.getElementById(`id_value_${key}`)?.focus();
  });
}
