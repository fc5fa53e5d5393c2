"""Amounts, dates and years read unsurely, read again on their own: real lines through
Tesseract, which words qualify, the rule that confirms, and a run that fails."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from extractor.sources import figures, tesseract
from extractor.sources.counts import Cell, Reading
from tesseract_helpers import fake_tesseract, word_row

LINES = Path(__file__).parent / "data" / "figures"


def word_table(words: list[dict]) -> dict:
    """pytesseract's dict for words of one line (each a dict of text, conf, left, top, width, height)."""
    n = len(words)
    table = {"level": [5] * n, "page_num": [1] * n, "block_num": [1] * n, "par_num": [1] * n,
             "line_num": [1] * n, "word_num": list(range(1, n + 1))}
    table.update({key: [w[key] for w in words] for key in ("text", "conf", "left", "top", "width", "height")})
    return table


# Lines of fresh hard-set scans as the OCR stage kept them (the band of the page image around
# the line, Tesseract's words): the unsure figure, and whether reading it again confirms it
@pytest.mark.parametrize("name, dpi, figure, sure", [
    ("amount-50000", 300, "50.000", True),       # a project's amount at 0.40, again at 0.96
    ("year-2019", 200, "2019", True),            # "Im Jahr 2019" at 0.79 in a 200 dpi PDF, again at 0.96
    ("cents-3218904", 300, "3.218.904.99", False),  # a total at 0.83, again alike but at 0.62: stays doubtful
    ("unsure-105000", 200, "105.000.--", False),    # an earmark at 0.76, again as "103.000.--": stays as read
    ("other-digits-4500", 200, "4500", False),      # "44.500,00 €" read "4500" at 0.10 in a 1-bit TIFF
])
def test_real_lines_read_again(name, dpi, figure, sure):
    data = word_table(json.loads((LINES / f"{name}.json").read_text()))
    out = tesseract.reread_figures(data, Image.open(LINES / f"{name}.png"), dpi=dpi, lang="deu", timeout=30)
    k = data["text"].index(figure)
    assert out["text"] == data["text"]  # only confidences change
    assert (out["conf"][k] >= figures.CONFIRMED) == sure
    assert [c for i, c in enumerate(out["conf"]) if i != k] == [c for i, c in enumerate(data["conf"]) if i != k]


@pytest.mark.parametrize("text, figure", [
    # amounts, dates and years as OCR reads them in scans
    ("3.218.904.99", True), ("700.100,-", True), ("105.000.--", True), ("(36.500,00", True), ("31.000.0€", True),
    ("04.01,2016", True), ("19.5.19", True), ("2016", True), ("2015.", True), ("963:.042,10", True),
    # counts, numbers of sections and lists, words and codes
    ("56", False), ("3.0", False), ("§4", False), ("SGB", False), ("B1/B2", False), ("2.3.1a", False),
    ("Euro", False), ("20l6", False), ("", False),
])
def test_is_figure(text, figure):
    assert figures.is_figure(text) == figure


def test_figure_cells_are_the_unsure_figures_with_room_around_them():
    data = word_table([
        {"text": "insgesamt", "conf": 60.0, "left": 40, "top": 100, "width": 120, "height": 24},
        {"text": "1.140.300", "conf": 71.0, "left": 180, "top": 102, "width": 110, "height": 22},
        {"text": "Euro", "conf": 90.0, "left": 300, "top": 100, "width": 50, "height": 24},
        {"text": "2024", "conf": 93.0, "left": 360, "top": 100, "width": 50, "height": 24},  # sure
    ])
    (cell,) = figures.figure_cells(data)
    assert cell.words == (1,) and cell.text == "1.140.300" and cell.conf == 71.0 and cell.height == 24
    assert cell.box == (180 - 12, 102 - 8, 290 + 12, 124 + 8)


@pytest.mark.parametrize("first, second, confirmed", [
    ("3.218.904.99", Reading("3.218.904,99", 93.0, 1), True),   # a separator read otherwise
    ("50.000", Reading("50.000", 96.0, 1), True),
    ("29500.00€", Reading("29.500.00€", 92.0, 1), True),          # digits alike, marks aside
    ("3.726.092", Reading("3.726.092", 84.0, 1), False),          # a total's "6" read "0" twice: not sure enough
    ("2010", Reading("2810", 96.0, 1), False),
    ("4500", Reading("4450000", 96.0, 1), False),
    ("26.500", Reading("26.500", 95.0, 2), False),                 # read as two words
])
def test_a_figure_is_confirmed_only_by_a_sure_reading_of_the_same_digits(first, second, confirmed):
    assert figures.confirmed(Cell((0,), (0, 0, 90, 30), first, 60.0, 20), second) == confirmed


@given(st.text(alphabet="0123456789.,-€ ", max_size=14), st.floats(0, 84), st.text(alphabet="0123456789.,-€", max_size=14),
       st.floats(0, 100), st.integers(0, 3))
def test_a_second_reading_never_changes_a_word_nor_makes_it_less_sure(first, conf, text, second_conf, words):
    data = word_table([{"text": first, "conf": conf, "left": 10, "top": 10, "width": 80, "height": 20}])
    cell = Cell((0,), (0, 0, 100, 40), first, conf, 20)
    out = figures.merge(data, [cell], [Reading(text, second_conf, words)])
    assert out["text"] == data["text"] and out["conf"][0] >= conf
    if out["conf"][0] > conf:  # confirmed: two readings of the same digits, the second sure
        assert figures.digits(text) == figures.digits(first) and second_conf >= figures.CONFIRMING and words == 1


def test_a_failing_run_leaves_the_page_as_read(tmp_path, monkeypatch, caplog):
    """Fault injection: Tesseract reads the page, then fails on the stack of unsure figures."""
    data = word_table([{"text": t, "conf": c, "left": left, "top": 100, "width": w, "height": 20}
                       for t, c, left, w in (("insgesamt", 95.0, 40, 100), ("1.140.300", 70.0, 150, 100),
                                             ("Euro", 95.0, 260, 50))])
    fake_tesseract(tmp_path, monkeypatch, "*--psm 6*", [word_row("1.140.300", 30, 30, 90, 20, 96)])
    with caplog.at_level(logging.WARNING, logger="extractor.tesseract"):
        out = tesseract.reread_figures(data, Image.new("L", (400, 300), 255), dpi=300, lang="deu", timeout=10)
    assert out == data
    assert any("not read again" in r.getMessage() for r in caplog.records)
