"""Print the page layout dropped, read again: a real list Tesseract left out, the ink that finds
it, how the second reading joins the page's words, and a second run that fails."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from extractor.options import Options
from extractor.sources import dropped, ocr, tesseract
from tesseract_helpers import fake_tesseract, word_row

PAGES = Path(__file__).parent / "data" / "dropped"
LIST = ["Ausbildungs- und Qualifizierungsvorbereitung", "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen",
        "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung"]


def table(words: list[tuple]) -> dict:
    """pytesseract's dict for words given as (text, conf, left, top, width, height, block, line)."""
    keys = ("text", "conf", "left", "top", "width", "height", "block_num", "line_num")
    out = {key: [w[k] for w in words] for k, key in enumerate(keys)}
    n = len(words)
    out.update({"level": [5] * n, "page_num": [1] * n, "par_num": [1] * n, "word_num": list(range(1, n + 1))})
    return out


def test_a_list_the_layout_took_for_a_picture_is_read():
    """A 200 dpi grey JPEG scan (generated): psm 3 reads the lines above and below the list of
    projects and leaves the list out; read again as one block, its lines stand between them."""
    image = Image.open(PAGES / "list-taken-for-a-picture.png")
    first = tesseract._image_to_data(image, dpi=200, lang="deu", timeout=60, psm=tesseract.DEFAULT_PSM)
    as_read = [line.text for line in tesseract.lines_from_data(first, dpi=200, page=1) if line.text]
    assert not any(name in text for name in LIST for text in as_read)  # what makes the page worth keeping
    lines = [line.text for line in tesseract.ocr_image(image, dpi=200, lang="deu", timeout=60) if line.text]
    at = [next(k for k, text in enumerate(lines) if name in text) for name in LIST]
    assert at == sorted(at)
    assert lines[at[0] - 1].startswith("Der Hochtaunuskreis finanziert")
    assert lines[-2].startswith("Weiterbildungsmaßnahmen")
    assert lines[:at[0]] == as_read[:at[0]] and lines[-2:] == as_read[-2:]  # the page's own lines as read


def glyphs(draw: ImageDraw.ImageDraw, left: int, top: int, n: int, size: tuple[int, int] = (9, 16)) -> None:
    for k in range(n):
        x = left + 13 * k
        draw.rectangle((x, top, x + size[0], top + size[1]), fill=0)


def page_with(*marks: str) -> tuple[Image.Image, dict]:
    """A white page with one read line of words (boxes at row 100) and more ink below it."""
    image = Image.new("L", (900, 400), 255)
    draw = ImageDraw.Draw(image)
    glyphs(draw, 40, 100, 30)
    data = table([("Projekte", 95.0, 40, 100, 200, 17, 1, 1), ("folgende", 95.0, 250, 100, 150, 17, 1, 1)])
    for mark in marks:
        if mark == "print":  # a line of 20 letters no word box covers
            glyphs(draw, 40, 250, 20)
        elif mark == "scribble":  # a signature: a few long strokes
            draw.line((40, 300, 500, 350), fill=0, width=4)
            draw.line((60, 350, 400, 290), fill=0, width=4)
        elif mark == "specks":
            for k in range(40):
                draw.point((30 + 20 * k, 380), fill=0)
        elif mark == "read":  # print under the words read
            glyphs(draw, 400, 100, 20)
        elif mark == "words":  # a line of four words whose letters touch (a blurred 200 dpi scan)
            for k in range(4):
                glyphs(draw, 40 + 140 * k, 250, 8, size=(13, 16))
        elif mark == "loops":  # a date scribbled over its line: a wavy pen stroke of a word's height
            draw.line([(40 + 12 * k, 250 + 16 * (k % 2)) for k in range(40)], fill=0, width=2)
    return image, data


@pytest.mark.parametrize("marks, bands", [
    (("print",), 1),
    (("scribble",), 0),
    (("specks",), 0),
    (("read",), 0),
    (("print", "scribble", "specks"), 1),
    # a fresh 200 dpi JPEG in a PDF: three lines of a list left out, their words' letters touching
    (("words",), 1),
    (("loops",), 0),
])
def test_uncovered_bands(marks, bands):
    image, data = page_with(*marks)
    if "read" in marks:
        data = table([("Projekte", 95.0, 40, 100, 700, 17, 1, 1)])
    found = dropped.uncovered_bands(image, data)
    assert len(found) == bands
    if bands:
        assert 240 <= found[0].top and found[0].bottom <= 270 and found[0].pieces >= dropped.MIN_PIECES


def test_no_bands_without_words():
    image, _ = page_with("print")
    assert dropped.uncovered_bands(image, table([])) == []


PAGE = table([("Der", 95.0, 40, 100, 40, 20, 1, 1), ("Kreis", 95.0, 90, 100, 60, 20, 1, 1),
              ("Weiterbildung", 95.0, 40, 400, 150, 20, 2, 1)])


@pytest.mark.parametrize("found, added", [
    # a line of its own read well: it joins, after the line above it
    ([("Lernwerkstatt", 90.0, 60, 60, 120, 20, 1, 1), ("Grünpflege", 88.0, 190, 60, 100, 20, 1, 1)],
     ["Lernwerkstatt", "Grünpflege"]),
    # words of a line the page read (their middles in its boxes) are not read twice
    ([("Kreis", 90.0, 90, 0, 60, 20, 1, 1), ("Fachtag", 90.0, 60, 100, 80, 20, 1, 2)], ["Fachtag"]),
    # specks of a scribble or print upside down read at low confidence: left out
    ([("ROTER", 24.0, 60, 60, 80, 20, 1, 1), ("EEE", 20.0, 150, 60, 50, 20, 1, 1)], []),
    ([("--", 90.0, 60, 60, 20, 20, 1, 1), ("|", 90.0, 90, 60, 10, 20, 1, 1)], []),
    # the rest of a table row the page read: it would stand apart from its row
    ([("313.500", 96.0, 400, 0, 90, 20, 1, 1), ("€", 96.0, 500, 0, 15, 20, 1, 1)], []),
])
def test_merge(found, added):
    out = dropped.merge(PAGE, table(found), top=100)
    texts = [t for t in out["text"]]
    assert [t for t in texts if t not in PAGE["text"] or texts.count(t) > PAGE["text"].count(t)] == added
    if added:
        assert texts == ["Der", "Kreis", *added, "Weiterbildung"]
        new = [k for k, t in enumerate(out["text"]) if t in added]
        assert {out["block_num"][k] for k in new} == {3}
        assert [out["top"][k] for k in new] == [100 + w[3] for w in found if w[0] in added]  # page rows
    else:
        assert out == PAGE


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 40)), max_size=30), st.integers(0, 50))
def test_bands_hold_every_piece_once_and_keep_apart(pieces, gap):
    spans = sorted((top, top + tall) for top, tall in pieces)
    bands = dropped._bands(spans, gap)
    assert sum(band.pieces for band in bands) == len(spans)
    for before, after in zip(bands, bands[1:]):
        assert after.top > before.bottom + gap
    for top, bottom in spans:
        assert any(band.top <= top and bottom <= band.bottom for band in bands)


def test_a_failing_second_run_leaves_the_page_as_first_read(tmp_path, monkeypatch, caplog):
    """Fault injection: Tesseract reads the page, then fails on the band of print it left out."""
    image, _ = page_with("print")
    fake_tesseract(tmp_path, monkeypatch, '*"--psm 6"*',
                   [word_row("Projekte", 40, 100, 200, 17, 95, word=1), word_row("folgende", 250, 100, 150, 17, 95, word=2)])
    with caplog.at_level(logging.WARNING, logger="extractor.tesseract"):
        lines = tesseract.ocr_image(image, dpi=200, lang="deu", timeout=10)
    assert [line.text for line in lines] == ["Projekte folgende"]
    assert any("left out by the page layout not read" in r.getMessage() for r in caplog.records)


def test_the_page_is_judged_on_its_own_reading_and_the_dropped_print_added_last(monkeypatch):
    """A signing page scanned askew read as a few words (a 200 dpi PDF of a fresh hard set): what
    a band read again would add must not make it look read, or the readings that read it whole
    are never tried.  Tesseract's runs are stood in for: the page reads five words every way
    up; the dropped print adds twenty to the reading kept."""
    few = table([(f"w{k}", 90.0, 40 + 60 * k, 100, 50, 20, 1, 1) for k in range(5)])
    calls = []

    def read_words(image, **kwargs):
        calls.append("read")
        return few

    def reread_dropped(data, image, **kwargs):
        calls.append("dropped")
        more = table([(f"x{k}", 90.0, 40 + 60 * k, 300, 50, 20, 2, 1) for k in range(20)])
        return {key: data[key] + more[key] for key in data}

    def detect_orientation(image, **kwargs):
        calls.append("orientation")
        return None

    monkeypatch.setattr(tesseract, "read_words", read_words)
    monkeypatch.setattr(tesseract, "reread_dropped", reread_dropped)
    monkeypatch.setattr(tesseract, "detect_orientation", detect_orientation)
    page = ocr.ocr_page(Image.new("L", (1654, 2339), 255), number=3, dpi=200, reason="no_text_layer",
                        options=Options(), deadline=ocr.Deadline(60), size_pt=(595.0, 842.0))
    assert "orientation" in calls and calls.count("read") > 1  # next to nothing: other readings tried
    assert calls[-1] == "dropped" and calls.count("dropped") == 1  # once, on the reading kept
    assert [line.text for line in page.lines if line.text] == ["w0 w1 w2 w3 w4", " ".join(f"x{k}" for k in range(20))]
    assert {line.page for line in page.lines} == {3}
