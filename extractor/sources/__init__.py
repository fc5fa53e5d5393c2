"""Where page text comes from: a PDF's text layer, OCR of scanned pages and images, or .txt files.

``read_pages(path, options)`` is the one entry point the pipeline calls; the kind of file
is told from its content, not its name.  Every failure caused by the file is raised as an
``extractor.errors.InputError`` (or ``OcrError`` when Tesseract fails), never as a raw
library exception.
"""
from __future__ import annotations

from pathlib import Path

from ..options import Options
from ..records import PageText
from .images import count_image_frames
from .ocr import Deadline, read_image_file
from .pdf import count_pdf_pages, read_pdf
from .plaintext import count_txt_pages, read_txt
from . import sniff
from .sniff import KIND_IMAGE, KIND_PDF
from .tesseract import TesseractInfo, probe

__all__ = ["read_pages", "count_pages", "probe", "TesseractInfo"]


def read_pages(path: Path, options: Options) -> list[PageText]:
    """The text of every page of a PDF, image or .txt file, in reading order."""
    path = Path(path)
    kind = sniff.sniff(path)
    deadline = Deadline(options.doc_timeout)
    if kind == KIND_PDF:
        return read_pdf(path, options, deadline)
    if kind == KIND_IMAGE:
        return read_image_file(path, options, deadline)
    return read_txt(path)


def count_pages(path: Path, options: Options | None = None) -> int:
    """Number of pages without reading their content (for progress bars and the manifest)."""
    path = Path(path)
    kind = sniff.sniff(path)
    if kind == KIND_PDF:
        return count_pdf_pages(path)
    if kind == KIND_IMAGE:
        return count_image_frames(path)
    return count_txt_pages(path)
