"""OCR of whole pages within the time limits: image files, and PDF pages handed in by pdf.py."""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np
from PIL import Image

from ..errors import ExtractorError, Timeout
from ..options import Options
from ..records import SOURCE_OCR, Line, PageText
from . import images, tesseract

POOR_CONFIDENCE = 0.7  # mean word confidence below which a page may be sideways or upside down
# Fewer words than this and the page may be upside down too, however sure they are: Tesseract
# read a 200 dpi page scanned upside down as one "7" at 0.80.  An upright page of an agreement
# has 30 (the signing page) to 500 words.
FEW_WORDS = 10
UNREAD_CONFIDENCE = 0.5  # below this a page read as noise (as checks.UNREAD_PAGE_CONFIDENCE)
MIN_TURN_CONFIDENCE = 1.0  # Tesseract's orientation confidence needed to try the turned page
UPRIGHT_SHARE = 0.9  # the turned page wins if it reads at least this well: upright geometry is worth it

# Cleanup before OCR, chosen on make_samples' hard scans (dev seeds) by word accuracy:
# - a 3x3 median removes scanner grain and specks from grey pages (+5 to +33 points on
#   noisy 200-300 dpi pages, +-0.5 on light ones), but eats thin strokes of clean 150 dpi
#   pages and of 1-bit faxes (-9 to -21 points): it runs only where specks are counted;
# - a 1-bit page is smoothed into grey instead (+2 points on average at 200 dpi), which
#   Tesseract binarises with less jagged edges.  Upscaling 200 dpi pages to 300 lost 4 points.
MEDIAN_MIN_DPI = 200
MEDIAN_MIN_SPECKS = 150  # isolated dark pixels per million; clean scans have 0-100, noisy ones 150-3000
BILEVEL_SMOOTH_PX = 0.7  # standard deviation of the Gaussian, in pixels
GRAIN_SMOOTH_PX = 1.0  # the Gaussian a grey page read as noise is smoothed with before a last reading
NOISE_SAMPLE_SHARE = 0.5  # the specks are counted on the middle half of the page (width and height)


@dataclass
class Deadline:
    """The time left for a document (options.doc_timeout) or one page of it."""

    seconds: float
    what: str = "the document"
    start: float = field(default_factory=time.monotonic)

    def left(self) -> float:
        """Seconds left; raises Timeout when none are."""
        left = self.seconds - (time.monotonic() - self.start)
        if left <= 0:
            raise Timeout(f"{self.what} took longer than {self.seconds:g} s")
        return left

    def page(self, page_timeout: float) -> "Deadline":
        """The budget of one page: the page limit, cut to what is left of this one."""
        left = self.left()
        return Deadline(page_timeout, what="the page") if page_timeout <= left else Deadline(left, what=self.what)


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
) -> PageText:
    """OCR one page image into a PageText with source "ocr", straightened first.

    The image is cleaned (``clean``) and, when clearly askew, levelled before OCR.  When the
    result is poor or next to nothing, Tesseract's orientation detection is asked whether the
    page is sideways or upside down, and the turned page is kept if it reads better; a grey
    page still read as next to nothing or noise is read again with its paper whitened, then
    smoothed.  Print that the layout analysis of the reading kept dropped is read again last
    (``tesseract.reread_dropped``), then the amounts, dates and years it read unsurely
    (``tesseract.reread_figures``).  ``rotation`` is that
    turn, relative to the page as a viewer shows it (PDF /Rotate and EXIF orientation already
    applied).  Bboxes are points on the upright page, so ``width_pt``/``height_pt`` swap for
    a turn of 90 or 270 degrees (see the package docstring).
    """
    budget = deadline.page(options.page_timeout)
    bilevel = image.mode == "1"
    image = clean(image, dpi)
    best = _ocr(images.deskew(image)[0], dpi, number, options, budget)
    lines = best.lines
    turned, turns = 0, []
    # Agreements are portrait: a landscape image is likely turned even when Tesseract
    # managed to read its vertical lines (then with sideways geometry).
    few = _n_words(lines) < FEW_WORDS
    if _quality(lines) < POOR_CONFIDENCE or few or image.width > image.height:
        guess = tesseract.detect_orientation(image, dpi=dpi, timeout=budget.left())
        turns = turns_to_try(image.width, image.height, guess)
        for turn in turns:
            retry = _ocr(images.deskew(images.turn(image, turn))[0], dpi, number, options, budget)
            # against the page as it came, a turn needs UPRIGHT_SHARE of its score; between turns the better wins
            if _better(retry.lines, lines, UPRIGHT_SHARE if turned == 0 else 1.0, few):
                best, lines, turned = retry, retry.lines, turn
            if turned and _quality(lines) >= POOR_CONFIDENCE:
                break  # read well: another turn cannot do much better
    # Still next to nothing, or noise: a grainy grey page of little text, which Tesseract's one
    # global threshold does not separate from the grain.  Read again with the paper whitened,
    # every way up; and smoothed, for a page whose grain is dense (a 200 dpi PNG of 8 grey
    # levels read as "BER. x RE." even after the median, in full once smoothed).  (Whitening or
    # smoothing every page read the tables of noisy JPEG scans worse.)
    if not bilevel and (_n_words(lines) < FEW_WORDS or _quality(lines) < UNREAD_CONFIDENCE):
        for variant in (images.whiten_background, lambda page: images.smooth(page, GRAIN_SMOOTH_PX)):
            if _n_words(lines) >= FEW_WORDS and _quality(lines) >= UNREAD_CONFIDENCE:
                break  # read by the variant before
            cleaned = variant(image)
            for turn in dict.fromkeys([turned, 0, *turns]):
                retry = _ocr(images.deskew(images.turn(cleaned, turn))[0], dpi, number, options, budget)
                if _better(retry.lines, lines, 1.0, few):
                    best, lines, turned = retry, retry.lines, turn
                if _quality(lines) >= POOR_CONFIDENCE and _n_words(lines) >= FEW_WORDS:
                    break  # read well this way up: another turn cannot do much better
    # Print the layout analysis dropped, read again in the reading kept: only then, as what it
    # adds would hide from the choices above a page read as next to nothing (a page scanned
    # askew whose few words the band read again made look read)
    data = tesseract.reread_dropped(best.data, best.image, dpi=dpi, lang=options.lang, timeout=budget.left())
    data = tesseract.reread_figures(data, best.image, dpi=dpi, lang=options.lang, timeout=budget.left())
    if data is not best.data:
        lines = tesseract.lines_from_data(data, dpi=dpi, page=number)
    width, height = size_pt if turned % 180 == 0 else size_pt[::-1]
    return PageText(
        number=number,
        source=SOURCE_OCR,
        lines=tuple(lines),
        width_pt=width,
        height_pt=height,
        reason=reason,
        rotation=turned,
        dpi=dpi,
    )


def turns_to_try(width: int, height: int, guess: tesseract.Orientation | None) -> list[int]:
    """Clockwise turns worth an OCR run for a page that read poorly or lies landscape, likeliest first.

    Agreements are portrait pages, so a landscape image was scanned sideways (90 or 270) and a
    portrait one that reads poorly may be upside down (180).  Tesseract's orientation guess goes
    first when it is confident, and adds its turn if the shape did not suggest it (a landscape
    page scanned upright onto portrait paper).  The guess alone is not trusted: on faint or
    1-bit scans OSD fails ("too few characters") or names the wrong turn, even confidently.

    >>> turns_to_try(1654, 2339, None)
    [180]
    >>> turns_to_try(2339, 1654, tesseract.Orientation(rotate=270, confidence=4.0))
    [270, 90]
    >>> turns_to_try(2339, 1654, tesseract.Orientation(rotate=270, confidence=0.3))
    [90, 270]
    >>> turns_to_try(1654, 2339, tesseract.Orientation(rotate=90, confidence=4.0))
    [90, 180]
    """
    turns = [90, 270] if width > height else [180]
    if guess and guess.rotate and guess.confidence >= MIN_TURN_CONFIDENCE:
        turns = [guess.rotate] + [turn for turn in turns if turn != guess.rotate]
    return turns


def clean(image: Image.Image, dpi: int) -> Image.Image:
    """A page image cleaned for OCR: 1-bit smoothed into grey, a specked grey page median-filtered."""
    if image.mode == "1":
        return images.smooth(image, BILEVEL_SMOOTH_PX)
    if dpi >= MEDIAN_MIN_DPI and specks_per_million(image) >= MEDIAN_MIN_SPECKS:
        return images.median3(image)
    return image


def specks_per_million(image: Image.Image) -> float:
    """Isolated dark pixels (no more than one dark neighbour) per million, on the middle of the page.

    A cheap count of per-pixel noise: print has no isolated pixels, scanner grain and
    specks have many.  Dark is below the midpoint of ink (1st percentile) and paper (95th).
    """
    width, height = image.size
    dx, dy = round(width * (1 - NOISE_SAMPLE_SHARE) / 2), round(height * (1 - NOISE_SAMPLE_SHARE) / 2)
    pixels = np.asarray(images.grey(image).crop((dx, dy, width - dx, height - dy)))
    if pixels.size < 9:
        return 0.0
    ink, paper = np.percentile(pixels[::2, ::2], [1, 95])
    dark = pixels < (ink + paper) / 2
    return images.lonely_pixels(dark) * 1e6 / dark.size


@dataclass(frozen=True)
class Reading:
    """One OCR reading of a page image: the image as read, Tesseract's word table and its lines."""

    image: Image.Image
    data: dict
    lines: list[Line]


def _ocr(image: Image.Image, dpi: int, number: int, options: Options, budget: Deadline) -> Reading:
    data = tesseract.read_words(image, dpi=dpi, lang=options.lang, timeout=budget.left())
    return Reading(image, data, tesseract.lines_from_data(data, dpi=dpi, page=number))


def _better(retry: list[Line], lines: list[Line], share: float, few: bool) -> bool:
    """Whether another reading of the page replaces the one kept: ``share`` of its score at least,
    and for a page first read as next to nothing (``few``) a page's worth of words, or its few
    words read well."""
    return (_score(retry) > 0 and _score(retry) >= share * _score(lines)
            and (not few or _n_words(retry) >= FEW_WORDS or _quality(retry) >= POOR_CONFIDENCE))


def _score(lines: list[Line]) -> float:
    """How much confidently read text there is: confidence-weighted word count."""
    return sum((line.conf or 0) * len(line.text.split()) for line in lines)


def _n_words(lines: list[Line]) -> int:
    return sum(len(line.text.split()) for line in lines)


def _quality(lines: list[Line]) -> float:
    """Mean word confidence of the page (0 for a page without words)."""
    n_words = _n_words(lines)
    return _score(lines) / n_words if n_words else 0.0


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
                )
            )
    return pages
