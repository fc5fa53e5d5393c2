"""Page text from PDFs: the text layer where it holds real text, OCR of the rendered page otherwise.

PDFium opens the document first and is the authority on whether it is readable, encrypted
or empty and on how many pages it has; pdfplumber reads the text layer.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import CorruptInput, EmptyInput, EncryptedInput
from ..options import Options
from ..records import SOURCE_TEXT_LAYER, PageText
from . import images, tesseract, textlayer
from .ocr import Deadline, ocr_page, page_context

log = logging.getLogger(__name__)

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
        layer = textlayer.open_text_layer(path)
        if layer is not None and layer.doc.encryption is not None:
            log.info("%s: encrypted without a user password; reading it", path.name)
        try:
            pages = []
            for index in range(len(document)):
                with page_context(path, index + 1):
                    pages.append(read_pdf_page(document, layer, index, options, deadline))
            return pages
        finally:
            if layer is not None:
                layer.close()
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


def read_pdf_page(
    document: pdfium.PdfDocument,
    layer: pdfplumber.PDF | None,
    index: int,
    options: Options,
    deadline: Deadline,
) -> PageText:
    """One page: its text layer when that is real text, else the OCR of its rendering."""
    number = index + 1
    if layer is None:
        lines, reason = (), textlayer.REASON_UNREADABLE
    else:
        lines, reason = textlayer.page_text_layer(layer, index, min_chars=options.min_text_chars)
    if lines:
        width, height = textlayer.page_size(layer, index)
        return PageText(
            number=number, source=SOURCE_TEXT_LAYER, lines=lines, width_pt=width, height_pt=height, reason=reason
        )
    tesseract.require(options.lang)  # before rendering: no point in a bitmap nobody can read
    try:
        page = document[index]
    except pdfium.PdfiumError as e:
        raise CorruptInput(f"PDFium cannot load the page ({str(e).rstrip('.')})") from e
    try:
        image = images.render_pdf_page(page, dpi=options.dpi, max_pixels=options.max_pixels)
        size_pt = page.get_size()  # as displayed, /Rotate applied like the rendering
    finally:
        page.close()
    return ocr_page(
        image,
        number=number,
        dpi=options.dpi,
        reason=reason,
        options=options,
        deadline=deadline,
        size_pt=size_pt,
    )
