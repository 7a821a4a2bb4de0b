"""Train the local engine's Hangul syllable classifier (ocr_integration/local/syllables.py).

    make train-syllables          # = this script in its own venv (.venv-train, with PyTorch)

Writes ocr_integration/local/data/hangul_syllables.onnx. Not part of `make run` or `make test`:
the model ships in the repository, and the product needs only ONNX Runtime to use it.

Data: one million syllable cells rendered on the fly from seeds 1000.. (validation: 5,000 from seed
0), each a KS X 1001 syllable in one of 21 fonts that neither test generator uses (the Un fonts and
Baekmuk from Debian's fonts-unfonts-core, fonts-unfonts-extra and fonts-baekmuk; the generators
use Nanum and Noto), with its neighbours' edges cut in as an even division of a word would, then
at 9-26 px, blurred, motion-blurred, noised and JPEG-compressed. Model: five 3 x 3 convolution
blocks and two dense layers (1.4 M weights); two epochs of AdamW with a one-cycle schedule, about
40 minutes on two cores (2,382 s in the ninth round). The figures of the committed model are in docs/benchmarks.md.

--harder (tried in the eleventh round, not adopted; docs/benchmarks.md says why): four more fonts
(Lexi Gulim and Saebom, Eunjin and Guseul, from fonts-lexi-gulim, fonts-lexi-saebom and
fonts-alee), and now and then a tilt or shear, ink spread or thinned, a faint guilloche behind the
text, a capture smaller and scaled up, stronger defocus and a phone's sharpening. With --epochs 3,
3,900 s on two cores. Without --harder the cells are the committed model's, sample for sample.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocr_integration.local.syllables import MODEL_PATH, SIZE, ks_x_1001, normalise  # noqa: E402

SYL = ks_x_1001()
_U = "/usr/share/fonts/truetype/"
FONTS = [
    *(
        _U + "unfonts-core/" + f
        for f in (
            "UnBatang.ttf", "UnBatangBold.ttf", "UnDotum.ttf", "UnDotumBold.ttf", "UnGraphic.ttf",
            "UnGraphicBold.ttf", "UnDinaru.ttf", "UnDinaruBold.ttf", "UnDinaruLight.ttf",
        )
    ),
    *(
        _U + "unfonts-extra/" + f
        for f in (
            "UnJamoBatang.ttf", "UnJamoDotum.ttf", "UnJamoNovel.ttf", "UnJamoSora.ttf",
            "UnShinmun.ttf", "UnTaza.ttf", "UnVada.ttf", "UnYetgul.ttf",
        )
    ),
    *(_U + "baekmuk/" + f for f in ("batang.ttf", "dotum.ttf", "gulim.ttf", "hline.ttf")),
]  # fmt: skip
HARDER_FONTS = [
    *FONTS,
    _U + "lexi/LexiGulim.ttf",
    _U + "lexi/LexiSaebomR.ttf",
    _U + "alee/Eunjin.ttf",
    _U + "alee/Guseul.ttf",
]
_fonts: dict[str, ImageFont.FreeTypeFont] = {}


def _font(path: str) -> ImageFont.FreeTypeFont:
    if path not in _fonts:
        _fonts[path] = ImageFont.truetype(path, 48)
    return _fonts[path]


def sample(rng: random.Random, label: int, harder: bool = False) -> np.ndarray:
    """One training cell of syllable ``label``, normalised as the engine normalises its cells.
    ``harder``: the --harder recipe (more fonts and degradations)."""
    f = _font(rng.choice(HARDER_FONTS if harder else FONTS))
    c = SYL[label]
    left = rng.choice(SYL) if rng.random() < 0.7 else ""
    right = rng.choice(SYL) if rng.random() < 0.7 else ""
    sep_l = " " if left and rng.random() < 0.15 else ""
    sep_r = " " if right and rng.random() < 0.15 else ""
    s = left + sep_l + c + sep_r + right
    x0 = f.getlength(left + sep_l)
    x1 = x0 + f.getlength(c)
    im = Image.new("L", (int(f.getlength(s)) + 40, 90), 255)
    ImageDraw.Draw(im).text((20, 15), s, font=f, fill=0)
    a = np.asarray(im)
    if harder and rng.random() < 0.3:  # a page a little tilted or sheared under the camera
        ang, shear = rng.uniform(-2.5, 2.5), rng.uniform(-0.12, 0.12)
        m = cv2.getRotationMatrix2D((a.shape[1] / 2, a.shape[0] / 2), ang, 1.0)
        m[0, 1] += shear
        m[0, 2] -= shear * a.shape[0] / 2
        a = cv2.warpAffine(a, m, (a.shape[1], a.shape[0]), flags=cv2.INTER_LINEAR, borderValue=255)
    if harder and rng.random() < 0.25:  # ink spread (a heavy print, a fax) or thinned strokes
        ker = np.ones((rng.randint(2, 3),) * 2, np.uint8)
        a = cv2.erode(a, ker) if rng.random() < 0.6 else cv2.dilate(a, ker)
    # The line's band: from the highest to the lowest ink of tall syllables.
    top = min(f.getbbox(ch)[1] for ch in "한쓰뷁읆홅") + 15
    bot = max(f.getbbox(ch)[3] for ch in "한쓰뷁읆홅") + 15
    h = bot - top
    adv = x1 - x0
    # An even division of a word cuts a little off a syllable or takes in a neighbour's edge.
    cx0 = round(20 + x0 + rng.uniform(-0.12, 0.12) * adv)
    cx1 = round(20 + x1 + rng.uniform(-0.12, 0.12) * adv)
    cy0 = round(top - rng.uniform(-0.08, 0.15) * h)
    cy1 = round(bot + rng.uniform(-0.08, 0.15) * h)
    cell = a[max(cy0, 0) : cy1, max(cx0, 0) : cx1].astype(np.float32)
    paper = rng.uniform(150, 255)
    ink = rng.uniform(0, paper - 70)
    cell = paper + (ink - paper) * (1 - cell / 255.0)
    if harder and rng.random() < 0.2:  # a faint guilloche or security print behind the text
        yy, xx = np.mgrid[0 : cell.shape[0], 0 : cell.shape[1]].astype(np.float32)
        period, phase = rng.uniform(6, 30), rng.uniform(0, 6.3)
        wave = np.sin((xx + rng.uniform(-1, 1) * yy + 8 * np.sin(yy / rng.uniform(8, 30))) / period * 6.3 + phase)
        cell = np.minimum(cell, paper - rng.uniform(10, 45) * (wave > rng.uniform(0.7, 0.95)))
    s_h = rng.uniform(9, 26)
    scale = s_h / cell.shape[0]
    size = (max(2, round(cell.shape[1] * scale)), max(2, round(s_h)))
    small = cv2.resize(cell, size, interpolation=cv2.INTER_AREA)
    if harder and s_h > 14 and rng.random() < 0.2:  # captured smaller and scaled up again
        f_lo = rng.uniform(0.5, 0.8)
        lo = cv2.resize(
            small, (max(2, round(size[0] * f_lo)), max(2, round(size[1] * f_lo))), interpolation=cv2.INTER_AREA
        )
        small = cv2.resize(lo, size, interpolation=rng.choice([cv2.INTER_LINEAR, cv2.INTER_CUBIC, cv2.INTER_NEAREST]))
    if harder:
        # Defocus: none (2 in 6), up to 1 px (3 in 6) or up to a twelfth of the height (1 in 6;
        # 1.6 px at 19 px and above).
        mild, strong = rng.uniform(0.3, 1.0), rng.uniform(0.8, max(0.8, min(1.6, s_h / 12)))
        sig = rng.choice([0, 0, mild, mild, mild, strong])
    else:
        sig = rng.choice([0, rng.uniform(0.3, 1.0)])
    if sig:
        small = cv2.GaussianBlur(small, (0, 0), sig)
    if harder and rng.random() < 0.15:  # a phone's sharpening, with its halos
        small = np.clip(small + rng.uniform(0.5, 1.5) * (small - cv2.GaussianBlur(small, (0, 0), 1.0)), 0, 255)
    if rng.random() < 0.3:  # motion blur along one axis
        k = rng.randint(2, 3)
        ker = np.zeros((k, k), np.float32)
        if rng.random() < 0.5:
            ker[k // 2, :] = 1
        else:
            ker[:, k // 2] = 1
        small = cv2.filter2D(small, -1, ker / ker.sum())
    amplitude = rng.uniform(0, 6)
    noise = np.random.default_rng(rng.randrange(1 << 30)).standard_normal(small.shape)
    small = np.clip(small + amplitude * noise, 0, 255).astype(np.uint8)
    if rng.random() < 0.6:
        _, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(25, 90)])
        small = np.asarray(cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE))
    return normalise(small)


def _chunk(args: tuple[int, int, bool]) -> tuple[np.ndarray, np.ndarray]:
    seed, n, harder = args
    rng = random.Random(seed)
    x = np.empty((n, SIZE, SIZE), np.uint8)
    y = np.empty(n, np.int64)
    for i in range(n):
        y[i] = rng.randrange(len(SYL))
        x[i] = sample(rng, int(y[i]), harder)
    return x, y


def dataset(n: int, first_seed: int, per: int = 10_000, harder: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``n`` cells, ``per`` per seed from ``first_seed`` on, rendered in two processes."""
    with Pool(2) as pool:
        chunks = [(first_seed + k, min(per, n - k * per), harder) for k in range((n + per - 1) // per)]
        parts = pool.map(_chunk, chunks)
    return np.concatenate([x for x, _ in parts]), np.concatenate([y for _, y in parts])


def build_model(classes: int):  # type: ignore[no-untyped-def]
    import torch.nn as nn

    def block(i: int, o: int) -> nn.Sequential:
        return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))

    return nn.Sequential(
        nn.Sequential(
            block(1, 24), nn.MaxPool2d(2),
            block(24, 48), nn.MaxPool2d(2),
            block(48, 96), block(96, 96), nn.MaxPool2d(2),
            block(96, 160), nn.MaxPool2d(2),
        ),
        nn.Sequential(
            nn.Flatten(), nn.Dropout(0.15), nn.Linear(160 * 4, 384), nn.ReLU(inplace=True), nn.Linear(384, classes)
        ),
    )  # fmt: skip


def main() -> None:
    import torch
    import torch.nn.functional as F

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--harder", action="store_true", help="the eleventh round's harder cells (not adopted)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    started = time.time()
    xs, ys = dataset(args.samples, 1000, harder=args.harder)
    vx, vy = dataset(5000, 0, harder=args.harder)
    print(f"{len(xs)} cells rendered in {time.time() - started:.0f}s", flush=True)
    x_all, y_all = torch.from_numpy(xs), torch.from_numpy(ys)
    net = build_model(len(SYL))
    opt = torch.optim.AdamW(net.parameters(), 2e-3, weight_decay=1e-4)
    batch = 256
    steps = args.epochs * (len(xs) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, 3e-3, total_steps=steps, pct_start=0.15)
    for epoch in range(args.epochs):
        net.train()
        order = torch.randperm(len(xs))
        for i in range(0, len(xs) - batch + 1, batch):
            idx = order[i : i + batch]
            loss = F.cross_entropy(net(x_all[idx].float().unsqueeze(1) / 127.5 - 1), y_all[idx], label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        net.eval()
        with torch.no_grad():
            pred = net(torch.from_numpy(vx).float().unsqueeze(1) / 127.5 - 1).argmax(1).numpy()
        print(
            f"epoch {epoch}: validation accuracy {(pred == vy).mean():.4f} ({time.time() - started:.0f}s)", flush=True
        )
    net.eval()
    torch.onnx.export(
        net,
        (torch.zeros(1, 1, SIZE, SIZE),),
        str(args.out),
        input_names=["cells"],
        output_names=["logits"],
        dynamic_axes={"cells": {0: "n"}, "logits": {0: "n"}},
        dynamo=False,
        opset_version=17,
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
