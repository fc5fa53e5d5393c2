"""Page text from a PDF's text layer (pdfplumber), and whether that text can be trusted.

A scanned PDF often has no text layer, one made of undecodable ``(cid:NN)`` glyphs, or the
scanner's own poor OCR: too many of its words are not German words.  Such pages are OCRed
instead.  pdfminer is stricter than PDFium about damaged files, so its failures are not
fatal here: the page (or document) falls back to OCR.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import median

import pdfplumber

from ..normalize.words import correct_word, is_word
from ..records import Line

log = logging.getLogger(__name__)

REASON_TEXT_LAYER = "text_layer"
REASON_NO_TEXT = "no_text_layer"
REASON_CID = "cid_glyphs"
REASON_PAGE_ERROR = "text_layer_error"  # pdfminer failed on this page's content
REASON_UNREADABLE = "text_layer_unreadable"  # pdfminer could not open the document at all
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

    @property
    def usable(self) -> bool:
        return self.reason == REASON_TEXT_LAYER


def open_text_layer(path: Path) -> pdfplumber.PDF | None:
    """Open the PDF with pdfplumber, or return None (with a warning) when pdfminer cannot parse it."""
    try:
        pdf = pdfplumber.open(path)
        pdf.pages  # noqa: B018  (walks the page tree, where damaged files fail)
        return pdf
    except Exception as e:  # pdfminer raises many kinds on damaged files; OCR can still do
        log.warning("%s: text layer unreadable, OCRing every page (%s: %s)", path.name, type(e).__name__, e)
        return None


def page_text_layer(pdf: pdfplumber.PDF | None, index: int, *, min_chars: int) -> LayerPage:
    """The text layer of page ``index`` (0-based), with its lines when it is real text."""
    if pdf is None or index >= len(pdf.pages):
        return LayerPage((), REASON_UNREADABLE)
    page = pdf.pages[index]
    try:
        rows = page.extract_text_lines(strip=True, return_chars=False)
        sideways = sum(1 for char in page.chars if not char.get("upright", True)) > len(page.chars) / 2
        scanned = has_page_image(page)
    except Exception as e:  # a broken content stream on one page should not sink the document
        log.warning("page %d: text layer unreadable (%s: %s)", index + 1, type(e).__name__, e)
        return LayerPage((), REASON_PAGE_ERROR)
    finally:
        page.close()  # drop pdfplumber's per-page object cache
    if sideways:  # lines would come out one word each; OCR turns the page upright instead
        return LayerPage((), REASON_SIDEWAYS, scanned)
    lines = lines_from_rows(rows, page=index + 1)
    text = "\n".join(line.text for line in lines)
    problem = text_problem(text, min_chars)
    if problem is not None:
        return LayerPage((), problem, scanned)
    share = unknown_share(text)
    limit = MAX_UNKNOWN_SCANNED if scanned else MAX_UNKNOWN_TYPESET
    if share is not None and share > limit:
        return LayerPage(lines, REASON_OOV, scanned, share)
    return LayerPage(lines, REASON_TEXT_LAYER, scanned, share)


def has_page_image(page: pdfplumber.page.Page) -> bool:
    """Whether one image covers most of the page, as on a scan (the objects are parsed already)."""
    area = float(page.width) * float(page.height)
    for image in page.images:
        width = min(image["x1"], page.width) - max(image["x0"], 0)
        height = min(image["bottom"], page.height) - max(image["top"], 0)
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
