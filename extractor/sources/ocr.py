"""OCR of whole pages within the time limits: image files, and PDF pages handed in by pdf.py."""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from PIL import Image

from ..errors import ExtractorError, Timeout
from ..options import Options
from ..records import SOURCE_OCR, PageText
from . import images, tesseract


@dataclass
class Deadline:
    """The time left for one document (options.doc_timeout), shared by its pages."""

    seconds: float
    start: float = field(default_factory=time.monotonic)

    def page_timeout(self, page_timeout: float) -> float:
        """Seconds one page may take: the page limit, cut to what is left of the document's."""
        left = self.seconds - (time.monotonic() - self.start)
        if left <= 0:
            raise Timeout(f"the document took longer than {self.seconds:g} s before this page")
        return min(page_timeout, left)


@contextmanager
def page_context(path: Path, number: int) -> Iterator[None]:
    """Prefix errors raised while reading a page with the file and page they concern."""
    try:
        yield
    except ExtractorError as e:
        if e.path is not None:
            raise
        raise type(e)(f"{path.name} page {number}: {e}", path=str(path)) from e


def ocr_page(
    image: Image.Image,
    *,
    number: int,
    dpi: int,
    reason: str,
    options: Options,
    deadline: Deadline,
    size_pt: tuple[float, float],
    rotation: int = 0,
) -> PageText:
    """OCR one page image into a PageText with source "ocr"."""
    timeout = deadline.page_timeout(options.page_timeout)
    lines = tesseract.ocr_image(image, dpi=dpi, lang=options.lang, timeout=timeout, page=number)
    return PageText(
        number=number,
        source=SOURCE_OCR,
        lines=tuple(lines),
        width_pt=size_pt[0],
        height_pt=size_pt[1],
        reason=reason,
        rotation=rotation,
        dpi=dpi,
    )


def read_image_file(path: Path, options: Options, deadline: Deadline) -> list[PageText]:
    """OCR every frame of a TIFF, PNG or JPEG file at the resolution the file declares."""
    tesseract.require(options.lang)  # fail before decoding anything when OCR is impossible
    pages = []
    for number, frame in enumerate(images.image_frames(path, options.max_pixels), start=1):
        with page_context(path, number):
            pages.append(
                ocr_page(
                    frame.image,
                    number=number,
                    dpi=frame.dpi,
                    reason=frame.reason,
                    options=options,
                    deadline=deadline,
                    size_pt=frame.size_pt,
                    rotation=frame.rotation,
                )
            )
    return pages
