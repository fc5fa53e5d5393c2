"""Run the pipeline over an archive: find the inputs, extract each distinct file once, write tables.

The stages, in order: discover the files; hash each; set duplicates aside; take unchanged
documents from the cache; extract the rest on an executor (storing each record in the cache
as it finishes); write the tables from all records.  Every input gets exactly one manifest row.
"""
from __future__ import annotations

import errno
import logging
import os
import stat
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from .cache import ResultCache
from .executors import Executor, Task, failed_result, make_executor
from .options import Options
from .pipeline import PIPELINE_VERSION, file_sha256
from .records import STATUSES, DocumentResult
from .writers import write_tables

log = logging.getLogger("extractor")

SUPPORTED_SUFFIXES = frozenset({".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".txt"})


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_file: str  # the path as the user will recognise it in the manifest


@dataclass(frozen=True)
class Plan:
    """What a batch is about to do, for progress displays."""

    n_files: int
    n_cached: int
    n_duplicates: int
    n_failed_early: int  # missing or unreadable before extraction
    tasks: tuple[Task, ...]

    @property
    def bytes_to_extract(self) -> int:
        return sum(t.size_bytes for t in self.tasks)


class Progress(Protocol):
    def start(self, plan: Plan) -> None: ...

    def update(self, result: DocumentResult, size_bytes: int) -> None: ...

    def finish(self) -> None: ...


class NoProgress:
    def start(self, plan: Plan) -> None:
        pass

    def update(self, result: DocumentResult, size_bytes: int) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass
class BatchSummary:
    results: list[DocumentResult]
    seconds: float
    tables: dict[str, Path] = field(default_factory=dict)
    n_cached: int = 0

    @property
    def counts(self) -> Counter:
        return Counter(r.status for r in self.results)

    def line(self) -> str:
        """The one summary line the CLI prints."""
        counts = self.counts
        parts = ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES)
        pages = sum(r.n_pages for r in self.results if r.status != "duplicate")
        ocr = sum(r.n_ocr_pages for r in self.results if r.status != "duplicate")
        return (f"{len(self.results)} files: {parts}; {pages} pages ({ocr} OCR), {self.n_cached} cached, "
                f"in {self.seconds:.1f} s")


# --- discovery -------------------------------------------------------------------------------------


def discover(inputs: Iterable[Path | str], exclude: Path | None = None) -> tuple[list[InputFile], list[DocumentResult]]:
    """Files named directly, and supported files found in folders (recursively), sorted by name.

    A named path that does not exist, a symlink loop or a folder that cannot be listed becomes
    a failed manifest row, not a crash.  Symlinked folders are not followed; ``exclude`` (the
    output folder) is never searched.
    """
    found: list[InputFile] = []
    failed: list[DocumentResult] = []
    seen: set[str] = set()
    skip = os.path.realpath(exclude) if exclude is not None else None

    def add(path: Path) -> None:
        key = os.path.abspath(path)  # not resolved: a symlinked alias is an input of its own (a duplicate)
        if key in seen:
            return
        seen.add(key)
        try:
            regular = stat.S_ISREG(os.stat(path).st_mode)
        except OSError as e:
            problem = _link_problem(path) if path.is_symlink() else f"cannot read the file: {e.strerror or e}"
            failed.append(_early_failure(str(path), "unreadable", problem))
            return
        if regular:
            found.append(InputFile(path, str(path)))
        else:
            failed.append(_early_failure(str(path), "unsupported", "not a regular file (a pipe, socket or device): "
                                         "copy its content into a file"))

    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in _walk(path, skip, failed):
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    add(child)
        elif os.path.lexists(path):
            add(path)
        else:
            failed.append(_early_failure(str(path), "not_found", "no such file or folder: check the path"))
    found.sort(key=lambda f: f.source_file)
    return found, failed


def _walk(root: Path, skip: str | None, failed: list[DocumentResult]) -> Iterator[Path]:
    """Files under ``root``, sorted; symlinked folders are not followed (no loops), hidden ones skipped."""

    def unlistable(e: OSError) -> None:
        failed.append(_early_failure(e.filename or str(root), "unreadable",
                                     f"cannot list the folder: {e.strerror or e}; check its permissions"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlistable, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and os.path.realpath(os.path.join(dirpath, d)) != skip)
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _link_problem(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "the path is a symbolic link loop: fix or remove the link"
        return f"the path is a broken symbolic link ({e.strerror}): fix or remove the link"
    return "cannot read the path"


def _early_failure(source_file: str, code: str, message: str) -> DocumentResult:
    return DocumentResult(source_file, "", "", "failed", code, message, pipeline_version=PIPELINE_VERSION)


# --- the run --------------------------------------------------------------------------------------


def run_batch(inputs: Sequence[Path | str], out_dir: Path, options: Options, executor: Executor | None = None,
              progress: Progress | None = None) -> BatchSummary:
    """Extract every input (each distinct file once, unchanged ones from the cache) and write the tables."""
    start = time.monotonic()
    out_dir = Path(out_dir)
    progress = progress or NoProgress()
    out_dir.mkdir(parents=True, exist_ok=True)  # fail before any work when --out cannot be written
    files, results = discover(inputs, exclude=out_dir)
    n_failed_early = len(results)
    for r in results:
        log.warning("%s: %s", r.source_file, r.error)
    cache = ResultCache(out_dir, options)

    originals: dict[str, InputFile] = {}
    duplicates: list[tuple[InputFile, str]] = []
    sizes: dict[str, int] = {}
    for f in files:
        try:
            sha = file_sha256(f.path)
            size = f.path.stat().st_size
        except OSError as e:
            results.append(_early_failure(f.source_file, "unreadable", f"cannot read the file: {e.strerror or e}"))
            log.warning("%s: %s", f.source_file, results[-1].error)
            continue
        if sha in originals:
            duplicates.append((f, sha))
        else:
            originals[sha] = f
            sizes[sha] = size

    tasks: list[Task] = []
    n_cached = 0
    for sha, f in originals.items():
        hit = None if options.force else cache.get(sha)
        if hit is not None:
            results.append(replace(hit, source_file=f.source_file))
            n_cached += 1
        else:
            tasks.append(Task(str(f.path), f.source_file, sha, sizes[sha]))

    progress.start(Plan(len(files) + n_failed_early, n_cached, len(duplicates), len(results) - n_cached, tuple(tasks)))
    try:
        results += _extract_all(tasks, options, executor or make_executor(options), cache, progress)
    finally:
        progress.finish()

    by_sha = {r.sha256: r for r in results if r.sha256 in originals and r.status != "duplicate"}
    for f, sha in duplicates:
        original = by_sha[sha]
        results.append(replace(original, source_file=f.source_file, status="duplicate", error_code="", error="",
                               duplicate_of=original.source_file, agreement=None, pages=(), seconds=0.0, extra={}))
    tables = write_tables(results, out_dir, options=options)
    return BatchSummary(results, time.monotonic() - start, tables, n_cached)


def _extract_all(tasks: list[Task], options: Options, executor: Executor, cache: ResultCache,
                 progress: Progress) -> list[DocumentResult]:
    """Run the tasks; store each record in the cache as it arrives; one result per task, whatever happens."""
    by_sha = {t.sha256: t for t in tasks}
    done: dict[str, DocumentResult] = {}
    with closing(executor.run(tasks, options)) as finished:  # stops the workers on Ctrl-C too
        for result in finished:
            task = by_sha.get(result.sha256)
            if task is None or task.sha256 in done:
                log.error("executor returned an unexpected result for %s; ignored", result.source_file)
                continue
            result = replace(result, source_file=task.source_file)
            cache.put(result)
            done[task.sha256] = result
            progress.update(result, task.size_bytes)
    for task in tasks:
        if task.sha256 not in done:  # an executor bug must not lose a row
            done[task.sha256] = failed_result(task, "internal", "the executor returned no result; please report this")
    return list(done.values())
