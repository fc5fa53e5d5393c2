"""Where page text comes from: a PDF's text layer, OCR of scanned pages and images, or .txt files.

``read_pages(path, options)`` is the one entry point the pipeline calls; the kind of file
is told from its content, not its name.  Every failure caused by the file is raised as an
``extractor.errors.InputError`` (or ``OcrError`` when Tesseract fails), never as a raw
library exception.

``PageText.reason`` says why a page's text came from where it did (``source`` in brackets):

=========================  ===========  ==================================================
reason                     source       meaning
=========================  ===========  ==================================================
text_layer                 text_layer   the PDF's text layer, judged good; on a scanned
                                        page (one image covering it) only after OCR of a
                                        strip of the image read the same words
text_layer_oov_kept        text_layer   the layer has many words that are not German
                                        (see text_layer_oov), but OCR of the page read no
                                        better: counted after the parser's repair of known
                                        OCR confusions (Förderunq), it left as many unknown
                                        words as the layer or more
no_text_layer              ocr          the page has no text layer, or under
                                        ``min_text_chars`` letters (a stamp, a page number)
cid_glyphs                 ocr          the layer's glyphs cannot be decoded: no Unicode
                                        mapping (pdfminer's ``(cid:NN)``) or private-use
                                        characters
text_layer_oov             ocr          too many of the layer's words (4+ letters) are not
                                        in the German word list: over 10 % on a scanned
                                        page (a scanner's poor OCR), over 35 % on a typeset
                                        one (a broken font encoding); OCR read the page
                                        with fewer unknown words
text_layer_disagrees       ocr          the layer reads well, but OCR of a strip of the
                                        page image reads under half of its words there:
                                        the layer belongs to another page or is misplaced
text_layer_sideways        ocr          most of the layer's glyphs run vertically on the
                                        page as displayed
text_layer_error           ocr          PDFium could not load this page's text
image_file                 ocr          a TIFF, PNG or JPEG page, at the dpi it declares
image_file_dpi_assumed_300 ocr          the same, with no plausible dpi: 300 assumed
txt_file                   txt          a page of a .txt file (split on form feeds)
=========================  ===========  ==================================================

Geometry.  ``width_pt``/``height_pt`` and every ``Line.bbox`` are PDF points (1/72 inch,
origin top left) on the page as it was read: upright.  ``rotation`` (0, 90, 180, 270) is
the clockwise turn that made the page upright, beyond what a viewer already applies (a
PDF's /Rotate, a photo's EXIF orientation); with 90 or 270 the width and height are the
stored page's, swapped.  A point (x, y) on the upright page lies on the page as a viewer
shows it at: rotation 90 -> (y, W - x), 180 -> (W - x, H - y), 270 -> (H - y, x), where W
and H are the upright ``width_pt`` and ``height_pt``.  Points are of the page as stored,
whatever resolution it was OCRed at (``dpi``).
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
