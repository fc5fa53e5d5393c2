"""Page text from PDFs: the text layer where it holds real text, OCR of the rendered page otherwise.

PDFium opens the document and is the authority on whether it is readable, encrypted or empty
and on how many pages it has; it also reads the text layer (``pdfium_text``), which
``textlayer`` groups into lines and judges.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from ..errors import CorruptInput, EmptyInput, EncryptedInput, TesseractMissing
from ..options import Options
from ..records import SOURCE_TEXT_LAYER, PageText, unscored
from . import images, tesseract, textlayer
from .ocr import Deadline, ocr_page, page_context

log = logging.getLogger(__name__)

# Scans stored at 200 dpi or more are read at their own resolution, not rendered up to --dpi
# (measured on the hard sample sets: 200 dpi scans read better so, and cost less).  Lower
# resolutions are still rendered up to --dpi: reading them as stored was not measured.
NATIVE_MIN_DPI = 200

PASSWORD_ERRORS = (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)
LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_UNKNOWN: "unknown error",
    pdfium_c.FPDF_ERR_FILE: "file not found or unreadable",
    pdfium_c.FPDF_ERR_FORMAT: "not a PDF or damaged",
    pdfium_c.FPDF_ERR_PASSWORD: "password required",
    pdfium_c.FPDF_ERR_SECURITY: "unsupported security handler",
    pdfium_c.FPDF_ERR_PAGE: "page not found or damaged",
}


def read_pdf(path: Path, options: Options, deadline: Deadline) -> list[PageText]:
    """Read every page of a PDF, choosing text layer or OCR page by page."""
    document = open_pdfium(path)
    try:
        if pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw) != -1:
            log.info("%s: encrypted without a user password; reading it", path.name)
        pages = []
        for index in range(len(document)):
            with page_context(path, index + 1):
                pages.append(read_pdf_page(document, index, options, deadline, path=path))
        return pages
    finally:
        document.close()


def count_pdf_pages(path: Path) -> int:
    """Number of pages, from PDFium (cheap: no page is parsed)."""
    document = open_pdfium(path)
    try:
        return len(document)
    finally:
        document.close()


def open_pdfium(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with PDFium, turning its load errors into Encrypted/Empty/CorruptInput.

    Loads through the raw API: ``PdfDocument(path)`` judges a 0-page document by
    ``FPDF_GetLastError``, which still holds the error of an earlier failed load (an empty
    PDF after an encrypted one would be called encrypted).
    """
    where = str(path)
    name = (str(path.resolve()) + "\0").encode("utf-8", errors="surrogateescape")
    raw = pdfium_c.FPDF_LoadDocument(name, None)
    if not raw:  # only now does FPDF_GetLastError describe this load
        code = pdfium_c.FPDF_GetLastError()
        said = LOAD_ERRORS.get(code, f"error {code}")
        cause = pdfium.PdfiumError(f"Failed to load document (PDFium: {said})", err_code=code)
        if code in PASSWORD_ERRORS:
            raise EncryptedInput(f"{path.name} needs a password to open", path=where) from cause
        raise CorruptInput(f"{path.name} cannot be opened as a PDF (PDFium: {said})", path=where) from cause
    document = pdfium.PdfDocument(raw)
    if len(document) < 1:
        document.close()
        raise EmptyInput(f"{path.name} has no pages", path=where)
    return document


def read_pdf_page(document: pdfium.PdfDocument, index: int, options: Options, deadline: Deadline,
                  path: Path | None = None) -> PageText:
    """One page: its text layer when that is trustworthy, else the OCR of its rendering.

    A layer is judged by its glyphs and words (``textlayer.page_text_layer``); the layer of a
    scanned page (one image covering it) must also agree with an OCR sample of the image.
    """
    number = index + 1
    judged = textlayer.page_text_layer(document, index, min_chars=options.min_text_chars, path=path)
    layer_page = None
    if judged.lines:
        width, height = judged.size
        layer_page = PageText(
            number=number, source=SOURCE_TEXT_LAYER, lines=judged.lines, width_pt=width, height_pt=height,
            reason=judged.reason,
        )
    if judged.usable and not judged.scanned:
        return layer_page  # typeset text: never OCRed, so text PDFs stay fast
    if judged.usable:
        tesseract_ready = _tesseract_ready(options.lang)
        if not tesseract_ready:
            return _unscored(layer_page)
    else:
        tesseract.require(options.lang)  # before rendering: no point in a bitmap nobody can read
    image, dpi, size_pt = page_image(document, index, options)
    reason = judged.reason
    if judged.usable:
        if _layer_agrees(image, dpi, judged, options, deadline):
            # a scanner's OCR layer: its words carry the stand-in confidence, so the word list's doubts count
            return _unscored(layer_page)
        reason = textlayer.REASON_DISAGREES
    page = ocr_page(
        image,
        number=number,
        dpi=dpi,
        reason=reason,
        options=options,
        deadline=deadline,
        size_pt=size_pt,
    )
    if reason == textlayer.REASON_OOV and not _reads_better(page, layer_page):
        # a scanner's layer, poor but better than the OCR: its words are OCR text, not typeset
        return _unscored(replace(layer_page, reason=textlayer.REASON_OOV_KEPT))
    return page


def _unscored(page: PageText) -> PageText:
    """A scanner's OCR layer, its words given the stand-in confidence of OCR text (``records.unscored``)."""
    return replace(page, lines=tuple(unscored(line) for line in page.lines))


def page_image(document: pdfium.PdfDocument, index: int, options: Options
                ) -> tuple[Image.Image, int, tuple[float, float]]:
    """The page as an image for OCR, its resolution, and its size in points as displayed.

    A scanned page (one image covering it) is read as stored when its resolution lies between
    NATIVE_MIN_DPI and ``options.dpi``: rendering it at ``options.dpi`` would only resample
    the same pixels, at a cost.  Any other page is rendered at ``options.dpi``.
    """
    try:
        page = document[index]
    except pdfium.PdfiumError as e:
        raise CorruptInput(f"PDFium cannot load the page ({str(e).rstrip('.')})") from e
    try:
        size = page.get_size()  # as displayed, /Rotate applied like the rendering
        scan = images.page_scan(page, options.max_pixels)
        if scan is not None and NATIVE_MIN_DPI <= scan.dpi <= options.dpi * (1 + images.SCAN_DPI_AGREE):
            return scan.image, scan.dpi, size
        return images.render_pdf_page(page, dpi=options.dpi, max_pixels=options.max_pixels), options.dpi, size
    finally:
        page.close()


def _tesseract_ready(lang: str) -> bool:
    """Whether OCR can check a scanned page's layer; without Tesseract the layer is taken as it is."""
    try:
        tesseract.require(lang)
        return True
    except TesseractMissing as e:
        tesseract.warn_once(f"text layers of scanned pages are taken unchecked: {e}")
        return False


def _layer_agrees(image, dpi: int, judged: textlayer.LayerPage, options: Options, deadline: Deadline) -> bool:
    """Whether OCR of a strip of the page image (at ``dpi``) reads the words the text layer has there."""
    band = textlayer.sample_band(judged.lines)
    if band is None:
        return True
    (_, top, _, bottom), expected = band
    scale = dpi / 72
    margin = 6 * scale  # a few points of air around the strip
    # the full width: a scanner's layer font is seldom as wide as the print
    box = (0, max(0, round(top * scale - margin)), image.width, min(image.height, round(bottom * scale + margin)))
    if box[3] <= box[1]:
        return False  # the layer's words lie outside the page image
    budget = deadline.page(options.page_timeout)
    lines = tesseract.ocr_image(image.crop(box), dpi=dpi, lang=options.lang, timeout=budget.left())
    read = textlayer.sample_words(" ".join(line.text for line in lines))
    share = textlayer.agreement(expected, read)
    log.debug("page text layer: OCR of a sample strip reads %.0f %% of its words", 100 * share)
    return share >= textlayer.MIN_AGREEMENT


def _reads_better(page: PageText, layer_page: PageText) -> bool:
    """Whether the OCR of a page leaves fewer unknown words than the text layer it would replace.

    Counted first after the word repair of known OCR confusions, which the parser applies to
    either: a layer whose errors are all such confusions beats OCR of a poor scan, whose
    errors are not (make_samples' noisy layers over 200 dpi JPEG scans).  At a tie the one
    that needs fewer repairs wins.
    """
    def shares(text: str) -> tuple[float, float] | None:
        repaired = textlayer.unknown_share(text, repaired=True)
        return None if repaired is None else (repaired, textlayer.unknown_share(text))

    ocr, layer = shares(page.text), shares(layer_page.text)
    return ocr is not None and (layer is None or ocr < layer)
