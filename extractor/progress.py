"""How a batch shows its progress: a bar on a terminal, plain log lines otherwise, nothing with --quiet.

Progress is counted in documents and pages as documents finish; time left is estimated
from the bytes still to extract, since pages are only known once a document is read.
"""
from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

from .batch import NoProgress, Plan, Progress
from .records import DocumentResult

BAR_REFRESH_SECONDS = 0.2
LOG_EVERY_SECONDS = 10.0


def format_duration(seconds: float) -> str:
    """A short human duration.

    >>> format_duration(5), format_duration(72), format_duration(3725)
    ('5s', '1m12s', '1h02m')
    """
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class Counts:
    """Documents, pages and bytes done so far, with the rate and the time left."""

    def __init__(self, plan: Plan, clock=time.monotonic):
        self.plan = plan
        self.clock = clock
        self.started = clock()
        self.docs = 0
        self.pages = 0
        self.failed = 0
        self.bytes = 0

    def add(self, result: DocumentResult, size_bytes: int) -> None:
        self.docs += 1
        self.pages += result.n_pages
        self.failed += result.status == "failed"
        self.bytes += size_bytes

    @property
    def elapsed(self) -> float:
        return max(self.clock() - self.started, 1e-9)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.elapsed

    def seconds_left(self) -> float | None:
        total = self.plan.bytes_to_extract
        if not self.bytes or not total:
            return None
        return self.elapsed * (total - self.bytes) / self.bytes

    def describe(self) -> str:
        total = len(self.plan.tasks)
        left = self.seconds_left()
        parts = [f"{self.docs}/{total} documents", f"{self.pages} pages", f"{self.pages_per_second:.1f} pages/s"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        if left is not None and self.docs < total:
            parts.append(f"about {format_duration(left)} left")
        return ", ".join(parts)


def describe_plan(plan: Plan) -> str:
    """The first line of a run: what is to be done."""
    extra = [f"{plan.n_cached} cached", f"{plan.n_duplicates} duplicates"]
    if plan.n_failed_early:
        extra.append(f"{plan.n_failed_early} unreadable or missing")
    return f"{plan.n_files} files: {len(plan.tasks)} to extract ({', '.join(extra)})"


class BarProgress:
    """One line redrawn in place on a terminal: a bar, documents, pages, rate and time left."""

    def __init__(self, stream: TextIO | None = None, clock=time.monotonic):
        self.stream = stream or sys.stderr
        self.clock = clock
        self.counts: Counts | None = None
        self.drawn = 0.0

    def start(self, plan: Plan) -> None:
        self.counts = Counts(plan, self.clock)
        print(describe_plan(plan), file=self.stream, flush=True)
        if plan.tasks:
            self._draw()

    def update(self, result: DocumentResult, size_bytes: int) -> None:
        self.counts.add(result, size_bytes)
        if self.clock() - self.drawn >= BAR_REFRESH_SECONDS or self.counts.docs == len(self.counts.plan.tasks):
            self._draw()

    def finish(self) -> None:
        if self.counts is not None and self.counts.plan.tasks:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self) -> None:
        counts = self.counts
        total = len(counts.plan.tasks) or 1
        width = 24
        filled = int(width * counts.docs / total)
        text = f"[{'#' * filled}{'.' * (width - filled)}] {counts.describe()}"
        columns = shutil.get_terminal_size((100, 20)).columns
        self.stream.write("\r" + text[: columns - 1].ljust(columns - 1))
        self.stream.flush()
        self.drawn = self.clock()


class LogProgress:
    """Plain lines for logs and pipes: the plan, then a line every so often, then the last state."""

    def __init__(self, stream: TextIO | None = None, clock=time.monotonic, every: float = LOG_EVERY_SECONDS):
        self.stream = stream or sys.stderr
        self.clock = clock
        self.every = every
        self.counts: Counts | None = None
        self.logged = 0.0

    def start(self, plan: Plan) -> None:
        self.counts = Counts(plan, self.clock)
        self.logged = self.clock()
        print(f"extractor: {describe_plan(plan)}", file=self.stream, flush=True)

    def update(self, result: DocumentResult, size_bytes: int) -> None:
        self.counts.add(result, size_bytes)
        if self.clock() - self.logged >= self.every:
            self._log()

    def finish(self) -> None:
        if self.counts is not None and self.counts.plan.tasks:
            self._log()

    def _log(self) -> None:
        print(f"extractor: {self.counts.describe()}", file=self.stream, flush=True)
        self.logged = self.clock()


def choose_progress(quiet: bool, stream: TextIO | None = None) -> Progress:
    """Nothing with --quiet, a bar on a terminal, log lines otherwise."""
    stream = stream or sys.stderr
    if quiet:
        return NoProgress()
    isatty = getattr(stream, "isatty", None)
    return BarProgress(stream) if isatty and isatty() else LogProgress(stream)
