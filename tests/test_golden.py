"""Golden end-to-end test: the shipped samples/ through the whole pipeline (real Tesseract).

Two kinds of assertion: the output equals the reviewed golden tables in tests/golden/ (any
change of an answer shows up as a diff; regenerate with scripts/update_golden.py), and the
output is right against the samples' truth files, scored with scripts/evaluate.py.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from golden import GOLDEN, ROOT, SAMPLES, TABLES, golden_tables, run_samples


def _evaluate_module():
    spec = importlib.util.spec_from_file_location("evaluate", ROOT / "scripts" / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["evaluate"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> Path:
    return run_samples(tmp_path_factory.mktemp("samples-out"))


@pytest.fixture(scope="module")
def report(sample_run):
    ev = _evaluate_module()
    truths, _ = ev.load_truth(SAMPLES / "truth")
    return ev.evaluate(truths, ev.load_output(sample_run))


@pytest.mark.parametrize("name", TABLES)
def test_tables_equal_golden(sample_run, name):
    assert golden_tables(sample_run)[name] == (GOLDEN / name).read_text(encoding="utf-8")


def test_every_sample_extracted(report):
    assert report["documents"]["status_counts"] == {"ok": 10}


@pytest.mark.parametrize("field", ["year", "region_ags", "region_type", "ministry", "budget_total_eur",
                                   "signed_place_state", "signed_place_region", "signed_date_state",
                                   "signed_date_region"])
def test_core_fields_exact_on_samples(report, field):
    assert report["fields"][field]["accuracy"] == 1.0


def test_real_agreement_every_field_and_item(report):
    doc = next(d for d in report["per_document"] if d["source_file"].endswith("wetteraukreis-2024.ocr.txt"))
    assert doc["field_errors"] == []
    assert doc["missing_measures"] == [] and doc["extra_measures"] == []
    assert doc["missing_sections"] == [] and doc["extra_sections"] == []


def test_real_agreement_retypeset_and_scanned(report):
    doc = next(d for d in report["per_document"] if "retypeset" in d["source_file"])
    assert doc["field_errors"] == []
    assert doc["missing_measures"] == [] and doc["extra_measures"] == []
    assert doc["missing_sections"] == [] and doc["extra_sections"] == []
