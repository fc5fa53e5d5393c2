"""The only module that talks to Tesseract (through pytesseract).

Probing (is it installed, which version, which languages) is kept apart from the work
(``ocr_image``).  Every run goes through ``_image_to_data``, which turns pytesseract's
exceptions into the project's own and logs what Tesseract said under
``extractor.tesseract``.  pytesseract drops Tesseract's stderr when a run succeeds, so
Tesseract is told to write its messages to a ``debug_file`` that is read back.
"""
from __future__ import annotations

import functools
import logging
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean
from typing import Iterator

# Tesseract's OpenMP threads fight with our worker processes; one thread per process is
# faster in a batch.  Set before any tesseract process is started; a user's value wins.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import pytesseract  # noqa: E402  (after the environment default above)
from PIL import Image  # noqa: E402

from ..errors import OcrError, TesseractMissing, Timeout  # noqa: E402
from ..records import Line  # noqa: E402
from . import counts, dropped, figures, numerals  # noqa: E402

log = logging.getLogger("extractor.tesseract")

# psm 3 (automatic page segmentation).  Measured against psm 4 and 6: on ruled tables
# psm 6 merges rows; on a bare table psm 3 sometimes reads column by column where psm 4
# keeps rows whole, but end to end on the sample generator's agreements (light and hard)
# psm 3 gave the parser better measures and sections, psm 4 split wrapped headings.
DEFAULT_PSM = 3
PROBE_TIMEOUT = 10.0  # seconds for `tesseract --version` or `--list-langs`; a sound one answers in 0.1 s
VERSION = re.compile(r"^\W*tesseract\s+v?(\d+(?:\.\d+)*)", re.I | re.M)
LANG = re.compile(r"^[A-Za-z_]+$")  # a language data name: deu, chi_sim, or a script model such as Latin
MESSAGES_FILE = "messages.txt"
# The page is handed to Tesseract as an uncompressed TIFF.  Measured per 300 dpi grey page
# (Tesseract 5.3.0, Leptonica 1.82): a PNG costs 65-110 ms of zlib to write (pytesseract's own
# way), a PGM costs Tesseract 130-140 ms more CPU than a TIFF, as Leptonica reads PNM byte by
# byte; TIFF and BMP are written in under 10 ms and read at once, and Tesseract reads the same
# pixels from each (identical TSV).  TIFF rather than BMP: Leptonica refuses BMPs over 400
# million pixels, below what --max-pixels allows.  The compression is named: PIL would reuse that
# of a TIFF the image was read from (JPEG in TIFF: lossy again).
PAGE_FILE = "page.tif"
WORD_LEVEL = numerals.WORD_LEVEL  # row level of a word in Tesseract's TSV output
DIGITS_ONLY = f"-c tessedit_char_whitelist={counts.DIGITS_ONLY}"  # the count cells' readings
NOTEWORTHY = re.compile(r"error|warning|fail|could not|cannot|invalid|too (large|small)", re.I)
# Said of a speck Tesseract took for a text line; the page is read all the same.
CHATTER = re.compile(r"Image too small to scale|Line cannot be recognized", re.I)


@dataclass(frozen=True)
class TesseractInfo:
    """What the installed Tesseract is and which language data it has."""

    version: str
    langs: frozenset[str]

    def missing(self, lang: str) -> list[str]:
        """The parts of a ``deu+eng`` style language spec that are not installed."""
        return [part for part in lang.split("+") if part not in self.langs]


_probed: dict[str, TesseractInfo] = {}


def probe() -> TesseractInfo:
    """Version and languages of the Tesseract that pytesseract would run (cached per command).

    Asked directly, with a time limit: pytesseract's own probes have none, and cache the
    version once per process whatever the command.
    """
    cmd = pytesseract.pytesseract.tesseract_cmd
    if cmd not in _probed:
        _probed[cmd] = _probe_uncached(cmd)
    return _probed[cmd]


def _probe_uncached(cmd: str) -> TesseractInfo:
    answer = _ask(cmd, "--version")
    version = VERSION.search(answer)
    if not version:
        first = answer.strip().splitlines()[0] if answer.strip() else "nothing"
        raise TesseractMissing(f"{cmd!r} does not answer like Tesseract (--version said {first!r})")
    # the first line names the tessdata folder; then one language per line
    langs = [line.strip() for line in _ask(cmd, "--list-langs").splitlines()[1:] if LANG.match(line.strip())]
    log.debug("found Tesseract %s at %r with languages %s", version.group(1), cmd, ", ".join(langs))
    return TesseractInfo(version=version.group(1), langs=frozenset(langs))


def _ask(cmd: str, option: str) -> str:
    """Run ``cmd option`` for a probe, within PROBE_TIMEOUT; its stdout and stderr together."""
    try:
        done = subprocess.run(
            [cmd, option], stdin=subprocess.DEVNULL, capture_output=True, timeout=PROBE_TIMEOUT, check=False
        )
    except OSError as e:  # not there, or not executable
        raise TesseractMissing(f"Tesseract not found (tried {cmd!r}: {e.strerror or e})") from e
    except subprocess.TimeoutExpired as e:
        raise TesseractMissing(f"{cmd!r} did not answer {option} within {PROBE_TIMEOUT:g} s (hung or broken)") from e
    said = (done.stdout + done.stderr).decode("utf-8", errors="replace")
    if done.returncode not in (0, 1):  # Tesseract 3 ends --list-langs with status 1
        raise TesseractMissing(f"{cmd!r} {option} {_describe_status(done.returncode)}: {said.strip()[:200]}")
    return said


def require(lang: str) -> TesseractInfo:
    """Probe Tesseract and raise TesseractMissing unless every language in ``lang`` is installed."""
    info = probe()
    missing = info.missing(lang)
    if missing:
        raise TesseractMissing(
            f"Tesseract {info.version} has no language data for {'+'.join(missing)} "
            f"(installed: {', '.join(sorted(info.langs)) or 'none'})"
        )
    return info


def ocr_image(
    image: Image.Image,
    *,
    dpi: int,
    lang: str = "deu",
    timeout: float = 0,
    page: int = 1,
    psm: int = DEFAULT_PSM,
) -> list[Line]:
    """OCR one page image into Lines with bboxes in points; "" lines separate paragraphs: its
    words (``read_words``) and, in page layout mode, the print the layout dropped
    (``reread_dropped``).

    ``timeout`` is in seconds (0 = none).  An empty page gives an empty list.
    """
    data = read_words(image, dpi=dpi, lang=lang, timeout=timeout, psm=psm)
    if psm == DEFAULT_PSM:
        data = reread_dropped(data, image, dpi=dpi, lang=lang, timeout=timeout)
    data = reread_figures(data, image, dpi=dpi, lang=lang, timeout=timeout)
    return lines_from_data(data, dpi=dpi, page=page)


def read_words(image: Image.Image, *, dpi: int, lang: str = "deu", timeout: float = 0,
               psm: int = DEFAULT_PSM) -> dict:
    """Tesseract's word table of a page image, its Roman numerals and count cells read again."""
    require(lang)
    data = _image_to_data(image, dpi=dpi, lang=lang, timeout=timeout, psm=psm)
    return reread_counts(numerals.reread_numerals(data, image), image, dpi=dpi, lang=lang, timeout=timeout)


def reread_dropped(data: dict, image: Image.Image, *, dpi: int, lang: str, timeout: float) -> dict:
    """The word table with print the layout analysis dropped read again (``dropped``): one more
    Tesseract run per band of unread print, none for a page without.  A failing run leaves the
    page as first read (a warning)."""
    for band in dropped.uncovered_bands(image, data):
        top, bottom = dropped.crop_rows(band, data, image.height)
        try:
            found = _image_to_data(image.crop((0, top, image.width, bottom)), dpi=dpi, lang=lang,
                                   timeout=timeout, psm=dropped.PSM)
        except OcrError as e:
            log.warning("print left out by the page layout not read: %s", e)
            return data
        merged = dropped.merge(data, found, top)
        log.debug("rows %d-%d: %d pieces of print unread, %d words read again", band.top, band.bottom,
                  band.pieces, len(merged["level"]) - len(data["level"]))
        data = merged
    return data


def _reread_stack(image: Image.Image, cells: list[counts.Cell], *, dpi: int, lang: str, timeout: float,
                  what: str, extra: str = "") -> tuple[counts.Stack, list[counts.Reading]] | None:
    """Cells of a page cut out and stacked (``counts.stack``), read in one Tesseract run: the
    stack and each cell's reading; None without cells, or when the run fails (a warning that
    ``what`` was not read again)."""
    if not cells:
        return None
    stacked = counts.stack(image, cells)
    try:
        data = _image_to_data(stacked.image, dpi=dpi, lang=lang, timeout=timeout, psm=counts.PSM, extra=extra)
    except OcrError as e:
        log.warning("%s not read again: %s", what, e)
        return None
    found = counts.readings(data, stacked.slots)
    for cell, reading in zip(cells, found):
        log.debug("%s: %r at %.0f read again %r at %.0f (%d words)",
                  what, cell.text, cell.conf, reading.text, reading.conf, reading.words)
    return stacked, found


def reread_figures(data: dict, image: Image.Image, *, dpi: int, lang: str, timeout: float) -> dict:
    """The word table with amounts, dates and years read unsurely read again on their own
    (``figures``): one more Tesseract run for a page with such words, none for others.  A
    reading that agrees confirms a word; a failing run leaves the page as read (a warning),
    running out of time does not."""
    cells = figures.figure_cells(data)
    read = _reread_stack(image, cells, dpi=dpi, lang=lang, timeout=timeout, what="unsure amounts and dates")
    if read is None:
        return data
    _, found = read
    return figures.merge(data, cells, found)


def reread_counts(data: dict, image: Image.Image, *, dpi: int, lang: str, timeout: float) -> dict:
    """The word table with the count cells of table rows read again, digits only (``counts``):
    one more Tesseract run for a page with such cells, none for others, and a third, of the
    cells at twice their size, where one is still unsure.  A failing second run leaves the page
    as first read, a failing third the cells as read twice (a warning); running out of time
    does not."""
    cells = counts.count_cells(data)
    read = _reread_stack(image, cells, dpi=dpi, lang=lang, timeout=timeout, extra=DIGITS_ONLY,
                         what="participant counts")
    if read is None:
        return data
    stacked, found = read
    third = None
    if any(counts.unsure(counts.weigh(cell.text, cell.conf, reading), cell) for cell, reading in zip(cells, found)):
        big = stacked.image.resize((stacked.image.width * counts.UPSCALE, stacked.image.height * counts.UPSCALE),
                                   Image.LANCZOS)
        try:
            thirds = _image_to_data(big, dpi=dpi * counts.UPSCALE, lang=lang, timeout=timeout, psm=counts.PSM,
                                    extra=DIGITS_ONLY)
        except OcrError as e:
            log.warning("unsure participant counts not read a third time: %s", e)
        else:
            third = counts.readings(thirds, tuple((top * counts.UPSCALE, bottom * counts.UPSCALE)
                                                  for top, bottom in stacked.slots))
            for cell, reading in zip(cells, third):
                log.debug("count cell %r read a third time %r at %.0f", cell.text, reading.text, reading.conf)
    return counts.merge(data, cells, found, stacked.shapes, third)


def _image_to_data(image: Image.Image, *, dpi: int, lang: str, timeout: float, psm: int, extra: str = "") -> dict:
    """Run Tesseract once for words, boxes and confidences (``extra``: more options)."""
    with _tesseract_run(timeout) as workdir:
        page = workdir / PAGE_FILE
        image.save(page, format="TIFF", compression="raw")
        return pytesseract.image_to_data(
            str(page),
            lang=lang,
            config=f"--dpi {dpi} --psm {psm} {extra} {_messages_option(workdir)}".replace("  ", " "),
            output_type=pytesseract.Output.DICT,
            timeout=timeout,
        )


@dataclass(frozen=True)
class Orientation:
    """Tesseract's orientation guess: the clockwise turn that makes the page upright."""

    rotate: int  # 0, 90, 180 or 270
    confidence: float  # Tesseract's orientation confidence; above ~2 is a clear call


OSD_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.M)
OSD_CONFIDENCE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.M)


def detect_orientation(image: Image.Image, *, dpi: int, timeout: float = 0) -> Orientation | None:
    """Ask Tesseract's OSD which way up the page is; None when it cannot tell (too little text, no osd data)."""
    if "osd" not in probe().langs:
        warn_once("no osd language data: pages scanned sideways or upside down stay so")
        return None
    try:
        with _tesseract_run(timeout, advisory=True) as workdir:
            # OSD ignores --dpi (and warns "Invalid resolution 0 dpi"): hand it a file that says
            page = workdir / PAGE_FILE
            image.save(page, format="TIFF", compression="raw", dpi=(dpi, dpi))
            answer = pytesseract.image_to_osd(str(page), config=_messages_option(workdir), timeout=timeout)
    except OcrError as e:  # "Too few characters", or a crash: the page is read as it is
        if isinstance(e, TesseractMissing):
            raise
        log.debug("no orientation: %s", e)
        return None
    rotate, confidence = OSD_ROTATE.search(answer), OSD_CONFIDENCE.search(answer)
    if not rotate or not confidence:
        return None
    return Orientation(rotate=int(rotate.group(1)) % 360, confidence=float(confidence.group(1)))


@functools.cache
def warn_once(message: str) -> None:
    """Log a warning the first time it is said in this process."""
    log.warning("%s", message)


SCRATCH_PREFIX = "extractor-tesseract-"
_SCRATCH = re.compile(rf"^{SCRATCH_PREFIX}(\d+)-")


def sweep_scratch(folder: Path | None = None) -> list[Path]:
    """Remove the scratch folders of processes that are gone; the ones removed.

    A worker killed mid-page (a Dask worker lost, ``kill -9``) cannot clean up its folder
    and its page image (8 MB at 300 dpi A4): the next run on the machine does it.
    """
    removed = []
    folder = Path(folder or tempfile.gettempdir())
    for path in folder.glob(f"{SCRATCH_PREFIX}*"):
        m = _SCRATCH.match(path.name)
        if m and path.is_dir() and not _alive(int(m.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


@functools.cache
def sweep_scratch_once() -> None:
    """Sweep once per process, before its first Tesseract run."""
    removed = sweep_scratch()
    if removed:
        log.info("removed %d scratch folder(s) of Tesseract runs whose process is gone", len(removed))


def _messages_option(workdir: Path) -> str:
    """Config that sends Tesseract's messages to a file, since pytesseract drops stderr on success."""
    return f"-c debug_file={shlex.quote(str(workdir / MESSAGES_FILE))}"


@contextmanager
def _tesseract_run(timeout: float, advisory: bool = False) -> Iterator[Path]:
    """Convert pytesseract's exceptions for one run and log what Tesseract said.

    An ``advisory`` run (orientation detection) may fail without harm, so its messages
    ("Too few characters. Skipping this page", "Error during processing.") are debug records.

    Yields a scratch folder for the run; Tesseract's messages file is read from it.
    """
    sweep_scratch_once()
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-") as tmp:
        messages = Path(tmp, MESSAGES_FILE)
        try:
            yield Path(tmp)
        except pytesseract.TesseractNotFoundError as e:
            raise TesseractMissing(f"Tesseract not found (tried {pytesseract.pytesseract.tesseract_cmd!r})") from e
        except pytesseract.TesseractError as e:
            _log_stderr(str(e.message), advisory)
            said = " ".join(filter(None, [str(e.message).strip(), _read(messages)]))
            raise OcrError(f"Tesseract {_describe_status(e.status)}: {said or 'no message'}") from e
        except RuntimeError as e:  # pytesseract's way of saying the process was killed on timeout
            if "timeout" in str(e).lower():
                raise Timeout(f"Tesseract took longer than {timeout:g} s on one page") from e
            raise OcrError(f"Tesseract failed: {e}") from e
        except FileNotFoundError as e:  # it exited 0 but wrote no output file
            raise OcrError(f"Tesseract reported success but wrote no output: {e.filename}") from e
        finally:
            _log_stderr(_read(messages), advisory)


def lines_from_data(data: dict, *, dpi: int, page: int) -> list[Line]:
    """Group Tesseract's word rows by (block, paragraph, line) into Lines, in reading order.

    Pixel boxes become points (72/dpi); ``conf`` is the mean word confidence over 100.
    """
    scale = 72 / dpi
    words_by_line: dict[tuple, list[int]] = {}  # insertion order is Tesseract's reading order
    for i, level in enumerate(data.get("level", [])):
        if level == WORD_LEVEL and str(data["text"][i]).strip():
            key = (data["page_num"][i], data["block_num"][i], data["par_num"][i], data["line_num"][i])
            words_by_line.setdefault(key, []).append(i)
    lines: list[Line] = []
    previous_paragraph = None
    for key, rows in words_by_line.items():
        paragraph = key[:3]
        if previous_paragraph is not None and paragraph != previous_paragraph:
            lines.append(Line(text="", page=page))
        previous_paragraph = paragraph
        lines.append(_line_from_words(data, rows, scale=scale, page=page))
    return lines


def _line_from_words(data: dict, rows: list[int], *, scale: float, page: int) -> Line:
    left = [data["left"][i] for i in rows]
    top = [data["top"][i] for i in rows]
    right = [data["left"][i] + data["width"][i] for i in rows]
    bottom = [data["top"][i] + data["height"][i] for i in rows]
    confs = [float(data["conf"][i]) for i in rows if float(data["conf"][i]) >= 0]
    mean = fmean(confs) if confs else None
    words = [" ".join(str(data["text"][i]).split()) for i in rows]
    # one confidence per word of the line's text, so a value can be judged by the words under it
    word_confs = tuple(
        round((float(data["conf"][i]) if float(data["conf"][i]) >= 0 else (mean or 0.0)) / 100, 4)
        for i, word in zip(rows, words) for _ in word.split()
    )
    return Line(
        text=" ".join(words),
        page=page,
        bbox=(min(left) * scale, min(top) * scale, max(right) * scale, max(bottom) * scale),
        conf=round(mean / 100, 4) if mean is not None else None,
        word_confs=word_confs or None,
    )


def _describe_status(status: int) -> str:
    """Say how the process ended: 'exited with status 1' or 'was killed by SIGSEGV'."""
    if isinstance(status, int) and status < 0:
        try:
            return f"was killed by {signal.Signals(-status).name}"
        except ValueError:
            return f"was killed by signal {-status}"
    return f"exited with status {status}"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def _log_stderr(text: str, advisory: bool = False) -> None:
    """Log what Tesseract said, one record per line; problems as warnings, chatter as debug."""
    for line in text.splitlines():
        if line.strip():
            problem = NOTEWORTHY.search(line) and not CHATTER.search(line) and not advisory
            log.log(logging.WARNING if problem else logging.DEBUG, "%s", line.strip())
