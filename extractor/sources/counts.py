"""Participant counts of table rows read again on their own, digits only.

Tesseract reads a table row's count cell worst of all its cells: a number of one or two digits
standing alone far right of the amount, with nothing around it for the language model to go on.
On 200 dpi and 1-bit scans it comes out as specks (``[:}``, ``R:)``, ``Dr``, ``T:``), loses a
digit (``4`` for ``44``) or is read at a confidence the review must doubt.  Read again as a
line of its own with only digits allowed, the same ink often reads plainly.

A cell worth reading again is what stands in a row after its amount across a column's gap
(``count_cells``): at most a few characters, and not a number read at 0.95 or more.  The cells
of a page are cut out of the page image, cleaned of what is not their glyphs (``glyphs_only``:
a table's rules touching the digits, glyphs of the rows above and below), stacked on one white
image (``stack``) and read in one Tesseract run, so a page costs one more run however many rows
it has, and a page without such cells none.  ``weigh`` sets the two readings against each
other: the same digits read surely twice are confirmed; specks or letters give way to the
digits read, as a doubtful count; two different numbers are doubtful when the second is sure.
This module is pure: ``tesseract.py`` runs Tesseract.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from ..parse.amounts import find_money
from .numerals import WORD_LEVEL
COLUMN_GAP = 1.5  # line heights between the amount and the cell: a table's column gap, not a word space
MAX_CELL_CHARS = 8  # more than this after an amount is running text, not a count cell
SURE = 85.0  # Tesseract's scale: a reading this sure may confirm or contradict the other (as amounts.SURE_NUMBER)
# A number read at least this surely is not read again: of 585 such cells of 98 hard-set documents
# the second reading corrected none (and contradicted one, wrongly); skipping them spares a clean
# page's table the second Tesseract run, which costs about a quarter of a page's OCR
SETTLED = 95.0
DIGITS_ONLY = "0123456789"
PSM = 6  # the stack is one block of lines
PAD = 0.35  # line heights of the page added above and below a cell
REACH = 1.0  # and left and right of it: the boxes of specks need not hold the digits they were read from
SLOT = 2.0  # line heights each cell takes in the stack: the cell and white space below it
MARGIN = 1.0  # line heights of white around the stack
MIN_GLYPH = 0.3  # a piece of ink lower than this share of a line height ...
FLAT = 0.8  # ... and at least this wide is part of a rule
RULE = 1.5  # a horizontal stroke at least this many line heights long is a table's rule, not a digit's
COUNT = re.compile(r"^\d{1,4}$")
LONE_NUMBER = re.compile(r"[^\d]*?(\d{1,4})[^\d]*")  # one run of digits, specks about it ("54°", "31 u")
# a count the second reading gave where the first read none, or read another number: doubtful
DOUBTFUL = 60.0
# both readings agree: as sure as the surer of the two, at least this
CONFIRMED = 90.0
# The width over the height of a cell's ink beyond which it holds more than one digit.  Both
# readings drop the thin "1" of "41" or one of two like digits ("4" for "44"), each at up to 0.95:
# over the count cells of 81 hard-set documents, one digit's ink was at most 0.82 as wide as it
# is tall (but where specks stood beside it), two digits' at least 0.89, and every one-digit
# reading of a two-digit count (35) at least 0.93.
ONE_DIGIT_SHAPE = 0.86
# The least height a digit's ink is measured at, in the row's word heights: lower ink is what
# is left of a glyph a 1-bit scan broke (an "8" left 0.3 high looked two digits wide; one
# digit's ink ran 0.6-1.0 of the row's word height where whole)
DIGIT_HEIGHT = 0.7
# A third reading, of the stack at twice its size (Tesseract reads the small digits of a 200 dpi
# scan surer so), for the cells still unsure after the second: over 421 count cells of 193
# stored hard-set documents it confirmed 29 of the 78 right counts left unsure, and none of the
# 77 wrong ones (nor read a sure third number for them).
UPSCALE = 2


@dataclass(frozen=True)
class Cell:
    """A table row's count cell: the words Tesseract read in it and where to cut it out."""

    words: tuple[int, ...]  # indices into Tesseract's word table, left to right
    box: tuple[int, int, int, int]  # left, top, right, bottom in pixels of the page image
    text: str  # the cell as Tesseract read it in the page
    conf: float  # its lowest word confidence, Tesseract's scale (0-100)
    height: int  # the row's typical word height in pixels


def word_lines(data: dict) -> list[list[int]]:
    """Word indices of Tesseract's table grouped by line, each left to right."""
    by_line: dict[tuple, list[int]] = {}
    for i, level in enumerate(data.get("level", [])):
        if level == WORD_LEVEL and str(data["text"][i]).strip():
            key = (data["page_num"][i], data["block_num"][i], data["par_num"][i], data["line_num"][i])
            by_line.setdefault(key, []).append(i)
    return [sorted(rows, key=lambda i: data["left"][i]) for rows in by_line.values()]


def count_cells(data: dict) -> list[Cell]:
    """The count cells of the page's table rows worth reading again, in Tesseract's order.

    A row is a line with an amount; its cell is the words after the amount (and its currency)
    that begin at least ``COLUMN_GAP`` line heights to its right and hold at most
    ``MAX_CELL_CHARS`` characters.  A number read surely is read again too (Tesseract drops a
    doubled digit, "5" for "55", at 0.93), unless read at ``SETTLED`` or more.
    """
    cells = []
    for rows in word_lines(data):
        words = [" ".join(str(data["text"][i]).split()) for i in rows]
        text = " ".join(words)
        money = find_money(text)
        if not money:
            continue
        # the last word overlapping the amount (its currency included)
        starts = [sum(len(w) + 1 for w in words[:k]) for k in range(len(words))]
        last = max(k for k, start in enumerate(starts) if start < money[-1].end)
        tail = rows[last + 1:]
        if not tail:
            continue
        height = sorted(data["height"][i] for i in rows)[len(rows) // 2]
        gap = data["left"][tail[0]] - (data["left"][rows[last]] + data["width"][rows[last]])
        cell_text = " ".join(words[last + 1:])
        if gap < COLUMN_GAP * height or len(cell_text.replace(" ", "")) > MAX_CELL_CHARS:
            continue
        conf = min(float(data["conf"][i]) for i in tail)
        if COUNT.match(cell_text) and conf >= SETTLED and len(cell_text) > 1:
            continue  # one digit is measured however sure (``ONE_DIGIT_SHAPE``)
        pad, reach = round(PAD * height), round(REACH * height)
        left = max(data["left"][tail[0]] - reach, data["left"][rows[last]] + data["width"][rows[last]] + gap // 2)
        right = max(data["left"][i] + data["width"][i] for i in tail) + reach
        # the band of the row's text: that of a number read in the cell, else the row's middle word's
        band = tail if COUNT.match(cell_text) else [sorted(rows, key=lambda i: data["height"][i])[len(rows) // 2]]
        top = min(data["top"][i] for i in band) - pad
        bottom = max(data["top"][i] + data["height"][i] for i in band) + pad
        cells.append(Cell(tuple(tail), (max(left, 0), max(top, 0), right, bottom), cell_text, conf, height))
    return cells


@dataclass(frozen=True)
class Stack:
    """The cells of a page cut out and stacked on white, one slot of rows each."""

    image: Image.Image
    slots: tuple[tuple[int, int], ...]  # top and bottom row of each cell's slot in the stack
    shapes: tuple[float, ...] = ()  # each cell's ink, width over height (``ink_shape``)


def stack(page: Image.Image, cells: list[Cell]) -> Stack:
    """The cells cut out of the (grey) page image, left-aligned one under another on white."""
    crops = [glyphs_only(page.crop(cell.box).convert("L"), cell.height) for cell in cells]
    height = max(crop.height for crop in crops)
    margin = round(MARGIN * height)
    slot = max(round(SLOT * height), height + 1)
    width = max(crop.width for crop in crops) + 2 * margin
    out = Image.new("L", (width, 2 * margin + slot * len(crops)), 255)
    slots = []
    for k, crop in enumerate(crops):
        top = margin + k * slot
        out.paste(crop, (margin, top))
        slots.append((top - (slot - crop.height) // 2, top + crop.height + (slot - crop.height) // 2))
    return Stack(out, tuple(slots), tuple(ink_shape(crop, cell.height) for crop, cell in zip(crops, cells)))


def ink_shape(crop: Image.Image, height: int) -> float:
    """The width over the height of the ink of a cleaned crop (0 without ink), the height at
    least ``DIGIT_HEIGHT`` of the row's word ``height``.

    >>> crop = Image.new("L", (60, 40), 255); crop.paste(0, (10, 10, 22, 30)); ink_shape(crop, 24)
    0.6
    >>> ink_shape(crop, 40)  # ink lower than a digit: measured against a digit's height
    0.429
    """
    ink = np.asarray(crop.convert("L")) < 128
    columns, rows = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
    if not len(rows):
        return 0.0
    tall = max(float(rows[-1] - rows[0] + 1), DIGIT_HEIGHT * height)
    return round(float(columns[-1] - columns[0] + 1) / tall, 3)


def glyphs_only(crop: Image.Image, height: int) -> Image.Image:
    """A grey crop of a cell with only its glyphs on white: table rules (horizontal strokes
    ``RULE`` line heights long, which touch the digits under them), flat pieces (``MIN_GLYPH``,
    ``FLAT``: what is left of a broken rule) and pieces the crop cut
    at its top or bottom (glyphs of the rows above and below) are whitened."""
    pixels = np.asarray(crop)
    if pixels.size == 0 or height < 2:
        return crop
    threshold, _ = cv2.threshold(pixels, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = (pixels <= threshold).astype(np.uint8)  # as cv2 thresholds: ink at or below (0 for two levels)
    length = max(round(RULE * height), 2)
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    ink[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = np.zeros(count, bool)
    for k in range(1, count):
        top, tall, wide = stats[k, cv2.CC_STAT_TOP], stats[k, cv2.CC_STAT_HEIGHT], stats[k, cv2.CC_STAT_WIDTH]
        flat = tall < MIN_GLYPH * height and wide >= FLAT * height  # a piece of a broken rule, not a 5's bar
        keep[k] = not flat and top > 0 and top + tall < pixels.shape[0]
    out = np.full_like(pixels, 255)
    glyph = keep[labels]
    out[glyph] = pixels[glyph]
    return Image.fromarray(out)


@dataclass(frozen=True)
class Reading:
    text: str  # the digits read in the cell ("" when none)
    conf: float  # lowest word confidence, Tesseract's scale
    words: int  # how many words were read in the cell


def readings(data: dict, slots: tuple[tuple[int, int], ...]) -> list[Reading]:
    """What the digits-only run read in each slot of the stack (by the words' middles)."""
    found: list[list[tuple[str, float]]] = [[] for _ in slots]
    for i, level in enumerate(data.get("level", [])):
        text = str(data["text"][i]).strip()
        if level != WORD_LEVEL or not text:
            continue
        middle = data["top"][i] + data["height"][i] / 2
        for k, (top, bottom) in enumerate(slots):
            if top <= middle < bottom:
                found[k].append((text, float(data["conf"][i])))
                break
    return [Reading("".join(t for t, _ in words), min((c for _, c in words), default=0.0), len(words))
            for words in found]


def weigh(first: str, first_conf: float, second: Reading) -> tuple[str, float] | None:
    """A count cell's text and confidence (Tesseract's scale) from its two readings; None where
    the first reading stands as it was.  Only a second reading of one number counts.

    Both read the same digits (the first perhaps between specks, ``54°``): sure when the second
    is sure (``SURE``), then at least ``CONFIRMED``.  Two different numbers: doubtful when the
    second is sure, the surer kept; an unsure second leaves the first as it was.  No number in
    the first reading (specks, letters, digits apart): the second, doubtful.  Doubtful is
    ``DOUBTFUL`` at most.

    >>> weigh("54°", 67.0, Reading("54", 96.0, 1)), weigh("31", 60.0, Reading("31", 70.0, 1))
    (('54', 96.0), None)
    >>> weigh("4", 85.0, Reading("44", 96.0, 1)), weigh("[:}", 0.0, Reading("43", 87.0, 1))
    (('44', 60.0), ('43', 60.0))
    >>> weigh("53", 95.0, Reading("33", 74.0, 1)), weigh("52", 96.0, Reading("", 0.0, 0))
    (None, None)
    """
    if second.words != 1 or COUNT.match(second.text) is None:
        return None
    lone = LONE_NUMBER.fullmatch(first)
    if lone is not None and lone[1] == second.text:
        return (second.text, max(first_conf, second.conf, CONFIRMED)) if second.conf >= SURE else None
    if COUNT.match(first):
        if second.conf < SURE:
            return None
        return (second.text if second.conf > first_conf else first), min(first_conf, second.conf, DOUBTFUL)
    return second.text, min(second.conf, DOUBTFUL)


def lost_digit(weighed: tuple[str, float] | None, cell: Cell, shape: float,
               others: Sequence[str] = ()) -> tuple[str, float] | None:
    """``weighed`` (or the cell as first read, where it stands) doubtful when the count is one
    digit but its ink is as wide as two (``ONE_DIGIT_SHAPE``): a digit a reading lost.  Where
    another reading of the cell (``others``: the first, third and second readings' numbers) has
    that digit and one more, that number is taken, doubtful still: the digits-only second reading
    drops the thin "1" of "41" however sure ("4" at 0.86 beside a first "41" at 0.83), the ink
    says two digits, and the reading that has two is the one that saw them (of two such, the
    commoner, then the first).

    >>> cell = Cell((7,), (0, 0, 60, 40), "4", 88.0, 21)
    >>> lost_digit(None, cell, 0.94), lost_digit(None, cell, 0.62), lost_digit(("4", 90.0), cell, 1.5)
    (('4', 60.0), None, ('4', 60.0))
    >>> lost_digit(("41", 96.0), cell, 1.3)
    ('41', 96.0)
    >>> lost_digit(("4", 86.0), cell, 1.44, ("41", "", "4")), lost_digit(("4", 86.0), cell, 0.7, ("41", "", "4"))
    (('41', 60.0), ('4', 86.0))
    """
    text, conf = weighed if weighed is not None else (cell.text, cell.conf)
    lone = LONE_NUMBER.fullmatch(text)
    if lone is None or len(lone[1]) != 1 or shape < ONE_DIGIT_SHAPE:
        return weighed
    wider = [number for number in others if len(number) == 2 and number.isdigit() and lone[1] in number]
    if wider:
        text = Counter(wider).most_common(1)[0][0]
    return text, min(conf, DOUBTFUL)


def numbers_read(cell: Cell, second: Reading, third: Reading | None) -> tuple[str, ...]:
    """The number each reading of a cell gave, first (its "l", "I" or "|" beside a digit a thin
    "1"), third and second; "" for a reading of none or of more than one word."""
    lone = LONE_NUMBER.fullmatch(cell.text.translate(_ONE_LIKE))
    return (lone[1] if lone else "",
            third.text if third is not None and third.words == 1 and COUNT.match(third.text) else "",
            second.text if second.words == 1 and COUNT.match(second.text) else "")


def unsure(weighed: tuple[str, float] | None, cell: Cell) -> bool:
    """Whether a cell as weighed (or as first read, where it stands) is no count read surely.

    >>> cell = Cell((7,), (0, 0, 60, 40), "56", 78.0, 21)
    >>> unsure(None, cell), unsure(("56", 90.0), cell), unsure(("56", 60.0), cell)
    (True, False, True)
    """
    text, conf = weighed if weighed is not None else (cell.text, cell.conf)
    return conf < SURE or COUNT.match(text) is None


def confirm(weighed: tuple[str, float] | None, cell: Cell, second: Reading, third: Reading) -> tuple[str, float] | None:
    """``weighed``, or the digits of a third reading (the stack at ``UPSCALE`` times its size)
    where the cell is unsure (``unsure``) and the third reading, surely read, is the number of
    the first reading or of the second: two readings that agree, one of them sure.

    >>> cell = Cell((7,), (0, 0, 60, 40), "3l", 86.0, 21)
    >>> confirm(("31", 4.0), cell, Reading("31", 4.0, 1), Reading("31", 95.0, 1))
    ('31', 95.0)
    >>> confirm(None, Cell((7,), (0, 0, 60, 40), "56", 78.0, 21), Reading("56", 65.0, 1), Reading("58", 96.0, 1))
    >>> confirm(("56", 90.0), cell, Reading("56", 90.0, 1), Reading("58", 96.0, 1))  # sure already
    ('56', 90.0)
    """
    if not unsure(weighed, cell) or third.words != 1 or COUNT.match(third.text) is None or third.conf < SURE:
        return weighed
    lone = LONE_NUMBER.fullmatch(cell.text)
    if (lone is not None and lone[1] == third.text) or (second.words == 1 and second.text == third.text):
        return third.text, max(third.conf, CONFIRMED)
    return weighed


_ONE_LIKE = str.maketrans({"l": "1", "I": "1", "|": "1"})  # what a thin "1" is read as beside another digit


def agreed(weighed: tuple[str, float] | None, cell: Cell, second: Reading, third: Reading,
           shape: float) -> tuple[str, float] | None:
    """``weighed``, or the cell's number at ``CONFIRMED`` where it is still unsure (``unsure``) but
    all three readings give that number, none surely (Tesseract doubts a thin "1" most: "31" read
    at 60, 44 and 32), and its ink is as wide as that many digits (``ONE_DIGIT_SHAPE``): a digit
    all three lost ("4l", "4", "4" for 41) leaves ink as wide as two.

    Over 666 count cells of 283 stored hard-set documents read again with the truth beside, 45
    were unsure with three readings alike: 37 right, 8 wrong, each wrong one a single digit on ink
    as wide as two. With this rule (and the first reading's "l", "I" or "|" beside a digit taken for
    the "1" it is) 40 of the 124 right counts left unsure become sure, none of the 76 wrong ones.

    >>> cell = Cell((7,), (0, 0, 60, 40), "31", 60.0, 21)
    >>> agreed(None, cell, Reading("31", 44.0, 1), Reading("31", 32.0, 1), 1.24)
    ('31', 90.0)
    >>> agreed(None, Cell((7,), (0, 0, 60, 40), "4l", 81.0, 21), Reading("4", 66.0, 1), Reading("4", 0.0, 1), 1.0)
    >>> agreed(None, cell, Reading("31", 44.0, 1), Reading("37", 32.0, 1), 1.24)  # the third differs
    >>> agreed(None, cell, Reading("31", 44.0, 1), Reading("31", 32.0, 1), 0.5)  # ink of one digit
    >>> agreed(None, Cell((7,), (0, 0, 60, 40), "1l", 77.0, 21), Reading("11", 9.0, 1), Reading("11", 74.0, 1), 0.95)
    ('11', 90.0)
    """
    if not unsure(weighed, cell) or second.words != 1 or third.words != 1:
        return weighed
    first = numbers_read(cell, second, third)[0]  # "1l" with a thin "1" read as a letter
    if not first or not (first == second.text == third.text):
        return weighed
    if (len(first) > 1) != (shape >= ONE_DIGIT_SHAPE):
        return weighed
    return first, CONFIRMED


def merge(data: dict, cells: list[Cell], second: list[Reading], shapes: tuple[float, ...] = (),
          third: list[Reading] | None = None) -> dict:
    """Tesseract's word table with each count cell as ``weigh`` reads it, confirmed by a third
    reading where there is one (``confirm``, ``agreed``), and doubtful where its ink (``shapes``, from
    ``stack``) holds a digit more than it was read with (``lost_digit``): its first word holds
    the count (its box the cell's), its other words go."""
    out = None
    for k, (cell, reading) in enumerate(zip(cells, second)):
        weighed = weigh(cell.text, cell.conf, reading)
        last = third[k] if third is not None and k < len(third) else None
        if last is not None:
            weighed = confirm(weighed, cell, reading, last)
            if k < len(shapes):
                weighed = agreed(weighed, cell, reading, last, shapes[k])
        if k < len(shapes):
            weighed = lost_digit(weighed, cell, shapes[k], numbers_read(cell, reading, last))
        if weighed is None:
            continue
        if out is None:
            out = {key: list(values) for key, values in data.items()}
        first, *rest = cell.words
        out["text"][first], out["conf"][first] = weighed
        out["left"][first] = min(data["left"][i] for i in cell.words)
        out["width"][first] = max(data["left"][i] + data["width"][i] for i in cell.words) - out["left"][first]
        for i in rest:
            out["text"][i] = ""
    return data if out is None else out
