"""Rewrite the golden tables of the end-to-end test from a fresh run over samples/.

Run it after a deliberate change to what the pipeline extracts, then read the diff of
tests/golden/ before committing: every changed row is a changed answer.

    python scripts/update_golden.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from golden import GOLDEN, golden_tables, run_samples  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = run_samples(Path(tmp))
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name, text in golden_tables(out).items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
            print(f"wrote {GOLDEN / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
