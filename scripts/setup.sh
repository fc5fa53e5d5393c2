#!/usr/bin/env bash
# Install what extractor needs on a Debian machine: Tesseract with German through apt,
# the package (with its test and optional extras) into ./.venv through pip.
# Idempotent: run it again after pulling changes.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-deu tesseract-ocr-osd   # OCR with German and orientation data
  python3-venv                                         # the virtual environment (PEP 668)
  fonts-liberation fonts-dejavu-core fonts-freefont-ttf  # typefaces for the sample generator
  wngerman                                             # German word list for OCR word repair
  wamerican                                            # English word list: borrowed words in project names
  qpdf poppler-utils                                   # odd-file fixtures in the tests
  chromium chromium-driver                             # the review page is tested in a real browser
)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}"
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,dask,parquet]"
