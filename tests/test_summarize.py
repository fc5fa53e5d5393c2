"""The region x year summary: panel values, gaps, duplicates, the chart and the text table."""
from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from extractor import summarize

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def read_grid(path: Path) -> dict[tuple[str, str], str]:
    """A region x year CSV as {(ags, year): cell}."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    years = [c for c in rows[0] if c.isdigit()]
    return {(row["region_ags"], year): row[year] for row in rows for year in years}


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory) -> Path:
    """A real run over two documents: Wetteraukreis 2024 and Stadt Kassel 2019 (.txt, so no OCR)."""
    root = tmp_path_factory.mktemp("summary")
    (root / "in").mkdir()
    for name in ("wetteraukreis-2024.ocr.txt", "aqb-s1-005.txt"):
        shutil.copy(SAMPLES / name, root / "in" / name)
    subprocess.run([sys.executable, "-m", "extractor", "run", "in", "--out", "out", "--quiet"],
                   cwd=root, check=True, timeout=120)
    return root / "out"


@pytest.fixture(scope="module")
def written(two_documents) -> dict[str, Path]:
    return summarize.write_summary(two_documents)


def test_the_panel_holds_the_budgets_of_all_26_regions_over_the_year_span(two_documents, written):
    assert written["budget_panel"] == two_documents / "summary" / "budget_panel.csv"
    panel = read_grid(written["budget_panel"])
    assert len(panel) == 26 * 6  # 2019..2024
    assert panel[("06440", "2024")] == "1140300"
    assert panel[("06611", "2019")] == "2779545"
    assert panel[("06633", "2019")] == ""  # Landkreis Kassel: a gap, not the city's budget
    assert sum(v != "" for v in panel.values()) == 2
    with open(written["budget_panel"], encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == ["region_ags", "region", "region_type",
                                        "2019", "2020", "2021", "2022", "2023", "2024"]
        assert next(csv.reader(fh)) == ["06411", "Darmstadt", "kreisfreie Stadt", "", "", "", "", "", ""]


def test_coverage_marks_present_and_missing_agreements(written):
    coverage = read_grid(written["coverage"])
    assert coverage[("06440", "2024")] == "1" and coverage[("06440", "2023")] == "0"
    assert sorted(coverage.values()).count("0") == 154  # 156 region-years, 2 present


def test_the_chart_is_a_1600_by_1000_png(written):
    with Image.open(written["chart"]) as image:
        assert image.format == "PNG" and image.size == (1600, 1000)


def test_the_text_table_shows_thousands_gaps_and_the_count(two_documents, written):
    text = summarize.text_table(summarize.summarize(two_documents))
    lines = text.splitlines()
    assert lines[0].split()[-6:] == ["2019", "2020", "2021", "2022", "2023", "2024"]
    wetterau = next(line for line in lines if line.startswith("Wetteraukreis"))
    assert wetterau.split()[1:] == ["06440", "–", "–", "–", "–", "–", "1140"]
    assert any(line.startswith("Kassel (Stadt)") for line in lines)
    assert any(line.startswith("Kassel (Landkreis)") for line in lines)
    assert "2 of 156 region-years present, 154 missing" in text
    assert written["text"].read_text("utf-8") == text + "\n"


def write_agreements(out: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "agreements.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["doc_id", "source_file", "year", "region_ags", "budget_total_eur"])
        w.writerows((doc_id, f"in/{doc_id}.pdf", year, ags, budget) for doc_id, year, ags, budget in rows)
    return out


def test_duplicates_are_flagged_not_summed(tmp_path):
    out = write_agreements(tmp_path, [
        ("a", "2020", "06440", "1000"), ("b", "2020", "06440", "1000"),  # the same agreement twice
        ("c", "2021", "06440", "1000"), ("d", "2021", "06440", "2500"),  # two that disagree
        ("e", "2021", "06411", ""),  # present without a budget
        ("f", "", "06411", "7"), ("g", "2022", "", "7"),  # cannot be placed
    ])
    paths = summarize.write_summary(out)
    panel, coverage = read_grid(paths["budget_panel"]), read_grid(paths["coverage"])
    assert panel[("06440", "2020")] == "1000"  # not 2000
    assert panel[("06440", "2021")] == "" and coverage[("06440", "2021")] == "1"
    assert panel[("06411", "2021")] == "" and coverage[("06411", "2021")] == "1"
    assert "2022" not in next(csv.reader(open(paths["budget_panel"], encoding="utf-8")))
    with open(paths["duplicates"], newline="", encoding="utf-8") as fh:
        flagged = [(r["region_ags"], r["year"], r["doc_ids"], r["budgets"], r["budgets_agree"])
                   for r in csv.DictReader(fh)]
    assert flagged == [("06440", "2020", "a;b", "1000;1000", "true"), ("06440", "2021", "c;d", "1000;2500", "false")]
    text = summarize.text_table(summarize.summarize(out))
    assert next(line for line in text.splitlines() if line.startswith("Wetteraukreis")).split()[-2:] == ["1*", "?*"]
    assert "2 agreement(s) without a known region or year are left out: in/f.pdf, in/g.pdf" in text


def test_an_empty_folder_gives_an_empty_panel_and_still_a_chart(tmp_path):
    paths = summarize.write_summary(write_agreements(tmp_path, []))
    assert paths["budget_panel"].read_text("utf-8").splitlines()[1] == "06411,Darmstadt,kreisfreie Stadt"
    assert Image.open(paths["chart"]).size == (1600, 1000)
    assert summarize.text_table(summarize.summarize(tmp_path)) == "No agreement with a known region and year."
