// Capture page: rear camera with a guide frame where allowed, client-side checks, downscaling of
// oversized photos, and an upload progress bar. Without this script the plain form still works.
const config = JSON.parse(document.getElementById("capture-config").textContent);
const text = JSON.parse(document.getElementById("capture-text").textContent);
const form = document.getElementById("upload-form");
const input = form.querySelector("input[type=file]");
const errors = document.getElementById("upload-errors");
const status = document.getElementById("camera-status");
const preview = document.getElementById("upload-preview");
const progressWrap = document.getElementById("upload-progress-wrap");
const progress = document.getElementById("upload-progress");
const progressText = document.getElementById("upload-progress-text");
const camera = document.getElementById("camera");
const video = document.getElementById("camera-video");
const startWrap = document.getElementById("camera-start-wrap");
let stream = null;
let prepared = null; // the File that will be uploaded (possibly reduced or from the camera)

function showError(message) {
  errors.replaceChildren();
  if (!message) return;
  const p = document.createElement("p");
  p.dataset.testid = "upload-error";
  p.textContent = message;
  errors.append(p);
}

function canvasToBlob(canvas, quality) {
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
}

// Reduce a photo until it fits the limit, never below the recommended resolution when avoidable.
async function fitToLimit(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const [recW, recH] = config.recommended;
  const longSide = Math.max(bitmap.width, bitmap.height);
  const minLong = Math.max(recW, recH);
  // First guess from the byte ratio, so one or two encodings usually suffice on a slow phone.
  let scale = Math.min(1, 4000 / longSide, Math.sqrt(config.maxBytes / file.size) * 0.9);
  scale = Math.max(scale, Math.min(1, minLong / longSide));
  let quality = 0.92;
  for (let i = 0; i < 12; i += 1) {
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await canvasToBlob(canvas, quality);
    if (blob && blob.size <= config.maxBytes) {
      return new File([blob], "photo.jpg", { type: "image/jpeg" });
    }
    if (longSide * scale * 0.85 >= minLong) scale *= 0.85;
    else quality -= 0.1;
    if (quality < 0.5) break;
  }
  return null;
}

async function prepare(file) {
  showError("");
  prepared = null;
  if (!file) return;
  if (file.size === 0) { showError(text.empty); return; }
  if (!config.types.includes(file.type)) {
    showError(config.types.includes("application/pdf") ? text.wrongTypePdf : text.wrongType);
    return;
  }
  let chosen = file;
  if (file.size > config.maxBytes) {
    chosen = file.type === "application/pdf" ? null : await fitToLimit(file);
    if (!chosen) { showError(text.tooLarge); return; }
    status.textContent = text.reduced;
  }
  prepared = chosen;
  if (chosen.type.startsWith("image/")) {
    preview.src = URL.createObjectURL(chosen);
    preview.hidden = false;
  }
}

input.addEventListener("change", () => prepare(input.files[0]));

form.addEventListener("submit", (event) => {
  if (!window.FormData || !window.XMLHttpRequest) return; // let the browser post the form
  event.preventDefault();
  if (!prepared && input.files[0]) { prepare(input.files[0]).then(() => prepared && form.requestSubmit()); return; }
  if (!prepared) { if (!errors.textContent) input.focus(); return; }
  const data = new FormData(form);
  data.set("file", prepared, prepared.name || "upload");
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action || window.location.href);
  xhr.setRequestHeader("X-Requested-With", "fetch");
  progressWrap.hidden = false;
  xhr.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    const pct = Math.round((e.loaded / e.total) * 100);
    progress.value = pct;
    progressText.textContent = `${text.uploading} ${pct}%`;
  });
  xhr.addEventListener("load", () => {
    let body = {};
    try { body = JSON.parse(xhr.responseText); } catch { body = {}; }
    if (xhr.status === 200 && body.redirect) { window.location.assign(body.redirect); return; }
    progressWrap.hidden = true;
    showError((body.errors || [text.failed]).join(" "));
    errors.querySelector("p")?.focus?.();
  });
  xhr.addEventListener("error", () => { progressWrap.hidden = true; showError(text.failed); });
  xhr.send(data);
});

// Camera: only where the browser offers it (secure context, getUserMedia); otherwise say so.
async function startCamera() {
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1920 }, height: { ideal: 1080 } },
      audio: false,
    });
  } catch {
    status.textContent = text.cameraUnavailable;
    startWrap.hidden = true;
    input.focus();
    return;
  }
  video.srcObject = stream;
  await video.play();
  camera.hidden = false;
  startWrap.hidden = true;
  status.textContent = text.cameraReady;
  document.getElementById("camera-shoot").focus();
}

function stopCamera() {
  stream?.getTracks().forEach((t) => t.stop());
  stream = null;
  camera.hidden = true;
  startWrap.hidden = false;
}

if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.isSecureContext) {
  startWrap.hidden = false;
  document.getElementById("camera-start").addEventListener("click", startCamera);
  document.getElementById("camera-stop").addEventListener("click", stopCamera);
  document.getElementById("camera-shoot").addEventListener("click", async () => {
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0);
    const blob = await canvasToBlob(canvas, 0.92);
    stopCamera();
    await prepare(new File([blob], "camera.jpg", { type: "image/jpeg" }));
    form.querySelector("button[type=submit]").focus();
  });
} else {
  status.textContent = text.cameraUnavailable;
}
