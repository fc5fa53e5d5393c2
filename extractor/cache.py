"""Per-document records kept between runs, so a re-run skips every unchanged document.

One file per distinct input, ``OUT/.cache/<sha256>.json``, holding the DocumentResult as JSON
beside the pipeline version and the options that change what a document yields.  An entry is
used only when both match; a record is stored (atomically, by the writers) as soon as its
document finishes, so a batch killed half-way resumes where it stopped.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import types
import typing
from functools import cache
from pathlib import Path

from .errors import ExtractorError
from .normalize.words import wordlist_digest
from .options import Options
from .pipeline import PIPELINE_VERSION
from .records import DocumentResult, as_plain
from .sources import tesseract
from .writers import atomic_write_bytes

log = logging.getLogger("extractor")

CACHE_DIRNAME = ".cache"
CACHE_FORMAT = 1

# Failures that say more about this run (a dying worker, a slow machine, a missing Tesseract)
# than about the file: never cached, so the next run tries the document again.
TRANSIENT_ERROR_CODES = frozenset({
    "worker_died", "timeout", "out_of_memory", "unreadable", "ocr_failed", "internal", "not_found",
})


def cache_settings(options: Options) -> dict:
    """The options and installed data that change what a document yields; an entry made under
    others is stale (an upgraded word list or Tesseract extracts again)."""
    return {"lang": options.lang, "dpi": options.dpi, "min_text_chars": options.min_text_chars,
            "max_pixels": options.max_pixels, "word_list": wordlist_digest(), "tesseract": _tesseract_version()}


def _tesseract_version() -> str | None:
    try:
        return tesseract.probe().version
    except ExtractorError:
        return None  # none installed: text layers and .txt files still extract


def is_cacheable(result: DocumentResult) -> bool:
    """True when the result describes the file rather than the circumstances of this run."""
    return bool(result.sha256) and result.status != "duplicate" and result.error_code not in TRANSIENT_ERROR_CODES


class ResultCache:
    """The records of one output folder, keyed by the file's SHA-256."""

    def __init__(self, out_dir: Path, options: Options):
        self.folder = Path(out_dir) / CACHE_DIRNAME
        self.settings = cache_settings(options)

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.folder / f"{sha256}.json"

    def get(self, sha256: str) -> DocumentResult | None:
        """The stored record for these bytes, or None when absent, stale or unreadable."""
        path = self.path(sha256)
        try:
            entry = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as e:
            log.warning("ignoring unreadable cache entry %s: %s", path.name, e)
            return None
        if (not isinstance(entry, dict) or entry.get("cache_format") != CACHE_FORMAT
                or entry.get("pipeline_version") != PIPELINE_VERSION or entry.get("settings") != self.settings):
            return None
        try:
            result = result_from_dict(entry["result"])
        except (KeyError, TypeError, ValueError) as e:
            log.warning("ignoring cache entry %s that does not fit the records: %s", path.name, e)
            return None
        return result if result.sha256 == sha256 else None

    def put(self, result: DocumentResult) -> bool:
        """Store the record if it is worth keeping; True when stored."""
        if not is_cacheable(result):
            return False
        entry = {"cache_format": CACHE_FORMAT, "pipeline_version": PIPELINE_VERSION,
                 "settings": self.settings, "result": as_plain(result)}
        # ASCII escapes keep a file name that is not UTF-8 (surrogate escapes) through the round trip
        data = json.dumps(entry, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        atomic_write_bytes(self.path(result.sha256), data)
        return True


# --- JSON back to records ---------------------------------------------------------------------


def result_from_dict(data: dict) -> DocumentResult:
    """Rebuild a DocumentResult (nested frozen dataclasses and tuples) from ``as_plain`` (``asdict``) output."""
    return _build(DocumentResult, data)


@cache
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _build(cls: type, data: dict):
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__} needs an object, got {type(data).__name__}")
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"unknown fields for {cls.__name__}: {', '.join(sorted(unknown))}")
    return cls(**{name: _convert(hints[name], value) for name, value in data.items()})


def _convert(hint, value):
    """Turn a JSON value into the type the dataclass field declares."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot rebuild a value of type {hint}")
        return _convert(options[0], value)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v) for v in value)
        if len(args) != len(value):
            raise ValueError(f"expected {len(args)} values, got {len(value)}")
        return tuple(_convert(a, v) for a, v in zip(args, value))
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value
