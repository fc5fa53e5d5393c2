"""Shared by the golden end-to-end test and scripts/update_golden.py."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from extractor.batch import run_batch
from extractor.options import Options

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "tests" / "golden"
# Columns that legitimately change between runs or machines are left out of the golden files.
VOLATILE = {"seconds", "pipeline_version", "source_file"}
TABLES = ("manifest.csv", "agreements.csv", "measures.csv", "sections.csv", "amounts.csv")


def run_samples(out: Path) -> Path:
    """Run the pipeline over samples/ into ``out`` and return it."""
    run_batch([SAMPLES], out, Options(workers=2, quiet=True))
    return out


def golden_tables(out: Path) -> dict[str, str]:
    """The output tables without their volatile columns, as CSV text."""
    tables = {}
    for name in TABLES:
        rows = list(csv.DictReader((out / name).open(encoding="utf-8")))
        columns = [c for c in rows[0].keys() if c not in VOLATILE] if rows else []
        buf = io.StringIO()
        writer = csv.DictWriter(buf, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        tables[name] = buf.getvalue()
    return tables
