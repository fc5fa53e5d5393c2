"""The schema: the fixed column contract, datapackage.json checked by the real frictionless, the
generated data dictionary, the CSV-injection guard and the parsing of hand-typed values."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import frictionless
import pytest
from hypothesis import given
from hypothesis import strategies as st
from table_helpers import doc_id, result

from extractor.options import Options
from extractor.schema import (
    AGREEMENTS, FORMULA_TRIGGERS, MEASURES, TABLES, data_package, neutralise, parse_value, restore,
)
from extractor.writers import write_tables

ROOT = Path(__file__).resolve().parent.parent

# The columns researchers' scripts already use, in order: new columns may follow, none may change.
CONTRACT = {
    "manifest": ("source_file", "doc_id", "sha256", "status", "error_code", "error", "n_pages", "n_ocr_pages",
                 "seconds", "duplicate_of", "pipeline_version"),
    "agreements": ("doc_id", "source_file", "year", "region", "region_ags", "region_type", "ministry",
                   "budget_total_eur", "signed_place_state", "signed_date_state", "signed_place_region",
                   "signed_date_region", "n_measures", "n_sections", "earmarks_total_eur", "status", "confidence",
                   "needs_review", "review_reasons"),
    "measures": ("doc_id", "year", "region_ags", "position", "category_code", "category", "project", "project_raw",
                 "amount_eur", "page", "confidence", "participants", "bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom"),
    "sections": ("doc_id", "number", "title", "title_raw", "page", "text", "bbox_x0", "bbox_top", "bbox_x1",
                 "bbox_bottom"),
    "amounts": ("doc_id", "section_number", "role", "amount_eur", "raw", "page", "bbox_x0", "bbox_top", "bbox_x1",
                "bbox_bottom"),
}


@pytest.mark.parametrize("name", CONTRACT)
def test_existing_columns_keep_their_names_and_order(name):
    assert TABLES[name].column_names[:len(CONTRACT[name])] == CONTRACT[name]


def test_every_column_is_described_and_amounts_and_boxes_have_units():
    for table in TABLES.values():
        for column in table.columns:
            assert column.description.strip(), f"{table.name}.{column.name}"
            if column.name.endswith("_eur"):
                assert column.unit == "EUR" and column.type == "number"
            if column.name.startswith("bbox_"):
                assert column.unit == "pt" and column.type == "number"


def test_package_keys_and_units():
    package = data_package()
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == list(TABLES)
    measures = resources["measures"]["schema"]
    assert measures["primaryKey"] == ["doc_id", "position"]
    assert measures["foreignKeys"] == [
        {"fields": ["doc_id"], "reference": {"resource": "agreements", "fields": ["doc_id"]}},
        {"fields": ["project_key"], "reference": {"resource": "projects", "fields": ["project_key"]}}]
    for name in ("sections", "amounts"):
        assert resources[name]["schema"]["foreignKeys"][0]["reference"] == {"resource": "agreements", "fields": ["doc_id"]}
    fields = {f["name"]: f for f in measures["fields"]}
    assert fields["amount_eur"]["unit"] == "EUR" and fields["bbox_top"]["unit"] == "pt"
    assert fields["category_code"]["constraints"]["enum"] == ["AV", "AB", "QP", "WB", "OTHER"]
    assert data_package("excel-de")["resources"][2]["dialect"]["delimiter"] == ";"


# --- frictionless validate on written folders ----------------------------------------------------


def folder_results():
    hostile = result(doc_id(5), "06535", 2022, projects=("=1+1", "-Werkstatt", "Café Beruf"))
    return [result(doc_id(1), "06440", 2023, projects=("Café Beruf", "StepbyStep")),
            result(doc_id(2), "06440", 2024, projects=("Caf6 Beruf",)), hostile,
            result(doc_id(4), None, None, projects=("Unbekannt",), status="partial", budget=None)]


def validate(out: Path) -> frictionless.Report:
    return frictionless.validate(str(out / "datapackage.json"))


def errors(report: frictionless.Report) -> list[str]:
    return [f"{task.name}: {e.type}: {e.message}" for task in report.tasks for e in task.errors] + [
        e.message for e in report.errors]


@pytest.mark.parametrize("dialect", ["standard", "excel-de"])
def test_frictionless_validate_passes(tmp_path, dialect):
    out = tmp_path / "out"
    out.mkdir()
    (out / "corrections.csv").write_text(
        "doc_id,table,key,field,value,note\n"
        f"{doc_id(1)},agreements,,signed_date_region,19.06.2023,\n{doc_id(1)},measures,2,project,=Step,\n",
        encoding="utf-8")
    write_tables(folder_results(), out, options=Options(csv_dialect=dialect))
    report = validate(out)
    assert errors(report) == [] and report.valid
    assert [task.stats["rows"] for task in report.tasks] == [4, 4, 7, 8, 8, 5]


@pytest.mark.parametrize("table, old, new, error", [
    ("agreements.csv", ",06440,", ",6440,", "constraint-error"),  # the AGS lost its leading zero
    ("measures.csv", "0000000000000001,2023", "00000000000000ff,2023", "foreign-key"),
    ("sections.csv", ",4,Haushaltsmittel", ",1,Haushaltsmittel", "primary-key"),
    ("amounts.csv", ",1140300,", ",1.140.300 €,", "type-error"),
])
def test_frictionless_validate_catches_broken_tables(tmp_path, table, old, new, error):
    write_tables(folder_results(), tmp_path)
    path = tmp_path / table
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    report = validate(tmp_path)
    assert not report.valid
    assert error in {e.type for task in report.tasks for e in task.errors}


# --- the data dictionary ----------------------------------------------------------------------------


def test_committed_data_dictionary_is_the_generated_one():
    spec = importlib.util.spec_from_file_location("make_data_dictionary", ROOT / "scripts" / "make_data_dictionary.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_data_dictionary"] = module
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == module.render(), (
        "docs/data-dictionary.md is out of date: run python scripts/make_data_dictionary.py")


def test_the_dictionary_names_every_column_of_the_package():
    text = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    for resource in data_package()["resources"]:
        assert f"### `{resource['path']}`" in text
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in text


# --- CSV injection ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, written", [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
    ("+49 6031 83-0", "'+49 6031 83-0"),
    ("-Werkstatt", "'-Werkstatt"),
    ("@Arbeit", "'@Arbeit"),
    ("\tEingerückt", "'\tEingerückt"),
    ("\rZeile", "'\rZeile"),
    ("'=already quoted", "''=already quoted"),
    ("'s Gravenhage", "'s Gravenhage"),
    ("Café = Beruf", "Café = Beruf"),
    ("", ""),
])
def test_neutralise_table(text, written):
    assert neutralise(text) == written
    assert restore(written) == text


@given(st.text(alphabet=st.sampled_from(list("'=+-@\t\rab 1")) | st.characters(), max_size=12))
def test_neutralise_is_safe_and_undone_exactly(text):
    written = neutralise(text)
    assert not written.startswith(FORMULA_TRIGGERS)
    assert restore(written) == text


# --- values typed by hand -----------------------------------------------------------------------------


@pytest.mark.parametrize("column, text, value", [
    (AGREEMENTS.column("year"), "2019", 2019),
    (AGREEMENTS.column("year"), "2019,0", 2019),
    (AGREEMENTS.column("budget_total_eur"), "1.140.300", 1140300.0),
    (AGREEMENTS.column("budget_total_eur"), "1140300,50", 1140300.5),
    (AGREEMENTS.column("budget_total_eur"), "1140300.50", 1140300.5),
    (AGREEMENTS.column("confidence"), "0.500", 0.5),
    (AGREEMENTS.column("signed_date_state"), "2.7.2019", "2019-07-02"),
    (AGREEMENTS.column("needs_review"), "Nein", False),
    (AGREEMENTS.column("region_ags"), "06440", "06440"),
    (AGREEMENTS.column("region"), " Wetteraukreis", " Wetteraukreis"),
    (MEASURES.column("project"), "", None),
    (MEASURES.column("category_code"), "QP", "QP"),
])
def test_parse_value(column, text, value):
    assert parse_value(column, text) == value


@pytest.mark.parametrize("column, text", [
    (AGREEMENTS.column("year"), "2019.5"),
    (AGREEMENTS.column("budget_total_eur"), "-5"),
    (AGREEMENTS.column("confidence"), "1.5"),
    (AGREEMENTS.column("signed_date_state"), "2019-13-01"),
    (AGREEMENTS.column("needs_review"), "vielleicht"),
    (AGREEMENTS.column("region_ags"), "6440"),
    (AGREEMENTS.column("status"), ""),
])
def test_parse_value_rejects(column, text):
    with pytest.raises(ValueError):
        parse_value(column, text)


def test_package_is_plain_json_without_timestamps(tmp_path):
    write_tables(folder_results(), tmp_path)
    text = (tmp_path / "datapackage.json").read_text(encoding="utf-8")
    assert json.loads(text) == data_package()
    assert "created" not in text
