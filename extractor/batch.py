"""Run the pipeline over an archive: find the inputs, extract each distinct file once, write tables."""
from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from .options import Options
from .pipeline import PIPELINE_VERSION, extract_document, file_sha256
from .records import STATUSES, DocumentResult
from .writers import write_tables

log = logging.getLogger("extractor")

SUPPORTED_SUFFIXES = frozenset({".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".txt"})


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_file: str  # the path as the user will recognise it in the manifest


@dataclass
class BatchSummary:
    results: list[DocumentResult]
    seconds: float
    tables: dict[str, Path] = field(default_factory=dict)

    @property
    def counts(self) -> Counter:
        return Counter(r.status for r in self.results)

    def line(self) -> str:
        """The one summary line the CLI prints."""
        counts = self.counts
        parts = ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES)
        pages = sum(r.n_pages for r in self.results if r.status != "duplicate")
        ocr = sum(r.n_ocr_pages for r in self.results if r.status != "duplicate")
        return f"{len(self.results)} files: {parts}; {pages} pages ({ocr} OCR) in {self.seconds:.1f} s"


def discover(inputs: Iterable[Path | str]) -> tuple[list[InputFile], list[DocumentResult]]:
    """Files named directly, and supported files found in folders (recursively, sorted).

    A named path that does not exist becomes a failed manifest row, not a crash.
    """
    found: list[InputFile] = []
    missing: list[DocumentResult] = []
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in sorted(_walk(path)):
                if child.suffix.lower() in SUPPORTED_SUFFIXES and child.resolve() not in seen:
                    seen.add(child.resolve())
                    found.append(InputFile(child, str(child)))
        elif path.exists():
            if path.resolve() not in seen:
                seen.add(path.resolve())
                found.append(InputFile(path, str(path)))
        else:
            missing.append(DocumentResult(str(path), "", "", "failed", "not_found",
                                          "no such file or folder: check the path", pipeline_version=PIPELINE_VERSION))
    return found, missing


def _walk(root: Path) -> Iterator[Path]:
    """Regular files under ``root``; symlinked folders are not followed (no loops)."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith("."):
                yield Path(dirpath) / name


def _extract(args: tuple[Path, Options, str, str]) -> DocumentResult:
    path, options, source_file, sha = args
    return extract_document(path, options, source_file=source_file, sha256=sha)


def run_batch(inputs: Sequence[Path | str], out_dir: Path, options: Options,
              on_result: Callable[[DocumentResult], None] | None = None) -> BatchSummary:
    """Extract every input (each distinct file once) and write the tables into ``out_dir``."""
    start = time.monotonic()
    files, results = discover(inputs)
    by_sha: dict[str, InputFile] = {}
    todo: list[tuple[Path, Options, str, str]] = []
    duplicates: list[tuple[InputFile, str]] = []
    for f in files:
        try:
            sha = file_sha256(f.path)
        except OSError as e:
            results.append(DocumentResult(f.source_file, "", "", "failed", "unreadable",
                                          f"cannot read the file: {e.strerror or e}", pipeline_version=PIPELINE_VERSION))
            continue
        if sha in by_sha:
            duplicates.append((f, sha))
            continue
        by_sha[sha] = f
        todo.append((f.path, options, f.source_file, sha))

    extracted = list(_map(todo, options, on_result))
    results += extracted
    originals = {r.sha256: r for r in extracted}
    for f, sha in duplicates:
        original = originals[sha]
        dup = replace(original, source_file=f.source_file, status="duplicate", error_code="", error="",
                      duplicate_of=original.source_file, agreement=None, pages=(), seconds=0.0)
        results.append(dup)
        if on_result:
            on_result(dup)
    tables = write_tables(results, out_dir)
    return BatchSummary(results, time.monotonic() - start, tables)


def _map(todo, options: Options, on_result) -> Iterator[DocumentResult]:
    if options.n_workers <= 1 or len(todo) <= 1:
        for args in todo:
            result = _extract(args)
            if on_result:
                on_result(result)
            yield result
        return
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    with ProcessPoolExecutor(max_workers=min(options.n_workers, len(todo))) as pool:
        futures = [pool.submit(_extract, args) for args in todo]
        for future in as_completed(futures):
            result = future.result()
            if on_result:
                on_result(result)
            yield result
