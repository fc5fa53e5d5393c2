"""The second reader of PDF text layers: pdfplumber (pdfminer), for pages PDFium cannot read.

PDFium reads the text layers (``pdfium_text``), five times faster than pdfminer.  pdfminer is
an independent implementation of the PDF text model: where PDFium cannot load a page's text, or
maps its glyphs to no Unicode at all, pdfminer decodes fonts and CMaps on its own terms and
sometimes reads the page.  A page it reads well is kept instead of being OCRed.  Only this
module imports pdfplumber.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlumberPage:
    """What pdfplumber read of one page: text lines as ``extract_text_lines()`` gives them."""

    rows: list[dict]  # {"text", "x0", "top", "x1", "bottom"}, top to bottom
    sideways: bool  # most glyphs run vertically on the displayed page
    width: float
    height: float
    images: tuple[tuple[float, float, float, float], ...]  # (x0, top, x1, bottom) of each image


def read_page(path: Path, index: int) -> PlumberPage | None:
    """pdfplumber's reading of page ``index`` (0-based); None when pdfminer cannot read it.

    The document is opened for this page alone: the reader is only asked about pages PDFium
    failed on, which are few.
    """
    try:
        with pdfplumber.open(path) as pdf:
            if index >= len(pdf.pages):
                return None
            page = pdf.pages[index]
            rows = page.extract_text_lines(strip=True, return_chars=False)
            chars = page.chars
            images = tuple((float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"])) for i in page.images)
            return PlumberPage(
                rows=[{k: row[k] for k in ("text", "x0", "top", "x1", "bottom")} for row in rows],
                sideways=sum(1 for c in chars if not c.get("upright", True)) > len(chars) / 2,
                width=float(page.width),
                height=float(page.height),
                images=images,
            )
    except Exception as e:  # pdfminer raises many kinds on damaged files; OCR can still do
        log.info("%s page %d: pdfplumber cannot read it either (%s: %s)", path.name, index + 1, type(e).__name__, e)
        return None
