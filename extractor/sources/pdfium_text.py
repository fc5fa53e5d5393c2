"""The glyphs of a PDF page's text layer and the images on it, read with PDFium (the only pypdfium2 text access).

pdfminer (through pdfplumber) used to read the layer and cost 50-85 ms a page, most of it in
one Python object per glyph; PDFium parses the same page in C++ in about 1 ms.  What comes out
here is what pdfplumber's ``page.chars`` held and ``textlayer`` needs, measured the way pdfminer
measures, so that lines are grouped as before:

- a glyph's box runs horizontally from its origin over its advance width, and vertically from
  the font's descent below the baseline up one font size (pdfminer's box, not the ink: PDFium's
  own "loose" box is widened to the ink of a glyph such as "g");
- coordinates are PDF points on the page as displayed (``/Rotate`` applied), origin top left,
  relative to the page box the renderer draws;
- a glyph without a Unicode mapping reads U+FFFD, where pdfminer printed ``(cid:NN)``;
- the spaces and line breaks PDFium infers between glyphs are left out: only drawn glyphs count.

PDFium differs from pdfminer in a few ways that can change the text of odd files, always towards
what a viewer shows: a text object drawn twice over itself (fake bold) is read once, text marked
with ``/ActualText`` reads as that text, and runs of drawn spaces collapse (they only separate words).
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

UNDECODABLE = "\ufffd"  # what a glyph without a Unicode mapping reads
HYPHEN_MARK = 0x02  # PDFium's code for a hyphen it takes to break a word at the line end
INFERRED = frozenset(" \r\n")  # the characters PDFium inserts between glyphs (IsGenerated)
PAGE_TEXT_HYPHEN = 0xFFFE  # how the page text (FPDFText_GetText) gives a HYPHEN_MARK
CHECK_EVERY = 64  # glyphs between the samples that confirm the page text lines up with the glyphs
MAX_FORM_DEPTH = 8  # form XObjects nest; deeper nesting is not followed when looking for images

Document = pdfium.PdfDocument


class PageUnreadable(Exception):
    """PDFium cannot load a page or its text."""


class Glyph(NamedTuple):
    """One drawn glyph: its text and box in points on the displayed page (origin top left)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    upright: bool  # runs left to right on the displayed page (pdfminer's ``upright``)


@dataclass(frozen=True)
class PageLayer:
    """What a page's text layer holds, and the images drawn on the page."""

    glyphs: tuple[Glyph, ...]
    width: float  # points, as displayed
    height: float
    images: tuple[tuple[float, float, float, float], ...]  # (x0, top, x1, bottom) of each image, as displayed


def _by_address(function, restype, *argtypes):
    """A pypdfium2.raw function taking handles and out-pointers as plain integer addresses.

    ctypes converts integers faster than typed pointers (0.3 instead of 0.4-0.7 us a call), and a
    page needs five calls per glyph; a text object handle comes back as an integer, cheap to compare.
    """
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_ADDRESS, _INT = ctypes.c_void_p, ctypes.c_int
_unicode_of = _by_address(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _ADDRESS, _INT)
_is_generated = _by_address(pdfium_c.FPDFText_IsGenerated, _INT, _ADDRESS, _INT)
_is_unmapped = _by_address(pdfium_c.FPDFText_HasUnicodeMapError, _INT, _ADDRESS, _INT)
_text_object_of = _by_address(pdfium_c.FPDFText_GetTextObject, _ADDRESS, _ADDRESS, _INT)
_origin_of = _by_address(pdfium_c.FPDFText_GetCharOrigin, _INT, _ADDRESS, _INT, _ADDRESS, _ADDRESS)
_loose_box_of = _by_address(pdfium_c.FPDFText_GetLooseCharBox, _INT, _ADDRESS, _INT, _ADDRESS)


def read_page_layer(document: Document, index: int) -> PageLayer:
    """The glyphs and images of page ``index`` (0-based); PageUnreadable when PDFium cannot load the page."""
    try:
        page = document[index]
    except pdfium.PdfiumError as e:
        raise PageUnreadable(str(e).rstrip(".")) from e
    try:
        view = PageView.of(page)
        textpage = pdfium_c.FPDFText_LoadPage(page.raw)
        if not textpage:
            raise PageUnreadable("PDFium cannot load the text of the page")
        try:
            glyphs = tuple(_glyphs(textpage, view))
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
        images = tuple(view.box(*bounds) for bounds in _image_bounds(page.raw))
        return PageLayer(glyphs, view.width, view.height, images)
    finally:
        page.close()


@dataclass(frozen=True)
class PageView:
    """Maps PDF user space to points on the page as displayed: page box origin, /Rotate, y downwards."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int  # clockwise degrees: 0, 90, 180, 270

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> "PageView":
        # the box PDFium renders (crop box within media box), kept as 32-bit floats: four decimals
        # give back the numbers written in the file (595.2756, not 595.2755737)
        left, bottom, right, top = (round(value, 4) for value in page.get_bbox())
        return cls(left, bottom, right, top, page.get_rotation() % 360)

    @property
    def width(self) -> float:
        return (self.right - self.left) if self.rotation in (0, 180) else (self.top - self.bottom)

    @property
    def height(self) -> float:
        return (self.top - self.bottom) if self.rotation in (0, 180) else (self.right - self.left)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A point in user space as (x, y) from the top left of the displayed page."""
        if self.rotation == 0:
            return x - self.left, self.top - y
        if self.rotation == 90:
            return y - self.bottom, x - self.left
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        return self.top - y, self.right - x

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """A user-space rectangle as (x0, top, x1, bottom) on the displayed page."""
        xa, ya = self.point(left, bottom)
        xb, yb = self.point(right, top)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


# The linear part of the matrix that turns user space as pdfminer turns it for each /Rotate.
ROTATIONS = {0: (1, 0, 0, 1), 90: (0, -1, 1, 0), 180: (-1, 0, 0, -1), 270: (0, 1, -1, 0)}


@dataclass(frozen=True)
class _Run:
    """What the glyphs of one text object share: their orientation and how a box is built from an origin."""

    upright: bool  # pdfminer's test on the page as displayed: the text runs left to right, not mirrored
    plain: bool  # the text object is not turned, mirrored or sheared in user space
    font: int  # PDFium's font handle, 0 without one
    along_x: bool = True  # the baseline runs closer to the x than to the y axis of user space
    low: tuple[float, float] | None = None  # user-space offset of the box edge at the descent from the origin
    high: tuple[float, float] | None = None  # and of the opposite edge, one font size further; None without a font


def _glyphs(textpage, view: PageView) -> list[Glyph]:
    """Every drawn glyph of a text page, in PDFium's order, measured as pdfminer measures.

    A glyph PDFium finds no Unicode for reads as its code.  That is right for fonts with a
    Unicode map PDFium reads only in part (Tesseract's text layers number glyphs by Unicode and
    map all of them with one range, of which PDFium takes the first 256), and noise for fonts
    with no map at all (a scanner's Identity-H layer numbering glyphs by shape): the glyphs of a
    font without a single mapped glyph on the page read UNDECODABLE.

    The loop runs once per glyph (2,000 on a full page), so it keeps to local names and builds
    the common case (an upright glyph on an unrotated page) inline.
    """
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    loose = pdfium_c.FS_RECTF()
    x_ref, y_ref, loose_ref = ctypes.addressof(origin_x), ctypes.addressof(origin_y), ctypes.addressof(loose)
    page = ctypes.cast(textpage, ctypes.c_void_p).value
    unicode_of, unmapped, origin_of, loose_box_of = _unicode_of, _is_unmapped, _origin_of, _loose_box_of
    generated, object_of = _is_generated, _text_object_of
    make = tuple.__new__
    left, top = view.left, view.top
    runs: dict[int | None, _Run] = {}
    glyphs: list[Glyph] = []
    mapping_fonts: set[int] = set()  # fonts with a Unicode mapping for some glyph on the page
    unmapped_glyphs: list[tuple[int, int]] = []  # (position in glyphs, font) of glyphs without one
    handle = run = None
    inline = checking = False
    low = high = 0.0
    count = pdfium_c.FPDFText_CountChars(textpage)
    characters = _page_text(textpage, page, count) or "".join(_character(unicode_of(page, i)) for i in range(count))
    for i, char in enumerate(characters):
        if char in INFERRED and generated(page, i) == 1:
            continue
        text = char if " " <= char < "\ud800" else _text(ord(char), textpage, i)
        if (current := object_of(page, i)) != handle or run is None:  # the next text object
            handle = current
            run = runs.get(handle) or runs.setdefault(handle, _run(textpage, i, handle, view.rotation))
            inline = view.rotation == 0 and run.plain and run.low is not None
            if inline:
                low, high = run.low[1], run.high[1]
            checking = run.font not in mapping_fonts
        if checking:  # until a glyph of this font has a mapping
            if unmapped(page, i) == 1:
                unmapped_glyphs.append((len(glyphs), run.font))
            else:
                mapping_fonts.add(run.font)
                checking = False
        loose_box_of(page, i, loose_ref)
        if inline:
            origin_of(page, i, x_ref, y_ref)
            baseline = top - origin_y.value
            glyphs.append(make(Glyph, (text, origin_x.value - left, baseline - high, loose.right - left,
                                       baseline - low, True)))
        elif run.low is None:  # no font metrics: PDFium's loose box is the best there is
            glyphs.append(Glyph(text, *view.box(loose.left, loose.bottom, loose.right, loose.top), run.upright))
        else:
            origin_of(page, i, x_ref, y_ref)
            glyphs.append(_glyph(text, origin_x.value, origin_y.value, loose, run, view))
    for position, font in unmapped_glyphs:
        if font not in mapping_fonts:
            glyphs[position] = glyphs[position]._replace(text=UNDECODABLE)
    return glyphs


def _glyph(text: str, x: float, y: float, loose, run: _Run, view: PageView) -> Glyph:
    """A glyph of a rotated page or of turned text: its user-space box through the page view.

    Along the baseline the box is PDFium's loose box (origin to advance, widened to the ink);
    across it, the font's descent and size from the origin, as in the plain case.
    """
    (low_x, low_y), (high_x, high_y) = run.low, run.high
    if run.along_x:
        box = (loose.left, y + min(low_y, high_y), loose.right, y + max(low_y, high_y))
    else:
        box = (x + min(low_x, high_x), loose.bottom, x + max(low_x, high_x), loose.top)
    return Glyph(text, *view.box(*box), run.upright)


def _page_text(textpage, page: int, count: int) -> str | None:
    """Every glyph's character from one FPDFText_GetText call (instead of one call per glyph).

    That text has a character for each of PDFium's characters, in order, on every page seen;
    it would not where PDFium drops a control character or spells out ``/ActualText``, and a
    character outside the BMP takes two.  So the length must match, and characters spread over
    the page must be those FPDFText_GetUnicode gives; else None (then one call per glyph).
    """
    buffer = (ctypes.c_ushort * (count + 1))()
    if count == 0 or pdfium_c.FPDFText_GetText(textpage, 0, count, buffer) != count + 1:
        return None
    text = ctypes.string_at(buffer, 2 * count).decode("utf-16-le", errors="surrogatepass")
    if len(text) != count:
        return None
    for i in (*range(0, count, CHECK_EVERY), count - 1):
        code = _unicode_of(page, i)
        if ord(text[i]) != code and not (code == HYPHEN_MARK and ord(text[i]) == PAGE_TEXT_HYPHEN):
            return None
    return text


def _character(code: int) -> str:
    """A character from FPDFText_GetUnicode's code (which is not checked to be one)."""
    return chr(code) if code <= 0x10FFFF else UNDECODABLE


def _text(code: int, textpage, index: int) -> str:
    """The text of glyph ``index`` from a code outside the plain range: the drawn hyphen for a
    line-end hyphen mark, U+FFFD for what is no character (0, a lone surrogate, U+FFFE/U+FFFF)."""
    if code in (HYPHEN_MARK, PAGE_TEXT_HYPHEN) and pdfium_c.FPDFText_IsHyphen(textpage, index) == 1:
        return "-"
    if code == 0 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF) or code > 0x10FFFF:
        return UNDECODABLE
    return chr(code)


def _run(textpage, index: int, handle: int | None, rotation: int) -> _Run:
    """Orientation and box geometry of the glyphs of the text object holding glyph ``index``."""
    matrix = pdfium_c.FS_MATRIX()
    if not handle or not pdfium_c.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix)):
        return _Run(upright=True, plain=False, font=0)
    a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    ra, rb, rc, rd = ROTATIONS[rotation]
    shown = (a * ra + b * rc, a * rb + b * rd, c * ra + d * rc, c * rb + d * rd)
    upright = shown[0] * shown[3] > 0 and shown[1] * shown[2] <= 0
    plain = a > 0 and d > 0 and b == 0 and c == 0
    size = pdfium_c.FPDFText_GetFontSize(textpage, index)
    font = pdfium_c.FPDFTextObj_GetFont(ctypes.cast(handle, pdfium_c.FPDF_PAGEOBJECT))
    font_id = ctypes.cast(font, ctypes.c_void_p).value or 0
    descent = ctypes.c_float()
    if not size or not font or not pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(size), ctypes.byref(descent)):
        return _Run(upright, plain, font_id)
    low, high = descent.value, descent.value + size
    return _Run(upright, plain, font_id, abs(a) >= abs(b), (c * low, d * low), (c * high, d * high))


def _image_bounds(parent, depth: int = 0, form: tuple[float, ...] | None = None):
    """User-space bounds (left, bottom, right, top) of every image on a page, also inside form XObjects."""
    page_level = depth == 0
    count = pdfium_c.FPDFPage_CountObjects(parent) if page_level else pdfium_c.FPDFFormObj_CountObjects(parent)
    for i in range(count):
        obj = pdfium_c.FPDFPage_GetObject(parent, i) if page_level else pdfium_c.FPDFFormObj_GetObject(parent, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            bounds = _bounds(obj)
            if bounds is not None:
                yield bounds if form is None else _transform_bounds(form, bounds)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            matrix = pdfium_c.FS_MATRIX()
            if pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
                inner = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                yield from _image_bounds(obj, depth + 1, inner if form is None else _concat(inner, form))


def _bounds(obj) -> tuple[float, float, float, float] | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in (left, bottom, right, top))):
        return None
    return left.value, bottom.value, right.value, top.value


def _concat(first: tuple[float, ...], then: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying ``first``, then ``then`` (PDF row-vector convention)."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _transform_bounds(matrix: tuple[float, ...], bounds: tuple[float, float, float, float]):
    a, b, c, d, e, f = matrix
    left, bottom, right, top = bounds
    xs, ys = [], []
    for x, y in ((left, bottom), (left, top), (right, bottom), (right, top)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)
