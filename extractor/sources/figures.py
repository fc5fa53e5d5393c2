"""Amounts, dates and years Tesseract read unsurely, read again on their own.

A budget total, a project's amount or a signing date that Tesseract reads at less than
``SURE`` is doubtful (``parse.amounts.number_conf``), and flags its agreement, though most of
them are right: the small digits of a 200 dpi or 1-bit scan leave Tesseract unsure of what it
read correctly.  Cut out and read again as a line of their own, the same ink often reads
surely; where that reading has the same digits as the first and is at least ``CONFIRMING``,
two readings agree, one of them sure, and the word counts as sure (``CONFIRMED``).  Nothing
else changes: a reading with other digits, or an unsure one, leaves the word as first read,
so this can only confirm a number, never replace one.

The words worth it (``figure_cells``) hold at least ``MIN_DIGITS`` digits and nothing but
digits and the marks of amounts and dates, and were read below ``SURE``.  They are cut out
(``counts.glyphs_only`` whitens table rules and what the crop cut of the lines above and
below), stacked on one white image (``counts.stack``) and read in one Tesseract run, so a page
costs one more run however many such words it has, and a page without any none.  This module
is pure: ``tesseract.py`` runs Tesseract.

How they are read again was measured on 154 such words of 46 scanned agreements of six
hard sets, 135 of them read right the first time: read at their own size without a
character list, 28 of the right ones were read again alike at 0.90 or more (37 at 0.85) and
none of the 19 others (the nearest, a total's "6" read "0" twice, the second time at 0.84); at
twice the size 19 (28 at 0.85), and as many with only digits and separators allowed (then
Tesseract gives many right readings a confidence of 0), at three times the size 11.
"""
from __future__ import annotations

import re

from .counts import CONFIRMED, SURE, Cell, Reading, word_lines

CONFIRMING = 90.0  # how sure the second reading must be (Tesseract's scale)
# digits and what stands between and around them in amounts and dates: "1.140.300", "3.218.904,99",
# "700.100,-", "28.05.2017", "19.5.19" (and a colon or stop read for one)
FIGURE = re.compile(r"^[(\[]?\d[\d.,:'-]*\d(?:[.,:]?[-—–]{1,2})?[.,:)€]*$")
MIN_DIGITS = 4  # fewer is a count, a section or a list number; a year has four
PAD = 0.35  # word heights added above and below the word
REACH = 0.5  # and left and right: a separator or a digit's edge outside Tesseract's box


def digits(text: str) -> str:
    """The digits of a word, in order.

    >>> digits("3.218.904,99"), digits("(700.100,-)")
    ('321890499', '700100')
    """
    return "".join(c for c in text if c.isdigit())


def is_figure(text: str) -> bool:
    """Whether a word is an amount, a date or a year alone: at least ``MIN_DIGITS`` digits,
    nothing but the marks of such numbers.

    >>> [is_figure(t) for t in ("3.218.904.99", "04.01,2016", "2016", "700.100,--", "(36.500,00")]
    [True, True, True, True, True]
    >>> [is_figure(t) for t in ("31", "§4", "SGB", "Euro", "2.3.1a", "3.0")]
    [False, False, False, False, False, False]
    """
    return FIGURE.match(text) is not None and len(digits(text)) >= MIN_DIGITS


def figure_cells(data: dict) -> list[Cell]:
    """The words of a page's word table that are figures (``is_figure``) read below ``SURE``,
    each as a cell to cut out: its box padded by ``PAD`` and ``REACH`` of its line's word height."""
    cells = []
    for rows in word_lines(data):
        height = sorted(data["height"][i] for i in rows)[len(rows) // 2]
        for i in rows:
            text = str(data["text"][i]).strip()
            conf = float(data["conf"][i])
            if conf >= SURE or not is_figure(text):
                continue
            pad, reach = round(PAD * height), round(REACH * height)
            box = (max(data["left"][i] - reach, 0), max(data["top"][i] - pad, 0),
                   data["left"][i] + data["width"][i] + reach, data["top"][i] + data["height"][i] + pad)
            cells.append(Cell((i,), box, text, conf, height))
    return cells


def confirmed(cell: Cell, reading: Reading) -> bool:
    """Whether the second reading confirms the word: one word, at least ``CONFIRMING``, with the
    same digits (a currency sign or a speck beside them aside).

    >>> cell = Cell((4,), (0, 0, 90, 30), "3.218.904.99", 71.0, 20)
    >>> confirmed(cell, Reading("3.218.904,99€", 93.0, 1)), confirmed(cell, Reading("3.218.904.99", 86.0, 1))
    (True, False)
    >>> confirmed(cell, Reading("3.218.804,99", 96.0, 1)), confirmed(cell, Reading("3.218904,99", 96.0, 2))
    (False, False)
    """
    return reading.words == 1 and reading.conf >= CONFIRMING and digits(reading.text) == digits(cell.text)


def merge(data: dict, cells: list[Cell], second: list[Reading]) -> dict:
    """The word table with each confirmed word (``confirmed``) as sure as its two readings
    together: the surer of them, at least ``CONFIRMED``; its text stays as first read."""
    out = None
    for cell, reading in zip(cells, second):
        if not confirmed(cell, reading):
            continue
        if out is None:
            out = {key: list(values) for key, values in data.items()}
        (i,) = cell.words
        out["conf"][i] = max(float(data["conf"][i]), reading.conf, CONFIRMED)
    return data if out is None else out
