"""Reading text layers with PDFium gives the lines pdfplumber gave.

pdfplumber (pdfminer) read the text layer until it became too slow; it stays a test dependency
as the reference: its line grouping is compared with ``textlayer.text_rows`` on random glyphs,
and its lines with ours on real typeset pages, upright and turned by /Rotate.
"""
from __future__ import annotations

import io
import zlib
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.utils import chars_to_textmap

from extractor.sources import pdfium_text, plumber, textlayer
from extractor.sources.pdfium_text import Glyph, PageView
from pdf_helpers import assemble_pdf

ROOT = Path(__file__).resolve().parent.parent
TYPESET = ROOT / "samples" / "aqb-s1-007.pdf"  # the text-layer PDF among the samples
BBOX_TOLERANCE = 1.0  # points: PDFium keeps glyph widths in whole 1/1000 em, pdfminer exactly


# --- grouping glyphs into lines, against pdfplumber's own code --------------------------------

def as_char(glyph: Glyph) -> dict:
    """A glyph as a pdfplumber char (the keys its word and line grouping reads)."""
    return {"text": glyph.text, "x0": glyph.x0, "x1": glyph.x1, "top": glyph.top, "bottom": glyph.bottom,
            "doctop": glyph.top, "upright": glyph.upright, "height": glyph.bottom - glyph.top,
            "width": glyph.x1 - glyph.x0}


def pdfplumber_rows(glyphs: list[Glyph]) -> list[dict]:
    if not glyphs:
        return []
    rows = chars_to_textmap([as_char(g) for g in glyphs]).extract_text_lines(strip=True, return_chars=False)
    return [{key: row[key] for key in ("text", "x0", "top", "x1", "bottom")} for row in rows]


# Positions on a coarse grid plus small offsets, so that glyphs often sit right at the
# tolerances (3 pt between tops, 3 pt between words) where the grouping decides.
coordinate = st.builds(lambda step, nudge: step * 1.5 + nudge, st.integers(0, 40), st.sampled_from([0, 0.01, -0.01, 0.7]))
glyphs = st.lists(
    st.builds(
        lambda text, x, top, width, height, upright: Glyph(text, x, top, x + width, top + height, upright),
        st.sampled_from(["a", "b", "Z", "ß", "1", "-", " ", "\u00a0", "ﬁ", "\ufffd"]),
        coordinate, coordinate,
        st.sampled_from([0.5, 2.0, 3.0, 5.0]), st.sampled_from([1.0, 6.0, 10.0]),
        st.sampled_from([True, True, True, False]),
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(glyphs)
def test_text_rows_group_glyphs_as_pdfplumber_does(glyphs):
    assert textlayer.text_rows(glyphs) == pdfplumber_rows(glyphs)


# --- whole pages: PDFium's glyphs against pdfminer's ----------------------------------------

def rotated(path: Path, degrees: int) -> bytes:
    document = pdfium.PdfDocument(path)
    for page in document:
        page.set_rotation(degrees)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def pdfplumber_page(pdf: pdfplumber.PDF, index: int) -> tuple[list[dict], int, int, tuple[float, float]]:
    page = pdf.pages[index]
    rows = page.extract_text_lines(strip=True, return_chars=False)
    return rows, len(page.chars), sum(1 for char in page.chars if not char["upright"]), (page.width, page.height)


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_pdfium_glyphs_make_the_lines_pdfminer_glyphs_made(tmp_path, degrees):
    path = tmp_path / f"typeset-{degrees}.pdf"
    path.write_bytes(rotated(TYPESET, degrees))
    document = pdfium.PdfDocument(path)
    with pdfplumber.open(path) as pdf:
        for index in range(len(document)):
            layer = pdfium_text.read_page_layer(document, index)
            expected, n_chars, n_sideways, size = pdfplumber_page(pdf, index)
            assert (layer.width, layer.height) == pytest.approx(size)
            # PDFium leaves out a drawn space that follows another one; nothing else
            assert 0 <= n_chars - len(layer.glyphs) <= 3
            sideways = sum(1 for glyph in layer.glyphs if not glyph.upright)
            assert (sideways > len(layer.glyphs) / 2) == (n_sideways > n_chars / 2) == (degrees in (90, 270))
            if degrees in (90, 270):
                continue  # a sideways page is OCRed: its rows (a word or two each) are never read
            rows = textlayer.text_rows(layer.glyphs)
            assert [row["text"] for row in rows] == [row["text"] for row in expected]
            for row, reference in zip(rows, expected):
                for key in ("x0", "top", "x1", "bottom"):
                    assert row[key] == pytest.approx(float(reference[key]), abs=BBOX_TOLERANCE), (key, row["text"])
    document.close()


def test_judged_lines_are_pdfplumbers_lines_with_paragraph_gaps():
    document = pdfium.PdfDocument(TYPESET)
    with pdfplumber.open(TYPESET) as pdf:
        for index in range(len(document)):
            judged = textlayer.page_text_layer(document, index, min_chars=40)
            expected = textlayer.lines_from_rows(pdfplumber_page(pdf, index)[0], page=index + 1)
            assert judged.usable and not judged.scanned
            assert [line.text for line in judged.lines] == [line.text for line in expected]
    document.close()


# --- page geometry ----------------------------------------------------------------------------

VIEW = PageView(left=10.0, bottom=20.0, right=110.0, top=220.0, rotation=0)  # a 100 x 200 pt page box


@pytest.mark.parametrize("rotation, point, expected", [
    (0, (10.0, 220.0), (0.0, 0.0)),  # the top left corner of the page box
    (0, (60.0, 20.0), (50.0, 200.0)),
    (90, (10.0, 20.0), (0.0, 0.0)),  # turned clockwise: the bottom left corner comes to the top left
    (90, (110.0, 220.0), (200.0, 100.0)),
    (180, (110.0, 20.0), (0.0, 0.0)),
    (270, (110.0, 220.0), (0.0, 0.0)),
    (270, (10.0, 20.0), (200.0, 100.0)),
])
def test_points_are_placed_on_the_page_as_displayed(rotation, point, expected):
    view = PageView(VIEW.left, VIEW.bottom, VIEW.right, VIEW.top, rotation)
    assert view.point(*point) == pytest.approx(expected)
    assert (view.width, view.height) == ((100.0, 200.0) if rotation in (0, 180) else (200.0, 100.0))


def layer_with_images(*images) -> pdfium_text.PageLayer:
    return pdfium_text.PageLayer((), 100.0, 200.0, tuple(images))


@pytest.mark.parametrize("images, scanned", [
    ([], False),
    ([(0.0, 0.0, 100.0, 200.0)], True),  # a scan over the whole page
    ([(-50.0, -50.0, 150.0, 250.0)], True),  # larger than the page: clipped, still all of it
    ([(0.0, 0.0, 100.0, 99.0)], False),  # under half the page
    ([(0.0, 0.0, 100.0, 80.0), (0.0, 100.0, 100.0, 180.0)], False),  # two logos: no single image covers half
    ([(200.0, 0.0, 300.0, 200.0)], False),  # off the page
])
def test_a_page_is_scanned_when_one_image_covers_half_of_it(images, scanned):
    assert textlayer.has_page_image(layer_with_images(*images)) == scanned


# --- glyphs without a Unicode mapping -----------------------------------------------------------

LINES = ["Die „Servicestelle Teilzeit-Ausbildung“ unterstützt die Zusammenarbeit aller Partner",
         "im Landkreis — für den Bereich des Übergangs von der Schule in den Beruf."]
UNICODE_RANGE = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def "
                 b"/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
                 b"1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end")


def identity_pdf(lines: list[str], to_unicode: bytes | None) -> bytes:
    """A one-page PDF whose text is in a Type0 Identity-H font numbering glyphs by Unicode, as Tesseract writes.

    With ``to_unicode`` the font maps its codes with that CMap (Tesseract's: one range over all
    of them); without, nothing says what the glyphs are.
    """
    ops = ["BT /F1 11 Tf"] + [f"1 0 0 1 72 {770 - 16 * i} Tm <{line.encode('utf-16-be').hex()}> Tj"
                              for i, line in enumerate(lines)] + ["ET"]
    content = "\n".join(ops).encode()
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H /DescendantFonts [6 0 R]"
    font += b" /ToUnicode 7 0 R >>" if to_unicode else b" >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        font,
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont /DW 500 /CIDToGIDMap /Identity"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        b" /FontDescriptor << /Type /FontDescriptor /FontName /GlyphLessFont /Flags 4 /FontBBox [0 -200 500 800]"
        b" /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >> >>",
        b"<< /Length %d >>\nstream\n" % len(to_unicode or b"") + (to_unicode or b"") + b"\nendstream",
    ]
    return assemble_pdf(objects)


def test_a_unicode_map_pdfium_reads_only_in_part_still_gives_the_text():
    # PDFium honours a bfrange only within its last byte, so it flags „ “ — as unmapped and
    # passes their codes off as text: which, numbered by Unicode, are the right characters.
    document = pdfium.PdfDocument(identity_pdf(LINES, UNICODE_RANGE))
    judged = textlayer.page_text_layer(document, 0, min_chars=40)
    assert [line.text for line in judged.lines] == LINES and judged.usable


def test_glyphs_of_a_font_without_a_unicode_map_are_undecodable():
    document = pdfium.PdfDocument(identity_pdf(LINES, None))
    layer = pdfium_text.read_page_layer(document, 0)
    assert {glyph.text for glyph in layer.glyphs} == {pdfium_text.UNDECODABLE}
    assert textlayer.page_text_layer(document, 0, min_chars=40).reason == textlayer.REASON_CID


def test_images_inside_form_xobjects_are_placed_through_the_form_matrix():
    pixels = zlib.compress(bytes(32 * 32))

    def stream(entries: bytes, data: bytes) -> bytes:
        return entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Fm1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        stream(b"<<", b"q 1 0 0 1 30 40 cm /Fm1 Do Q"),
        stream(b"<< /Type /XObject /Subtype /Form /BBox [0 0 500 500] /Matrix [2 0 0 3 5 0]"
               b" /Resources << /XObject << /Im1 6 0 R >> >>", b"q 100 0 0 50 10 10 cm /Im1 Do Q"),
        stream(b"<< /Type /XObject /Subtype /Image /Width 32 /Height 32 /ColorSpace /DeviceGray"
               b" /BitsPerComponent 8 /Filter /FlateDecode", pixels),
    ]
    layer = pdfium_text.read_page_layer(pdfium.PdfDocument(assemble_pdf(objects)), 0)
    # x: 30 + 5 + 2 * 10 .. + 2 * 100; y from the top: 842 - (40 + 3 * 10 + 3 * 50) .. 842 - (40 + 3 * 10)
    [image] = layer.images
    assert image == pytest.approx((55.0, 622.0, 255.0, 772.0))


def test_a_page_pdfium_cannot_read_is_read_by_pdfplumber(monkeypatch, tmp_path):
    """Fault injection: PDFium fails on the page's text; the second reader (pdfplumber) reads it."""
    from extractor.options import Options
    from extractor.sources import read_pages

    def fails(document, index):
        raise pdfium_text.PageUnreadable("injected")

    monkeypatch.setattr(pdfium_text, "read_page_layer", fails)
    path = tmp_path / "typeset.pdf"
    path.write_bytes(TYPESET.read_bytes())
    pages = read_pages(path, Options())
    assert {(page.source, page.reason) for page in pages} == {("text_layer", textlayer.REASON_SECOND_READER)}
    with pdfplumber.open(TYPESET) as pdf:
        first = [row["text"] for row in pdf.pages[0].extract_text_lines(strip=True, return_chars=False)]
    assert [line.text for line in pages[0].lines if line.text] == first


def test_no_second_reading_of_a_page_pdfplumber_cannot_open_either(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nnot a pdf at all\n")
    assert textlayer.second_reading(plumber.read_page(path, 0), page=1, min_chars=40) is None
