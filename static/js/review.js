// Review case page: pointing at a field's row (mouse or keyboard focus) outlines where it was read.
// The page is complete without this script; it only adds the highlight.
for (const section of document.querySelectorAll("section.document")) {
  const polygons = (key) => section.querySelectorAll(`polygon[data-key="${CSS.escape(key)}"]`);
  for (const row of section.querySelectorAll("tr[data-field-key]")) {
    const key = row.dataset.fieldKey;
    const on = () => polygons(key).forEach((p) => p.classList.add("active"));
    const off = () => polygons(key).forEach((p) => p.classList.remove("active"));
    row.addEventListener("mouseenter", on);
    row.addEventListener("mouseleave", off);
    row.addEventListener("focusin", on);
    row.addEventListener("focusout", off);
  }
}
