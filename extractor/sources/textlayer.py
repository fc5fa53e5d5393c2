"""Page text from a PDF's text layer, and whether that text can be trusted.

The glyphs come from PDFium (``pdfium_text``); they are grouped into lines and paragraphs here
exactly as pdfplumber's ``extract_text_lines()`` grouped the glyphs pdfminer read, which the
project used until pdfminer's cost (50-85 ms a page, against 5-10 ms now) made text-layer
PDFs slow.  The grouping is pure Python over plain records, so it is tested without PDFs.

A scanned PDF often has no text layer, one of undecodable glyphs (no Unicode mapping: U+FFFD
here, ``(cid:NN)`` in pdfminer), or the scanner's own poor OCR: too many of its words are not
German words.  Such pages are OCRed instead.  A page whose text PDFium cannot load or decode is
first read again by pdfplumber (``plumber``), the project's earlier reader, and kept when that
reading is real text.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from itertools import groupby
from operator import attrgetter
from statistics import median

from ..normalize.words import correct_word, is_word
from ..records import Line
from . import pdfium_text, plumber
from .pdfium_text import Glyph

log = logging.getLogger(__name__)

REASON_TEXT_LAYER = "text_layer"
REASON_SECOND_READER = "text_layer_pdfplumber"  # PDFium could not read it, pdfplumber could
REASON_NO_TEXT = "no_text_layer"
REASON_CID = "cid_glyphs"
REASON_PAGE_ERROR = "text_layer_error"  # PDFium could not read this page's text
REASON_SIDEWAYS = "text_layer_sideways"  # most glyphs run vertically on the displayed page
REASON_OOV = "text_layer_oov"  # too many of its words are not German words
REASON_OOV_KEPT = "text_layer_oov_kept"  # as poor, but OCR of the page read no better
REASON_DISAGREES = "text_layer_disagrees"  # an OCR sample of the page image does not read the layer's words

CID = re.compile(r"\(cid:\d+\)")
EXTRA_GAP = 0.4  # whitespace beyond the usual line gap, in line heights, that starts a paragraph

# A word for the out-of-vocabulary rate: 4 or more letters, not glued to a digit or a hyphen
# (a word broken at the line end, or the first half of "Ausbildungs- und", is not judged).
WORD = re.compile(r"(?<![\w-])[^\W\d_]{4,}(?![\w-])")
LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-\n(?=[^\W\d_])")
MIN_JUDGED_WORDS = 30  # fewer words say too little about a layer's quality
# Clean agreements run 0-9 % unknown words (names, compounds, abbreviations); a scanner's
# OCR layer with one error in eight words runs 11-17 %.
MAX_UNKNOWN_SCANNED = 0.10
# Without a page image the text was typeset, not recognised: only a broken font encoding is this bad.
MAX_UNKNOWN_TYPESET = 0.35
MIN_PAGE_IMAGE_SHARE = 0.5  # an image covering this share of the page makes it a scan
SAMPLE_LINES = 6  # lines of a scanned page's layer compared with OCR of the same strip
MIN_SAMPLE_WORDS = 12  # a strip with fewer words (of 4+ characters) is not compared
# Share of the strip's layer words OCR must read too.  A layer of the page agrees at 0.75-1
# even when both sides misread a word in eight; another page of an agreement shares at most
# a quarter of its words (Landkreis, Förderung, Ausbildung).
MIN_AGREEMENT = 0.5


@dataclass(frozen=True)
class LayerPage:
    """What the text layer of one page holds and whether it can be used."""

    lines: tuple[Line, ...]  # the layer's lines, also when they are not usable (then maybe ())
    reason: str  # REASON_TEXT_LAYER when usable, else why not
    scanned: bool = False  # the page is mostly one image: its text layer came from a scanner's OCR
    unknown_share: float | None = None  # share of words not in the German word list; None when too few
    size: tuple[float, float] | None = None  # width and height in points, as displayed; None when unreadable

    @property
    def usable(self) -> bool:
        return self.reason in (REASON_TEXT_LAYER, REASON_SECOND_READER)


def page_text_layer(document: pdfium_text.Document, index: int, *, min_chars: int,
                    path: Path | None = None) -> LayerPage:
    """The text layer of page ``index`` (0-based), with its lines when it is real text.

    A page whose text PDFium cannot load, or whose glyphs it cannot decode, is read again with
    pdfplumber (``plumber``) when ``path`` is given; that reading is kept if it is real text.
    """
    try:
        layer = pdfium_text.read_page_layer(document, index)
    except pdfium_text.PageUnreadable as e:  # a page PDFium cannot load is OCRed, if it can be rendered
        log.warning("page %d: text layer unreadable (%s)", index + 1, e)
        judged = LayerPage((), REASON_PAGE_ERROR)
    else:
        judged = judge_layer(layer, page=index + 1, min_chars=min_chars)
    if judged.reason in (REASON_PAGE_ERROR, REASON_CID) and path is not None:
        second = second_reading(plumber.read_page(path, index), page=index + 1, min_chars=min_chars)
        if second is not None and second.usable:
            log.info("page %d: text layer read by pdfplumber (PDFium: %s)", index + 1, judged.reason)
            return second
    return judged


def second_reading(read: plumber.PlumberPage | None, *, page: int, min_chars: int) -> LayerPage | None:
    """pdfplumber's reading of a page, judged as PDFium's is; None when there is none."""
    if read is None:
        return None
    layer = pdfium_text.PageLayer((), read.width, read.height, read.images)
    return _judged(read.rows, layer, sideways=read.sideways, page=page, min_chars=min_chars,
                   usable=REASON_SECOND_READER)


def judge_layer(layer: pdfium_text.PageLayer, *, page: int, min_chars: int) -> LayerPage:
    """Lines of a page's glyphs, and whether they are real text: not sideways, decodable, German."""
    sideways = sum(1 for glyph in layer.glyphs if not glyph.upright) > len(layer.glyphs) / 2
    rows = [] if sideways else text_rows(layer.glyphs)  # sideways lines would come out one word each
    return _judged(rows, layer, sideways=sideways, page=page, min_chars=min_chars, usable=REASON_TEXT_LAYER)


def _judged(rows: list[dict], layer: pdfium_text.PageLayer, *, sideways: bool, page: int, min_chars: int,
            usable: str) -> LayerPage:
    """A reader's text lines of a page judged: sideways, undecodable, too little, not German, or ``usable``."""
    scanned = has_page_image(layer)
    size = (layer.width, layer.height)
    if sideways:
        return LayerPage((), REASON_SIDEWAYS, scanned, size=size)
    lines = lines_from_rows(rows, page=page)
    text = "\n".join(line.text for line in lines)
    problem = text_problem(text, min_chars)
    if problem is not None:
        return LayerPage((), problem, scanned, size=size)
    share = unknown_share(text)
    limit = MAX_UNKNOWN_SCANNED if scanned else MAX_UNKNOWN_TYPESET
    if share is not None and share > limit:
        return LayerPage(lines, REASON_OOV, scanned, share, size)
    return LayerPage(lines, usable, scanned, share, size)


def has_page_image(layer: pdfium_text.PageLayer) -> bool:
    """Whether one image covers most of the page (MIN_PAGE_IMAGE_SHARE of it, clipped to the page), as on a scan.

    >>> has_page_image(pdfium_text.PageLayer((), 100.0, 100.0, ((-5.0, 0.0, 60.0, 100.0),)))
    True
    >>> has_page_image(pdfium_text.PageLayer((), 100.0, 100.0, ((0.0, 0.0, 40.0, 100.0), (40.0, 0.0, 80.0, 100.0))))
    False
    """
    area = layer.width * layer.height
    for x0, top, x1, bottom in layer.images:
        width = min(x1, layer.width) - max(x0, 0)
        height = min(bottom, layer.height) - max(top, 0)
        if width > 0 and height > 0 and width * height >= MIN_PAGE_IMAGE_SHARE * area:
            return True
    return False


def unknown_share(text: str, *, repaired: bool = False) -> float | None:
    """Share of the words of ``text`` (4+ letters, not all capitals) that are not German; None for too few.

    With ``repaired``, a word that one known OCR confusion turns into a German word counts as
    known, as the word repair of ``normalize`` will read it so (Förderunq -> Förderung).

    >>> unknown_share("Die Zielvereinbarung regelt die Förderung der Ausbildung " * 8)
    0.0
    >>> unknown_share("Dic Zielvcreinbarunq regclt die Förderunq der Ausbildung " * 8)
    0.75
    >>> unknown_share("Seite eins") is None
    True
    """
    words = [word for word in WORD.findall(LINE_END_HYPHEN.sub("", text)) if not word.isupper()]
    if len(words) < MIN_JUDGED_WORDS:
        return None
    unknown = [word for word in words if not known_word(word)]
    if repaired:
        unknown = [word for word in unknown if not known_word(correct_word(word))]
    return len(unknown) / len(words)


@lru_cache(maxsize=65536)
def known_word(word: str) -> bool:
    """A German word, or a compound of German words of 4+ letters (Teilzeit|ausbildungen).

    >>> known_word("Sprachförderangebote"), known_word("Sprachfördcrangebote")
    (True, False)
    """
    if is_word(word):
        return True
    for i in range(4, len(word) - 3):
        head, tail = word[:i], word[i:]
        if (is_word(head) or (head.endswith("s") and is_word(head[:-1]))) and known_word(tail.capitalize()):
            return True
    return False


def sample_band(lines: tuple[Line, ...]) -> tuple[tuple[float, float, float, float], list[str]] | None:
    """A band of SAMPLE_LINES consecutive lines from the upper middle of the page: its bbox and words.

    None when the page has too few words for a sample to say anything.
    """
    rows = [line for line in lines if line.text and line.bbox is not None]
    start = max(0, len(rows) // 3 - SAMPLE_LINES // 2)
    band = rows[start : start + SAMPLE_LINES]
    words = sample_words(" ".join(line.text for line in band))
    if len(words) < MIN_SAMPLE_WORDS:
        return None
    box = (
        min(line.bbox[0] for line in band),
        min(line.bbox[1] for line in band),
        max(line.bbox[2] for line in band),
        max(line.bbox[3] for line in band),
    )
    return box, words


def sample_words(text: str) -> list[str]:
    """Words for comparing a layer with OCR: lower case, letters and digits only, 4+ characters.

    Short words (der, und, in) are left out: any two German pages share them.
    """
    words = ("".join(ch for ch in word if ch.isalnum()).lower() for word in text.split())
    return [word for word in words if len(word) >= 4]


def agreement(layer_words: list[str], ocr_words: list[str]) -> float:
    """Share of the layer's words that OCR read too, in any order (1.0 for no words).

    Order is ignored because OCR may read a table or two columns column by column.

    >>> agreement(["ziele", "landes", "werden", "erreicht"], ["erreicht", "zicle", "landes", "werden"])
    0.75
    """
    if not layer_words:
        return 1.0
    return sum((Counter(layer_words) & Counter(ocr_words)).values()) / len(layer_words)


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


# pdfplumber's tolerances (x_tolerance, y_tolerance), in points: glyphs whose tops lie within this
# of each other share a line; a horizontal gap wider than this between two glyphs separates words.
LINE_TOLERANCE = 3.0
WORD_GAP = 3.0
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
EXPAND_LIGATURES = str.maketrans(LIGATURES)  # glyph texts are single characters, so per glyph as pdfplumber


def text_rows(glyphs: Sequence[Glyph]) -> list[dict]:
    """Glyphs grouped into text lines as pdfplumber's ``extract_text_lines()`` groups them.

    Each row is ``{"text", "x0", "top", "x1", "bottom"}``; words are joined by one space.  The
    steps are pdfplumber's (0.11, default settings), so a page reads as it always did:

    1. runs of glyphs of the same orientation (upright or not), in drawing order;
    2. within a run, glyphs whose tops (x0 when not upright) chain within LINE_TOLERANCE form a
       line, lines in that order, glyphs in a line by x0 (top when not upright);
    3. a line's glyphs split into words at whitespace glyphs, at a gap wider than WORD_GAP, and
       at a glyph out of line by more than LINE_TOLERANCE;
    4. consecutive words whose tops chain within LINE_TOLERANCE are one row.

    >>> g = lambda t, x, top=0.0: Glyph(t, x, top, x + 5, top + 10, True)
    >>> [r["text"] for r in text_rows([g("b", 15), g("a", 10), g("c", 40), g("z", 0, 14)])]
    ['ab c', 'z']
    """
    words: list[tuple[str, float, float, float, float]] = []
    for upright, run in groupby(glyphs, key=attrgetter("upright")):
        for line in _glyph_lines(list(run), upright):
            words.extend(_words(line, upright))
    tops = _clusters([word[2] for word in words])
    rows = []
    for _, row in groupby(words, key=lambda word: tops[word[2]]):
        row = list(row)
        rows.append({
            "text": " ".join(word[0] for word in row),
            "x0": min(word[1] for word in row),
            "top": min(word[2] for word in row),
            "x1": max(word[3] for word in row),
            "bottom": max(word[4] for word in row),
        })
    return rows


def _clusters(values: list[float]) -> dict[float, int]:
    """Each value's cluster: the distinct values sorted, a new cluster where one is more than LINE_TOLERANCE above the last."""
    cluster, last, number = {}, None, -1
    for value in sorted(set(values)):
        if last is None or value > last + LINE_TOLERANCE:
            number += 1
        cluster[value] = number
        last = value
    return cluster


def _glyph_lines(glyphs: list[Glyph], upright: bool) -> list[list[Glyph]]:
    """The lines of a run of glyphs, top to bottom (left to right when not upright), each in reading order."""
    across = [glyph.top for glyph in glyphs] if upright else [glyph.x0 for glyph in glyphs]
    cluster = _clusters(across)
    line_of = [cluster[value] for value in across]
    order = sorted(range(len(glyphs)), key=line_of.__getitem__)  # stable: drawing order within a line
    along = attrgetter("x0") if upright else attrgetter("top", "bottom")
    return [sorted([glyphs[i] for i in line], key=along) for _, line in groupby(order, key=line_of.__getitem__)]


def _words(line: list[Glyph], upright: bool) -> list[tuple[str, float, float, float, float]]:
    """The words of one line as (text, x0, top, x1, bottom): 2,000 glyphs a page, so one plain loop."""
    words, word = [], []
    previous = None
    for glyph in line:
        text, x0, top, x1, bottom, _ = glyph
        if text.isspace():
            if word:
                words.append(_word(word))
                word = []
            previous = None
            continue
        if previous is not None and (
            (x0 < p_x0 or x0 > p_x1 + WORD_GAP or abs(top - p_top) > LINE_TOLERANCE)
            if upright else
            (top < p_top or top > p_bottom + WORD_GAP or abs(x0 - p_x0) > LINE_TOLERANCE)
        ):
            words.append(_word(word))
            word = []
        word.append(glyph)
        previous, p_x0, p_top, p_x1, p_bottom = glyph, x0, top, x1, bottom
    if word:
        words.append(_word(word))
    return words


def _word(glyphs: list[Glyph]) -> tuple[str, float, float, float, float]:
    texts, x0s, tops, x1s, bottoms, _ = zip(*glyphs)
    return "".join(texts).translate(EXPAND_LIGATURES), min(x0s), min(tops), max(x1s), max(bottoms)


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
