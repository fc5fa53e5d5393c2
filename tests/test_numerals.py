"""Roman numerals read from their glyphs: real word crops, rendered faces, properties, and Tesseract."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from extractor.sources import numerals, tesseract

CROPS = Path(__file__).parent / "data" / "numerals"
FONTS = Path("/usr/share/fonts/truetype")


def crop(name: str) -> np.ndarray:
    return np.asarray(Image.open(CROPS / name).convert("L"))


# Word boxes cut from generated scans as the OCR stage cuts them, with Tesseract's reading.
@pytest.mark.parametrize("name, tesseract_read, expected", [
    ("sans-II-slash.png", "I/SGB", "II/SGB"),            # 300 dpi JPEG, clean print
    ("serif-II-slash.png", "IV/SGB", "II/SGB"),
    ("serif-II-slash-touching.png", "IVSGB", "II/SGB"),  # the second I's serifs touch the slash
    ("sans-VIII.png", "VIll", "VIII"),
    ("serif-XII.png", "XI", "XII"),
    ("fax-III-comma.png", "IN,", "III,"),                # 1-bit fax, strokes ragged
    ("fax-VIII-comma.png", "VI,", "VIII,"),
    ("VIII-colon.png", "VII:", "VIII:"),                 # a colon's dots as tall as a small letter
    ("bold-III-dot.png", "II.", "III."),                 # a measure type heading
    ("bold-IV-dot.png", "IV.", "IV."),                   # read right: stays
    ("200dpi-slash-touching-S.png", "IVSGB", "IVSGB"),   # slash joined to the S, Tesseract saw none: unsure
    ("200dpi-slash-joined-to-S.png", "I//SGB", "II/SGB"),  # ... and where it read one: the foot tells
    ("upside-down-Mit.png", "IN", "IN"),                 # a page read the wrong way up
    ("sideways-garble.png", "IPEIS", "IPEIS"),
])
def test_real_word_crops(name, tesseract_read, expected):
    assert numerals.reread_word(tesseract_read, crop(name)) == expected


@pytest.mark.parametrize("word", [
    "Inhouse", "IT-Grundlagen", "1/SGB", "2024", "§", "", "Vielfalt", "ii", "Ausbildung",
])
def test_words_that_are_not_numerals_are_not_looked_at(word):
    black = np.zeros((30, 60), np.uint8)  # any crop: the word is never measured
    assert numerals.reread_word(word, black) == word


@pytest.mark.parametrize("pixels", [
    np.full((30, 40), 255, np.uint8),   # blank
    np.zeros((30, 40), np.uint8),       # all ink
    np.full((5, 40), 255, np.uint8),    # too low to measure
    np.zeros((0, 0), np.uint8),         # an empty box
])
def test_crops_that_tell_nothing(pixels):
    assert numerals.read_glyphs(pixels) is None
    assert numerals.reread_word("VII", pixels) == "VII"


FACES = ["liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf",
         "liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf",
         "dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf", "dejavu/DejaVuSerif.ttf",
         "freefont/FreeSans.ttf", "freefont/FreeSerif.ttf"]


def rendered(text: str, face: str, dpi: int, points: float = 11) -> np.ndarray:
    """A word set in ``face`` at ``dpi``, softened like a scan, cut to its box plus 2 px."""
    path = FONTS / face
    if not path.exists():
        pytest.skip(f"font {face} not installed")
    font = ImageFont.truetype(str(path), round(points * dpi / 72))
    image = Image.new("L", (600, 150), 255)
    ImageDraw.Draw(image).text((10, 30), text, font=font, fill=0)
    pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(0.6)))
    ys, xs = np.nonzero(pixels < 200)
    return pixels[ys.min() - 2: ys.max() + 3, xs.min() - 2: xs.max() + 3]


@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize("dpi", [300, 200])
@pytest.mark.parametrize("text, expected", [
    ("III", "III"), ("VIII", "VIII"), ("IV", "IV"), ("VII", "VII"), ("II.", "II"), ("I", "I"),
])
def test_rendered_numerals(face, dpi, text, expected):
    assert numerals.read_glyphs(rendered(text, face, dpi)) == expected


@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize("dpi", [300, 200])
@pytest.mark.parametrize("text", ["IT", "IHK", "TV", "Y", "W", "VHS", "IG", "IC", "IO", "Inhouse", "HI", "IZ"])
def test_rendered_letters_are_no_numerals(face, dpi, text):
    """Capitals made of strokes like the numerals' are not read as numerals (None: Tesseract stands)."""
    assert numerals.read_glyphs(rendered(text, face, dpi)) is None
    assert numerals.read_glyphs(rendered(text, face, dpi), slash_read=True) is None


@pytest.mark.parametrize("face", FACES)
def test_rendered_slash_ends_the_numeral(face):
    assert numerals.read_glyphs(rendered("II/SGB", face, 300)) in ("II/", None)


@settings(max_examples=200, deadline=None)
@given(word=st.text(alphabet="IVXl1|!/.,SGBabc", max_size=8),
       pixels=st.binary(min_size=600, max_size=600))
def test_a_changed_word_starts_with_a_valid_numeral(word, pixels):
    """Whatever the crop, a word is kept or given a valid numeral; non-candidates are never changed."""
    image = np.frombuffer(pixels, np.uint8).reshape(20, 30)
    out = numerals.reread_word(word, image)
    if numerals.CANDIDATE.match(word) is None:
        assert out == word
    elif out != word:
        head = out.split("/")[0].rstrip(".,;:!)")
        assert numerals.ROMAN.match(head) and head


def test_word_table_without_numerals_comes_back_as_it_was():
    data = {"level": [5, 5], "text": ["Inhouse", "Schulung"], "conf": [95, 96],
            "left": [0, 50], "top": [0, 0], "width": [40, 40], "height": [20, 20]}
    assert numerals.reread_numerals(data, Image.new("L", (100, 30), 255)) is data


def test_a_changed_word_gets_the_glyph_confidence():
    pixels = crop("sans-II-slash.png")
    page = Image.new("L", (pixels.shape[1] + 20, pixels.shape[0] + 20), 255)
    page.paste(Image.fromarray(pixels), (10, 10))
    data = {"level": [5], "text": ["I/SGB"], "conf": [41.0], "left": [12], "top": [12],
            "width": [pixels.shape[1] - 4], "height": [pixels.shape[0] - 4]}
    out = numerals.reread_numerals(data, page)
    assert out["text"] == ["II/SGB"] and out["conf"] == [numerals.GLYPH_CONFIDENCE]
    assert data["text"] == ["I/SGB"]  # the caller's table is not changed


@pytest.mark.parametrize("read, conf, text, out_conf", [
    ("II/SGB", 64.0, "II/SGB", numerals.GLYPH_CONFIDENCE),  # the glyphs confirm a doubtful reading
    ("II/SGB", 96.0, "II/SGB", 96.0),  # a sure one stays as sure
    ("I/SGB", 41.0, "II/SGB", numerals.GLYPH_CONFIDENCE),  # or correct it
])
def test_glyphs_that_agree_with_tesseract_confirm_its_reading(read, conf, text, out_conf):
    pixels = crop("sans-II-slash.png")
    page = Image.new("L", (pixels.shape[1] + 20, pixels.shape[0] + 20), 255)
    page.paste(Image.fromarray(pixels), (10, 10))
    data = {"level": [5], "text": [read], "conf": [conf], "left": [12], "top": [12],
            "width": [pixels.shape[1] - 4], "height": [pixels.shape[0] - 4]}
    out = numerals.reread_numerals(data, page)
    assert (out["text"], out["conf"]) == ([text], [out_conf])


def test_glyphs_that_do_not_tell_leave_a_doubtful_reading_doubtful():
    page = Image.new("L", (60, 40), 255)  # no strokes at all
    data = {"level": [5], "text": ["II"], "conf": [64.0], "left": [5], "top": [5], "width": [40], "height": [25]}
    assert numerals.reread_numerals(data, page) is data


@pytest.mark.parametrize("face", ["liberation/LiberationSans-Regular.ttf", "liberation/LiberationSerif-Regular.ttf"])
def test_tesseract_line_with_numerals(face):
    """End to end through Tesseract: whatever it makes of the bars, the line says SGB II/SGB VIII."""
    path = FONTS / face
    if not path.exists():
        pytest.skip(f"font {face} not installed")
    font = ImageFont.truetype(str(path), round(11 * 300 / 72))
    page = Image.new("L", (1400, 200), 255)
    ImageDraw.Draw(page).text((40, 60), "Inhouse-Schulung SGB II/SGB VIII", font=font, fill=0)
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    lines = tesseract.ocr_image(page, dpi=300, lang="deu", timeout=60)
    assert [line.text.split("SGB", 1)[1] for line in lines if line.text] == [" II/SGB VIII"]
