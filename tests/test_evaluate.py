"""Tests of scripts/evaluate.py: hand-built truth and output folders with known errors, exact figures."""
from __future__ import annotations

import csv
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "evaluate.py"
_spec = importlib.util.spec_from_file_location("evaluate", SCRIPT)
evaluate = importlib.util.module_from_spec(_spec)
sys.modules["evaluate"] = evaluate  # dataclasses look their module up by name
_spec.loader.exec_module(evaluate)

MINISTRY = "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"

MANIFEST_COLUMNS = ["source_file", "doc_id", "sha256", "status", "error_code", "error",
                    "n_pages", "n_ocr_pages", "seconds"]
AGREEMENT_COLUMNS = ["doc_id", "source_file", "year", "region", "region_ags", "region_type", "ministry",
                     "budget_total_eur", "signed_place_state", "signed_date_state", "signed_place_region",
                     "signed_date_region", "n_measures"]
MEASURE_COLUMNS = ["doc_id", "year", "region_ags", "position", "category_code", "category", "project",
                   "project_raw", "amount_eur", "page"]
SECTION_COLUMNS = ["doc_id", "number", "title", "title_raw", "page", "text"]

# Document A is extracted perfectly; its project names differ only in spacing and the dash's code point.
TRUTH_A = {
    "source_file": "pdf/wetterau-2024.pdf",
    "year": 2024, "region": "Wetteraukreis", "region_ags": "06440", "region_type": "Landkreis",
    "ministry": MINISTRY, "budget_total_eur": 1140300,
    "signed_place_state": "Wiesbaden", "signed_place_region": "Friedberg",
    "signed_date_state": None, "signed_date_region": None,
    "sections": [{"number": 1, "title": "Ausbildungs- und Qualifizierungsbudget"},
                 {"number": 2, "title": "Verpflichtungen der Vereinbarungspartner"},
                 {"number": 3, "title": "Haushaltsmittel und Eckdaten"}],
    "measures": [{"category_code": "AV", "project": "Vorbereitung auf Ausbildung in Teilzeit", "amount_eur": 100000},
                 {"category_code": "QP", "project": "Projekt GO-gut orientiert! II", "amount_eur": 50000.5},
                 {"category_code": "WB", "project": "BASS Studierende", "amount_eur": None}],
}
# Document B: wrong budget, a guessed region date, one measure missing, one extra, section 3 numbered 4.
TRUTH_B = {
    "source_file": "scans/kassel-2023.pdf",
    "year": 2023, "region": "Kassel", "region_ags": "06611", "region_type": "kreisfreie Stadt",
    "ministry": MINISTRY, "budget_total_eur": 500000,
    "signed_place_state": "Wiesbaden", "signed_place_region": "Kassel",
    "signed_date_state": "2023-02-01", "signed_date_region": None,
    "sections": [{"number": 1, "title": "Ausbildungs- und Qualifizierungsbudget"},
                 {"number": 2, "title": "Verpflichtungen der Vereinbarungspartner"},
                 {"number": 3, "title": "Haushaltsmittel und Eckdaten"},
                 {"number": 4, "title": "Zielsteuerung"}],
    "measures": [{"category_code": "AV", "project": "Servicestelle Praktikum", "amount_eur": 20000},
                 {"category_code": "AB", "project": "geförderte Ausbildung in Teilzeit", "amount_eur": 30000},
                 {"category_code": "QP", "project": "Welcome Office", "amount_eur": 40000}],
}

MANIFEST = [
    {"source_file": "/data/in/pdf/wetterau-2024.pdf", "doc_id": "a1", "sha256": "aa", "status": "ok",
     "error_code": "", "error": "", "n_pages": "9", "n_ocr_pages": "9", "seconds": "3.5"},
    {"source_file": "/data/in/scans/kassel-2023.pdf", "doc_id": "b2", "sha256": "bb", "status": "partial",
     "error_code": "", "error": "", "n_pages": "8", "n_ocr_pages": "0", "seconds": "1.0"},
]
AGREEMENTS = [
    {"doc_id": "a1", "source_file": "/data/in/pdf/wetterau-2024.pdf", "year": "2024", "region": "Wetteraukreis",
     "region_ags": "06440", "region_type": "Landkreis", "ministry": MINISTRY, "budget_total_eur": "1140300",
     "signed_place_state": "Wiesbaden", "signed_date_state": "", "signed_place_region": "Friedberg",
     "signed_date_region": "", "n_measures": "3"},
    {"doc_id": "b2", "source_file": "/data/in/scans/kassel-2023.pdf", "year": "2023", "region": "Kassel",
     "region_ags": "06611", "region_type": "kreisfreie Stadt", "ministry": MINISTRY, "budget_total_eur": "500100",
     "signed_place_state": "Wiesbaden", "signed_date_state": "2023-02-01", "signed_place_region": "Kassel",
     "signed_date_region": "2023-03-15", "n_measures": "3"},
]
MEASURES = [
    ("a1", "AV", "Vorbereitung auf  Ausbildung in Teilzeit", "100000"),
    ("a1", "QP", "Projekt GO\u2010gut  orientiert! II", "50000.50"),
    ("a1", "WB", "BASS Studierende", ""),
    ("b2", "AV", "Servicestelle Praktikum", "20000"),
    ("b2", "AB", "Geförderte Ausbildung in Teilzeit", "30000"),
    ("b2", "QP", "Welcome Office Kassel", "40000"),
]
SECTIONS = [
    ("a1", "1", "Ausbildungs- und Qualifizierungsbudget"),
    ("a1", "2", "Verpflichtungen der Vereinbarungspartner"),
    ("a1", "3", "Haushaltsmittel und Eckdaten"),
    ("b2", "1", "Ausbildungs- und Qualifizierungsbudget"),
    ("b2", "2", "Verpflichtungen der Vereinbarungspartner"),
    ("b2", "4", "Haushaltsmittel und Eckdaten"),
    ("b2", "4", "Zielsteuerung"),
]


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def make_folders(tmp_path: Path, agreements: list[dict] = AGREEMENTS,
                 measures: list[tuple[str, str, str, str]] = MEASURES) -> tuple[Path, Path]:
    truth = tmp_path / "samples" / "truth"
    (truth / "scans").mkdir(parents=True)
    (truth / "wetterau-2024.json").write_text(json.dumps(TRUTH_A), encoding="utf-8")
    (truth / "scans" / "kassel-2023.json").write_text(json.dumps(TRUTH_B), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    write_csv(out / "manifest.csv", MANIFEST_COLUMNS, MANIFEST)
    write_csv(out / "agreements.csv", AGREEMENT_COLUMNS, agreements)
    write_csv(out / "measures.csv", MEASURE_COLUMNS, [
        {"doc_id": d, "year": "", "region_ags": "", "position": str(i), "category_code": c, "category": "",
         "project": p, "project_raw": p, "amount_eur": a, "page": "5"}
        for i, (d, c, p, a) in enumerate(measures, 1)
    ])
    write_csv(out / "sections.csv", SECTION_COLUMNS, [
        {"doc_id": d, "number": n, "title": t, "title_raw": t, "page": "1", "text": f"Text of {t}\nsecond line"}
        for d, n, t in SECTIONS
    ])
    return truth, out


def run(tmp_path: Path, truth: Path, out: Path, capsys, *extra: str) -> tuple[int, dict, str]:
    report_path = tmp_path / "report.json"
    code = evaluate.main([str(truth), str(out), "--json", str(report_path), *extra])
    return code, json.loads(report_path.read_text(encoding="utf-8")), capsys.readouterr().out


def test_two_documents_exact_figures(tmp_path, capsys):
    code, report, printed = run(tmp_path, *make_folders(tmp_path), capsys)
    assert code == 0

    fields = report["fields"]
    assert list(fields) == ["year", "region", "region_ags", "region_type", "ministry", "budget_total_eur",
                            "signed_place_state", "signed_place_region", "signed_date_state", "signed_date_region"]
    assert fields["budget_total_eur"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert fields["signed_date_region"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert fields["region_ags"] == {"correct": 2, "total": 2, "accuracy": 1.0}
    assert all(fields[f]["correct"] == 2 for f in fields if f not in ("budget_total_eur", "signed_date_region"))
    assert report["fields_overall"] == {"correct": 18, "total": 20, "accuracy": 0.9}

    assert report["measures"] == {"tp": 5, "fp": 1, "fn": 1, "precision": 5 / 6, "recall": 5 / 6,
                                  "f1": pytest.approx(5 / 6), "documents": 2}
    assert report["measures_with_amount"] == {"tp": 5, "fp": 1, "fn": 1, "precision": 5 / 6, "recall": 5 / 6,
                                              "f1": pytest.approx(5 / 6), "documents": 2}
    assert report["sections"] == {"tp": 6, "fp": 1, "fn": 1, "precision": 6 / 7, "recall": 6 / 7,
                                  "f1": pytest.approx(6 / 7), "documents": 2}

    documents = report["documents"]
    assert documents["status_counts"] == {"ok": 1, "partial": 1}
    assert (documents["truth"], documents["matched"], documents["without_output"], documents["with_errors"]) == (
        2, 2, 0, 1)
    assert documents["outputs_without_truth"] == []

    by_file = {d["source_file"]: d for d in report["per_document"]}
    perfect, flawed = by_file["pdf/wetterau-2024.pdf"], by_file["scans/kassel-2023.pdf"]
    assert not perfect["field_errors"] and not perfect["missing_measures"] and not perfect["extra_measures"]
    assert not perfect["misspelled_measures"] and report["misspelled_names"] == 1
    assert flawed["misspelled_measures"] == [{"measure": "AB | geförderte Ausbildung in Teilzeit",
                                              "expected": "geförderte Ausbildung in Teilzeit",
                                              "got": "Geförderte Ausbildung in Teilzeit"}]
    assert flawed["field_errors"] == [
        {"field": "budget_total_eur", "expected": 500000, "got": "500100"},
        {"field": "signed_date_region", "expected": None, "got": "2023-03-15"},
    ]
    assert flawed["missing_measures"] == ["QP | Welcome Office"]
    assert flawed["extra_measures"] == ["QP | Welcome Office Kassel"]
    assert flawed["missing_sections"] == ["3 | Haushaltsmittel und Eckdaten"]
    assert flawed["extra_sections"] == ["4 | Haushaltsmittel und Eckdaten"]

    assert "== scans/kassel-2023.pdf" in printed
    assert "budget_total_eur: expected 500000, got 500100" in printed
    assert "signed_date_region: expected (empty), got 2023-03-15" in printed
    assert "missing measure: QP | Welcome Office\n" in printed
    assert "extra section: 4 | Haushaltsmittel und Eckdaten" in printed
    assert "wetterau-2024.pdf  (" not in printed  # no block for the perfect document


@pytest.mark.parametrize("name", ["PROJEKT GO – gut orientiert II", "Projekt GO-gut orientiert! II."])
def test_a_name_found_but_misspelled_is_an_error(tmp_path, capsys, name):
    """Matched for the F1 (the project was found), but its case or punctuation is wrong: the
    document holds a wrong value."""
    measures = [(d, c, name if (d, c) == ("a1", "QP") else p, a) for d, c, p, a in MEASURES]
    code, report, printed = run(tmp_path, *make_folders(tmp_path, measures=measures), capsys)
    assert report["measures"]["tp"] == 5
    assert report["misspelled_names"] == 2 and report["documents"]["with_errors"] == 2  # and B's "Geförderte"
    perfect = next(d for d in report["per_document"] if d["source_file"] == "pdf/wetterau-2024.pdf")
    assert perfect["misspelled_measures"] == [
        {"measure": "QP | Projekt GO-gut orientiert! II", "expected": "Projekt GO-gut orientiert! II",
         "got": evaluate.spelling(name)}]  # as spelled: one hyphen for every dash
    assert f"name of QP | Projekt GO-gut orientiert! II: got {evaluate.spelling(name)!r}" in printed


def test_quiet_leaves_out_document_blocks(tmp_path, capsys):
    code, _, printed = run(tmp_path, *make_folders(tmp_path), capsys, "--quiet")
    assert code == 0
    assert "==" not in printed and "Field accuracy" in printed


def test_document_without_agreement_row_has_all_fields_wrong(tmp_path, capsys):
    code, report, printed = run(tmp_path, *make_folders(tmp_path, agreements=AGREEMENTS[:1]), capsys)
    assert code == 0
    assert report["fields"]["signed_date_region"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert report["fields_overall"] == {"correct": 10, "total": 20, "accuracy": 0.5}
    assert report["documents"]["without_agreement_row"] == 1
    assert report["measures"]["tp"] == 5  # measures rows still count by doc_id
    assert "year: expected 2023, got (no output)" in printed


def test_leading_zero_of_ags_is_kept_and_required():
    assert evaluate.field_matches("text", "06440", "06440")
    assert not evaluate.field_matches("text", "06440", "6440")


@pytest.mark.parametrize("kind, expected, got, correct", [
    ("amount", 1140300, "1140300", True),
    ("amount", 1140300, "1140300.005", True),
    ("amount", 1140300, "1140300.01", False),
    ("amount", 1140300, "1.140.300", False),  # not a plain number
    ("amount", None, "", True),
    ("amount", 1140300, "", False),
    ("integer", 2024, "2024", True),
    ("integer", 2024, "2023", False),
    ("text", None, "2024-03-01", False),  # a guessed date is wrong
    ("text", None, "  ", True),
    ("text", "Wiesbaden", " Wiesbaden ", True),
    ("text", "Wiesbaden", "wiesbaden", False),
    ("text", None, None, False),  # no output row
])
def test_field_matches(kind, expected, got, correct):
    assert evaluate.field_matches(kind, expected, got) is correct


@pytest.mark.parametrize("raw, normalized", [
    ("Projekt GO-gut orientiert! II", "projekt go gut orientiert ii"),  # from the brief
    ("PROJEKT GO – gut orientiert II", "projekt go gut orientiert ii"),
    ("Servicestelle Praktikum - Nachvermittlung in Ausbildung",
     "servicestelle praktikum nachvermittlung in ausbildung"),
    ("geförderte Ausbildung in Teilzeit", "geförderte ausbildung in teilzeit"),
    ("Straße", "strasse"),  # casefold
    ("ﬁt für Ausbildung", "fit für ausbildung"),  # NFKC ligature
    ("Ausbildungs-\u00a0und Qualifizierungsbudget", "ausbildungs und qualifizierungsbudget"),
    ("snake_case__name", "snake case name"),  # underscore is not a letter
    ("  --  ", ""),
    ("StepbyStep", "stepbystep"),
])
def test_normalize_name(raw, normalized):
    assert evaluate.normalize_name(raw) == normalized


def test_prf_counts_multisets():
    expected = Counter([("AV", "a"), ("AV", "a"), ("QP", "b")])
    got = Counter([("AV", "a"), ("QP", "c")])
    assert evaluate.prf(expected, got) == (1, 1, 2)
    assert evaluate.prf(Counter(), Counter()) == (0, 0, 0)
    assert evaluate.scores(0, 0, 0)["f1"] is None


def test_amount_is_part_of_the_item_in_cents():
    truth = {"measures": [{"category_code": "AV", "project": "X", "amount_eur": 100},
                          {"category_code": "AV", "project": "Y", "amount_eur": None}]}
    rows = [{"category_code": "AV", "project": "x", "amount_eur": "100.00"},
            {"category_code": "AV", "project": "Y", "amount_eur": "250"}]
    result = evaluate.evaluate_document(truth, None, rows, [])
    assert result["measures"]["counts"] == (2, 0, 0)
    assert result["measures_with_amount"]["counts"] == (1, 1, 1)
    assert result["measures_with_amount"]["wrong_amounts"] == [("AV | Y", None, 25000)]


def test_amount_line_skips_truth_without_amounts():
    truth = {"measures": [{"category_code": "AV", "project": "X"}]}
    rows = [{"category_code": "AV", "project": "X", "amount_eur": "100"}]
    assert evaluate.evaluate_document(truth, None, rows, [])["measures_with_amount"] is None


def test_participants_of_table_rows_are_checked_by_name():
    truth = {"measures": [{"category_code": "AV", "project": "X", "amount_eur": 100, "participants": 12},
                          {"category_code": "AV", "project": "Y", "amount_eur": 200, "participants": 30},
                          {"category_code": "QP", "project": "Z", "amount_eur": 300}]}
    rows = [{"category_code": "AV", "project": "X", "amount_eur": "100", "participants": "12"},
            {"category_code": "AV", "project": "Y", "amount_eur": "200", "participants": ""},
            {"category_code": "QP", "project": "Z", "amount_eur": "300", "participants": "7"}]
    result = evaluate.evaluate_document(truth, None, rows, [])
    assert result["participants"] == {"total": 2, "wrong": [("AV | Y", 30, None)]}
    assert result["measures"]["counts"] == (3, 0, 0)
    no_counts = {"measures": [{"category_code": "QP", "project": "Z", "amount_eur": 300}]}
    assert evaluate.evaluate_document(no_counts, None, rows[2:], [])["participants"] is None


def test_match_documents_by_name_then_longest_path_suffix():
    truth = ["a/x.pdf", "b/x.pdf", "y.pdf", "z.pdf"]
    outputs = ["/in/b/x.pdf", "/in/a/x.pdf", "C:\\scans\\y.pdf"]
    assert evaluate.match_documents(truth, outputs) == [1, 0, 2, None]
    # one output serves one truth only
    assert evaluate.match_documents(["x.pdf", "x.pdf"], ["/in/x.pdf"]) == [0, None]


def test_truth_without_source_file_matches_by_stem(tmp_path, capsys):
    truth, out = make_folders(tmp_path)
    real = dict(TRUTH_A)
    del real["source_file"]
    (truth / "wetterau-2024.json").unlink()
    (truth / "wetterau-2024.truth.json").write_text(json.dumps(real), encoding="utf-8")
    (truth / "index.json").write_text("[]", encoding="utf-8")  # not a truth document: skipped
    code, report, _ = run(tmp_path, truth, out, capsys)
    assert code == 0
    assert report["documents"]["truth"] == 2 and report["documents"]["matched"] == 2
    assert report["fields_overall"]["correct"] == 18


def test_unreadable_inputs_exit_2(tmp_path, capsys):
    truth, out = make_folders(tmp_path)
    assert evaluate.main([str(tmp_path / "nowhere"), str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert evaluate.main([str(out), str(out)]) == 2  # no truth files there
    assert "no truth" in capsys.readouterr().err
    (out / "sections.csv").unlink()
    assert evaluate.main([str(truth), str(out)]) == 2
    assert "sections.csv is missing" in capsys.readouterr().err
    (out / "manifest.csv").write_text("file,status\nx.pdf,ok\n", encoding="utf-8")
    assert evaluate.main([str(truth), str(out)]) == 2
    assert "lacks the column(s) source_file, doc_id" in capsys.readouterr().err
    (truth / "broken.json").write_text("{", encoding="utf-8")
    assert evaluate.main([str(truth), str(out)]) == 2
    assert "broken.json cannot be read" in capsys.readouterr().err
