"""Page text from a PDF's text layer (pdfplumber), and whether that text is real.

A scanned PDF often has no text layer, or one made of undecodable ``(cid:NN)`` glyphs;
such pages are OCRed instead.  pdfminer is stricter than PDFium about damaged files, so
its failures are not fatal here: the page (or document) falls back to OCR.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from statistics import median

import pdfplumber

from ..records import Line

log = logging.getLogger(__name__)

REASON_TEXT_LAYER = "text_layer"
REASON_NO_TEXT = "no_text_layer"
REASON_CID = "cid_glyphs"
REASON_PAGE_ERROR = "text_layer_error"  # pdfminer failed on this page's content
REASON_UNREADABLE = "text_layer_unreadable"  # pdfminer could not open the document at all
REASON_SIDEWAYS = "text_layer_sideways"  # most glyphs run vertically on the displayed page

CID = re.compile(r"\(cid:\d+\)")
EXTRA_GAP = 0.4  # whitespace beyond the usual line gap, in line heights, that starts a paragraph


def open_text_layer(path: Path) -> pdfplumber.PDF | None:
    """Open the PDF with pdfplumber, or return None (with a warning) when pdfminer cannot parse it."""
    try:
        pdf = pdfplumber.open(path)
        pdf.pages  # noqa: B018  (walks the page tree, where damaged files fail)
        return pdf
    except Exception as e:  # pdfminer raises many kinds on damaged files; OCR can still do
        log.warning("%s: text layer unreadable, OCRing every page (%s: %s)", path.name, type(e).__name__, e)
        return None


def page_text_layer(pdf: pdfplumber.PDF, index: int, *, min_chars: int) -> tuple[tuple[Line, ...], str]:
    """The lines of page ``index`` (0-based) and ``"text_layer"``, or () and why it is not usable."""
    if index >= len(pdf.pages):
        return (), REASON_UNREADABLE
    page = pdf.pages[index]
    try:
        rows = page.extract_text_lines(strip=True, return_chars=False)
        sideways = sum(1 for char in page.chars if not char.get("upright", True)) > len(page.chars) / 2
    except Exception as e:  # a broken content stream on one page should not sink the document
        log.warning("page %d: text layer unreadable (%s: %s)", index + 1, type(e).__name__, e)
        return (), REASON_PAGE_ERROR
    finally:
        page.close()  # drop pdfplumber's per-page object cache
    if sideways:  # lines would come out one word each; OCR turns the page upright instead
        return (), REASON_SIDEWAYS
    lines = lines_from_rows(rows, page=index + 1)
    problem = text_problem(" ".join(line.text for line in lines), min_chars)
    return (lines, REASON_TEXT_LAYER) if problem is None else ((), problem)


def page_size(pdf: pdfplumber.PDF, index: int) -> tuple[float, float]:
    """Width and height of page ``index`` in points."""
    page = pdf.pages[index]
    return float(page.width), float(page.height)


def text_problem(text: str, min_chars: int) -> str | None:
    """None when ``text`` is real text, else the reason it is not.

    >>> text_problem("Zielvereinbarung zwischen dem Land Hessen und dem Kreis", 40) is None
    True
    >>> text_problem("(cid:12)(cid:7)(cid:33) " * 20, 40), text_problem("Seite 1", 40)
    ('cid_glyphs', 'no_text_layer')
    """
    undecodable = len(CID.findall(text))
    rest = CID.sub("", text)
    undecodable += sum(1 for ch in rest if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    real = sum(1 for ch in rest if ch.isalnum())
    if undecodable and undecodable >= real:
        return REASON_CID
    if real < min_chars:
        return REASON_NO_TEXT
    return None


def lines_from_rows(rows: list[dict], page: int) -> tuple[Line, ...]:
    """Turn pdfplumber text lines into Lines, with "" where a vertical gap marks a new paragraph."""
    rows = [row for row in rows if row["text"].strip()]
    if not rows:
        return ()
    threshold = paragraph_gap(rows)
    lines: list[Line] = []
    for previous, row in zip([None, *rows], rows):
        if previous is not None and row["top"] - previous["bottom"] > threshold:
            lines.append(Line(text="", page=page))
        bbox = (float(row["x0"]), float(row["top"]), float(row["x1"]), float(row["bottom"]))
        lines.append(Line(text=row["text"], page=page, bbox=bbox))
    return tuple(lines)


def paragraph_gap(rows: list[dict]) -> float:
    """The vertical gap above which a line starts a new paragraph.

    The usual gap between lines is the lower quartile of all gaps (robust to many paragraph
    breaks); a paragraph needs EXTRA_GAP line heights more than that.
    """
    height = median(row["bottom"] - row["top"] for row in rows)
    gaps = sorted(max(0.0, b["top"] - a["bottom"]) for a, b in zip(rows, rows[1:]))
    usual = gaps[len(gaps) // 4] if gaps else 0.0
    return usual + EXTRA_GAP * height
