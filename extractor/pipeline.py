"""One document in, one DocumentResult out: source -> page text -> parse -> record."""
from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path

from . import __version__
from .errors import ExtractorError
from .options import Options
from .parse.agreement import parse_agreement
from .records import SOURCE_OCR, DocumentResult, PageInfo, PageText
from .sources import read_pages

log = logging.getLogger("extractor")

def _code_digest() -> str:
    """A digest of the code and data that decide what a document yields (sources, parsers,
    lexicons), so a cached record is never reused after any of them changed."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for folder in ("sources", "parse", "normalize", "data"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".csv", ".txt", ".json") and path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    for name in ("pipeline.py", "records.py", "options.py"):
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:10]


# Part of the cache key: the release and the digest of the code that extracts.
PIPELINE_VERSION = f"{__version__}+{_code_digest()}"


def file_sha256(path: Path) -> str:
    """SHA-256 of the file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def page_info(page: PageText) -> PageInfo:
    # Tesseract's own confidences only: a .txt page's words carry a fixed stand-in (UNSCORED_WORD)
    confs = [line.conf for line in page.lines if line.conf is not None] if page.source == SOURCE_OCR else []
    return PageInfo(
        number=page.number,
        source=page.source,
        reason=page.reason,
        n_lines=sum(1 for line in page.lines if line.text),
        width_pt=page.width_pt,
        height_pt=page.height_pt,
        rotation=page.rotation,
        dpi=page.dpi,
        ocr_conf=round(sum(confs) / len(confs), 4) if confs else None,
    )


def document_status(agreement) -> str:
    """ok when every core field was found, partial otherwise."""
    core = (agreement.year, agreement.region_ags, agreement.budget_total_eur)
    if all(v is not None for v in core) and agreement.measures and agreement.sections:
        return "ok"
    return "partial"


def extract_document(path: Path, options: Options, source_file: str | None = None,
                     sha256: str | None = None) -> DocumentResult:
    """Extract one file; never raises for a bad input: failures come back as a failed result."""
    start = time.monotonic()
    source_file = source_file or str(path)
    try:
        sha256 = sha256 or file_sha256(path)
    except OSError as e:
        return DocumentResult(source_file, "", "", "failed", "unreadable", f"cannot read the file: {e.strerror or e}",
                              seconds=round(time.monotonic() - start, 3), pipeline_version=PIPELINE_VERSION)
    doc_id = sha256[:16]

    def failed(code: str, message: str, pages=()) -> DocumentResult:
        return DocumentResult(source_file, doc_id, sha256, "failed", code, message,
                              n_pages=len(pages), n_ocr_pages=sum(p.source == SOURCE_OCR for p in pages),
                              seconds=round(time.monotonic() - start, 3),
                              pages=tuple(page_info(p) for p in pages), pipeline_version=PIPELINE_VERSION)

    try:
        pages = read_pages(path, options)
    except ExtractorError as e:
        return failed(e.code, e.message)
    except MemoryError:  # the --max-memory-mb cap (RLIMIT_AS) of a worker process
        return failed("out_of_memory", f"ran out of memory (cap {options.max_memory_mb} MB per worker): "
                      "raise --max-memory-mb or lower --dpi")
    except Exception as e:  # a library bug must cost this file only
        log.exception("unexpected error reading %s", source_file)
        return failed("internal", f"unexpected {type(e).__name__}: {e}; please report this file")
    if not pages or not any(line.text for p in pages for line in p.lines):
        return failed("empty", "no text found on any page: check that the scan is not blank", pages)
    try:
        agreement = parse_agreement(pages)
    except MemoryError:
        return failed("out_of_memory", f"ran out of memory (cap {options.max_memory_mb} MB per worker): "
                      "raise --max-memory-mb", pages)
    except Exception as e:
        log.exception("parser error on %s", source_file)
        return failed("internal", f"parser error {type(e).__name__}: {e}; please report this file", pages)
    status = "not_agreement" if agreement is None else document_status(agreement)
    return DocumentResult(
        source_file=source_file,
        doc_id=doc_id,
        sha256=sha256,
        status=status,
        error_code="",
        error="" if agreement is not None else "no AQB target agreement recognised in the text",
        n_pages=len(pages),
        n_ocr_pages=sum(p.source == SOURCE_OCR for p in pages),
        seconds=round(time.monotonic() - start, 3),
        pages=tuple(page_info(p) for p in pages),
        agreement=agreement,
        pipeline_version=PIPELINE_VERSION,
    )
