"""extractor.sources: sniffing, text layers, OCR with the real Tesseract, and every input failure.

All test files are generated here (reportlab, pypdfium2, Pillow); nothing binary is committed.
Tesseract faults are injected by pointing pytesseract at a missing program or at small
shell scripts that answer ``--version``/``--list-langs`` like Tesseract and then misbehave.
"""
from __future__ import annotations

import difflib
import io
import os
import shutil
import stat
import struct
import subprocess
import time
import warnings
import zlib
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytesseract
import pytest
import reportlab
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractor.errors import (
    CorruptInput,
    EmptyInput,
    EncryptedInput,
    InputError,
    NotPdf,
    OcrError,
    TesseractMissing,
    Timeout,
    TooLarge,
    Unsupported,
)
from extractor.options import Options
from extractor.records import UNSCORED_WORD, Line
from extractor.sources import count_pages, read_pages
from extractor.sources import images, ocr, plaintext, sniff, tesseract, textlayer
from pdf_helpers import assemble_pdf

OPTIONS = Options()
FONT = "Vera"  # shipped inside reportlab, with widths for every glyph (also for "€")
pdfmetrics.registerFont(TTFont(FONT, str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")))

# One page of an agreement; None is a paragraph gap.
PAGE_LINES = [
    "Zielvereinbarung 2023 zwischen dem Hessischen Ministerium",
    "für Soziales und Integration und dem Landkreis Gießen",
    None,
    "1. Förderung der Ausbildung für Jugendliche",
    "Gesamtbudget: 123.456,78 € für Maßnahmen zur Qualifizierung",
    None,
    "Änderungen bedürfen der Schriftform. Übergänge prüfen wir jährlich.",
]
EXPECTED_TEXT = [line or "" for line in PAGE_LINES]
UMLAUT_WORDS = ["Gießen", "Förderung", "Maßnahmen", "Änderungen", "bedürfen", "Übergänge", "prüfen", "jährlich."]


# --- generated inputs -------------------------------------------------------------------


def draw_page(c: canvas.Canvas, lines=PAGE_LINES) -> None:
    """Draw the agreement lines at 12 pt with 18 pt leading and a blank line per paragraph gap."""
    c.setFont(FONT, 12)
    y = A4[1] - 72
    for line in lines:
        if line is not None:
            c.drawString(72, y, line)
        y -= 18


def make_text_pdf(path: Path, **canvas_args) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, **canvas_args)
    draw_page(c)
    c.showPage()
    c.save()
    return path


def render(pdf: Path, dpi: int, index: int = 0) -> Image.Image:
    document = pdfium.PdfDocument(pdf)
    try:
        return document[index].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height but holds almost no pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.fixture(scope="session")
def files(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("sources")


@pytest.fixture(scope="session")
def text_pdf(files) -> Path:
    return make_text_pdf(files / "text.pdf")


@pytest.fixture(scope="session")
def page_300(text_pdf) -> Image.Image:
    return render(text_pdf, 300)


@pytest.fixture(scope="session")
def scan_pdf(files, page_300) -> Path:
    """The text page as an image-only PDF, as a scanner writes it."""
    path = files / "scan.pdf"
    page_300.save(path, "PDF", resolution=300)
    return path


@pytest.fixture(scope="session")
def scan_pages(scan_pdf):
    return read_pages(scan_pdf, OPTIONS)


@pytest.fixture(scope="session")
def mixed_pdf(files, page_300) -> Path:
    """Page 1 with a text layer, page 2 a scanned image of the same text."""
    path = files / "mixed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    draw_page(c)
    c.showPage()
    c.drawImage(ImageReader(page_300), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return path


def words(pages) -> list[str]:
    return " ".join(page.text for page in pages).split()


# A page long enough for its text layer to be judged by its words (>= 30 of 4+ letters).
LAYER_LINES = [
    "Das Land Hessen und der Landkreis Gießen schließen diese Vereinbarung",
    "über die Förderung der Ausbildung junger Menschen im Landkreis.",
    "Ziel ist es, Jugendlichen ohne Ausbildungsplatz den Übergang",
    "von der Schule in den Beruf zu erleichtern und Abbrüche zu vermeiden.",
    None,
    "Die Maßnahmen werden jährlich überprüft und gemeinsam weiterentwickelt.",
    "Der Landkreis berichtet dem Ministerium bis zum Ende des Jahres",
    "über die Zahl der Teilnehmenden und die Ergebnisse der Förderung.",
    None,
    "Änderungen dieser Vereinbarung bedürfen der Schriftform.",
]
# The same page as a scanner's poor OCR printed it (confusions as in make_samples: e/c, g/q, l/I, ü/ii).
NOISY_LAYER_LINES = [
    "Das Land Hesscn und der Landkreis Gießen schließen diese Vereinbarunq",
    "iiber die Förderung der Ausbildunq junger Menschen im Landkrcis.",
    "Ziel ist es, Juqendlichen ohne Ausbildungsplatz den Übergang",
    "von der Schulc in den Beruf zu erleichtern und Abbrüche zu vermeidcn.",
    None,
    "Die Maßnahmen werdcn jährIich überprüft und gemeinsam weiterentwickelt.",
    "Der Landkreis berichtct dem Ministerium bis zum Ende des Jahrcs",
    "über die Zahl der Teilnehmenden und dic Ergebnisse der Förderunq.",
    None,
    "Änderungen dieser Vereinbarung bedürfen der Schriftforrn.",
]
# Good German, but not what the page image shows (another page's layer).
OTHER_LAYER_LINES = [
    "Der Kreis stellt für das Programm eigene Mittel in gleicher Höhe bereit",
    "und benennt eine Ansprechperson für die Koordinierung vor Ort.",
    "Berichte über den Stand der Umsetzung werden halbjährlich vorgelegt",
    "und in der Steuerungsgruppe mit allen Beteiligten besprochen.",
    None,
    "Nicht verbrauchte Mittel können nicht in das Folgejahr übertragen werden.",
    "Eine Kündigung ist nur aus wichtigem Grund schriftlich möglich",
    "und wird mit einer Frist von drei Monaten zum Jahresende wirksam.",
    None,
    "Diese Vereinbarung tritt mit ihrer Unterzeichnung in Kraft.",
]


def scan_with_text_layer(image: Image.Image, dpi: int, lines, *, cid: bool = False) -> bytes:
    """A one-page PDF as a scanner writes it: ``image`` over the page and an invisible text layer.

    The layer (text render mode 3) is Helvetica with WinAnsi encoding, or with ``cid`` a Type0
    font without a ToUnicode map, whose glyphs a text extractor can only print as ``(cid:NN)``.
    """
    gray = image.convert("L")
    width_pt, height_pt = gray.width * 72 / dpi, gray.height * 72 / dpi
    ops = [f"q {width_pt:.2f} 0 0 {height_pt:.2f} 0 0 cm /Im1 Do Q", "BT 3 Tr /F1 12 Tf"]
    for i, line in enumerate(lines):
        if line is None:
            continue
        if cid:
            shown = "<" + "".join(f"{ord(ch) % 200 + 3:04x}" for ch in line) + ">"
        else:
            raw = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            shown = "(" + raw.decode("latin-1") + ")"
        ops.append(f"1 0 0 1 72 {height_pt - 72 - 18 * i:.2f} Tm {shown} Tj")  # where draw_page puts it
    content = "\n".join([*ops, "ET"]).encode("latin-1")
    pixels = zlib.compress(gray.tobytes())
    if cid:
        font = b"<< /Type /Font /Subtype /Type0 /BaseFont /Scan /Encoding /Identity-H /DescendantFonts [7 0 R] >>"
    else:
        font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt:.2f} {height_pt:.2f}] "
        f"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 4 0 R >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        font,
        f"<< /Type /XObject /Subtype /Image /Width {gray.width} /Height {gray.height} /ColorSpace /DeviceGray "
        f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(pixels)} >>\nstream\n".encode() + pixels + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Scan /DW 500 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /Scan /Flags 4 /FontBBox [0 -200 1000 800] "
        b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >> >>",
    ]
    return assemble_pdf(objects)


# --- sniffing -------------------------------------------------------------------------------

SNIFF_CASES = [
    # (file name, content, expected kind or error)
    ("a.pdf", b"%PDF-1.7\n...", sniff.KIND_PDF),
    ("a.bin", b"\0" * 900 + b"%PDF-1.4\n", sniff.KIND_PDF),  # header within the first KiB
    ("scan.pdf", b"II*\0" + b"\0" * 20, sniff.KIND_IMAGE),  # a TIFF named .pdf is still a TIFF
    ("a.tif", b"MM\0*" + b"\0" * 20, sniff.KIND_IMAGE),
    ("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, sniff.KIND_IMAGE),
    ("a.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20, sniff.KIND_IMAGE),
    ("a.txt", "Zielvereinbarung Gießen\n".encode("cp1252"), sniff.KIND_TXT),
    ("a.TXT", "\ufeffZielvereinbarung\n".encode("utf-16"), sniff.KIND_TXT),
    ("a.pdf", b"", EmptyInput),
    ("a.pdf", b"<!DOCTYPE html><html><body>Not found</body></html>", NotPdf),
    ("a.pdf", b"Zielvereinbarung als Text", NotPdf),
    ("a.pdf", b"\0" * 2000 + b"%PDF-1.4\n", NotPdf),  # header too late
    ("a.html", b"<html></html>", Unsupported),
    ("a.csv", b"a;b\n1;2\n", Unsupported),
    ("a.txt", b"\0\1\2\3binary", Unsupported),
    ("a.docx", b"PK\3\4" + b"\0" * 20, Unsupported),
]


@pytest.mark.parametrize("name, content, expected", SNIFF_CASES)
def test_sniff_by_content(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    if isinstance(expected, str):
        assert sniff.sniff(path) == expected
    else:
        with pytest.raises(expected) as raised:
            sniff.sniff(path)
        assert raised.value.path == str(path)


def test_html_named_pdf_says_what_it_is(tmp_path):
    path = tmp_path / "agreement.pdf"
    path.write_text("<!doctype html><html><head><title>404</title></head></html>")
    with pytest.raises(NotPdf, match="HTML page"):
        read_pages(path, OPTIONS)


def test_unreadable_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_pages(tmp_path / "missing.pdf", OPTIONS)
    with pytest.raises(InputError, match="cannot read"):
        read_pages(tmp_path, OPTIONS)  # a directory


# --- PDF text layer -------------------------------------------------------------------------


def test_text_layer_lines_and_bboxes(text_pdf):
    [page] = read_pages(text_pdf, OPTIONS)
    assert (page.number, page.source, page.reason, page.dpi) == (1, "text_layer", "text_layer", None)
    assert [line.text for line in page.lines] == EXPECTED_TEXT
    assert (page.width_pt, page.height_pt) == pytest.approx(A4)
    for line in page.lines:
        assert line.page == 1 and line.conf is None
        if line.text:
            x0, top, x1, bottom = line.bbox
            assert 0 <= x0 < x1 <= page.width_pt and 0 <= top < bottom <= page.height_pt
    first = page.lines[0].bbox
    assert first[0] == pytest.approx(72) and first[3] == pytest.approx(72, abs=4)  # baseline at 72 pt from top


def test_pdf_header_after_junk_is_read(tmp_path, text_pdf):
    path = tmp_path / "junk-before-header.pdf"
    path.write_bytes(b"\r\n" * 200 + text_pdf.read_bytes())
    [page] = read_pages(path, OPTIONS)
    assert page.source == "text_layer" and page.lines[0].text == EXPECTED_TEXT[0]


TEXT_PROBLEMS = [
    # (text of a page, reason it is not usable or None)
    ("Zielvereinbarung zwischen dem Land Hessen und dem Landkreis", None),
    ("", "no_text_layer"),
    ("Seite 1 von 3", "no_text_layer"),  # a stamp on a scanned page
    ("(cid:3)(cid:17)(cid:44) " * 30, "cid_glyphs"),
    ("(cid:3)(cid:17)(cid:44) " * 30 + "Seite 1", "cid_glyphs"),
    ("Zielvereinbarung zwischen dem Land Hessen und dem Landkreis (cid:3)", None),  # one stray glyph
    ("\ue001\ue002\ue003 " * 30, "cid_glyphs"),  # private-use glyphs without a Unicode mapping
]


@pytest.mark.parametrize("text, problem", TEXT_PROBLEMS)
def test_text_problem(text, problem):
    assert textlayer.text_problem(text, OPTIONS.min_text_chars) == problem


def rows(*spans):
    return [{"text": f"line {i}", "x0": 72, "x1": 300, "top": top, "bottom": bottom} for i, (top, bottom) in enumerate(spans)]


PARAGRAPH_CASES = [
    # (line spans in points, expected texts) -- 12 pt lines
    (rows((0, 12), (14.4, 26.4), (28.8, 40.8)), ["line 0", "line 1", "line 2"]),  # single spacing
    (rows((0, 12), (14.4, 26.4), (37.2, 49.2), (51.6, 63.6)), ["line 0", "line 1", "", "line 2", "line 3"]),  # 6 pt after
    (rows((0, 12), (18, 30), (54, 66), (72, 84)), ["line 0", "line 1", "", "line 2", "line 3"]),  # blank line, 1.5 spacing
    (rows((0, 12), (11, 23)), ["line 0", "line 1"]),  # overlapping lines never split
]


@pytest.mark.parametrize("spans, expected", PARAGRAPH_CASES)
def test_paragraph_breaks_from_vertical_gaps(spans, expected):
    assert [line.text for line in textlayer.lines_from_rows(spans, page=1)] == expected


def text_of(lines) -> str:
    return "\n".join(line or "" for line in lines)


UNKNOWN_SHARES = [
    # (text of a page, expected share of unknown words, or None when too few words to judge)
    (text_of(LAYER_LINES), 0.0),
    (text_of(OTHER_LAYER_LINES), 0.0),  # "Ansprechperson": a verb's stem and a word (ansprechen, Person)
    (text_of(NOISY_LAYER_LINES), 0.32),  # 14 of 44 words misread
    (text_of(PAGE_LINES), None),  # 19 words: too few
    # acronyms are not judged; words broken at a line end are joined first
    ("Das HMSI und die Agentur für Arbeit fördern die Ausbil-\ndung im Kreis gemeinsam. " * 5, 0.0),
    # compounds of several words count as words
    ("Teilzeitausbildungen Sprachförderangebote Jugendberufshilfe Ausbildungsplatzakquise " * 8, 0.0),
]


@pytest.mark.parametrize("text, share", UNKNOWN_SHARES)
def test_unknown_word_share(text, share):
    got = textlayer.unknown_share(text)
    assert got == (None if share is None else pytest.approx(share, abs=0.01))


@pytest.fixture(scope="session")
def layer_scan(files) -> Image.Image:
    """LAYER_LINES typeset and rendered at 150 dpi: the image of a scanned page."""
    path = files / "layer-text.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    draw_page(c, LAYER_LINES)
    c.showPage()
    c.save()
    return render(path, 150)


SCANNED_LAYERS = [
    # (text layer over the scan, as cid glyphs, expected source and reason)
    (LAYER_LINES, False, "text_layer", "text_layer"),  # trusted after an OCR sample agreed
    (NOISY_LAYER_LINES, False, "ocr", "text_layer_oov"),
    (OTHER_LAYER_LINES, False, "ocr", "text_layer_disagrees"),
    (LAYER_LINES, True, "ocr", "cid_glyphs"),
]


@pytest.mark.parametrize("lines, cid, source, reason", SCANNED_LAYERS)
def test_text_layer_of_a_scan_is_judged_before_it_is_trusted(tmp_path, layer_scan, lines, cid, source, reason):
    path = tmp_path / "scan-with-layer.pdf"
    path.write_bytes(scan_with_text_layer(layer_scan, 150, lines, cid=cid))
    [page] = read_pages(path, OPTIONS.with_(dpi=150))
    assert (page.source, page.reason) == (source, reason)
    assert (page.width_pt, page.height_pt) == pytest.approx(A4, abs=0.5)
    for word in ("Gießen", "Maßnahmen", "Übergang", "Änderungen", "Schriftform."):  # what the image shows
        assert word in page.text.split()


def test_a_poor_layer_kept_over_a_worse_reading_is_judged_as_ocr_text(tmp_path):
    """A hard set's 200 dpi PDF: a scanner's layer with many unknown words was kept (OCR of the
    page read no better), but as typeset text, every word sure; `GO-qut` passed unflagged."""
    path = tmp_path / "blank-scan-noisy-layer.pdf"
    path.write_bytes(scan_with_text_layer(Image.new("L", (1240, 1754), 255), 150, NOISY_LAYER_LINES))
    [page] = read_pages(path, OPTIONS.with_(dpi=150))
    assert (page.source, page.reason) == ("text_layer", "text_layer_oov_kept")
    filled = [line for line in page.lines if line.text.strip()]
    assert filled and all(line.word_confs == (UNSCORED_WORD,) * len(line.text.split()) for line in filled)


def test_scan_layer_is_taken_unchecked_without_tesseract(tmp_path, monkeypatch, layer_scan):
    path = tmp_path / "scan-with-layer.pdf"
    path.write_bytes(scan_with_text_layer(layer_scan, 150, LAYER_LINES))
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-such-tesseract"))
    [page] = read_pages(path, OPTIONS)
    assert (page.source, page.reason) == ("text_layer", "text_layer")


def test_typeset_pages_are_never_ocred(monkeypatch, text_pdf):
    def no_ocr(*args, **kwargs):
        raise AssertionError("OCR run on a typeset page")

    monkeypatch.setattr(tesseract, "_image_to_data", no_ocr)  # every Tesseract run goes through it
    assert read_pages(text_pdf, OPTIONS)[0].source == "text_layer"


# --- PDF OCR ------------------------------------------------------------------------------------


def test_image_only_pdf_is_ocred(scan_pages):
    [page] = scan_pages
    assert (page.source, page.reason, page.dpi) == ("ocr", "no_text_layer", 300)
    assert (page.width_pt, page.height_pt) == pytest.approx(A4, abs=0.5)
    for word in UMLAUT_WORDS:
        assert word in words(scan_pages)
    assert [line.text == "" for line in page.lines] == [line == "" for line in EXPECTED_TEXT]
    similarity = difflib.SequenceMatcher(a=" ".join(EXPECTED_TEXT), b=page.text.replace("\n", " ")).ratio()
    assert similarity > 0.97
    assert all(0.5 < line.conf <= 1 for line in page.lines if line.text)


def test_ocr_bboxes_match_the_text_layer(text_pdf, scan_pages):
    [text_page] = read_pages(text_pdf, OPTIONS)
    [ocr_page] = scan_pages
    text_boxes = [line.bbox for line in text_page.lines if line.text]
    ocr_boxes = [line.bbox for line in ocr_page.lines if line.text]
    assert len(ocr_boxes) == len(text_boxes)
    for (x0, top, x1, bottom), got in zip(text_boxes, ocr_boxes):
        # OCR boxes hug the ink, text-layer boxes the font size: they differ by a point or two,
        # and the dots of a capital umlaut (Ä, Ü) rise about 3 pt above the font box.
        assert got == pytest.approx((x0, top - 1.5, x1, bottom), abs=2), ((x0, top, x1, bottom), got)


def test_mixed_pdf_uses_text_layer_and_ocr(mixed_pdf):
    pages = read_pages(mixed_pdf, OPTIONS)
    assert [page.source for page in pages] == ["text_layer", "ocr"]
    assert [page.reason for page in pages] == ["text_layer", "no_text_layer"]
    assert [page.number for page in pages] == [1, 2]
    assert all(line.page == 2 for line in pages[1].lines)
    assert "Gießen" in pages[1].text and "Maßnahmen" in pages[1].text
    assert count_pages(mixed_pdf, OPTIONS) == 2


def scan_as_pdf(path: Path, image: Image.Image, dpi: int, rotate: int = 0) -> Path:
    """``image`` as the one image of a PDF page at ``dpi``, the page shown turned by ``rotate``."""
    image.save(path, "PDF", resolution=dpi)
    if rotate:
        document = pdfium.PdfDocument(path)
        document[0].set_rotation(rotate)
        document.save(path.with_suffix(".turned.pdf"))
        document.close()
        path = path.with_suffix(".turned.pdf")
    return path


@pytest.mark.parametrize("dpi, mode, rotate", [(300, "L", 0), (200, "L", 0), (200, "1", 0), (300, "RGB", 0),
                                               (200, "L", 90), (300, "1", 270)])
def test_scanned_page_is_read_as_stored(tmp_path, text_pdf, dpi, mode, rotate):
    stored = render(text_pdf, dpi).convert(mode)
    path = scan_as_pdf(tmp_path / "scan.pdf", stored, dpi, rotate)
    document = pdfium.PdfDocument(path)
    scan = images.page_scan(document[0], OPTIONS.max_pixels)
    assert scan is not None and scan.dpi == dpi
    upright = images.turn(stored if mode != "RGB" else stored.convert("L"), rotate)
    assert scan.image.mode == ("1" if mode == "1" else "L") and scan.image.size == upright.size
    # PIL stores a grey or colour page as JPEG, a 1-bit one losslessly (CCITT)
    difference = np.abs(np.asarray(scan.image, dtype=int) - np.asarray(upright, dtype=int)).mean()
    assert difference == 0 if mode == "1" else difference < 1
    # what the page shows: the same pixels as rendering it at the scan's resolution
    rendered = document[0].render(scale=dpi / 72, grayscale=True).to_pil().crop((0, 0, *scan.image.size))
    assert np.abs(np.asarray(rendered, dtype=int) - np.asarray(scan.image.convert("L"), dtype=int)).mean() < 8


def test_a_page_that_is_more_than_its_scan_is_rendered(tmp_path, text_pdf, mixed_pdf):
    # visible text, a scan not covering the page, or a second image: the page must be rendered
    assert images.page_scan(pdfium.PdfDocument(text_pdf)[0], OPTIONS.max_pixels) is None
    document = pdfium.PdfDocument.new()
    page = document.new_page(*A4)
    for scale, offset in ((0.5, 0), (0.5, 300)):
        scan = pdfium.PdfImage.new(document)
        scan.set_bitmap(pdfium.PdfBitmap.from_pil(render(text_pdf, 100)))
        scan.set_matrix(pdfium.PdfMatrix().scale(A4[0] * scale, A4[1] * scale).translate(offset, offset))
        page.insert_obj(scan)
        page.gen_content()
        assert images.page_scan(page, OPTIONS.max_pixels) is None


def test_scanned_pdf_pages_are_read_at_their_resolution_from_200_dpi(tmp_path, text_pdf):
    for dpi, read_at in ((300, 300), (200, 200), (150, 300), (600, 300)):
        path = scan_as_pdf(tmp_path / f"scan-{dpi}.pdf", render(text_pdf, dpi), dpi)
        [page] = read_pages(path, OPTIONS)
        assert page.dpi == read_at and (page.width_pt, page.height_pt) == pytest.approx(A4, abs=1)
        assert "Maßnahmen" in page.text


def test_page_over_pixel_limit_is_refused_before_rendering(scan_pdf, monkeypatch):
    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered although over the pixel limit")

    monkeypatch.setattr(pdfium.PdfPage, "render", no_rendering)
    # A4 at 300 dpi is 2481 x 3508 = 8.7 million pixels
    with pytest.raises(TooLarge, match=r"248\d x 3508") as raised:
        read_pages(scan_pdf, OPTIONS.with_(max_pixels=8_000_000))
    assert raised.value.path == str(scan_pdf) and "page 1" in str(raised.value)


def test_document_deadline_stops_before_ocr(scan_pdf):
    with pytest.raises(Timeout, match="page 1"):
        read_pages(scan_pdf, OPTIONS.with_(doc_timeout=1e-9))


# --- damaged, encrypted and empty PDFs --------------------------------------------------------


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9, 0.99])
@pytest.mark.parametrize("which", ["text_pdf", "scan_pdf"])
def test_truncated_pdf_is_corrupt(tmp_path, request, which, keep):
    data = request.getfixturevalue(which).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(CorruptInput) as raised:
        read_pages(path, OPTIONS)
    assert isinstance(raised.value.__cause__, pdfium.PdfiumError)
    with pytest.raises(CorruptInput):
        count_pages(path, OPTIONS)


def test_pdf_without_pages_is_empty(tmp_path):
    buffer = io.BytesIO()
    pdfium.PdfDocument.new().save(buffer)
    path = tmp_path / "no-pages.pdf"
    path.write_bytes(buffer.getvalue())
    locked = make_text_pdf(tmp_path / "locked.pdf", encrypt=pdfencrypt.StandardEncryption("geheim", "owner"))
    with pytest.raises(EncryptedInput):
        read_pages(locked, OPTIONS)  # leaves PDFium's last error at "password"...
    with pytest.raises(EmptyInput, match="no pages"):
        read_pages(path, OPTIONS)  # ...which must not be taken for this file's


def test_zero_bytes_is_empty(tmp_path):
    path = tmp_path / "download.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyInput, match="0 bytes"):
        read_pages(path, OPTIONS)


@pytest.mark.parametrize("strength", [40, 128])
def test_pdf_with_user_password_is_encrypted(tmp_path, strength):
    path = make_text_pdf(tmp_path / "locked.pdf", encrypt=pdfencrypt.StandardEncryption("geheim", "owner", strength=strength))
    with pytest.raises(EncryptedInput, match="password") as raised:
        read_pages(path, OPTIONS)
    assert "qpdf --decrypt" in str(raised.value)
    with pytest.raises(EncryptedInput):
        count_pages(path, OPTIONS)


def test_pdf_with_owner_password_only_is_read(tmp_path):
    # Encrypted, but the empty user password opens it: nothing to ask the user for.
    path = make_text_pdf(tmp_path / "restricted.pdf", encrypt=pdfencrypt.StandardEncryption("", "owner", strength=128))
    [page] = read_pages(path, OPTIONS)
    assert page.source == "text_layer" and [line.text for line in page.lines] == EXPECTED_TEXT


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
@pytest.mark.parametrize("user_password, readable", [("geheim", False), ("", True)])
def test_aes256_encryption_from_qpdf(tmp_path, text_pdf, user_password, readable):
    path = tmp_path / "aes.pdf"
    subprocess.run(["qpdf", "--encrypt", user_password, "owner", "256", "--", str(text_pdf), str(path)], check=True)
    if readable:
        assert read_pages(path, OPTIONS)[0].source == "text_layer"
    else:
        with pytest.raises(EncryptedInput):
            read_pages(path, OPTIONS)


# --- image files ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def page_150(text_pdf) -> Image.Image:
    return render(text_pdf, 150)


def test_multipage_tiff_gives_every_frame(tmp_path, page_150):
    path = tmp_path / "scan.tif"
    frames = [page_150, page_150.convert("1"), page_150.rotate(0.5, fillcolor=255)]
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(150, 150))
    assert count_pages(path, OPTIONS) == 3
    pages = read_pages(path, OPTIONS)
    assert [page.number for page in pages] == [1, 2, 3]
    assert {(page.source, page.reason, page.dpi) for page in pages} == {("ocr", "image_file", 150)}
    for page in pages:
        assert "Gießen" in page.text and "Maßnahmen" in page.text
        assert (page.width_pt, page.height_pt) == pytest.approx(A4, abs=1)


@pytest.mark.parametrize("container", ["tiff", "pdf"])
def test_bilevel_g4_fax_at_200_dpi_is_read(tmp_path, text_pdf, container):
    fax = render(text_pdf, 200).point(lambda v: 255 if v > 160 else 0).convert("1")
    path = tmp_path / f"fax.{container}"
    if container == "tiff":
        fax.save(path, compression="group4", dpi=(200, 200))
        with Image.open(path) as check:
            assert (check.mode, check.info["compression"]) == ("1", "group4")
    else:
        fax.save(path, "PDF", resolution=200)
        assert b"/CCITTFaxDecode" in path.read_bytes()
    [page] = read_pages(path, OPTIONS)
    assert page.source == "ocr" and (page.width_pt, page.height_pt) == pytest.approx(A4, abs=1)
    similarity = difflib.SequenceMatcher(a=" ".join(EXPECTED_TEXT), b=page.text.replace("\n", " ")).ratio()
    assert similarity > 0.95
    for word in UMLAUT_WORDS:
        assert word in page.text.split()


@pytest.mark.parametrize(
    "fmt, save_args, dpi, reason",
    [
        ("PNG", {"dpi": (150, 150)}, 150, "image_file"),
        ("PNG", {}, 300, "image_file_dpi_assumed_300"),  # no pHYs chunk
        ("PNG", {"dpi": (50, 50)}, 300, "image_file_dpi_assumed_300"),  # implausibly low
        ("JPEG", {"dpi": (150, 150), "quality": 80}, 150, "image_file"),
    ],
)
def test_image_resolution_is_read_or_assumed(tmp_path, page_150, fmt, save_args, dpi, reason):
    path = tmp_path / f"page.{fmt.lower()}"
    page_150.save(path, fmt, **save_args)
    [page] = read_pages(path, OPTIONS)
    assert (page.source, page.reason, page.dpi) == ("ocr", reason, dpi)
    assert page.width_pt == pytest.approx(page_150.width * 72 / dpi)
    assert "Förderung" in page.text


def test_image_dpi_plausibility():
    assert images.image_dpi(Image.new("L", (1240, 1754))) == (300, True)  # no tag
    a4_at_300_tagged_72 = Image.new("L", (2480, 3508))
    a4_at_300_tagged_72.info["dpi"] = (72, 72)
    assert images.image_dpi(a4_at_300_tagged_72) == (300, True)  # would be a 49-inch page
    small_at_72 = Image.new("L", (600, 840))
    small_at_72.info["dpi"] = (72.0, 72.0)
    assert images.image_dpi(small_at_72) == (72, False)


@pytest.mark.parametrize("mode", ["1", "L", "RGB", "RGBA", "P", "CMYK", "I;16", "LA"])
def test_images_are_made_grayscale_for_tesseract(mode):
    image = Image.new("RGB", (40, 20), "white")
    image.paste((0, 0, 0), (10, 5, 30, 15))
    if mode == "I;16":
        image = Image.fromarray(np.asarray(image.convert("L"), dtype=np.uint16) * 257)
    else:
        image = image.convert(mode)
    ready = images.for_ocr(image)
    assert ready.mode in ("1", "L")
    assert ready.convert("L").getpixel((20, 10)) < 64 and ready.convert("L").getpixel((2, 2)) > 192


def test_image_over_pixel_limit_is_refused_from_the_header(tmp_path):
    path = tmp_path / "huge.png"
    path.write_bytes(png_header_only(10_000, 10_000))  # claims 100 million pixels, holds none
    with pytest.raises(TooLarge, match="100,000,000 pixels"):
        read_pages(path, OPTIONS.with_(max_pixels=50_000_000))


def test_decompression_bomb_is_too_large_without_warnings(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header_only(30_000, 30_000))  # past Pillow's own bomb limit
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TooLarge) as raised:
            read_pages(path, OPTIONS)
    assert "900,000,000 pixels" in str(raised.value) and "--max-pixels" in str(raised.value)


@pytest.mark.parametrize("name", ["truncated.png", "truncated.jpg"])
def test_truncated_image_is_corrupt(tmp_path, page_150, name):
    buffer = io.BytesIO()
    page_150.save(buffer, "PNG" if name.endswith("png") else "JPEG")
    path = tmp_path / name
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(CorruptInput, match="page 1"):
        read_pages(path, OPTIONS)


# --- straightening: skew and pages turned sideways ---------------------------------------


@pytest.mark.parametrize("degrees", [-3.0, -1.2, 2.0, 4.5])
def test_skew_is_measured(page_150, degrees):
    askew = page_150.rotate(degrees, resample=Image.BICUBIC, fillcolor=255)
    angle, gain = images.estimate_skew(askew)
    assert angle == pytest.approx(-degrees, abs=0.2) and gain > images.MIN_SKEW_GAIN


def specked(image: Image.Image, share: float, seed: int = 1) -> Image.Image:
    """``image`` with a share of its pixels turned into dark specks, as a noisy scanner leaves them."""
    pixels = np.array(image.convert("L"))
    rng = np.random.default_rng(seed)
    hit = rng.random(pixels.shape) < share
    pixels[hit] = rng.integers(0, 100, int(hit.sum()))
    return Image.fromarray(pixels)


@pytest.fixture(scope="session")
def page_200(text_pdf) -> Image.Image:
    return render(text_pdf, 200)


CLEANUP_CASES = [
    # (page image, dpi, expected cleanup) -- make_samples hard scans speck 0.05-0.3 % of pixels
    ("clean", 200, "none"),
    ("specked", 200, "median"),
    ("specked", 150, "none"),  # a median eats the thin strokes of 150 dpi print
    ("fax", 200, "smoothed"),  # 1-bit: smoothed into grey, never median-filtered
]


@pytest.mark.parametrize("kind, dpi, expected", CLEANUP_CASES)
def test_cleanup_before_ocr(page_200, kind, dpi, expected):
    image = {
        "clean": page_200,
        "specked": specked(page_200, 0.002),
        "fax": specked(page_200, 0.002).point(lambda v: 255 if v > 128 else 0).convert("1"),
    }[kind]
    cleaned = ocr.clean(image, dpi)
    if expected == "none":
        assert cleaned is image
    elif expected == "median":
        assert ocr.specks_per_million(image) > 1000 > ocr.MEDIAN_MIN_SPECKS > ocr.specks_per_million(cleaned)
    else:
        assert (image.mode, cleaned.mode) == ("1", "L") and len(np.unique(np.asarray(cleaned))) > 2
    assert ocr.specks_per_million(page_200) < 20


LONELY_CASES = [  # (mask rows, set pixels with at most one set neighbour)
    (["...", ".#.", "..."], 1),  # a speck
    (["#..", "...", "..#"], 2),  # two specks, corners (no wrap-around)
    ([".##.", "...."], 2),  # a pair: one neighbour each
    (["###", "...", "..."], 2),  # a dash: its ends have one neighbour, its middle two
    (["##", "##"], 0),  # a blob
    (["#"], 1),  # a one-pixel page
]


@pytest.mark.parametrize("rows, expected", LONELY_CASES)
def test_lonely_pixels(rows, expected):
    mask = np.array([[c == "#" for c in row] for row in rows])
    assert images.lonely_pixels(mask) == expected


def test_whiten_background_makes_grainy_paper_white_and_faint_ink_black():
    rng = np.random.default_rng(7)
    pixels = np.clip(rng.normal(220, 5, (400, 300)), 0, 255).astype(np.uint8)  # grainy paper
    pixels[100:110, 50:250] = 150  # faint ink: a thin line of text
    out = np.asarray(images.whiten_background(Image.fromarray(pixels)))
    assert np.mean(out[:90] == 255) > 0.99 and out[100:110, 50:250].max() < 100


def test_whiten_background_leaves_clean_and_blank_pages_alone():
    clean = np.full((400, 300), 255, np.uint8)
    clean[100:110, 50:250] = 0
    assert np.array_equal(np.asarray(images.whiten_background(Image.fromarray(clean))), clean)
    blank = np.full((400, 300), 230, np.uint8)
    assert np.array_equal(np.asarray(images.whiten_background(Image.fromarray(blank))), blank)


def test_level_turns_about_the_centre_with_white_corners():
    pixels = np.full((201, 301), 255, np.uint8)
    pixels[100, 50:251] = 0  # a level rule through the centre
    turned = np.asarray(images.level(Image.fromarray(pixels), 10.0))
    assert turned.shape == pixels.shape and turned[0, 0] == turned[-1, -1] == 255
    assert turned[100, 150] < 128  # the centre stays put
    rows = np.nonzero(turned[:, 60:241] < 128)[0]
    assert rows.min() < 100 - 10 and rows.max() > 100 + 10  # counter-clockwise: the right end rises
    right = np.nonzero(turned[:, 240] < 128)[0]
    assert right.mean() < 100


def test_level_page_is_left_alone(page_150):
    straightened, angle = images.deskew(page_150)
    assert angle == 0.0 and straightened is page_150
    assert images.estimate_skew(Image.new("L", (800, 1100), 255)) == (0.0, 1.0)  # blank


def test_askew_scan_is_levelled_and_read(tmp_path, page_150):
    path = tmp_path / "askew.png"
    page_150.rotate(2.5, resample=Image.BICUBIC, fillcolor=255).save(path, dpi=(150, 150))
    [page] = read_pages(path, OPTIONS)
    assert [line.text == "" for line in page.lines] == [line == "" for line in EXPECTED_TEXT]
    assert "Gießen" in page.text and "Übergänge" in page.text


PAGE_OF_TEXT = [Line(f"Zeile {i} eines Absatzes", 1, conf=0.9) for i in range(12)]


@pytest.mark.parametrize("upright, turned, rotation", [
    # an upside-down grainy page of one heading: Tesseract read one "7", surely
    ([Line("7", 1, conf=0.8)], PAGE_OF_TEXT, 180),
    ([], [Line("er SR", 1, conf=0.3)], 0),  # a blank page: a few specks the other way up turn nothing
    # junk upside down, a page's one heading read well the right way up
    ([Line("FUnsyNsIRINyPe 7 \"one dnunyrumagsy", 1, conf=0.4)],
     [Line("c) Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung", 1, conf=0.93)], 180),
    (PAGE_OF_TEXT, [Line("7", 1, conf=0.95)], 0),  # an upright page is never retried
])
def test_page_read_as_next_to_nothing_is_tried_the_other_way_up(monkeypatch, upright, turned, rotation):
    """Fault injection: which way up the page lies is a black square in a corner; OCR answers by it."""
    pixels = np.full((400, 300), 255, np.uint8)
    pixels[:8, :8] = 0
    calls = []

    def fake_ocr(image, *args):
        calls.append(image)
        return ocr.Reading(image, {}, upright if np.asarray(image)[3, 3] < 128 else turned)

    monkeypatch.setattr(ocr, "_ocr", fake_ocr)
    monkeypatch.setattr(ocr.tesseract, "detect_orientation", lambda *a, **k: None)
    page = ocr.ocr_page(Image.fromarray(pixels), number=1, dpi=300, reason="test", options=OPTIONS,
                        deadline=ocr.Deadline(60), size_pt=(72.0, 96.0))
    assert page.rotation == rotation
    if upright is PAGE_OF_TEXT:
        assert len(calls) == 1  # an upright page that reads well is read once


def test_page_read_as_noise_is_read_again_whitened(monkeypatch):
    """Fault injection: a grainy page of one heading reads as noise until its paper is whitened."""
    rng = np.random.default_rng(3)
    pixels = np.clip(rng.normal(219, 4, (400, 300)), 0, 255).astype(np.uint8)
    pixels[100:110, 50:250] = 160  # the faint heading
    grainy = Image.fromarray(pixels)
    heading = [Line("c) Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung", 1, conf=0.93)]
    noise = [Line("er SR ER Eu RE PERF ETTE he VA IH", 1, conf=0.25)]

    def fake_ocr(image, *args):  # whitened paper is white
        return ocr.Reading(image, {}, heading if np.median(np.asarray(image)) == 255 else noise)

    monkeypatch.setattr(ocr, "_ocr", fake_ocr)
    monkeypatch.setattr(ocr.tesseract, "detect_orientation", lambda *a, **k: None)
    page = ocr.ocr_page(grainy, number=1, dpi=200, reason="test", options=OPTIONS, deadline=ocr.Deadline(60),
                        size_pt=(108.0, 144.0))
    assert (page.rotation, [line.text for line in page.lines]) == (0, [heading[0].text])


def test_page_of_dense_grain_read_as_noise_is_read_again_smoothed(monkeypatch):
    """Fault injection: a 200 dpi PNG of 8 grey levels whose grain is dense read as noise, raw,
    median-filtered and whitened alike; smoothed (a Gaussian of GRAIN_SMOOTH_PX), it read in full."""
    rng = np.random.default_rng(5)
    pixels = np.clip(rng.normal(200, 40, (400, 300)), 0, 255).astype(np.uint8) // 32 * 32  # posterised grain
    calls = []

    def fake_ocr(image, *args):  # only smoothing makes grey levels between the 8 of the scan
        calls.append(image)
        smoothed = len(np.unique(np.asarray(image))) > 16
        return ocr.Reading(image, {}, PAGE_OF_TEXT if smoothed else [Line("BER. x RE. TEN Ru ie.", 1, conf=0.2)])

    monkeypatch.setattr(ocr, "_ocr", fake_ocr)
    monkeypatch.setattr(ocr.tesseract, "detect_orientation", lambda *a, **k: None)
    page = ocr.ocr_page(Image.fromarray(pixels), number=1, dpi=200, reason="test", options=OPTIONS,
                        deadline=ocr.Deadline(60), size_pt=(108.0, 144.0))
    assert [line.text for line in page.lines] == [line.text for line in PAGE_OF_TEXT]
    assert page.rotation == 0


def test_a_page_read_well_is_not_smoothed(monkeypatch):
    calls = []
    monkeypatch.setattr(ocr, "_ocr", lambda image, *args: calls.append(image) or ocr.Reading(image, {}, PAGE_OF_TEXT))
    ocr.ocr_page(Image.fromarray(np.full((400, 300), 255, np.uint8)), number=1, dpi=200, reason="test",
                 options=OPTIONS, deadline=ocr.Deadline(60), size_pt=(108.0, 144.0))
    assert len(calls) == 1


@pytest.mark.parametrize("clockwise_fix", [90, 180, 270])
def test_page_turned_on_the_scanner_is_turned_back(tmp_path, text_pdf, page_150, clockwise_fix):
    path = tmp_path / "turned.png"
    images.turn(page_150, -clockwise_fix).save(path, dpi=(150, 150))  # what the fix has to undo
    [page] = read_pages(path, OPTIONS)
    assert page.rotation == clockwise_fix
    assert (page.width_pt, page.height_pt) == pytest.approx(A4, abs=1)  # upright again
    for word in ("Gießen", "Maßnahmen", "Förderung"):
        assert word in page.text
    # bboxes are on the upright page, in points: where the text layer of the original has them
    [text_page] = read_pages(text_pdf, OPTIONS)
    ocr_boxes = [line.bbox for line in page.lines if line.text]
    text_boxes = [line.bbox for line in text_page.lines if line.text]
    assert len(ocr_boxes) == len(text_boxes)
    for (x0, top, x1, bottom), got in zip(text_boxes, ocr_boxes):
        assert got == pytest.approx((x0, top - 1.5, x1, bottom), abs=3), ((x0, top, x1, bottom), got)


def test_sideways_text_layer_is_ocred_upright(tmp_path, text_pdf):
    document = pdfium.PdfDocument(text_pdf)
    document[0].set_rotation(90)  # shown sideways: the text layer would come out a word per line
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    path = tmp_path / "rotated.pdf"
    path.write_bytes(buffer.getvalue())
    [page] = read_pages(path, OPTIONS.with_(dpi=150))
    assert (page.source, page.reason, page.rotation) == ("ocr", "text_layer_sideways", 270)
    assert (page.width_pt, page.height_pt) == pytest.approx(A4, abs=1)
    assert [line.text for line in page.lines][:2] == EXPECTED_TEXT[:2]


def test_exif_orientation_is_applied_like_a_viewer(tmp_path, page_150):
    path = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90 degrees clockwise to view"
    images.turn(page_150, -90).save(path, dpi=(150, 150), exif=exif)
    [page] = read_pages(path, OPTIONS)
    assert page.rotation == 0 and (page.width_pt, page.height_pt) == pytest.approx(A4, abs=1)
    assert "Gießen" in page.text


def test_upright_page_skips_orientation_detection(scan_pdf, monkeypatch):
    def not_needed(*args, **kwargs):
        raise AssertionError("orientation detection run on a page that read well")

    monkeypatch.setattr(tesseract, "detect_orientation", not_needed)
    [page] = read_pages(scan_pdf, OPTIONS)
    assert page.rotation == 0 and "Gießen" in page.text


# --- .txt files ------------------------------------------------------------------------------


def test_txt_pages_split_on_form_feed(tmp_path):
    path = tmp_path / "agreement.txt"
    path.write_bytes("Zielvereinbarung 2023\r\n\r\nLandkreis Gießen\f1. Förderung  \nBudget\n\f".encode("cp1252"))
    pages = read_pages(path, OPTIONS)
    assert [(page.number, page.source, page.reason) for page in pages] == [(1, "txt", "txt_file"), (2, "txt", "txt_file")]
    assert [line.text for line in pages[0].lines] == ["Zielvereinbarung 2023", "", "Landkreis Gießen"]
    assert [line.text for line in pages[1].lines] == ["1. Förderung", "Budget"]
    # no geometry; each word carries the stand-in confidence of OCR text whose own was not kept
    assert all(line.page == 2 and line.bbox is None and line.conf == UNSCORED_WORD for line in pages[1].lines)
    assert count_pages(path, OPTIONS) == 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_txt_encodings(encoding):
    text = "Maßnahmen für Gießen – 5 €"
    assert plaintext.decode_text(text.encode(encoding)) == text


def test_txt_latin1_is_the_last_resort():
    assert plaintext.decode_text(b"Gie\xdfen \x81") == "Gießen \x81"  # 0x81 is undefined in cp1252


# --- Tesseract: probing, grouping, faults ----------------------------------------------------


def test_probe_finds_german():
    info = tesseract.probe()
    assert "deu" in info.langs and info.version.split(".")[0] >= "4"
    assert tesseract.probe() is info  # cached
    assert os.environ["OMP_THREAD_LIMIT"]


def test_hanging_tesseract_probe_times_out(tmp_path, monkeypatch):
    script = tmp_path / "tesseract"
    script.write_text("#!/bin/sh\nexec sleep 30\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(script))
    monkeypatch.setattr(tesseract, "PROBE_TIMEOUT", 0.5)
    started = time.monotonic()
    with pytest.raises(TesseractMissing, match="did not answer --version within 0.5 s"):
        tesseract.probe()
    assert time.monotonic() - started < 5


def test_probe_of_something_else_is_refused(fake_tesseract, tmp_path, monkeypatch):
    script = tmp_path / "not-tesseract"
    script.write_text("#!/bin/sh\necho 'GNU coreutils 9.1'\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(script))
    with pytest.raises(TesseractMissing, match="does not answer like Tesseract"):
        tesseract.probe()


def test_empty_page_gives_no_lines():
    assert tesseract.ocr_image(Image.new("L", (1240, 1754), 255), dpi=150, lang="deu", timeout=30) == []


def tsv(*words):
    """A pytesseract DICT with one row per (block, par, line, text, left, top, conf) word."""
    data = {key: [] for key in ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
                                "left", "top", "width", "height", "conf", "text")}
    data["level"].append(1)
    for key in data:
        if key != "level":
            data[key].append(-1 if key == "conf" else ("" if key == "text" else 0))
    for block, par, line, text, left, top, conf in words:
        for key, value in zip(data, (5, 1, block, par, line, 1, left, top, 100, 40, conf, text)):
            data[key].append(value)
    return data


def test_words_are_grouped_into_lines_and_paragraphs():
    data = tsv(
        (1, 1, 1, "Ziel", 300, 300, 90), (1, 1, 1, "vereinbarung", 420, 310, 80),
        (1, 1, 2, "Gießen", 300, 360, 70),
        (1, 2, 1, " ", 300, 500, 95),  # whitespace-only word: dropped
        (1, 2, 1, "Budget", 300, 500, 60),
        (2, 1, 1, "Anlage", 300, 700, -1),
    )
    lines = tesseract.lines_from_data(data, dpi=300, page=4)
    assert [line.text for line in lines] == ["Ziel vereinbarung", "Gießen", "", "Budget", "", "Anlage"]
    assert lines[0].bbox == pytest.approx((72, 72, 520 * 0.24, 350 * 0.24))
    assert lines[0].conf == pytest.approx(0.85)
    assert lines[5].conf is None and all(line.page == 4 for line in lines)


@pytest.fixture
def fake_tesseract(tmp_path, monkeypatch):
    """Install a shell script as Tesseract; it answers probes, then runs ``body`` on a page."""

    def install(body: str, langs: str = "deu\neng\nosd") -> Path:
        script = tmp_path / "tesseract"
        script.write_text(
            "#!/bin/sh\n"
            'case "$1" in\n'
            '  --version) echo "tesseract 5.3.0"; exit 0;;\n'
            f'  --list-langs) printf "List of available languages in \\"/x/\\":\\n{langs}\\n"; exit 0;;\n'
            "esac\n" + body + "\n"
        )
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(script))
        return script

    return install


SMALL_PAGE = Image.new("L", (200, 100), 255)


def test_missing_tesseract(tmp_path, monkeypatch, scan_pdf):
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-such-tesseract"))
    with pytest.raises(TesseractMissing, match="not found"):
        tesseract.ocr_image(SMALL_PAGE, dpi=300, lang="deu", timeout=10)
    with pytest.raises(TesseractMissing) as raised:
        read_pages(scan_pdf, OPTIONS)
    assert raised.value.exit_code == 3


def test_text_pdf_needs_no_tesseract(tmp_path, monkeypatch, text_pdf):
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-such-tesseract"))
    assert read_pages(text_pdf, OPTIONS)[0].source == "text_layer"


def test_missing_german_language_data(fake_tesseract):
    fake_tesseract("exit 0", langs="eng\nosd")
    with pytest.raises(TesseractMissing, match="no language data for deu"):
        tesseract.ocr_image(SMALL_PAGE, dpi=300, lang="deu", timeout=10)


def test_script_models_count_as_installed(fake_tesseract):
    # script models are named with a capital (Latin, Fraktur); the data folder lists them so
    fake_tesseract("exit 0", langs="Latin\ndeu\nosd")
    assert tesseract.probe().missing("deu+Latin") == []
    assert tesseract.probe().missing("Fraktur") == ["Fraktur"]


def test_tesseract_failing_is_ocr_error_with_its_stderr(fake_tesseract, caplog):
    fake_tesseract('echo "Error in pixReadStream: Unknown format" >&2; exit 1')
    with pytest.raises(OcrError, match="exited with status 1: Error in pixReadStream") as raised:
        tesseract.ocr_image(SMALL_PAGE, dpi=300, lang="deu", timeout=10)
    assert not isinstance(raised.value, TesseractMissing)
    assert isinstance(raised.value.__cause__, pytesseract.TesseractError)
    assert any(r.name == "extractor.tesseract" and "pixReadStream" in r.getMessage() for r in caplog.records)


def test_tesseract_crashing_is_ocr_error(fake_tesseract, scan_pdf):
    fake_tesseract("kill -SEGV $$")
    with pytest.raises(OcrError, match="killed by SIGSEGV"):
        tesseract.ocr_image(SMALL_PAGE, dpi=300, lang="deu", timeout=10)
    with pytest.raises(OcrError, match=r"scan\.pdf page 1: Tesseract was killed by SIGSEGV"):
        read_pages(scan_pdf, OPTIONS)


def test_orientation_failure_is_no_answer(fake_tesseract):
    fake_tesseract('echo "Too few characters. Skipping this page" >&2; exit 1')
    assert tesseract.detect_orientation(SMALL_PAGE, dpi=300, timeout=10) is None


def test_tesseract_writing_nothing_is_ocr_error(fake_tesseract):
    fake_tesseract("exit 0")
    with pytest.raises(OcrError, match="wrote no output"):
        tesseract.ocr_image(SMALL_PAGE, dpi=300, lang="deu", timeout=10)


def test_tesseract_hanging_times_out(fake_tesseract):
    fake_tesseract("exec sleep 30")
    started = time.monotonic()
    with pytest.raises(Timeout, match="longer than 0.5 s"):
        tesseract.ocr_image(SMALL_PAGE, dpi=300, lang="deu", timeout=0.5)
    assert time.monotonic() - started < 5


def test_page_timeout_reaches_tesseract(fake_tesseract, scan_pdf):
    fake_tesseract("exec sleep 30")
    with pytest.raises(Timeout, match=r"scan\.pdf page 1"):
        read_pages(scan_pdf, OPTIONS.with_(page_timeout=0.5))


def test_page_reaches_tesseract_losslessly(monkeypatch):
    """The page file holds exactly the pixels, even of an image read from a JPEG-compressed TIFF.

    PIL re-saves a TIFF with the compression it was read with unless told otherwise.
    """
    page = Image.fromarray(np.random.default_rng(0).integers(0, 256, (120, 90), dtype=np.uint8), mode="L")
    page.info["compression"] = "jpeg"  # what a copy of a frame of a JPEG-in-TIFF scan carries
    seen = {}

    def fake_image_to_data(path, **kwargs):
        with Image.open(path) as written:
            seen["compression"], seen["pixels"] = written.info.get("compression"), np.asarray(written).copy()
        return {}

    monkeypatch.setattr(pytesseract, "image_to_data", fake_image_to_data)
    tesseract._image_to_data(page, dpi=300, lang="deu", timeout=0, psm=tesseract.DEFAULT_PSM)
    assert seen["compression"] == "raw"
    assert np.array_equal(seen["pixels"], np.asarray(page))


@pytest.mark.parametrize("said, level", [
    ("Image too small to scale!! (2x36 vs min width of 3)", "DEBUG"),  # a speck taken for a line
    ("Line cannot be recognized!!", "DEBUG"),
    ("Error in pixReadStream: unknown format", "WARNING"),
    ("Detected 129 diacritics", "DEBUG"),
])
def test_tesseract_messages_warn_only_of_problems(said, level, caplog):
    caplog.set_level("DEBUG", logger="extractor.tesseract")
    tesseract._log_stderr(said)
    assert [r.levelname for r in caplog.records] == [level]


def test_scratch_folders_of_dead_processes_are_swept(tmp_path):
    """A worker killed mid-page leaves its page image behind; the next run removes it, not a live one's."""
    gone = _pid_of_a_finished_process()
    dead = tmp_path / f"{tesseract.SCRATCH_PREFIX}{gone}-abc"
    live = tmp_path / f"{tesseract.SCRATCH_PREFIX}{os.getpid()}-def"
    other = tmp_path / "extractor-tesseract-notapid"
    for folder in (dead, live, other):
        folder.mkdir()
        (folder / "page.tif").write_bytes(b"II*\x00")
    assert tesseract.sweep_scratch(tmp_path) == [dead]
    assert not dead.exists() and live.exists() and other.exists()


def _pid_of_a_finished_process() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid
