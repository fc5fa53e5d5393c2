"""Tests for scripts/make_samples.py: deterministic output, valid truth, every format produced.

The generator is run as a command (as a user would) into temporary folders; a few pure helpers
are also checked directly against tables of expected values.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "make_samples.py"
REGIONS = {row["ags"]: row for row in csv.DictReader((REPO / "extractor" / "data" / "hessen-regions.csv").open(encoding="utf-8"))}
REAL_TRUTH = REPO / "samples" / "truth" / "wetteraukreis-2024.ocr.json"

TRUTH_KEYS = [
    "source_file", "year", "region_ags", "region", "region_type", "ministry", "budget_total_eur",
    "earmarks", "signed_place_state", "signed_place_region", "signed_date_state",
    "signed_date_region", "sections", "measures", "pages", "scan",
]
EXTENSIONS = {"pdf-image": ".pdf", "pdf-text": ".pdf", "tiff": ".tif", "png": ".png", "jpeg": ".jpg", "txt": ".txt"}
A4 = (595.28, 841.89)


def load_generator():
    """Import the script as a module (it is not part of the extractor package)."""
    spec = importlib.util.spec_from_file_location("make_samples", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module
    spec.loader.exec_module(module)
    return module


def generate(out: Path, *args: str) -> None:
    """Run the generator command; fail the test with its stderr when it fails."""
    proc = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), "--quiet", *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def truths(out: Path) -> dict[str, dict]:
    """All truth records of a generated folder, by truth file name."""
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "truth").glob("*.json"))}


@pytest.fixture(scope="module")
def light_set(tmp_path_factory) -> Path:
    """Six light documents: with six formats asked for, each format appears once."""
    out = tmp_path_factory.mktemp("light")
    generate(out, "--seed", "3", "--n", "6", "--jobs", "2")
    return out


@pytest.fixture(scope="module")
def hard_set(tmp_path_factory) -> Path:
    """Six hard-mode documents."""
    out = tmp_path_factory.mktemp("hard")
    generate(out, "--seed", "4", "--n", "6", "--mode", "hard", "--jobs", "2")
    return out


# ---------------------------------------------------------------------------------------
# truth validity
# ---------------------------------------------------------------------------------------

def check_truth(truth: dict, out: Path) -> None:
    """Assert one truth record is complete, typed and consistent with its file."""
    assert list(truth) == TRUTH_KEYS
    region = REGIONS[truth["region_ags"]]
    assert truth["region"] == region["name"]
    assert truth["region_type"] == region["region_type"]
    assert truth["signed_place_region"] == re.sub(r"\s*\(.*?\)", "", region["seat"])
    assert truth["signed_place_state"] == "Wiesbaden"
    year = truth["year"]
    assert isinstance(year, int) and 2014 <= year <= 2025
    expected_ministry = ("Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales" if year >= 2024
                         else "Hessisches Ministerium für Soziales und Integration")
    assert truth["ministry"] == expected_ministry
    budget = truth["budget_total_eur"]
    assert isinstance(budget, (int, float)) and not isinstance(budget, bool)
    assert 300_000 <= budget <= 4_000_100
    if isinstance(budget, float):
        assert budget != int(budget)  # whole euros are ints
    for earmark in truth["earmarks"]:
        assert set(earmark) == {"amount_eur", "purpose"}
        assert 0 < earmark["amount_eur"] < budget and earmark["purpose"]
    for key in ("signed_date_state", "signed_date_region"):
        if truth[key] is not None:
            assert year - 1 <= date.fromisoformat(truth[key]).year <= year + 1
    numbers = [s["number"] for s in truth["sections"]]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 6
    assert all(isinstance(s["title"], str) and s["title"] for s in truth["sections"])
    assert truth["measures"], "every agreement funds some projects"
    for m in truth["measures"]:
        assert set(m) - {"participants"} == {"category_code", "category", "project", "amount_eur"}
        assert m.get("participants", 6) in range(6, 61)  # the count of a table row
        assert m["category_code"] in ("AV", "AB", "QP", "WB", "OTHER")
        assert m["category"] and m["project"]
        assert m["amount_eur"] is None or m["amount_eur"] > 0
    amounts = [m["amount_eur"] for m in truth["measures"]]
    if all(a is not None for a in amounts):  # per-project amounts split the whole budget
        assert round(sum(amounts), 2) == round(budget, 2)
    scan = truth["scan"]
    assert scan["mode"] in ("light", "hard")
    assert truth["source_file"].endswith(EXTENSIONS[scan["format"]])
    assert isinstance(truth["pages"], int) and 1 <= truth["pages"] <= 5
    assert (out / truth["source_file"]).is_file()


def test_light_truth_is_valid(light_set):
    records = truths(light_set)
    assert len(records) == 6
    for name, truth in records.items():
        assert name == Path(truth["source_file"]).stem + ".json"
        check_truth(truth, light_set)
        assert truth["scan"]["mode"] == "light"
        assert all(r == 0 for r in truth["scan"]["rotation_deg"] or [0])


def test_every_format_is_produced(light_set):
    formats = {t["scan"]["format"] for t in truths(light_set).values()}
    assert formats == set(EXTENSIONS)


def test_files_match_their_truth(light_set):
    """Page counts, A4 page size, dpi tags and single-page images agree with the truth."""
    for truth in truths(light_set).values():
        path = light_set / truth["source_file"]
        fmt, pages, dpi = truth["scan"]["format"], truth["pages"], truth["scan"]["dpi"]
        if fmt in ("pdf-image", "pdf-text"):
            pdf = pdfium.PdfDocument(path)
            assert len(pdf) == pages
            width, height = pdf[0].get_size()
            assert abs(width - A4[0]) < 1.5 and abs(height - A4[1]) < 1.5
            has_text = bool(pdf[0].get_textpage().get_text_range().strip())
            assert has_text == (fmt == "pdf-text")
        elif fmt == "tiff":
            with Image.open(path) as im:
                assert im.n_frames == pages
                assert round(im.info["dpi"][0]) == dpi
        elif fmt in ("png", "jpeg"):
            assert pages == 1
            with Image.open(path) as im:
                assert round(im.info["dpi"][0]) == dpi
                assert abs(im.width / dpi * 72 - A4[0]) < 2
        else:
            assert path.read_text(encoding="utf-8").strip()


def test_text_pdf_contains_what_the_truth_says(light_set):
    """The truth records what was typeset: every title, project and the year are in the text layer."""
    for truth in truths(light_set).values():
        if truth["scan"]["format"] != "pdf-text":
            continue
        pdf = pdfium.PdfDocument(light_set / truth["source_file"])
        text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        flat = re.sub(r"\s+", " ", text)
        for section in truth["sections"]:
            assert section["title"] in flat
        for measure in truth["measures"]:
            assert measure["project"] in flat
            assert measure["category"] in flat
        assert f"Zielvereinbarung {truth['year']}" in flat or str(truth["year"]) in flat


def test_hard_truth_is_valid(hard_set):
    records = truths(hard_set)
    assert len(records) == 6
    for truth in records.values():
        check_truth(truth, hard_set)
        assert truth["scan"]["mode"] == "hard"


def test_hard_mode_traps_occur_and_match_the_truth():
    """Composed in-process (no scanning): every trap shows up in 40 documents, truth agrees."""
    import random
    gen = load_generator()
    families, regions = gen.discover_fonts(), gen.load_regions()
    seen = set()
    for i in range(40):
        composed = gen.compose_document(regions[i % 26], 2014 + i % 12, "hard", "pdf-image", "medium",
                                        random.Random(i), families)
        features = {f.split(":")[0]: f.partition(":")[2] for f in composed.features}
        seen |= set(features)
        codes = {m["category_code"] for m in composed.truth["measures"]}
        if "keine_category" in features:  # a category printed as "keine" has no measures
            assert features["keine_category"] not in codes
        assert ("OTHER" in codes) == ("other_category" in features)
        if "measure_table" in features:
            assert all(m["amount_eur"] for m in composed.truth["measures"])
    assert seen >= {"lost_paragraph_sign", "other_category", "keine_category", "measure_table",
                    "list_across_page_break", "footer_inside_list", "previous_year_budget", "empty_bullet"}
    params = [gen.draw_scan_params(random.Random(i), 4, "tiff", "hard") for i in range(40)]
    assert any(any(p.rotation_deg) for p in params) and any(p.bilevel for p in params)
    assert {r for p in params for r in p.rotation_deg} == {0, 90, 180, 270}


# ---------------------------------------------------------------------------------------
# determinism
# ---------------------------------------------------------------------------------------

def test_same_seed_same_truth_and_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, "--seed", "11", "--n", "4", "--formats", "txt,pdf-text", "--jobs", "1")
    generate(b, "--seed", "11", "--n", "4", "--formats", "txt,pdf-text", "--jobs", "2")
    assert truths(a) == truths(b)
    for path in a.iterdir():
        if path.is_file():
            assert path.read_bytes() == (b / path.name).read_bytes(), path.name


def test_same_seed_same_bytes_for_scans_with_a_noisy_text_layer(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        generate(out, "--seed", "5", "--n", "3", "--mode", "hard", "--formats", "pdf-image", "--jobs", "1")
    assert any(t["scan"].get("text_layer") == "noisy" for t in truths(a).values())
    for path in a.iterdir():
        if path.is_file():
            assert path.read_bytes() == (b / path.name).read_bytes(), path.name


def test_other_seed_other_documents(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, "--seed", "1", "--n", "3", "--formats", "txt")
    generate(b, "--seed", "2", "--n", "3", "--formats", "txt")
    def content(out):
        return [(t["region_ags"], t["year"], t["budget_total_eur"]) for t in truths(out).values()]
    assert content(a) != content(b)


def test_set_cycles_through_regions_and_years(tmp_path):
    generate(tmp_path, "--seed", "5", "--n", "26", "--formats", "txt", "--jobs", "2")
    records = list(truths(tmp_path).values())
    assert {t["region_ags"] for t in records} == set(REGIONS)
    assert {t["year"] for t in records} == set(range(2014, 2026))


# ---------------------------------------------------------------------------------------
# the real agreement
# ---------------------------------------------------------------------------------------

@pytest.mark.skipif(not REAL_TRUTH.is_file(), reason="samples/truth not present")
def test_real_agreement_retypeset(tmp_path):
    generate(tmp_path, "--n", "0", "--real", str(REAL_TRUTH))
    real = json.loads(REAL_TRUTH.read_text(encoding="utf-8"))
    truth = truths(tmp_path)["wetteraukreis-2024-retypeset.json"]
    check_truth(truth, tmp_path)
    assert truth["source_file"] == "wetteraukreis-2024-retypeset.pdf"
    assert truth["scan"]["format"] == "pdf-image"
    for key in ("year", "region_ags", "budget_total_eur", "sections", "signed_date_state", "signed_date_region"):
        assert truth[key] == real[key]
    assert [(m["category_code"], m["project"]) for m in truth["measures"]] == \
        [(m["category_code"], m["project"]) for m in real["measures"]]


# ---------------------------------------------------------------------------------------
# helpers, as tables
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("cents, style, expected", [
    (114_030_000, "euro", "1.140.300 Euro"),
    (114_030_000, "cents_sign", "1.140.300,00 €"),
    (114_030_000, "eur_prefix", "EUR 1.140.300"),
    (114_030_000, "dash", "1.140.300,-- Euro"),
    (114_030_000, "cents_euro", "1.140.300,00 Euro"),
    (114_030_050, "dash", "1.140.300,50 Euro"),  # cents never go with ",--"
    (114_030_050, "eur_prefix", "EUR 1.140.300,50"),
    (4_500_000, "sign", "45.000 €"),
])
def test_format_amount(cents, style, expected):
    assert load_generator().format_amount(cents, style) == expected


@pytest.mark.parametrize("cents, value", [(114_030_000, 1140300), (114_030_050, 1140300.5)])
def test_euro_value(cents, value):
    result = load_generator().euro_value(cents)
    assert result == value and type(result) is type(value)


def test_region_phrases_decline():
    gen = load_generator()
    regions = {r.ags: r for r in gen.load_regions()}
    import random
    city = gen.region_words(regions["06611"], random.Random(0))
    assert (city.nom, city.dat, city.gen) == ("die Stadt Kassel", "der Stadt Kassel", "der Stadt Kassel")
    seen = {gen.region_words(regions["06440"], random.Random(i)).dat for i in range(30)}
    assert seen == {"dem Wetteraukreis", "dem Landkreis Wetteraukreis"}
    assert regions["06440"].seat_place == "Friedberg"


def test_help_and_bad_format():
    ok = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True)
    assert ok.returncode == 0 and "--formats" in ok.stdout and "--include-real" in ok.stdout
    bad = subprocess.run([sys.executable, str(SCRIPT), "--out", "unused", "--formats", "gif"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "gif" in bad.stderr
