"""The review and summarize subcommands over an output folder, in both CSV dialects."""
from __future__ import annotations

import csv

import pytest

from extractor.cli import main

from golden import SAMPLES


@pytest.mark.parametrize("dialect", ["standard", "excel-de"])
def test_run_then_summarize_and_review(tmp_path, capsys, dialect):
    out = tmp_path / "out"
    assert main(["run", str(SAMPLES / "wetteraukreis-2024.ocr.txt"), "--out", str(out), "--quiet",
                 "--csv-dialect", dialect, "--format", "parquet"]) == 0
    assert (out / "agreements.parquet").is_file() and any((out / "documents").glob("*.json"))
    assert main(["summarize", str(out)]) == 0
    with open(out / "summary" / "budget_panel.csv", newline="", encoding="utf-8-sig") as fh:
        rows = {row["region_ags"]: row for row in csv.DictReader(fh)}
    assert float(rows["06440"]["2024"]) == 1140300
    assert main(["review", str(out)]) == 0
    assert "936eac7a09974c79" in (out / "review" / "index.html").read_text(encoding="utf-8")


def test_review_of_a_folder_that_is_no_output(tmp_path, capsys):
    assert main(["review", str(tmp_path)]) == 2
    assert "no agreements.csv" in capsys.readouterr().err
