"""Roman numerals read again from the shapes of their glyphs.

Tesseract's German model misreads Roman numerals in print it reads well otherwise: on clean
300 dpi lines "SGB II/SGB VIII" comes out as ``SGB IV/SGB VIII``, ``SGB I/SGB VII``, ``SGB
IVSGB VII``; "III" as ``Ill``, ``IT`` or ``II``.  Its language model has little to go on in a
string of bars, and the errors look like other valid numerals, so neither a word list nor the
batch can tell them from another phase of a project ("Fit für den Beruf I" and "II").

The glyphs themselves can.  I, V and X are shapes simple enough to tell apart by measurement:
a bar as wide as the strokes of its word, two strokes meeting below (V) or crossing (X).  So a
word Tesseract read as a numeral (or a numeral glued to what follows: ``IVSGB``) is cut out of
the page at its box, split into glyphs, and each glyph classified.  Only when every glyph up to
the end of the word, or up to a slash, is classified, and they spell a valid numeral, does the
reading stand: it replaces Tesseract's if they differ.  Anything else (touching glyphs, broken
strokes of a fax, a letter, a digit) leaves the word as Tesseract read it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from . import images

# A word that may hold a Roman numeral: numeral letters (with Tesseract's stand-ins for a bar,
# l | !) at its start, then nothing, punctuation, a slash, or a capital glued on ("IVSGB").
# Digits alone are never candidates: amounts, dates and section numbers are not touched.
PUNCT = r"[.,;:!)]"  # what may follow a numeral ("SGB II,", "III.", "(Phase II)")
CANDIDATE = re.compile(rf"^(?P<numeral>[IVXl1|!]*[IVX][IVXl1|!]*)(?P<rest>|{PUNCT}+|/.*|[A-ZÄÖÜ].*)$")
TRAILING = re.compile(rf"{PUNCT}*$")
PUNCTUATION = re.compile(rf"{PUNCT}+")
ROMAN = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")

MAIN_HEIGHT = 0.75  # a glyph at least this share of the word's tallest is a capital (or a slash)
SPECK_HEIGHT = 0.4  # below this share a piece is a dot, a comma or a speck; between the two a small letter
MERGE_OVERLAP = 0.5  # pieces overlapping by this share of the narrower one in x ...
STACK_OVERLAP = 0.3  # ... and by less than this share of the lower one in y are one glyph
FOOT = 0.4  # share of a glyph's height at the bottom where a slash begins (foot_first)
SERIF_ZONE = 0.2  # share of a glyph's height at top and bottom where serifs may join two glyphs
BAR_WIDTH = 1.8  # an I's middle is at most this many stroke widths wide
BAR_SHAPE = 0.6  # and the I, serifs and all, at most this share of its height
UPRIGHT = 0.35  # an I's top, middle and bottom centres line up within this share of a stroke (+1 px)
EDGE_WOBBLE = 0.25  # see straight()
SYMMETRY = 0.2  # a V's (and an X's middle and top) by at most this share of its width (+1 px)
SLASH_SHIFT = 0.5  # a slash's top centre sits right of its bottom centre by this share of (width - stroke)
MIN_PIXELS = 8  # a word box lower than this (pixels) is too small to measure
PAD = 2  # pixels added around Tesseract's word box
WORD_LEVEL = 5  # row level of a word in Tesseract's table
GLYPH_CONFIDENCE = 90.0  # Tesseract's scale: a word whose numeral the glyphs spelled


@dataclass(frozen=True)
class Bands:
    """Ink of a glyph measured in three horizontal bands: runs per row, span and centre."""

    runs: tuple[float, float, float]  # mean number of ink runs per row: top, middle, bottom
    span: tuple[float, float, float]  # mean width from the first to the last ink pixel
    centre: tuple[float, float, float]  # mean centre of that span


TOP, MIDDLE, BOTTOM = 0, 1, 2


def classify(glyph: np.ndarray, stroke: float) -> str:
    """"I", "V", "X", "/" or "?" for a tight boolean glyph (True = ink); ``stroke`` in pixels.

    Serifs are allowed: an I is judged by its straight middle, its top and bottom by how they line up.
    """
    if glyph.shape[0] < MIN_PIXELS:
        return "?"
    b = bands(glyph)
    if min(b.runs) < 0.9:
        return "?"  # a band without ink in most rows: no stroke runs through the glyph's height
    if _bar(glyph, b, stroke):
        return "I"
    if _vee(glyph, b):
        return "V"
    if _cross(glyph, b):
        return "X"
    if _slash(glyph, b, stroke):
        return "/"
    return "?"


def _bar(glyph: np.ndarray, b: Bands, stroke: float) -> bool:
    height, width = glyph.shape
    return (max(b.runs) <= 1.1 and b.span[MIDDLE] <= BAR_WIDTH * stroke and width <= BAR_SHAPE * height
            and abs(b.centre[TOP] - b.centre[BOTTOM]) <= UPRIGHT * stroke + 1
            and abs(b.centre[MIDDLE] - (b.centre[TOP] + b.centre[BOTTOM]) / 2) <= UPRIGHT * stroke + 1
            and straight(glyph, stroke))


def _vee(glyph: np.ndarray, b: Bands) -> bool:
    """Two strokes at the top and in the middle, meeting below, the point under the middle of the top."""
    return (1.9 <= b.runs[TOP] <= 2.1 and 1.9 <= b.runs[MIDDLE] <= 2.1
            and b.span[BOTTOM] <= 0.6 * b.span[TOP]
            and abs(b.centre[TOP] - b.centre[BOTTOM]) <= SYMMETRY * glyph.shape[1] + 1)


def _cross(glyph: np.ndarray, b: Bands) -> bool:
    """Two strokes at top and bottom crossing in the middle, one above the other."""
    return (b.runs[TOP] >= 1.9 and b.runs[BOTTOM] >= 1.9 and b.runs[MIDDLE] <= 1.1
            and b.span[MIDDLE] <= 0.6 * min(b.span[TOP], b.span[BOTTOM])
            and abs(b.centre[MIDDLE] - b.centre[TOP]) <= SYMMETRY * glyph.shape[1] + 1)


def _slash(glyph: np.ndarray, b: Bands, stroke: float) -> bool:
    """One stroke leaning right: its top right of its bottom by most of the glyph's width, and no
    bar along its top or bottom edge (Z)."""
    height, width = glyph.shape
    edge = max(int(0.1 * height), 1)
    bar = max(_span(row) for row in np.concatenate([glyph[:edge], glyph[-edge:]]))
    return (max(b.runs) <= 1.1 and b.span[TOP] <= 0.6 * width and b.span[BOTTOM] <= 0.6 * width
            and bar <= 0.6 * width and b.centre[TOP] - b.centre[BOTTOM] >= SLASH_SHIFT * (width - stroke))


def _span(row: np.ndarray) -> int:
    xs = np.flatnonzero(row)
    return int(xs[-1] - xs[0] + 1) if xs.size else 0


def straight(glyph: np.ndarray, stroke: float) -> bool:
    """Whether the glyph's left and right edges run straight down its middle 60 % (an arc's do not):
    their 10th to 90th percentile range within ``EDGE_WOBBLE`` of a stroke plus 1.5 px."""
    height = glyph.shape[0]
    rows = glyph[int(0.2 * height): max(int(0.8 * height), int(0.2 * height) + 1)]
    rows = rows[rows.any(axis=1)]
    if rows.shape[0] == 0:
        return False
    left = rows.argmax(axis=1)
    right = rows.shape[1] - 1 - rows[:, ::-1].argmax(axis=1)
    limit = EDGE_WOBBLE * stroke + 1.5
    return all(np.subtract(*np.percentile(edge, [90, 10])) <= limit for edge in (left, right))


def bands(glyph: np.ndarray) -> Bands:
    """Runs, span and centre of the ink in the top (10-30 %), middle (40-60 %) and bottom (70-90 %) rows."""
    height = glyph.shape[0]
    out: list[tuple[float, float, float]] = []
    for lo, hi in ((0.1, 0.3), (0.4, 0.6), (0.7, 0.9)):
        rows = glyph[int(lo * height): max(int(hi * height), int(lo * height) + 1)]
        runs, spans, centres = [], [], []
        for row in rows:
            xs = np.flatnonzero(row)
            if xs.size == 0:
                continue
            runs.append(1 + int(np.count_nonzero(np.diff(xs) > 1)))
            spans.append(xs[-1] - xs[0] + 1)
            centres.append((xs[-1] + xs[0]) / 2)
        out.append((float(np.mean(runs)), float(np.mean(spans)), float(np.mean(centres)))
                   if runs else (0.0, 0.0, 0.0))
    runs, spans, centres = zip(*out)
    return Bands(runs, spans, centres)


def stroke_width(ink: np.ndarray) -> float:
    """The typical stroke width of a word: the median length of its horizontal ink runs."""
    lengths = []
    for row in ink:
        padded = np.concatenate(([0], row.astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(padded))
        lengths.extend(edges[1::2] - edges[::2])
    return float(np.median(lengths)) if lengths else 0.0


def glyphs(ink: np.ndarray) -> list[np.ndarray | None]:
    """The word's glyphs left to right, each cut tight: None for a small letter; dots, commas and
    specks left out.  Pieces stacked in one column are one glyph (the dot of an i, a stroke broken
    in a fax)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    boxes = [list(stats[i, :4]) + [i] for i in range(1, count)]  # x, y, w, h, label
    if not boxes:
        return []
    groups: list[list] = []
    for box in sorted(boxes, key=lambda b: b[0]):
        if groups and _stacked(groups[-1], box):
            groups[-1].append(box)
        else:
            groups.append([box])
    cut = []
    for group in groups:
        cut.append(_tight(np.isin(labels, [b[4] for b in group])))
    tallest = max(g.shape[0] for g in cut)
    return [g if g.shape[0] >= MAIN_HEIGHT * tallest else None for g in cut if g.shape[0] >= SPECK_HEIGHT * tallest]


def _stacked(group: list, box: list) -> bool:
    """Whether a piece lies above or below a group of pieces, overlapping it in x, not beside it."""
    x0, x1 = min(b[0] for b in group), max(b[0] + b[2] for b in group)
    y0, y1 = min(b[1] for b in group), max(b[1] + b[3] for b in group)
    across = min(x1, box[0] + box[2]) - max(x0, box[0])
    along = min(y1, box[1] + box[3]) - max(y0, box[1])
    return across > MERGE_OVERLAP * min(x1 - x0, box[2]) and along < STACK_OVERLAP * min(y1 - y0, box[3])


def split_at_serifs(glyph: np.ndarray, stroke: float) -> list[np.ndarray]:
    """A glyph cut where it is joined only by serifs: at the emptiest column whose ink lies all
    in the top or all in the bottom ``SERIF_ZONE`` of the glyph, at least a stroke in from either
    side.  Serif faces join "II" or "I/" at their feet; a round letter (C, G, O) has ink at the top
    and the bottom of such columns and is not cut.  The glyph comes back whole when no column is such."""
    height, width = glyph.shape
    margin = max(int(round(stroke)), 1)
    zone = max(int(SERIF_ZONE * height), 1)
    above, below = glyph[: height - zone], glyph[zone:]
    best = None
    for x in range(margin, width - margin):
        if not above[:, x].any() or not below[:, x].any():
            count = int(glyph[:, x].sum())
            if best is None or count < best[0]:
                best = (count, x)
    if best is None:
        return [glyph]
    return [_tight(glyph[:, : best[1]]), _tight(glyph[:, best[1] + 1:])]


def _tight(mask: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(mask)
    return mask[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1] if ys.size else mask


def letters(ink: np.ndarray) -> str:
    """What each glyph of a word is: I, V, X, /, "?" (something else) or "_" (a small letter).

    A glyph that is none of the four is cut where serifs join it (``split_at_serifs``), once,
    and stands as its two parts when both are numeral letters or a slash; one that begins as a
    slash does, with a foot only (a slash joined to the letter after it), is "f".
    """
    stroke = stroke_width(ink)
    out = ""
    for glyph in glyphs(ink):
        if glyph is None:
            out += "_"
            continue
        letter = classify(glyph, stroke)
        if letter == "?":
            parts = [classify(part, stroke) if part.shape[0] >= MAIN_HEIGHT * glyph.shape[0] else "?"
                     for part in split_at_serifs(glyph, stroke)]
            if len(parts) == 2 and "?" not in parts:
                letter = "".join(parts)
            elif foot_first(glyph, stroke):
                letter = "f"
        out += letter
    return out


def foot_first(glyph: np.ndarray, stroke: float) -> bool:
    """Whether a glyph's first half stroke width of columns holds ink only in its lowest ``FOOT`` share,
    and its top begins a stroke and a half further right: how a slash begins, not a bar (full height),
    a round letter (middle) or Z (a bar at the bottom and at the top)."""
    columns = glyph[:, : max(int(round(stroke / 2)), 1)]
    rows = np.flatnonzero(columns.any(axis=1))
    top = glyph[: max(int(0.1 * glyph.shape[0]), 1)]
    starts = np.flatnonzero(top.any(axis=0))  # a slash's top lies right of its foot; Z's bar does not
    return (rows.size > 0 and rows[0] >= (1 - FOOT) * glyph.shape[0]
            and starts.size > 0 and starts[0] >= 1.5 * stroke)


def read_glyphs(crop: np.ndarray, slash_read: bool = False, punctuation_read: bool = False) -> str | None:
    """The numeral a grey word crop starts with, with "/" when a slash follows it; None when unsure.

    ``slash_read``: Tesseract read a slash after the numeral; then a glyph beginning as a slash
    does (``foot_first``) is taken for one joined to the next letter.  ``punctuation_read``: it
    read punctuation after it; then small glyphs may end the word (a colon's two dots stand as
    tall as a small letter).
    """
    if crop.ndim != 2 or crop.shape[0] < MIN_PIXELS or crop.shape[1] < 2:
        return None
    threshold, _ = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = crop < threshold
    if not ink.any() or ink.all():
        return None
    ends = "/|_*$" if punctuation_read else "/|$"
    found = re.match(rf"([IVX]+)({ends}|f)" if slash_read else rf"([IVX]+)({ends})", letters(ink))
    if found is None or not ROMAN.match(found[1]):
        return None
    return found[1] + ("" if found[2].strip("_") == "" else "/")


def reread_word(text: str, crop: np.ndarray) -> str:
    """A word with the numeral it starts with read from its glyphs, or as it was when they don't tell.

    >>> import numpy as np
    >>> reread_word("Inhouse", np.zeros((20, 20), np.uint8))
    'Inhouse'
    """
    reading = glyph_reading(text, crop)
    return text if reading is None else reading


def glyph_reading(text: str, crop: np.ndarray) -> str | None:
    """The word with the numeral it starts with read from its glyphs; None when they don't tell."""
    match = CANDIDATE.match(text)
    if match is None:
        return None
    rest = match["rest"]
    glyph_reading = read_glyphs(crop, slash_read=rest.startswith("/"),
                                punctuation_read=bool(PUNCTUATION.fullmatch(rest)))
    if glyph_reading is None:
        return None
    if glyph_reading.endswith("/"):
        return glyph_reading + rest.lstrip("/")
    if rest.startswith("/"):
        return None  # Tesseract saw a slash the glyphs did not
    # the glyphs fill the word: letters Tesseract read after the numeral were more of it ("IT")
    return glyph_reading + (TRAILING.search(rest)[0] if rest[:1].isalpha() else rest)


def reread_numerals(data: dict, image: Image.Image) -> dict:
    """Tesseract's word table (pytesseract's dict) with numeral words read again from their glyphs.

    A word whose numeral the glyphs spell, as Tesseract read it or otherwise, gets at least the
    confidence ``GLYPH_CONFIDENCE``: two readings by different means (Tesseract's model, the
    strokes' geometry) that agree confirm each other.  The table is returned as it came when
    nothing changed.
    """
    pixels = None
    changed: dict[int, str] = {}
    for i, text in enumerate(data.get("text", [])):
        word = str(text).strip()
        if data["level"][i] != WORD_LEVEL or not CANDIDATE.match(word):
            continue
        if pixels is None:
            pixels = np.asarray(images.grey(image))
        left, top = max(data["left"][i] - PAD, 0), max(data["top"][i] - PAD, 0)
        right, bottom = data["left"][i] + data["width"][i] + PAD, data["top"][i] + data["height"][i] + PAD
        reading = glyph_reading(word, pixels[top:bottom, left:right])
        if reading is not None and (reading != word or float(data["conf"][i]) < GLYPH_CONFIDENCE):
            changed[i] = reading
    if not changed:
        return data
    out = {key: list(values) for key, values in data.items()}
    for i, reading in changed.items():
        out["text"][i] = reading
        out["conf"][i] = max(float(out["conf"][i]), GLYPH_CONFIDENCE)
    return out
