"""Build the corpus of hostile and odd input files that tests/test_hostile.py runs a batch over.

Every file is generated (nothing binary is committed); ``README.md`` beside this file lists each
one with how it is made, what it exercises and the manifest row it must get.  The agreement
pages come from ``scripts/make_samples.py`` (a typeset agreement with a real text layer); the
odd PDFs are written byte by byte by ``pdf_bytes`` so that every filter, colour space and
broken structure is exactly what the row says.

Run it to get the corpus for a look by hand::

    python tests/resources/hostile_corpus.py /tmp/hostile && extractor run /tmp/hostile --out /tmp/hostile-out
"""
from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageOps

REPO = Path(__file__).resolve().parents[2]
MAKE_SAMPLES = REPO / "scripts" / "make_samples.py"
A4 = (595.28, 841.89)  # points
SCAN_DPI = 300


@dataclass(frozen=True)
class Expected:
    """The manifest row a corpus file must get."""

    status: str
    error_code: str = ""


# file name -> the manifest row it must get (README.md explains each one)
EXPECTED: dict[str, Expected] = {
    "agreement.pdf": Expected("ok"),
    "copy-of-agreement.pdf": Expected("duplicate"),
    "zero-bytes.pdf": Expected("failed", "empty"),
    "truncated.pdf": Expected("failed", "corrupt"),
    "error-page.pdf": Expected("failed", "not_pdf"),
    "encrypted-user-password.pdf": Expected("failed", "encrypted"),
    "encrypted-owner-password-only.pdf": Expected("ok"),
    "zero-pages.pdf": Expected("failed", "empty"),
    "page-tree-loop.pdf": Expected("failed", "corrupt"),
    "page-200-inch.pdf": Expected("failed", "too_large"),
    "image-35000px.pdf": Expected("failed", "too_large"),
    "image-35000px.png": Expected("failed", "too_large"),
    "content-stream-bomb.pdf": Expected("failed", "empty"),
    "scan-jbig2.pdf": Expected("ok"),
    "scan-ccitt-g4.pdf": Expected("ok"),
    "scan-jpeg2000.pdf": Expected("ok"),
    "scan-cmyk-jpeg.pdf": Expected("ok"),
    "cid-garbage-text-layer.pdf": Expected("ok"),
    "blank-pages.pdf": Expected("failed", "empty"),
    "press-release.pdf": Expected("not_agreement"),
}

HTML_ERROR_PAGE = b"""<!DOCTYPE html>
<html><head><title>404 Not Found</title></head>
<body><h1>Not Found</h1><p>The requested URL /aqb/zielvereinbarung-2024.pdf was not found on this server.</p></body>
</html>
"""

PRESS_RELEASE = [
    "Pressemitteilung",
    "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales",
    "Wiesbaden, 14. März 2024",
    "",
    "Mehr Chancen auf einen Ausbildungsplatz im Vogelsbergkreis",
    "",
    "Staatssekretär und Landrat unterzeichnen die neue Zielvereinbarung zum",
    "Ausbildungs- und Qualifizierungsbudget. Der Kreis erhält in diesem Jahr",
    "rund 612.000 Euro für Projekte, die junge Menschen in Ausbildung bringen.",
    "„Jede und jeder Jugendliche soll eine Chance bekommen“, sagte der Landrat",
    "bei der Unterzeichnung im Kreishaus in Lauterbach.",
    "",
    "Gefördert werden unter anderem die Ausbildungsvorbereitung an beruflichen",
    "Schulen und Sprachkurse für junge Geflüchtete.",
    "",
    "Pressekontakt: Pressestelle, Telefon 0611 000000",
]


# --- a minimal PDF writer ----------------------------------------------------------------------


@dataclass(frozen=True)
class XImage:
    """An image XObject: its pixel size, the stream's bytes and the rest of its dictionary."""

    width: int
    height: int
    data: bytes
    params: str  # e.g. "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode"


@dataclass(frozen=True)
class Page:
    width_pt: float
    height_pt: float
    image: XImage | None = None  # drawn over the whole page
    text: bytes = b""  # content drawn after the image, with font /F1 (Type0, Identity-H, no ToUnicode)
    filters: bytes = b""  # /Filter entry of the content stream; then ``text`` is the encoded stream


def pdf_bytes(pages: list[Page], *, page_tree_loop: bool = False) -> bytes:
    """A PDF of ``pages`` with a correct xref; ``page_tree_loop`` lists the page tree among its own kids."""
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree; filled in below
    font = len(objects) + 1
    objects += [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ScannerFont /Encoding /Identity-H /DescendantFonts [4 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ScannerFont /CIDToGIDMap /Identity"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R >>",
        b"<< /Type /FontDescriptor /FontName /ScannerFont /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0"
        b" /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    page_ids = []
    for page in pages:
        content = b""
        xobjects = b""
        if page.image is not None:
            image = page.image
            objects.append(_stream(f"/Type /XObject /Subtype /Image /Width {image.width} /Height {image.height} "
                                   f"{image.params}".encode(), image.data))
            xobjects = b"/XObject << /Im0 %d 0 R >>" % len(objects)
            content += b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q\n" % (page.width_pt, page.height_pt)
        content += page.text
        objects.append(_stream(page.filters, content))
        contents = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> %s >> >>"
                       % (page.width_pt, page.height_pt, contents, font, xobjects))
        page_ids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = [f"{i} 0 R" for i in page_ids]
    if page_tree_loop:
        kids[1:] = ["2 0 R"]
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(entries: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(data), data)


def zeros_deflate(n: int, chunk: int = 1 << 20) -> bytes:
    """A zlib stream that inflates to ``n`` zero bytes, built without compressing them all.

    After a full flush the compressor starts afresh, so every further chunk of zeros
    compresses to the same bytes; the Adler-32 of n zeros is (n mod 65521) << 16 | 1.

    >>> len(zlib.decompress(zeros_deflate(3_000_001, chunk=1 << 16)))
    3000001
    """
    c = zlib.compressobj(9)
    full, rest = divmod(n, chunk)
    out = bytearray()
    if full:
        out += c.compress(bytes(chunk)) + c.flush(zlib.Z_FULL_FLUSH)
        out += (c.compress(bytes(chunk)) + c.flush(zlib.Z_FULL_FLUSH)) * (full - 1)
    if rest or not out:
        out += c.compress(bytes(rest)) + c.flush(zlib.Z_FULL_FLUSH)
    final_block = b"\x03\x00"  # an empty final block (fixed Huffman codes, end-of-block only)
    return bytes(out) + final_block + struct.pack(">I", ((n % 65521) << 16) | 1)


# --- image encodings of a scanned page ----------------------------------------------------------


def bilevel(page: Image.Image) -> Image.Image:
    """The page as a 1-bit scan (threshold at mid-grey)."""
    return page.point(lambda v: 255 if v > 160 else 0).convert("1")


def group4(page: Image.Image) -> bytes:
    """CCITT Group 4 (T.6) data of a 1-bit page, black coded as black runs (as fax and scanners do)."""
    ink_is_one = ImageOps.invert(page.convert("L")).convert("1")  # libtiff codes 1 bits as black runs
    buf = io.BytesIO()
    ink_is_one.save(buf, "TIFF", compression="group4", strip_size=1 << 30)
    tiff = Image.open(io.BytesIO(buf.getvalue()))
    (offset,), (length,) = tiff.tag_v2[273], tiff.tag_v2[279]  # one strip: StripOffsets, StripByteCounts
    return buf.getvalue()[offset:offset + length]


def ccitt_image(page: Image.Image) -> XImage:
    w, h = page.size
    return XImage(w, h, group4(page), "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode "
                  f"/DecodeParms << /K -1 /Columns {w} /Rows {h} >>")


def jbig2_image(page: Image.Image) -> XImage:
    """A JBIG2 embedded stream (no file header, as PDF wants it) with one MMR-coded generic region.

    MMR coding in a JBIG2 generic region is T.6, the coding of CCITT Group 4, so the page is
    JBIG2 without a JBIG2 encoder (none is packaged for Debian).  Segments: page information
    (type 48), immediate lossless generic region (39), end of page (49).
    """
    w, h = page.size

    def segment(number: int, kind: int, data: bytes) -> bytes:
        # number, flags (type; 1-byte page association), no referred-to segments, page 1, data length
        return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data

    page_info = struct.pack(">IIIIBH", w, h, 0, 0, 0, 0)
    region_info = struct.pack(">IIIIB", w, h, 0, 0, 0)
    generic_region = region_info + b"\x01" + group4(page)  # flags: MMR = 1
    data = segment(0, 48, page_info) + segment(1, 39, generic_region) + segment(2, 49, b"")
    return XImage(w, h, data, "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode")


def jpeg2000_image(page: Image.Image) -> XImage:
    buf = io.BytesIO()
    page.convert("L").save(buf, "JPEG2000", irreversible=True, quality_mode="rates", quality_layers=[20])
    return XImage(page.width, page.height, buf.getvalue(), "/Filter /JPXDecode")


def cmyk_jpeg_image(page: Image.Image) -> XImage:
    """A CMYK JPEG as Photoshop and print workflows write it: Adobe-inverted, hence the /Decode array."""
    buf = io.BytesIO()
    page.convert("RGB").convert("CMYK").save(buf, "JPEG", quality=85)
    return XImage(page.width, page.height, buf.getvalue(),
                  "/ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter /DCTDecode /Decode [1 0 1 0 1 0 1 0]")


def gray_jpeg_image(page: Image.Image) -> XImage:
    buf = io.BytesIO()
    page.convert("L").save(buf, "JPEG", quality=85)
    return XImage(page.width, page.height, buf.getvalue(), "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode")


def scan_pdf(pages: list[Image.Image], encode, dpi: int = SCAN_DPI, text: bytes = b"") -> bytes:
    """An image-only PDF: each page image drawn over a page of its size at ``dpi``."""
    return pdf_bytes([Page(im.width * 72 / dpi, im.height * 72 / dpi, encode(im), text) for im in pages])


def cid_garbage(n_lines: int = 45, seed: int = 7) -> bytes:
    """An invisible text layer (render mode 3) of glyph ids with no ToUnicode: no glyph has a Unicode mapping."""
    rng = np.random.default_rng(seed)
    ops = [b"BT 3 Tr /F1 10 Tf 12 TL 60 790 Td"]
    for _ in range(n_lines):
        glyphs = rng.integers(3, 90, size=int(rng.integers(30, 70)))
        ops.append(b"<" + b"".join(b"%04x" % g for g in glyphs) + b"> Tj T*")
    return b"\n".join(ops + [b"ET\n"])


def rendered(pdf: bytes | Path, dpi: int) -> list[Image.Image]:
    """Every page of a PDF rendered to 8-bit grey."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(document))]
    finally:
        document.close()


def press_release_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4 as RL_A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=RL_A4, invariant=1)
    y = RL_A4[1] - 72
    for line in PRESS_RELEASE:
        c.setFont("Helvetica-Bold" if line == PRESS_RELEASE[4] else "Helvetica", 11)
        c.drawString(72, y, line)
        y -= 16
    c.showPage()
    c.save()
    return buf.getvalue()


# --- the agreement the pages come from ----------------------------------------------------------


def typeset_agreements(folder: Path, seed: int = 3, n: int = 6) -> list[Path]:
    """Text-layer agreements from scripts/make_samples.py, shortest first."""
    subprocess.run([sys.executable, str(MAKE_SAMPLES), "--seed", str(seed), "--n", str(n), "--out", str(folder),
                    "--formats", "pdf-text"], check=True, capture_output=True)
    pdfs = sorted(folder.glob("*.pdf"))

    def n_pages(path: Path) -> int:
        document = pdfium.PdfDocument(path)
        try:
            return len(document)
        finally:
            document.close()

    return sorted(pdfs, key=lambda p: (n_pages(p), p.name))


def qpdf_encrypt(source: Path, target: Path, user_password: str) -> None:
    subprocess.run(["qpdf", "--encrypt", user_password, "owner-secret", "256", "--", str(source), str(target)],
                   check=True, capture_output=True)


def build(out: Path) -> dict[str, Expected]:
    """Write every corpus file into ``out``; returns EXPECTED (the row each file must get)."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hostile-agreements-") as tmp:
        shortest, *others = typeset_agreements(Path(tmp))
        agreement = out / "agreement.pdf"
        shutil.copyfile(others[0], agreement)
        page_images = rendered(shortest, SCAN_DPI)

    data = agreement.read_bytes()
    shutil.copyfile(agreement, out / "copy-of-agreement.pdf")
    (out / "zero-bytes.pdf").write_bytes(b"")
    (out / "truncated.pdf").write_bytes(data[: len(data) * 6 // 10])
    (out / "error-page.pdf").write_bytes(HTML_ERROR_PAGE)
    qpdf_encrypt(agreement, out / "encrypted-user-password.pdf", "geheim")
    qpdf_encrypt(agreement, out / "encrypted-owner-password-only.pdf", "")
    (out / "zero-pages.pdf").write_bytes(pdf_bytes([]))
    blank = Page(*A4)
    (out / "page-tree-loop.pdf").write_bytes(pdf_bytes([blank, blank], page_tree_loop=True))

    tiny_gray = XImage(100, 100, zeros_deflate(100 * 100), "/ColorSpace /DeviceGray /BitsPerComponent 8 "
                       "/Filter /FlateDecode")
    (out / "page-200-inch.pdf").write_bytes(pdf_bytes([Page(14400, 14400, tiny_gray)]))
    side = 35000
    bomb = XImage(side, side, zeros_deflate(side * side), "/ColorSpace /DeviceGray /BitsPerComponent 8 "
                  "/Filter /FlateDecode")  # 1.2 MB that inflate to 1.2 GB
    (out / "image-35000px.pdf").write_bytes(pdf_bytes([Page(*A4, bomb)]))
    (out / "image-35000px.png").write_bytes(png_bomb(side))
    (out / "content-stream-bomb.pdf").write_bytes(content_bomb_pdf(256 << 20))

    (out / "scan-jbig2.pdf").write_bytes(scan_pdf([bilevel(p) for p in page_images], jbig2_image))
    (out / "scan-ccitt-g4.pdf").write_bytes(scan_pdf([bilevel(p) for p in page_images], ccitt_image))
    (out / "scan-jpeg2000.pdf").write_bytes(scan_pdf([half(p) for p in page_images], jpeg2000_image, dpi=150))
    (out / "scan-cmyk-jpeg.pdf").write_bytes(scan_pdf([half(p) for p in page_images], cmyk_jpeg_image, dpi=150))
    (out / "cid-garbage-text-layer.pdf").write_bytes(
        scan_pdf([half(p) for p in page_images], gray_jpeg_image, dpi=150, text=cid_garbage()))
    white = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    (out / "blank-pages.pdf").write_bytes(scan_pdf([white, white], gray_jpeg_image, dpi=150))
    (out / "press-release.pdf").write_bytes(press_release_pdf())
    return dict(EXPECTED)


def half(page: Image.Image) -> Image.Image:
    """A 300 dpi page at 150 dpi (keeps the colour and JPEG 2000 files small)."""
    return page.resize((page.width // 2, page.height // 2), Image.LANCZOS)


def png_bomb(side: int) -> bytes:
    """A valid 1-bit PNG of side x side white pixels (about 150 kB for 35000; 153 MB as a bitmap)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zeros_deflate(side * (1 + (side + 7) // 8))  # filter byte 0 and black pixels per row
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def content_bomb_pdf(n_bytes: int) -> bytes:
    """One A4 page whose 250 kB content stream inflates to ``n_bytes`` NULs (whitespace to a PDF parser)."""
    return pdf_bytes([Page(*A4, text=zeros_deflate(n_bytes), filters=b"/Filter /FlateDecode")])

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: hostile_corpus.py OUT_FOLDER")
    for name, row in build(Path(sys.argv[1])).items():
        print(f"{name:40} {row.status} {row.error_code}")
