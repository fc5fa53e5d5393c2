"""A stand-in for the tesseract program, for fault injection: it answers the probes, fails the
runs whose arguments match a pattern, and writes the given word rows as its TSV for the others."""
from __future__ import annotations

import stat
from pathlib import Path

import pytesseract

TSV_HEADER = "level page_num block_num par_num line_num word_num left top width height conf text"


def word_row(text: str, left: int, top: int, width: int, height: int, conf: float, line: int = 1, word: int = 1) -> str:
    """One word of Tesseract's TSV (block and paragraph 1)."""
    return "\t".join(str(v) for v in (5, 1, 1, 1, line, word, left, top, width, height, conf, text))


def fake_tesseract(tmp_path: Path, monkeypatch, fail_when: str, rows: list[str]) -> None:
    """Put a fake ``tesseract`` in pytesseract's place: runs whose arguments match the shell
    pattern ``fail_when`` fail ("Error: out of memory"), the others read ``rows``."""
    tsv = "\\n".join(["\t".join(TSV_HEADER.split()), *rows]).replace("\t", "\\t")
    script = tmp_path / "tesseract"
    script.write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        '  --version) echo "tesseract 5.3.0"; exit 0;;\n'
        '  --list-langs) printf "List of available languages in \\"/x/\\":\\ndeu\\nosd\\n"; exit 0;;\n'
        "esac\n"
        f'case "$*" in {fail_when}) echo "Error: out of memory" >&2; exit 1;; esac\n'
        f"printf '{tsv}\\n' > \"$2.tsv\"\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(script))
