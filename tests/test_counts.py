"""Participant counts read again, digits only: real table rows through Tesseract, the cells'
geometry, the weighing of two readings, and a second run that fails."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from extractor.sources import counts, tesseract
from extractor.sources.counts import Reading
from tesseract_helpers import fake_tesseract, word_row

ROWS = Path(__file__).parent / "data" / "counts"


def word_table(words: list[dict], line: int = 1) -> dict:
    """pytesseract's dict for words of one line (each a dict of text, conf, left, top, width, height)."""
    n = len(words)
    table = {"level": [5] * n, "page_num": [1] * n, "block_num": [1] * n, "par_num": [1] * n,
             "line_num": [line] * n, "word_num": list(range(1, n + 1))}
    table.update({key: [w[key] for w in words] for key in ("text", "conf", "left", "top", "width", "height")})
    return table


def row(name: str) -> tuple[dict, Image.Image]:
    """A table row cut from a generated scan as the OCR stage saw it, with Tesseract's words."""
    return word_table(json.loads((ROWS / f"{name}.json").read_text())), Image.open(ROWS / f"{name}.png")


# Rows of generated 200 dpi scans: what Tesseract read in the count cell, and what the count is
@pytest.mark.parametrize("name, first, count, sure", [
    ("rule-above-54", "54°", "54", True),    # a table rule touching the digits: confirmed once cleared
    # "55" read "5" at 0.93 (it passed unflagged), "55" on its own: doubtful; "55" again at twice
    # the size, surely: two readings of three agree
    ("doubled-55", "5", "55", True),
    ("specks-43", "[x}", "43", True),        # specks in the page, digits on their own, twice
    ("specks-49", "£:]", "49", True),
    # 1-bit 200 dpi PDFs: both readings lost the thin "1" of "41" ("4" at 0.88 and 0.81: unflagged)
    # or one of two like digits ("4" at 0.73 and 0.90, "confirmed"); the ink is as wide as two digits
    ("lost-digit-41", "4", "4", False),
    ("lost-digit-44", "4", "4", False),
    ("one-digit-9", "9", "9", True),         # one digit's ink: as sure as read
    ("one-digit-7", "7", "7", True),
    ("broken-8", "8", "8", True),            # an "8" the 1-bit scan broke, its ink low: no two digits
])
def test_real_rows_read_again(name, first, count, sure):
    data, image = row(name)
    assert data["text"][-1] == first
    out = tesseract.reread_counts(data, image, dpi=200, lang="deu", timeout=30)
    words = [(text, conf) for text, conf in zip(out["text"], out["conf"]) if text]
    assert words[-1][0] == count
    assert (words[-1][1] >= counts.SURE) == sure
    assert words[:-1] == [(text, conf) for text, conf in zip(data["text"], data["conf"])][:-1]  # the rest as read


def words_at(*spec: tuple) -> dict:
    """A line of words, each (text, left, width[, conf]), 20 px high, read at 96 unless told."""
    return word_table([{"text": t, "conf": (rest or (96.0,))[0], "left": left, "top": 100, "width": width,
                        "height": 20} for t, left, width, *rest in spec])


@pytest.mark.parametrize("data, cell", [
    # a row: the count across a column's gap from the amount
    (words_at(("Café", 40, 50), ("Beruf", 95, 60), ("45.000", 500, 70), ("€", 575, 12), ("37", 700, 24, 93.0)), "37"),
    # ... read as a number at 0.95 or more: settled, not read again
    (words_at(("Café", 40, 50), ("Beruf", 95, 60), ("45.000", 500, 70), ("€", 575, 12), ("37", 700, 24)), None),
    (words_at(("Café", 40, 50), ("Beruf", 95, 60), ("45.000", 500, 70), ("€", 575, 12), ("R:)", 700, 30)), "R:)"),
    # running text: the words after the amount follow at a word's space
    (words_at(("Davon", 40, 60), ("sind", 105, 40), ("163.000", 150, 80), ("Euro", 235, 45), ("für", 285, 30)), None),
    # more than a count's worth after the amount
    (words_at(("Café", 40, 50), ("45.000", 500, 70), ("€", 575, 12), ("Teilnehmende", 700, 140)), None),
    # nothing after the amount, or no amount
    (words_at(("Café", 40, 50), ("Beruf", 95, 60), ("45.000", 500, 70), ("€", 575, 12)), None),
    (words_at(("Projekt", 40, 70), ("Betrag", 500, 60), ("Teilnehmende", 700, 140)), None),
])
def test_count_cells(data, cell):
    found = counts.count_cells(data)
    assert [c.text for c in found] == ([cell] if cell else [])
    if found:
        left, top, right, bottom = found[0].box
        assert 587 < left <= 700 and right > 700 + 30 and top < 100 and bottom > 120  # the cell and room about it


@pytest.mark.parametrize("first, conf, second, expected", [
    ("37", 70.0, Reading("37", 95.0, 1), ("37", 95.0)),     # the same number, read surely the second time
    ("37", 70.0, Reading("37", 80.0, 1), None),             # ... unsurely: as doubtful as it was
    ("31 u", 42.0, Reading("31", 96.0, 1), ("31", 96.0)),   # a number between specks, confirmed
    ("4", 85.0, Reading("44", 96.0, 1), ("44", 60.0)),      # a doubled digit read once: the surer, doubtful
    ("53", 95.0, Reading("33", 74.0, 1), None),             # an unsure second reading does not overrule
    ("Dr", 30.0, Reading("32", 90.0, 1), ("32", 60.0)),     # specks: the digits, doubtful
    ("17 0. u", 20.0, Reading("17", 92.0, 1), ("17", 60.0)),  # two runs of digits: the second, doubtful
    ("52", 96.0, Reading("5 2", 90.0, 2), None),            # two words: no reading of one number
    ("52", 96.0, Reading("", 0.0, 0), None),
])
def test_weigh(first, conf, second, expected):
    assert counts.weigh(first, conf, second) == expected


@given(st.text(max_size=8), st.floats(0, 100), st.text("0123456789", max_size=5), st.floats(0, 100), st.integers(0, 3))
def test_weigh_is_never_surer_than_its_readings_agree(first, conf, text, second_conf, words):
    out = counts.weigh(first, conf, Reading(text, second_conf, words))
    if out is not None:
        assert out[0].isdigit() and 1 <= len(out[0]) <= 4
        if out[1] > counts.DOUBTFUL:  # sure only where both readings hold the same digits
            assert out[0] in first and second_conf >= counts.SURE and out[0] == text


CELL = counts.Cell((4,), (600, 80, 760, 130), "32", 89.0, 20)


@pytest.mark.parametrize("first, second, third, expected", [
    # a third reading, surely, agrees with the first or the second: confirmed, at least CONFIRMED
    ("32", Reading("52", 96.0, 1), Reading("52", 96.0, 1), ("52", 96.0)),
    ("56", Reading("56", 65.0, 1), Reading("56", 88.0, 1), ("56", 90.0)),
    ("54°", Reading("", 0.0, 0), Reading("54", 95.0, 1), ("54", 95.0)),
    ("Er", Reading("54", 96.0, 1), Reading("54", 96.0, 1), ("54", 96.0)),
    # it agrees with neither, or is unsure, or more than one number: as weighed from two readings
    ("56", Reading("56", 65.0, 1), Reading("58", 96.0, 1), None),
    ("56", Reading("56", 65.0, 1), Reading("56", 70.0, 1), None),
    ("Er", Reading("54", 96.0, 1), Reading("5 4", 96.0, 2), ("54", 60.0)),
    # a count read surely twice needs no third reading
    ("37", Reading("37", 95.0, 1), Reading("31", 96.0, 1), ("37", 95.0)),
])
def test_a_third_reading_confirms_an_unsure_count(first, second, third, expected):
    cell = counts.Cell(CELL.words, CELL.box, first, 78.0, CELL.height)
    weighed = counts.weigh(first, 78.0, second)
    assert counts.confirm(weighed, cell, second, third) == expected


@given(st.text(max_size=8), st.floats(0, 100), st.text("0123456789", max_size=5), st.floats(0, 100),
       st.integers(0, 3), st.text("0123456789", max_size=5), st.floats(0, 100), st.integers(0, 3))
def test_a_count_is_sure_only_where_two_readings_agree(first, conf, text, second_conf, words, third, third_conf, n):
    cell = counts.Cell(CELL.words, CELL.box, first, conf, CELL.height)
    second = Reading(text, second_conf, words)
    out = counts.confirm(counts.weigh(first, conf, second), cell, second, Reading(third, third_conf, n))
    if out is not None and out[1] >= counts.SURE:
        lone = counts.LONE_NUMBER.fullmatch(first)
        readings = [lone[1] if lone else None, text if words == 1 else None, third if n == 1 else None]
        sure = [second_conf >= counts.SURE and words == 1, third_conf >= counts.SURE and n == 1]
        assert readings.count(out[0]) >= 2 and any(sure)


def merged_cell(first: str, conf: float, second: Reading, third: Reading, shape: float) -> tuple[str, float] | None:
    """What ``counts.merge`` makes of one count cell read three times: its text and confidence,
    None where the cell stays as first read."""
    data = word_table([{"text": first, "conf": conf, "left": 700, "top": 100, "width": 24, "height": 20}])
    cell = counts.Cell((0,), (690, 90, 740, 130), first, conf, 20)
    out = counts.merge(data, [cell], [second], (shape,), [third])
    return None if out is data else (out["text"][0], out["conf"][0])


@pytest.mark.parametrize("first, conf, second, third, shape, expected", [
    # stored hard-set documents: three readings alike, none sure, on ink of their width
    ("31", 60.0, Reading("31", 44.0, 1), Reading("31", 32.0, 1), 1.241, ("31", 90.0)),
    ("21", 44.0, Reading("21", 61.0, 1), Reading("21", 68.0, 1), 1.036, ("21", 90.0)),
    ("12a", 52.0, Reading("12", 63.0, 1), Reading("12", 67.0, 1), 1.333, ("12", 90.0)),
    ("9", 56.0, Reading("9", 44.0, 1), Reading("9", 0.0, 1), 0.706, ("9", 90.0)),
    ("1l", 77.0, Reading("11", 9.0, 1), Reading("11", 74.0, 1), 0.95, ("11", 90.0)),  # a fresh 200 dpi PDF
    # one digit on ink as wide as two: the "1" of 41 lost by the second and third (wrong), the
    # first's "l" the "1" they lost: doubtful, but as the ink has it; lost by all three, it stays lost
    ("4l", 81.0, Reading("4", 66.0, 1), Reading("4", 0.0, 1), 1.0, ("41", 60.0)),
    ("4", 60.0, Reading("4", 83.0, 1), Reading("4", 53.0, 1), 1.188, ("4", 60.0)),
    # two digits on ink of one (a speck cut the cell): left as read
    ("42", 84.0, Reading("42", 76.0, 1), Reading("42", 75.0, 1), 0.516, None),
    # the readings differ
    ("31", 60.0, Reading("31", 44.0, 1), Reading("37", 32.0, 1), 1.241, None),
])
def test_three_unsure_readings_alike_confirm_a_count_on_ink_of_its_width(first, conf, second, third, shape, expected):
    assert merged_cell(first, conf, second, third, shape) == expected


@given(st.text(max_size=8), st.floats(0, 100), st.text("0123456789", max_size=5), st.floats(0, 100),
       st.text("0123456789", max_size=5), st.floats(0, 100), st.floats(0, 3))
def test_agreement_of_three_needs_the_same_number_from_each(first, conf, text, second_conf, third, third_conf, shape):
    cell = counts.Cell(CELL.words, CELL.box, first, conf, CELL.height)
    out = counts.agreed(None, cell, Reading(text, second_conf, 1), Reading(third, third_conf, 1), shape)
    if out is not None:
        lone = counts.LONE_NUMBER.fullmatch(first.translate(str.maketrans("lI|", "111")))
        assert lone is not None and out[0] == lone[1] == text == third
        assert (len(out[0]) > 1) == (shape >= counts.ONE_DIGIT_SHAPE)


@pytest.mark.parametrize("first, conf, second, third, shape, expected", [
    # fresh 200 dpi scans: the digits-only second reading dropped the thin "1" of 41, surer than the
    # first reading that had it (each was "4", wrong); the third had it once
    ("41", 83.0, Reading("4", 86.0, 1), Reading("41", 0.0, 1), 1.44, ("41", 60.0)),
    ("41", 64.0, Reading("4", 88.0, 1), Reading("4", 0.0, 1), 1.28, ("41", 60.0)),
    ("4", 55.0, Reading("4", 84.0, 1), Reading("41", 8.0, 1), 1.22, ("41", 55.0)),
    ("55 .", 0.0, Reading("5", 0.0, 1), Reading("55", 38.0, 1), 1.38, ("55", 0.0)),
    # no reading saw two digits: the one stays, doubtful; ink of one digit: as read
    ("4", 70.0, Reading("4", 46.0, 1), Reading("4", 36.0, 1), 0.89, ("4", 60.0)),
    ("6", 78.0, Reading("6", 70.0, 1), Reading("16", 20.0, 1), 0.7, None),
])
def test_a_digit_one_reading_lost_is_taken_from_the_reading_that_has_it(first, conf, second, third, shape, expected):
    assert merged_cell(first, conf, second, third, shape) == expected


@given(st.text(max_size=6), st.floats(0, 100), st.text("0123456789", max_size=3), st.floats(0, 100),
       st.text("0123456789", max_size=3), st.floats(0, 100), st.floats(0, 3))
def test_a_widened_count_is_never_sure(first, conf, text, second_conf, third, third_conf, shape):
    data = word_table([{"text": first or "x", "conf": conf, "left": 700, "top": 100, "width": 24, "height": 20}])
    cell = counts.Cell((0,), (690, 90, 740, 130), first or "x", conf, 20)
    out = counts.merge(data, [cell], [Reading(text, second_conf, 1)], (shape,), [Reading(third, third_conf, 1)])
    if out is not data and len(out["text"][0]) == 2 and shape >= counts.ONE_DIGIT_SHAPE:
        read = counts.numbers_read(cell, Reading(text, second_conf, 1), Reading(third, third_conf, 1))
        assert out["text"][0] in read
        if sum(number == out["text"][0] for number in read) < 2:
            assert out["conf"][0] <= counts.DOUBTFUL


def test_glyphs_only_clears_rules_and_the_rows_around():
    crop = Image.new("L", (120, 60), 255)
    draw = ImageDraw.Draw(crop)
    draw.rectangle((40, 18, 48, 42), fill=0)    # a digit's stroke
    draw.rectangle((60, 22, 68, 26), fill=0)    # a 5's bar, broken off its body: kept
    draw.line((5, 16, 115, 16), fill=0, width=2)  # a rule touching the digit
    draw.rectangle((30, 0, 50, 6), fill=0)      # the foot of the row above, cut by the crop
    pixels = np.asarray(counts.glyphs_only(crop, height=20))
    assert (pixels[16, :] == 255).all() and (pixels[:7, 30:51] == 255).all()
    assert (pixels[20:40, 40:49] < 128).all() and (pixels[23:26, 61:68] < 128).all()


def test_stack_gives_each_cell_a_slot_its_reading_is_found_in():
    page = Image.new("L", (400, 200), 255)
    cells = [counts.Cell((0,), (10, 10, 60, 40), "37", 70.0, 20), counts.Cell((1,), (10, 100, 70, 140), "4", 80.0, 20)]
    stacked = counts.stack(page, cells)
    assert len(stacked.slots) == 2 and stacked.slots[0][1] <= stacked.slots[1][0]
    middle = [(top + bottom) // 2 for top, bottom in stacked.slots]
    second = word_table([{"text": t, "conf": 90.0, "left": 30, "top": m - 8, "width": 20, "height": 16}
                         for t, m in (("37", middle[0]), ("44", middle[1]))])
    assert counts.readings(second, stacked.slots) == [Reading("37", 90.0, 1), Reading("44", 90.0, 1)]


def test_a_failing_second_run_leaves_the_page_as_first_read(tmp_path, monkeypatch, caplog):
    """Fault injection: Tesseract reads the page, then fails on the stack of count cells."""
    words = [("Café", 40, 50), ("Beruf", 95, 60), ("45.000", 500, 70), ("€", 575, 12), ("Dr", 700, 24)]
    fake_tesseract(tmp_path, monkeypatch, "*tessedit_char_whitelist*",
                   [word_row(t, left, 100, width, 20, 30 if t == "Dr" else 96, word=k)
                    for k, (t, left, width) in enumerate(words, start=1)])
    with caplog.at_level(logging.WARNING, logger="extractor.tesseract"):
        lines = tesseract.ocr_image(Image.new("L", (900, 300), 255), dpi=200, lang="deu", timeout=10)
    assert [line.text for line in lines] == ["Café Beruf 45.000 € Dr"]
    assert any("participant counts not read again" in r.getMessage() for r in caplog.records)


def test_a_failing_third_run_leaves_the_cells_as_read_twice(tmp_path, monkeypatch, caplog):
    """Fault injection: the digits-only run reads "45" unsurely in the cell, then the run on the
    cells at twice their size fails."""
    data = words_at(("Café", 40, 50), ("Beruf", 95, 60), ("45.000", 500, 70), ("€", 575, 12), ("Dr", 700, 24, 30.0))
    image = Image.new("L", (900, 300), 255)
    stacked = counts.stack(image, counts.count_cells(data))
    top = (stacked.slots[0][0] + stacked.slots[0][1]) // 2 - 8
    fake_tesseract(tmp_path, monkeypatch, '*"--dpi 400"*', [word_row("45", 30, top, 20, 16, 60)])
    with caplog.at_level(logging.WARNING, logger="extractor.tesseract"):
        out = tesseract.reread_counts(data, image, dpi=200, lang="deu", timeout=10)
    assert [(t, c) for t, c in zip(out["text"], out["conf"]) if t][-1] == ("45", counts.DOUBTFUL)
    assert any("not read a third time" in r.getMessage() for r in caplog.records)
