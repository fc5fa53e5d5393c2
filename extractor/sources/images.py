"""Page images for OCR: frames of TIFF/PNG/JPEG files and PDF pages rendered with PDFium.

Every size is checked against the pixel limit (``--max-pixels``) before anything is decoded
or rendered: an image file's frames from their headers, a PDF page from its size in points
and from the pixel size of every image drawn on it (a small PDF can hold a 35000 x 35000
image that PDFium would inflate in full).
"""
from __future__ import annotations

import math
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps

from ..errors import CorruptInput, TooLarge

# The per-pixel work before OCR (levelling, median, smoothing) is OpenCV's: on a 300 dpi page
# its bilinear turn takes 16 ms, a 3x3 median 9 ms and a Gaussian 6 ms, where PIL took 74, 190
# and 80 ms, all of it CPU beside Tesseract's.  One thread: the batch runs a worker per core.
cv2.setNumThreads(1)

ASSUMED_DPI = 300
MIN_PLAUSIBLE_DPI = 70
MAX_PLAUSIBLE_INCHES = 20  # a scan whose dpi tag makes it longer than this is mis-tagged (often 72)
EXIF_ORIENTATION = 0x0112
MAX_FORM_DEPTH = 15  # nesting of form XObjects searched for images (PDFium's own default)

REASON_IMAGE = "image_file"
REASON_IMAGE_DPI_ASSUMED = f"image_file_dpi_assumed_{ASSUMED_DPI}"


@dataclass(frozen=True)
class Frame:
    """One decoded page image, ready for OCR, with its resolution."""

    image: Image.Image  # mode "1" or "L"
    dpi: int
    dpi_assumed: bool

    @property
    def reason(self) -> str:
        return REASON_IMAGE_DPI_ASSUMED if self.dpi_assumed else REASON_IMAGE

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.image.width * 72 / self.dpi, self.image.height * 72 / self.dpi


def check_pixels(width: float, height: float, max_pixels: int, what: str, path: Path | None = None) -> None:
    """Raise TooLarge when ``width`` x ``height`` pixels exceed the limit."""
    width, height = math.ceil(width), math.ceil(height)
    if width * height > max_pixels:
        raise TooLarge(
            f"{what} would be {width} x {height} = {width * height:,} pixels, over the limit of {max_pixels:,}",
            path=None if path is None else str(path),
        )


# --- image files ------------------------------------------------------------------------


def image_frames(path: Path, max_pixels: int) -> Iterator[Frame]:
    """Decode every frame of a TIFF (or the one frame of a PNG/JPEG) as an OCR-ready Frame."""
    with open_image(path) as image:
        for index in range(getattr(image, "n_frames", 1)):
            yield _decode_frame(image, index, path, max_pixels)


def count_image_frames(path: Path) -> int:
    """Number of frames (pages) in an image file, read from the headers."""
    with open_image(path) as image:
        try:
            return getattr(image, "n_frames", 1)
        except (OSError, ValueError, SyntaxError) as e:
            raise CorruptInput(f"{path.name}: cannot count the frames: {e}", path=str(path)) from e


_PIL_LIMIT = threading.Lock()


@contextmanager
def our_pixel_limit() -> Iterator[None]:
    """Lift PIL's decompression-bomb limit (about 179 million pixels) for the code inside.

    Opening and seeking read headers only, and every frame is checked against --max-pixels
    before it is decoded, with a message that names the option.  PIL's fixed limit would
    refuse frames that a raised --max-pixels allows, and would not say what to do.
    """
    with _PIL_LIMIT:
        saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def open_image(path: Path) -> Image.Image:
    """Open an image lazily (header only); sizes are checked per frame in ``_decode_frame``."""
    try:
        with our_pixel_limit():
            return Image.open(path)
    except (OSError, ValueError, SyntaxError) as e:  # UnidentifiedImageError is an OSError
        raise CorruptInput(f"{path.name}: cannot read the image: {e}", path=str(path)) from e


def _decode_frame(image: Image.Image, index: int, path: Path, max_pixels: int) -> Frame:
    try:
        with our_pixel_limit():
            image.seek(index)
            check_pixels(image.width, image.height, max_pixels, f"{path.name} page {index + 1}", path)
            dpi, assumed = image_dpi(image)
            # a phone photo is shown upright by viewers through its EXIF orientation: do the same
            turned = image.getexif().get(EXIF_ORIENTATION, 1) != 1
            decoded = ImageOps.exif_transpose(image) if turned else image.copy()
    except (OSError, ValueError, SyntaxError, EOFError) as e:  # truncated or malformed data
        raise CorruptInput(f"{path.name} page {index + 1}: cannot decode the image: {e}", path=str(path)) from e
    return Frame(image=for_ocr(decoded), dpi=dpi, dpi_assumed=assumed)


def image_dpi(image: Image.Image) -> tuple[int, bool]:
    """The image's horizontal resolution and whether it had to be assumed (absent or implausible)."""
    raw = image.info.get("dpi")
    try:
        dpi = round(float(raw[0])) if raw else 0
    except (TypeError, ValueError, IndexError):
        dpi = 0
    if dpi < MIN_PLAUSIBLE_DPI or max(image.size) / dpi > MAX_PLAUSIBLE_INCHES:
        return ASSUMED_DPI, True
    return dpi, False


def for_ocr(image: Image.Image) -> Image.Image:
    """Bring an image into a mode Tesseract reads well: keep 1-bit, otherwise 8-bit grayscale."""
    if image.mode in ("1", "L"):
        return image
    if image.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N", "F"):
        return _stretch_to_8bit(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("L")
    return image.convert("L")


def _stretch_to_8bit(image: Image.Image) -> Image.Image:
    """16/32-bit and float images: scale the value range to 0..255 (PIL's convert would clip)."""
    values = np.asarray(image, dtype=np.float64)
    low, high = float(values.min()), float(values.max())
    if high <= low:
        return Image.new("L", image.size, 255)
    return Image.fromarray(((values - low) * (255.0 / (high - low))).astype(np.uint8), mode="L")


def grey(image: Image.Image) -> Image.Image:
    """The image in mode "L"; the image itself when it is (PIL's convert would copy 9 MB of a 300 dpi page)."""
    return image if image.mode == "L" else image.convert("L")


def median3(image: Image.Image) -> Image.Image:
    """The page in grey with every pixel replaced by the median of its 3 x 3 neighbourhood."""
    return Image.fromarray(cv2.medianBlur(np.asarray(grey(image)), 3))


def smooth(image: Image.Image, sigma: float) -> Image.Image:
    """The page in grey, blurred by a Gaussian of ``sigma`` pixels."""
    return Image.fromarray(cv2.GaussianBlur(np.asarray(grey(image)), (0, 0), sigma))


BACKGROUND_SIGMAS = 4.0  # grey within this many standard deviations of the paper's is paper
INK_SHARE = 0.001  # the darkest share of pixels taken for the ink's level (a speck or two do not count)
MIN_CONTRAST = 16  # grey levels between the ink and the grain below which a page is left as it is (a blank page: below 0)


def whiten_background(image: Image.Image) -> Image.Image:
    """The page in grey with its paper made white and its ink stretched to black.

    Paper is the commonest grey (the median: text covers far less than half a page), its grain
    the median absolute deviation; what lies within BACKGROUND_SIGMAS of it becomes white,
    the rest is stretched from the ink's level to white.  Tesseract thresholds a page with one
    global (Otsu) threshold, which on a grainy page holding little text falls inside the grain:
    a page of one heading was read as "er SR ER Eu", a signing page as nothing; whitened, both
    read in full.
    """
    pixels = np.asarray(grey(image))
    counts = np.cumsum(np.bincount(pixels[::4, ::4].ravel(), minlength=256))
    total = counts[-1]
    paper = int(np.searchsorted(counts, total / 2))
    deviations = np.abs(np.arange(256) - paper)
    spread = _median_of(np.bincount(deviations, weights=np.diff(counts, prepend=0), minlength=256)) * 1.4826
    ink = int(np.searchsorted(counts, total * INK_SHARE))
    cut = paper - BACKGROUND_SIGMAS * spread
    if cut - ink < MIN_CONTRAST:
        return grey(image)
    levels = np.arange(256, dtype=np.float32)
    lut = np.where(levels >= cut, 255, np.clip((levels - ink) * 255 / (cut - ink), 0, 255)).astype(np.uint8)
    return Image.fromarray(cv2.LUT(pixels, lut))


def _median_of(histogram: np.ndarray) -> int:
    """The median of the values a histogram counts (its index)."""
    cumulative = np.cumsum(histogram)
    return int(np.searchsorted(cumulative, cumulative[-1] / 2))


def lonely_pixels(mask: np.ndarray) -> int:
    """How many set pixels of a boolean mask have at most one set pixel among their eight neighbours."""
    counts = cv2.boxFilter(mask.astype(np.uint8), -1, (3, 3), normalize=False, borderType=cv2.BORDER_CONSTANT)
    return int(np.count_nonzero(mask & (counts <= 2)))  # the 3 x 3 sum counts the pixel itself


def level(image: Image.Image, angle: float) -> Image.Image:
    """The page in grey turned ``angle`` degrees counter-clockwise about its centre, same size, white corners."""
    pixels = np.asarray(grey(image))
    height, width = pixels.shape
    matrix = cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), angle, 1.0)
    return Image.fromarray(cv2.warpAffine(pixels, matrix, (width, height), flags=cv2.INTER_LINEAR,
                                          borderMode=cv2.BORDER_CONSTANT, borderValue=255))


# --- straightening -------------------------------------------------------------------------

SKEW_SEARCH_DEGREES = 5.0  # scans are rarely more askew; larger angles are left to Tesseract
MIN_SKEW_DEGREES = 0.5  # below this Tesseract copes by itself and resampling only blurs
MIN_SKEW_GAIN = 1.1  # the straightened profile must be this much sharper than the original
SKEW_SAMPLE_PIXELS = 1000  # long side of the thumbnail the skew is measured on
# The turn is bilinear (``level``), not bicubic: on the 150 OCR pages of 80 hard sample
# agreements (two seeds) Tesseract's mean page confidence was 0.5-1 point higher after a
# bilinear turn than after a bicubic one.  Nearest neighbour cost 0.4 points.  Not levelling at
# all lost 0.6-2.8 points of sections F1 and left 1-3 wrong agreements unflagged per 40 (0-1
# when levelled).


def estimate_skew(image: Image.Image) -> tuple[float, float]:
    """The counter-clockwise angle (degrees) that levels the text lines, and how much it helps.

    Projection profile: rotate the ink pixels of a thumbnail by trial angles and keep the
    angle whose row histogram is sharpest (sum of squares).  The gain is that sharpness
    relative to angle 0; near 1 means "no clear skew" (or a page turned by 90 degrees).
    """
    thumb = grey(image)
    scale = SKEW_SAMPLE_PIXELS / max(thumb.size)
    if scale < 1:
        thumb = thumb.resize((max(1, round(thumb.width * scale)), max(1, round(thumb.height * scale))), Image.BILINEAR)
    ys, xs = np.nonzero(np.asarray(thumb) < 128)
    if len(xs) < 500:  # (nearly) blank page
        return 0.0, 1.0
    xs, ys = xs - xs.mean(), ys - ys.mean()

    def sharpness(angle: float) -> float:
        rad = np.deg2rad(angle)
        rows = ys * np.cos(rad) - xs * np.sin(rad)
        return float(np.sum(np.bincount((rows - rows.min()).astype(np.int64)).astype(np.float64) ** 2))

    coarse = np.arange(-SKEW_SEARCH_DEGREES, SKEW_SEARCH_DEGREES + 1e-9, 0.5)
    best = float(coarse[np.argmax([sharpness(a) for a in coarse])])
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    scores = [sharpness(a) for a in fine]
    angle = float(fine[int(np.argmax(scores))])
    return round(angle, 2), max(scores) / sharpness(0.0)


def deskew(image: Image.Image) -> tuple[Image.Image, float]:
    """Level a page whose text lines are clearly askew; returns the image and the angle applied."""
    angle, gain = estimate_skew(image)
    if abs(angle) < MIN_SKEW_DEGREES or gain < MIN_SKEW_GAIN:
        return image, 0.0
    return level(image, angle), angle


def turn(image: Image.Image, clockwise: int) -> Image.Image:
    """Turn a page by a multiple of 90 degrees clockwise (lossless)."""
    return image.rotate(-clockwise, expand=True) if clockwise % 360 else image


# --- PDF pages ----------------------------------------------------------------------------


def render_pdf_page(
    page: pdfium.PdfPage, *, dpi: int, max_pixels: int, what: str = "the rendered page"
) -> Image.Image:
    """Render one PDF page to 8-bit grayscale at ``dpi``, after checking the pixel limit."""
    width_pt, height_pt = page.get_size()
    check_pixels(width_pt / 72 * dpi, height_pt / 72 * dpi, max_pixels, what)
    check_page_images(page, max_pixels)
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        return bitmap.to_pil()
    except pdfium.PdfiumError as e:
        raise CorruptInput(f"PDFium cannot render {what} ({str(e).rstrip('.')})") from e


@dataclass(frozen=True)
class PageScan:
    """The image a scanned PDF page consists of, as stored, with its resolution on the page."""

    image: Image.Image  # "L", or "1" for a 1-bit scan (as an image file of it would be read)
    dpi: int


SCAN_FIT_PT = 1.5  # how far (points) the image may miss the page's edges and still cover it
SCAN_DPI_AGREE = 0.02  # horizontal and vertical resolution of a scan agree within this share
_SCAN_COLOURS = (pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_DEVICERGB,
                 pdfium_c.FPDF_COLORSPACE_CALGRAY, pdfium_c.FPDF_COLORSPACE_CALRGB)


def page_scan(page: pdfium.PdfPage, max_pixels: int) -> PageScan | None:
    """The stored image of a page that is nothing but one scan, turned as the page is shown.

    A scanned page is one image covering the page, upright and unmirrored, perhaps under an
    invisible text layer (a scanner's OCR).  Its pixels can be read as stored, without
    rendering the page: faster, and without resampling them.  Anything else drawn on the page
    (visible text, paths, forms, a second image), a mask, a placement that scales or turns
    the image unevenly or a colour space other than grey or RGB gives None: render the page.
    The image's size is checked against ``max_pixels`` before it is decoded (TooLarge).
    """
    try:
        objects = list(page.get_objects(max_depth=0))
        scans = [obj for obj in objects if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE]
        if len(scans) != 1 or any(not _invisible_text(obj) for obj in objects if obj is not scans[0]):
            return None
        scan = scans[0]
        a, b, c, d, e, f = scan.get_matrix().get()
        left, bottom, right, top = page.get_mediabox()
        width_pt, height_pt = right - left, top - bottom
        if b or c or a <= 0 or d <= 0 or max(abs(e - left), abs(f - bottom), abs(a - width_pt),
                                             abs(d - height_pt)) > SCAN_FIT_PT:
            return None
        meta = scan.get_metadata()
        if meta.colorspace not in _SCAN_COLOURS or meta.bits_per_pixel not in (1, 8, 24):
            return None
        width_px, height_px = scan.get_px_size()
        check_pixels(width_px, height_px, max_pixels, "image 1 on the page")  # its only image, before decoding
        dpi_x, dpi_y = width_px * 72 / width_pt, height_px * 72 / height_pt
        if abs(dpi_x - dpi_y) > SCAN_DPI_AGREE * dpi_x:
            return None
        image = scan.get_bitmap(render=False).to_pil()
    except pdfium.PdfiumError:
        return None  # rendering will say what is wrong
    if image.size != (width_px, height_px) or image.mode not in ("L", "RGB", "RGBA", "RGBX"):
        return None
    image = image.convert("1", dither=Image.Dither.NONE) if meta.bits_per_pixel == 1 else grey(image)
    return PageScan(turn(image, page.get_rotation()), round(dpi_x))


def _invisible_text(obj: pdfium.PdfObject) -> bool:
    return obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT and (
        pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)


def check_page_images(page: pdfium.PdfPage, max_pixels: int) -> None:
    """Raise TooLarge when an image drawn on the page has more pixels than the limit.

    PDFium decodes an image in full before scaling it to the page, so a small file holding a
    35000 x 35000 image (1.2 GB as 8-bit grey) costs that much memory and many seconds
    whatever the rendering resolution.  The sizes come from the image dictionaries: nothing
    is decoded here.
    """
    try:
        found = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=MAX_FORM_DEPTH)
        for number, image in enumerate(found, start=1):
            width, height = image.get_px_size()
            check_pixels(width, height, max_pixels, f"image {number} on the page")
    except pdfium.PdfiumError as e:
        raise CorruptInput(f"PDFium cannot read the images of the page ({str(e).rstrip('.')})") from e
