"""Corrections: OUT/corrections.csv, applied on every run, reported when they do not apply."""
from __future__ import annotations

import csv
import json
import logging
from pathlib import Path

import pytest
from table_helpers import doc_id, result, write_archive

import extractor
from extractor.batch import run_batch
from extractor.corrections import (
    Correction, CorrectionsError, apply_corrections, read_corrections, read_report, template,
)
from extractor.executors import SerialExecutor
from extractor.options import Options
from extractor.schema import DIALECTS
from extractor.writers import table_rows, write_tables

HEADER = "doc_id,table,key,field,value,note\n"
A, B = doc_id(1), doc_id(2)


def results():
    return [result(A, "06440", 2023, projects=("Café Beruf", "StepbyStep")),
            result(B, "06535", 2024, projects=("Frauen in Arbeit",))]


def fix(line: int, doc: str, table: str, key: str, field: str, value: str, note: str = "") -> Correction:
    return Correction(line, doc, table, key, field, value, note)


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --- reading the file ------------------------------------------------------------------------------


def test_read_comma_file_skips_blank_lines_and_keeps_line_numbers(tmp_path):
    path = tmp_path / "corrections.csv"
    path.write_text(HEADER + f"{A},measures,2,project,Step by Step,typo\n\n,,,,,\n"
                    f"{A},agreements,,year,2022,\"title says 2022, cover 2023\"\n", encoding="utf-8")
    assert read_corrections(path) == [
        fix(2, A, "measures", "2", "project", "Step by Step", "typo"),
        fix(5, A, "agreements", "", "year", "2022", "title says 2022, cover 2023"),
    ]


def test_read_file_saved_by_german_excel(tmp_path):
    path = tmp_path / "corrections.csv"
    path.write_bytes(b"\xef\xbb\xbfdoc_id;table;key;field;value;note\r\n"
                     + f"{A};Agreements;;budget_total_eur;1.140.300,50;Scan S. 2\r\n".encode("utf-8"))
    assert read_corrections(path) == [fix(2, A, "agreements", "", "budget_total_eur", "1.140.300,50", "Scan S. 2")]


def test_template_is_a_header_in_the_dialect():
    assert template(DIALECTS["standard"]) == HEADER.encode()
    assert template(DIALECTS["excel-de"]) == b"\xef\xbb\xbfdoc_id;table;key;field;value;note\r\n"


def test_a_header_without_the_needed_columns_stops_the_run(tmp_path):
    path = tmp_path / "corrections.csv"
    path.write_text("doc,table,field\nx,y,z\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match="lacks doc_id, key, value"):
        read_corrections(path)
    path.write_bytes(HEADER.encode() + b"\xff\xfe,x\n")
    with pytest.raises(CorrectionsError, match="not UTF-8"):
        read_corrections(path)


# --- applying them ---------------------------------------------------------------------------------


def test_values_are_set_typed_and_marked_manual():
    tables, outcomes = table_rows(results(), [
        fix(2, A, "agreements", "", "budget_total_eur", "1.140.300,50"),
        fix(3, A, "agreements", A, "signed_date_region", "19.06.2023"),
        fix(4, A, "measures", "2", "project", "Step by Step"),
        fix(5, A, "measures", "2.0", "amount_eur", "12500"),
        fix(6, A, "sections", "4", "title", "Haushaltsmittel"),
        fix(7, A, "amounts", "2", "role", "other"),
        fix(8, B, "agreements", "", "needs_review", "ja"),
    ])
    assert [o.status for o in outcomes] == ["applied"] * 7
    agreement = next(r for r in tables["agreements"] if r["doc_id"] == A)
    assert agreement["budget_total_eur"] == 1140300.5 and agreement["signed_date_region"] == "2023-06-19"
    assert (agreement["value_source"], agreement["manual_fields"]) == (
        "manual", "budget_total_eur;signed_date_region")
    measure = next(r for r in tables["measures"] if r["doc_id"] == A and r["position"] == 2)
    assert (measure["project"], measure["amount_eur"], measure["manual_fields"]) == (
        "Step by Step", 12500.0, "project;amount_eur")
    untouched = next(r for r in tables["measures"] if r["doc_id"] == A and r["position"] == 1)
    assert (untouched["value_source"], untouched["manual_fields"]) == ("extracted", None)
    assert next(r for r in tables["sections"] if r["doc_id"] == A and r["number"] == 4)["title"] == "Haushaltsmittel"
    assert next(r for r in tables["amounts"] if r["doc_id"] == A and r["position"] == 2)["role"] == "other"
    assert next(r for r in tables["agreements"] if r["doc_id"] == B)["needs_review"] is True
    assert outcomes[0].extracted == 1140300.0 and outcomes[3].extracted is None


def test_an_agreements_year_or_region_corrects_its_measures_and_their_project_keys():
    tables, _ = table_rows(results(), [fix(2, A, "agreements", "", "region_ags", "06535"),
                                       fix(3, A, "agreements", "", "year", "2022")])
    measures = [r for r in tables["measures"] if r["doc_id"] == A]
    assert {(r["region_ags"], r["year"], r["manual_fields"]) for r in measures} == {("06535", 2022, "year;region_ags")}
    assert all(r["project_key"].startswith("06535-") for r in measures)
    # the rows move to where the corrected region and year sort them
    assert [r["doc_id"] for r in tables["agreements"]] == [A, B]
    assert [(r["doc_id"], r["position"]) for r in tables["measures"]] == [(A, 1), (A, 2), (B, 1)]
    tables, _ = table_rows(results(), [fix(2, B, "agreements", "", "region_ags", "06411")])
    assert [r["doc_id"] for r in tables["agreements"]] == [B, A]
    assert [(r["doc_id"], r["position"]) for r in tables["measures"]] == [(B, 1), (A, 1), (A, 2)]


def test_setting_project_key_by_hand_merges_projects():
    tables, _ = table_rows(results(), [fix(2, B, "measures", "1", "project_key", "06440-cafe")])
    assert next(r for r in tables["measures"] if r["doc_id"] == B)["project_key"] == "06440-cafe"
    assert "06440-cafe" in {p["project_key"] for p in tables["projects"]}


@pytest.mark.parametrize("correction, status, message", [
    (fix(2, doc_id(99), "agreements", "", "year", "2020"), "unknown_document", "no agreement with this doc_id"),
    (fix(2, A, "measures", "7", "project", "x"), "target_missing", "no measures row with position 7"),
    (fix(2, A, "sections", "9", "title", "x"), "target_missing", "no sections row with number 9"),
    (fix(2, A, "amounts", "3", "amount_eur", "1"), "target_missing", "no amounts row with position 3"),
    (fix(2, A, "measure", "1", "project", "x"), "unknown_table", "table must be one of"),
    (fix(2, A, "manifest", "", "status", "ok"), "not_correctable", "manifest is not corrected directly"),
    (fix(2, A, "projects", "", "name", "x"), "not_correctable", "set measures.project_key"),
    (fix(2, A, "measures", "1", "projekt", "x"), "unknown_field", "no column 'projekt'"),
    (fix(2, A, "measures", "1", "position", "3"), "not_correctable", "key or derived"),
    (fix(2, A, "measures", "1", "value_source", "manual"), "not_correctable", "key or derived"),
    (fix(2, A, "measures", "first", "project", "x"), "bad_key", "position (a whole number)"),
    (fix(2, A, "agreements", "1", "year", "2020"), "bad_key", "leave key empty"),
    (fix(2, A, "agreements", "", "year", "zwanzig"), "invalid_value", "not a valid year (integer)"),
    (fix(2, A, "agreements", "", "year", "1999"), "invalid_value", "below the minimum 2008"),
    (fix(2, A, "agreements", "", "region_ags", "6440"), "invalid_value", "not one of"),
    (fix(2, A, "measures", "1", "category_code", "XX"), "invalid_value", "not one of AV, AB, QP, WB, OTHER"),
    (fix(2, A, "agreements", "", "signed_date_state", "31.02.2023"), "invalid_value", "signed_date_state (date)"),
])
def test_a_correction_that_does_not_apply_is_reported_with_why(correction, status, message):
    tables, outcomes = table_rows(results(), [correction])
    assert [o.status for o in outcomes] == [status]
    assert message in outcomes[0].message
    assert all(r["value_source"] == "extracted" for t in ("agreements", "measures", "sections", "amounts")
               for r in tables[t])


def test_a_later_line_for_the_same_value_wins():
    tables, outcomes = table_rows(results(), [fix(2, A, "agreements", "", "year", "2020"),
                                              fix(3, A, "agreements", A, "year", "2021")])
    assert [o.status for o in outcomes] == ["superseded", "applied"]
    assert next(r for r in tables["agreements"] if r["doc_id"] == A)["year"] == 2021


def test_apply_leaves_its_input_alone():
    rows = {"agreements": [{"doc_id": A, "year": 2023}]}
    out, _ = apply_corrections(rows, [fix(2, A, "agreements", "", "year", "2020")])
    assert rows == {"agreements": [{"doc_id": A, "year": 2023}]} and out["agreements"][0]["year"] == 2020


# --- in the output folder --------------------------------------------------------------------------


def test_first_run_creates_the_file_and_later_runs_never_overwrite_it(tmp_path):
    out = tmp_path / "out"
    write_tables(results(), out)
    assert (out / "corrections.csv").read_text(encoding="utf-8") == HEADER
    assert (out / "corrections_report.csv").read_text(encoding="utf-8") == (
        "line,doc_id,table,key,field,value,note,status,extracted,message\n")
    mine = HEADER + f"{A},measures,2,project,Step by Step,seen on the scan\n"
    (out / "corrections.csv").write_text(mine, encoding="utf-8")
    write_tables(results(), out)
    write_tables(results(), out, options=Options(csv_dialect="excel-de"))
    assert (out / "corrections.csv").read_text(encoding="utf-8") == mine


def test_report_json_and_warning(tmp_path, caplog):
    out = tmp_path / "out"
    out.mkdir()
    (out / "corrections.csv").write_text(
        HEADER + f"{A},measures,2,project,=Step by Step,seen on the scan\n{doc_id(9)},agreements,,year,2020,gone\n",
        encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="extractor"):
        write_tables(results(), out)
    report = read_rows(out / "corrections_report.csv")
    assert [(r["line"], r["status"], r["extracted"]) for r in report] == [
        ("2", "applied", "StepbyStep"), ("3", "unknown_document", "")]
    assert report[0]["value"] == "'=Step by Step"  # the report is a CSV like the others
    assert "1 of 2 corrections" in caplog.text and "unknown_document" in caplog.text
    assert [r["line"] for r in read_report(out)] == ["3"]
    record = json.loads((out / "documents" / f"{A}.json").read_text(encoding="utf-8"))
    assert record["corrections"] == [{"line": 2, "table": "measures", "key": "2", "field": "project",
                                      "value": "=Step by Step", "extracted": "StepbyStep",
                                      "note": "seen on the scan"}]
    assert record["agreement"]["measures"][1]["project"] == "StepbyStep"  # the JSON keeps the extraction
    assert json.loads((out / "documents" / f"{B}.json").read_text(encoding="utf-8"))["corrections"] == []


def test_a_correction_survives_a_rerun_of_the_archive(tmp_path):
    paths = write_archive(tmp_path / "in")
    out = tmp_path / "out"
    run_batch([tmp_path / "in"], out, Options(quiet=True), executor=SerialExecutor())
    target = next(r for r in read_rows(out / "agreements.csv") if r["source_file"] == str(paths[("06535", 2022)]))
    (out / "corrections.csv").write_text(
        HEADER + f"{target['doc_id']},agreements,,budget_total_eur,701.300,checked against the scan\n"
        f"{target['doc_id']},measures,6,project,Step by Step (SbS),full name\n", encoding="utf-8")
    for force in (False, True):  # from the cache, and extracted again
        run_batch([tmp_path / "in"], out, Options(quiet=True, force=force), executor=SerialExecutor())
        agreements = extractor.load(out)["agreements"].set_index("doc_id")
        assert agreements.loc[target["doc_id"], "budget_total_eur"] == 701300.0
        assert agreements.loc[target["doc_id"], "value_source"] == "manual"
        measures = extractor.load(out)["measures"].set_index(["doc_id", "position"])
        assert measures.loc[(target["doc_id"], 6), "project"] == "Step by Step (SbS)"
        assert [r["status"] for r in read_rows(out / "corrections_report.csv")] == ["applied", "applied"]
    (paths[("06535", 2022)]).unlink()  # the document leaves the archive: its corrections are reported
    run_batch([tmp_path / "in"], out, Options(quiet=True), executor=SerialExecutor())
    assert [r["status"] for r in read_rows(out / "corrections_report.csv")] == ["unknown_document"] * 2
