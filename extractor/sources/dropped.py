"""Print Tesseract's page layout dropped, found by its ink and read again as a block of text.

On a noisy grey scan Tesseract's layout analysis (psm 3) can take a whole block of print for a
picture and leave it out: a list of projects under three measure types, read as nothing, while
the lines above and below it read at 0.9.  Nothing in its output says so: the block is simply
not there (neither in psm 3 nor in psm 4; psm 6, which takes the crop for one block of text,
reads it).

The ink shows it.  Print is pieces of a glyph's height in rows; the words Tesseract read have
boxes.  Pieces of glyph size in rows no word box reaches, gathered into bands of rows
(``uncovered_bands``), are print Tesseract did not read, when there are enough of them
(``MIN_PIECES``: a signature's scribble is a few long strokes, a speck is too small, a stamp
or a rule too large).  The band, from the line read above it to the line read below, is read
again as one block (``crop_rows``), and what that reading finds outside the words read already
joins the page's words in place (``merge``), line by line where the line reads as text
(``MIN_LINE_CONF``: a scribble or a page held the wrong way up reads as specks at low
confidence) and is a line of its own, not the rest of a table row the page's reading has.
This module is pure: ``tesseract.py`` runs Tesseract.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean, median

import cv2
import numpy as np
from PIL import Image

from . import images
from .numerals import WORD_LEVEL

# A piece of ink is glyph-like between these heights, in the page's median word height (a
# capital with its descender, a small letter's body; not a rule's thickness or a picture) ...
MIN_HEIGHT, MAX_HEIGHT = 0.25, 2.0
MAX_WIDTH = 3.0  # ... no wider than a few letters touching (a rule, a scribble's stroke is)
MIN_AREA = 0.02  # and not a speck: ink pixels over the word height squared
# A piece wider than that is a word whose letters touch (a blurred 200 dpi scan: "Ausbildung und
# Ausbildungscoaching" as three pieces) when it is as tall as print and as dense: it counts as a
# piece per word height of its width (a letter is narrower).  A pen's stroke fills less of its
# box, a rule is lower, a signature taller; and a band read again keeps only lines that read as
# text (``MIN_LINE_CONF``), so what passes for print here costs a Tesseract run, not a line.
WORD_HEIGHT = (0.5, 1.3)  # a word's ink height, in the page's median word height
WORD_FILL = 0.25  # the least share of a word's box its ink fills
COVER_PAD = 0.3  # word heights a word's box reaches above and below it (descenders, accents)
BAND_GAP = 1.0  # pieces closer than this in rows (word heights) are one band
# A band holds print with at least this many pieces: a line of a dozen letters.  (On the hard
# sample pages the dropped blocks held 15-220; a scribbled signature few, being long strokes.)
MIN_PIECES = 12
REACH = 1.0  # word heights the crop reaches past the lines read above and below the band
PSM = 6  # the crop is one block of text: the layout analysis is what dropped it
# A line read again stands when its words average this much (Tesseract's scale).  On eleven
# hard-set documents with print left out, lines of print read again averaged 61-96 (one at 47,
# left out), specks, a page held upside down and what is left of ruled table rows 0-58.
MIN_LINE_CONF = 60.0
MIN_WORD_CHARS = 3  # and it holds a word of this many letters or digits
ROW_OVERLAP = 0.5  # share of a line's height a word read in the page overlaps when in its row


@dataclass(frozen=True)
class Band:
    """Rows of a page with print no word box covers: pixels of the page image."""

    top: int
    bottom: int
    pieces: int


def word_boxes(data: dict) -> list[tuple[int, int, int, int]]:
    """Left, top, right, bottom of every word Tesseract read (with text) on the page."""
    return [(data["left"][i], data["top"][i], data["left"][i] + data["width"][i], data["top"][i] + data["height"][i])
            for i, level in enumerate(data.get("level", []))
            if level == WORD_LEVEL and str(data["text"][i]).strip()]


def uncovered_bands(image: Image.Image, data: dict) -> list[Band]:
    """Bands of rows no word box reaches holding at least ``MIN_PIECES`` glyph-like pieces of
    ink, top to bottom; none on a page without words (nothing to measure a glyph by).

    Only rows without a word read are looked at (a line read again in a row of the page's words
    would not be taken: ``merge``), so a page read whole costs a look at its margins and the
    white between its paragraphs."""
    boxes = word_boxes(data)
    if not boxes:
        return []
    height = median(bottom - top for _, top, _, bottom in boxes)
    if height < 4:
        return []
    page = images.grey(image)
    covered = np.zeros(page.height + 1, bool)
    covered[-1] = True  # a sentinel: the last run of rows ends
    pad = round(COVER_PAD * height)
    for _, top, _, bottom in boxes:
        covered[max(top - pad, 0):bottom + pad] = True
    # ink and paper parted once for the page, on a quarter of its rows and columns (cheap)
    threshold, _ = cv2.threshold(np.asarray(page.reduce(4)), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bands: list[Band] = []
    edges = np.flatnonzero(np.diff(np.concatenate(([1], covered.astype(np.int8)))))
    for start, stop in zip(edges[::2], edges[1::2]):  # runs of rows no word reaches
        if stop - start >= MIN_HEIGHT * height:
            rows = np.asarray(page.crop((0, int(start), page.width, int(stop))))
            pieces = _pieces(rows, threshold, height, int(start), stop == page.height)
            bands += [band for band in _bands(pieces, BAND_GAP * height) if band.pieces >= MIN_PIECES]
    return bands


def _pieces(rows: np.ndarray, threshold: float, height: float, first: int, at_foot: bool) -> list[tuple[int, int]]:
    """Top and bottom (page rows) of the glyph-like pieces of ink in a run of rows, sorted; a
    piece the run cuts at a word's line (its top or bottom row) is that line's, not one left out."""
    ink = (cv2.medianBlur(rows, 3) <= threshold).astype(np.uint8)
    if cv2.countNonZero(ink) < MIN_PIECES * MIN_AREA * height * height:
        return []  # white between paragraphs, a margin: not enough ink for a line of print
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    left, top, wide, tall, area = (stats[1:, k] for k in range(5))
    inside = ((top > 0) | (first == 0)) & ((top + tall < len(rows)) | at_foot)
    glyph = ((tall >= MIN_HEIGHT * height) & (tall <= MAX_HEIGHT * height) & (wide <= MAX_WIDTH * height)
             & (area >= MIN_AREA * height * height) & inside)
    word = ((wide > MAX_WIDTH * height) & (tall >= WORD_HEIGHT[0] * height) & (tall <= WORD_HEIGHT[1] * height)
            & (area >= WORD_FILL * wide * tall) & inside)
    letters = np.where(word, wide // max(height, 1), glyph.astype(int))  # a touching word: a piece per word height
    return sorted((first + int(t), first + int(t + h)) for t, h, n in zip(top, tall, letters) for _ in range(int(n)))


def _bands(pieces: list[tuple[int, int]], gap: float) -> list[Band]:
    """Pieces (top, bottom), sorted, gathered into bands where less than ``gap`` rows part them.

    >>> _bands([(10, 20), (12, 22), (25, 35), (80, 90)], 10)
    [Band(top=10, bottom=35, pieces=3), Band(top=80, bottom=90, pieces=1)]
    """
    bands: list[Band] = []
    for top, bottom in pieces:
        if bands and top <= bands[-1].bottom + gap:
            last = bands[-1]
            bands[-1] = Band(last.top, max(last.bottom, bottom), last.pieces + 1)
        else:
            bands.append(Band(top, bottom, 1))
    return bands


def crop_rows(band: Band, data: dict, page_height: int) -> tuple[int, int]:
    """The rows to read the band again in: from the line read above it to the line read below,
    ``REACH`` word heights past each (a line the band cuts is read whole; ``merge`` drops the
    words read twice)."""
    boxes = word_boxes(data)
    height = median(bottom - top for _, top, _, bottom in boxes)
    above = max((bottom for _, _, _, bottom in boxes if bottom <= band.top + height / 2), default=0)
    below = min((top for _, top, _, _ in boxes if top >= band.bottom - height / 2), default=page_height)
    return max(round(above - REACH * height), 0), min(round(below + REACH * height), page_height)


def merge(data: dict, found: dict, top: int) -> dict:
    """The page's word table with the lines ``found`` in a crop starting at row ``top`` added:
    only words outside the page's word boxes (not read twice), only lines that read as text
    (``MIN_LINE_CONF``, ``MIN_WORD_CHARS``).  They go in, as blocks of their own, after the line
    read right above them, so the page's text keeps its order."""
    boxes = word_boxes(data)
    lines: dict[tuple, list[int]] = {}
    for i, level in enumerate(found.get("level", [])):
        if level != WORD_LEVEL or not str(found["text"][i]).strip():
            continue
        middle = (found["left"][i] + found["width"][i] / 2, top + found["top"][i] + found["height"][i] / 2)
        if any(left <= middle[0] <= right and up <= middle[1] <= down for left, up, right, down in boxes):
            continue  # a word of a line the page's reading has
        lines.setdefault((found["block_num"][i], found["par_num"][i], found["line_num"][i]), []).append(i)
    kept = [rows for rows in lines.values()
            if _reads_as_text(found, rows) and not _shares_a_row(found, rows, top, boxes)]
    if not kept:
        return data
    first_top = top + min(found["top"][rows[0]] for rows in kept)
    at = _after_line_above(data, first_top)
    block = max((int(b) for b in data.get("block_num", [])), default=0) + 1
    added: dict[str, list] = {key: [] for key in data}
    for n, rows in enumerate(kept):
        for i in rows:
            for key in data:
                if key == "top":
                    value = top + found["top"][i]
                elif key == "block_num":
                    value = block
                elif key == "line_num":
                    value = n + 1
                elif key in ("par_num", "page_num"):
                    value = 1
                else:
                    value = found[key][i] if key in found else 0
                added[key].append(value)
    return {key: list(values[:at]) + added[key] + list(values[at:]) for key, values in data.items()}


def _reads_as_text(found: dict, rows: list[int]) -> bool:
    confs = [float(found["conf"][i]) for i in rows]
    words = [str(found["text"][i]) for i in rows]
    return fmean(confs) >= MIN_LINE_CONF and any(sum(c.isalnum() for c in w) >= MIN_WORD_CHARS for w in words)


def _shares_a_row(found: dict, rows: list[int], top: int, boxes: list[tuple[int, int, int, int]]) -> bool:
    """Whether a line read again stands in a row of which the page's reading has words: a piece
    of a table's row ("313.500 € 6" beside its project read in the page), which would stand
    apart from its row as a line of its own."""
    up = top + min(found["top"][i] for i in rows)
    down = top + max(found["top"][i] + found["height"][i] for i in rows)
    return any(min(down, bottom) - max(up, upper) > ROW_OVERLAP * (down - up) for _, upper, _, bottom in boxes)


def _after_line_above(data: dict, top: int) -> int:
    """The index in the word table right after the last word of the line that ends highest
    above row ``top`` (0 when no line does)."""
    best, best_bottom = None, None
    for i, level in enumerate(data.get("level", [])):
        if level != WORD_LEVEL or not str(data["text"][i]).strip():
            continue
        bottom = data["top"][i] + data["height"][i]
        if bottom <= top and (best_bottom is None or bottom > best_bottom):
            best, best_bottom = i, bottom
    if best is None:
        return 0
    key = tuple(data[k][best] for k in ("page_num", "block_num", "par_num", "line_num"))
    return 1 + max(i for i in range(len(data["level"]))
                   if tuple(data[k][i] for k in ("page_num", "block_num", "par_num", "line_num")) == key)
