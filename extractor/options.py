"""One frozen, validated options object shared by the CLI, the API and worker processes."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace

from .errors import UsageError


@dataclass(frozen=True)
class Options:
    lang: str = "deu"
    dpi: int = 300  # image-only PDF pages are rendered at this resolution for OCR; scans stored
    # at 200 dpi up to this are read as stored (sources.pdf.page_image)
    min_text_chars: int = 40  # a text layer with fewer real characters counts as absent
    workers: int = 0  # 0 = one per core
    page_timeout: float = 120.0  # seconds for one page of OCR
    doc_timeout: float = 900.0  # seconds for one document
    max_pixels: int = 200_000_000  # pixels of one rendered page or image, checked before rendering
    max_memory_mb: int = 2048  # address-space cap per worker process (0 = none)
    force: bool = False
    quiet: bool = False
    scheduler: str | None = None  # address of a Dask scheduler; None = local worker processes
    retries: int = 1  # further tries for a document whose worker died
    formats: tuple[str, ...] = ("csv", "json")
    csv_dialect: str = "standard"

    def __post_init__(self) -> None:
        if not self.lang or not all(part.isalnum() or part == "_" for part in self.lang.split("+")):
            raise UsageError(f"invalid --lang {self.lang!r}")
        if not 50 <= self.dpi <= 1200:
            raise UsageError(f"--dpi must be between 50 and 1200, not {self.dpi}")
        if self.workers < 0:
            raise UsageError("--workers must be 0 (one per core) or more")
        for name in ("page_timeout", "doc_timeout"):
            if getattr(self, name) <= 0:
                raise UsageError(f"--{name.replace('_', '-')} must be positive")
        if self.max_memory_mb < 0:
            raise UsageError("--max-memory-mb must be 0 (no cap) or more")
        if self.retries < 0:
            raise UsageError("--retries must be 0 or more")
        if self.max_pixels <= 0:
            raise UsageError("--max-pixels must be positive")
        unknown = set(self.formats) - {"csv", "json", "parquet"}
        if unknown:
            raise UsageError(f"unknown --format {', '.join(sorted(unknown))}")
        if self.csv_dialect not in ("standard", "excel-de"):
            raise UsageError("--csv-dialect must be 'standard' or 'excel-de'")

    @property
    def n_workers(self) -> int:
        return self.workers or (os.cpu_count() or 1)

    def with_(self, **changes) -> "Options":
        return replace(self, **changes)
