#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the product needs, only when missing (idempotent).
#   scripts/system-deps.sh run   -> what `make run` needs (Python venv, Tesseract + Korean, gettext)
#   scripts/system-deps.sh test  -> plus what the test suite needs (Chromium, Korean fonts, openssl)
#   scripts/system-deps.sh train -> what scripts/train_syllables.py needs (its own fonts: none of the tests')
set -euo pipefail
mode="${1:-run}"

run_pkgs=(python3-venv tesseract-ocr tesseract-ocr-kor tesseract-ocr-script-hang gettext)
test_pkgs=(chromium fonts-nanum fonts-noto-cjk fonts-liberation fonts-dejavu-core fonts-dejavu-extra openssl)
train_pkgs=(python3-venv fonts-unfonts-core fonts-unfonts-extra fonts-baekmuk fonts-lexi-gulim fonts-lexi-saebom fonts-alee)
pkgs=("${run_pkgs[@]}")
[ "$mode" = "test" ] && pkgs+=("${test_pkgs[@]}")
[ "$mode" = "train" ] && pkgs=("${train_pkgs[@]}")

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${pkgs[@]}"; do
    # python3-venv: a Python that already has venv+ensurepip (pyenv, python.org) needs no package.
    if [ "$p" = python3-venv ] && python3 -c "import venv, ensurepip" >/dev/null 2>&1; then continue; fi
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$p")
  done
else
  for c in tesseract msgfmt; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  if [ "$mode" = "test" ]; then command -v chromium >/dev/null 2>&1 || missing+=("chromium"); fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "This is not a Debian/Ubuntu system, so packages cannot be installed automatically." >&2
    echo "Install these with your package manager, then run make again: ${missing[*]}" >&2
    echo "(Tesseract needs its Korean language data and the Hangul script model, e.g. 'tesseract-langpack-kor' and 'tesseract-langpack-script-hang'.)" >&2
    exit 1
  fi
  exit 0
fi

[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "Need root to install: ${missing[*]}. Run: sudo apt-get install -y ${missing[*]}" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
