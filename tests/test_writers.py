"""The writers and extractor.load: column order, determinism, dialects, Parquet, CSV injection, dtypes.

Most tests write hand-built records (tests/table_helpers.py); the last ones run the batch over a
generated archive of .txt agreements for three regions and three years (no OCR).
"""
from __future__ import annotations

import errno
import json
import os
import random
from pathlib import Path

import pandas as pd
import pytest
from table_helpers import doc_id, result, write_archive

import extractor
from extractor.batch import run_batch
from extractor.executors import SerialExecutor
from extractor.load import OutputFolderError
from extractor.options import Options
from extractor.records import Amount, Measure
from extractor.schema import TABLES
from extractor import writers
from extractor.writers import write_tables

CSVS = [f"{name}.csv" for name in TABLES] + ["corrections_report.csv", "datapackage.json"]
CATEGORY_CODES = ["AV", "AB", "QP", "WB", "OTHER"]


def results():
    return [
        result(doc_id(1), "06440", 2023, projects=("Café Beruf", "StepbyStep")),
        result(doc_id(2), "06440", 2024, projects=("Cafe Beruf", "Step by Step")),
        result(doc_id(3), "06535", 2024, projects=("Frauen in Arbeit",), budget=None),
        result(doc_id(4), None, None, projects=("Unbekannt",), status="partial"),
    ]


def files(out: Path, names=CSVS) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in names}


# --- the files -------------------------------------------------------------------------------------


def test_the_old_signature_writes_every_table_and_the_package(tmp_path):
    paths = write_tables(results(), tmp_path / "out")
    assert {name: paths[name].name for name in TABLES} == {name: f"{name}.csv" for name in TABLES}
    assert paths["datapackage"].name == "datapackage.json"
    assert sorted(p.name for p in (tmp_path / "out" / "documents").iterdir()) == [f"{doc_id(i)}.json" for i in (1, 2, 3, 4)]
    assert not list((tmp_path / "out").glob("*.parquet"))
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.endswith(".tmp")]


def test_header_rows_follow_the_schema(tmp_path):
    write_tables(results(), tmp_path)
    for name, table in TABLES.items():
        assert (tmp_path / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0] == ",".join(table.column_names)


def test_two_runs_write_identical_bytes_whatever_the_order_of_the_results(tmp_path):
    write_tables(results(), tmp_path / "a", options=Options(formats=("csv", "json", "parquet")))
    shuffled = results()
    random.Random(3).shuffle(shuffled)
    write_tables(shuffled, tmp_path / "b", options=Options(formats=("csv", "json", "parquet")))
    names = CSVS + [f"{name}.parquet" for name in TABLES] + [f"documents/{doc_id(1)}.json"]
    assert files(tmp_path / "a", names) == files(tmp_path / "b", names)


def test_files_are_readable_as_the_umask_allows(tmp_path):
    write_tables(results(), tmp_path)
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "measures.csv").stat().st_mode & 0o777 == 0o666 & ~mask


def test_formats_choose_json_and_parquet(tmp_path):
    write_tables(results(), tmp_path / "csv", options=Options(formats=("csv",)))
    assert not (tmp_path / "csv" / "documents").exists()
    write_tables(results(), tmp_path / "pq", options=Options(formats=("parquet",)))
    assert (tmp_path / "pq" / "measures.csv").exists() and (tmp_path / "pq" / "measures.parquet").exists()


def test_excel_de_is_semicolons_bom_and_decimal_commas(tmp_path):
    write_tables(results(), tmp_path, options=Options(csv_dialect="excel-de"))
    raw = (tmp_path / "measures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc_id;year;region_ags;position;category_code;")
    first = raw.decode("utf-8-sig").split("\r\n")[1].split(";")
    assert first[:5] == [doc_id(1), "2023", "06440", "1", "AV"]
    assert first[10:16] == ["0,9", "", "56,7", "300,2", "400", "312,5"]  # confidence, participants, bbox


def test_a_disk_full_while_staging_leaves_every_table_from_the_previous_run(tmp_path, monkeypatch):
    write_tables(results()[:2], tmp_path)
    before = files(tmp_path)
    real = writers._stage

    def full_at_agreements(path, data):
        if path.name == "agreements.csv":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(writers, "_stage", full_at_agreements)
    with pytest.raises(OSError, match="No space left"):
        write_tables(results(), tmp_path)
    assert files(tmp_path) == before
    assert [p.name for p in tmp_path.rglob("*.tmp")] == []


def test_a_file_name_that_is_not_utf8_is_written_with_its_bytes_escaped(tmp_path):
    name = os.fsdecode(b"archive/Zielvereinbarung Gie\xdfen.pdf")
    write_tables([result(doc_id(1), source_file=name)], tmp_path, options=Options(formats=("csv", "json", "parquet")))
    expected = "archive/Zielvereinbarung Gie\\xdfen.pdf"
    assert f"\n{expected}," in (tmp_path / "manifest.csv").read_text(encoding="utf-8")
    record = json.loads((tmp_path / "documents" / f"{doc_id(1)}.json").read_text(encoding="utf-8"))
    assert record["source_file"] == expected
    assert extractor.load(tmp_path, format="parquet")["agreements"].source_file.tolist() == [expected]


# --- CSV injection ---------------------------------------------------------------------------------

HOSTILE = ["=HYPERLINK(\"http://x\")", "+49 6031", "-Werkstatt", "@SUM(A1)", "\tTab", "\rReturn", "'=x", "'s Gravenhage"]


def hostile_result():
    measures = tuple(Measure(i, "QP", "Quali", "Quali", text, text, None, 1, (-1.5, 20.0, 300.0, 40.0))
                     for i, text in enumerate(HOSTILE, start=1))
    amounts = (Amount(4, "total", 1000.0, "=1000", 1, None),)
    base = result(doc_id(7), "06440", 2024, amounts=amounts)
    return base.__class__(**{**base.__dict__, "agreement": base.agreement.__class__(
        **{**base.agreement.__dict__, "measures": measures, "region": "=cmd|' /C calc'!A0"})})


def test_formula_cells_are_neutralised_in_the_csv_only(tmp_path):
    write_tables([hostile_result()], tmp_path)
    text = (tmp_path / "measures.csv").read_bytes().decode("utf-8")  # not read_text: it turns \r into \n
    for cell in ("'=HYPERLINK", "'+49 6031", "'-Werkstatt", "'@SUM(A1)", ",'\tTab,", ",\"'\rReturn\",", "''=x"):
        assert cell in text
    assert ",'s Gravenhage," in text
    assert ",-1.5,20,300,40," in text  # a number column is never prefixed
    assert "'=cmd|" in (tmp_path / "agreements.csv").read_text(encoding="utf-8")
    assert ",'=1000," in (tmp_path / "amounts.csv").read_text(encoding="utf-8")
    record = json.loads((tmp_path / "documents" / f"{doc_id(7)}.json").read_text(encoding="utf-8"))
    assert [m["project"] for m in record["agreement"]["measures"]] == HOSTILE


@pytest.mark.parametrize("dialect", ["standard", "excel-de"])
def test_load_gives_back_the_true_text(tmp_path, dialect):
    write_tables([hostile_result()], tmp_path, options=Options(csv_dialect=dialect, formats=("csv", "parquet")))
    for fmt in ("csv", "parquet"):
        tables = extractor.load(tmp_path, format=fmt)
        assert tables["measures"].project.tolist() == HOSTILE
        assert tables["measures"].project_raw.tolist() == HOSTILE
        assert tables["agreements"].region.tolist() == ["=cmd|' /C calc'!A0"]
        assert tables["amounts"].raw.tolist() == ["=1000"]
        assert tables["measures"].bbox_x0.tolist() == [-1.5] * len(HOSTILE)


# --- extractor.load --------------------------------------------------------------------------------


@pytest.fixture
def written(tmp_path) -> Path:
    write_tables(results(), tmp_path, options=Options(formats=("csv", "json", "parquet")))
    return tmp_path


def test_load_types_every_column(written):
    t = extractor.load(written)
    assert list(t) == list(TABLES)
    a, m = t["agreements"], t["measures"]
    assert list(a.columns) == list(TABLES["agreements"].column_names)
    assert a.region_ags.dtype == pd.StringDtype() and a.region_ags.tolist()[:3] == ["06440", "06440", "06535"]
    assert a.region_ags.isna().tolist() == [False, False, False, True]
    assert a.budget_total_eur.dtype == "float64" and a.budget_total_eur.tolist()[:2] == [1140300.0, 1140300.0]
    assert pd.isna(a.budget_total_eur[2])
    assert a.signed_date_state.dtype == "datetime64[ns]"
    assert a.signed_date_state[0] == pd.Timestamp("2023-07-02") and pd.isna(a.signed_date_region[0])
    assert a.year.dtype == "Int64" and a.needs_review.dtype == "boolean"
    assert isinstance(m.category_code.dtype, pd.CategoricalDtype)
    assert list(m.category_code.cat.categories) == CATEGORY_CODES
    assert m.amount_eur.dtype == "float64" and m.bbox_top.dtype == "float64" and m.position.dtype == "Int64"
    assert t["amounts"].amount_eur.tolist() == [1140300.0, 49000.0] * 2 + [0.0, 49000.0] + [1140300.0, 49000.0]
    assert list(t["manifest"].status.cat.categories) == ["ok", "partial", "failed", "duplicate", "not_agreement"]
    assert t["projects"].first_year.dtype == "Int64"


@pytest.mark.parametrize("options", [Options(csv_dialect="excel-de", formats=("csv", "parquet"))])
def test_every_format_and_dialect_loads_to_the_same_frames(written, tmp_path_factory, options):
    other = tmp_path_factory.mktemp("excel")
    write_tables(results(), other, options=options)
    standard = extractor.load(written)
    loaded = [extractor.load(other), extractor.load(other, format="parquet"), extractor.load(written, format="parquet")]
    (other / "datapackage.json").unlink()  # without the package the BOM tells the dialect
    loaded.append(extractor.load(other))
    for tables in loaded:
        for name in TABLES:
            pd.testing.assert_frame_equal(tables[name], standard[name])


def test_load_picks_tables_and_explains_what_is_missing(written, tmp_path):
    assert list(extractor.load(written, ["measures"])) == ["measures"]
    (written / "projects.parquet").unlink()
    with pytest.raises(OutputFolderError, match="no projects.parquet"):
        extractor.load(written, ["projects"], format="parquet")
    with pytest.raises(OutputFolderError, match="holds no csv tables"):
        extractor.load(tmp_path / "documents")
    with pytest.raises(ValueError, match="unknown table"):
        extractor.load(written, ["measure"])


def test_load_names_the_cell_it_cannot_read(written):
    path = written / "agreements.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",1140300,", ",1.140.300 EUR,", 1), encoding="utf-8")
    with pytest.raises(OutputFolderError, match=r"agreements.csv, column budget_total_eur: '1.140.300 EUR' is not a number"):
        extractor.load(written)


# --- end to end: a generated archive over several years and regions ----------------------------------


@pytest.fixture(scope="module")
def archive_run(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    write_archive(root / "in")
    run_batch([root / "in"], root / "out", Options(quiet=True), executor=SerialExecutor())
    return root / "out"


def test_archive_loads_typed(archive_run):
    t = extractor.load(archive_run)
    a = t["agreements"]
    assert sorted(zip(a.region_ags, a.year)) == [(ags, year) for ags in ("06440", "06532", "06535")
                                                 for year in (2021, 2022, 2023)]
    assert a.region_ags.dtype == pd.StringDtype() and a.year.dtype == "Int64"
    assert a.budget_total_eur.dtype == "float64" and a.budget_total_eur.notna().all()
    assert t["measures"].category_code.dtype == pd.CategoricalDtype(CATEGORY_CODES)
    assert set(t["measures"].category_code) == {"AV", "AB", "QP", "WB"}
    assert t["measures"].groupby("doc_id").size().tolist() == [7] * 9


def test_archive_one_key_per_project_across_ocr_spellings(archive_run):
    m = extractor.load(archive_run)["measures"]
    for ags in ("06440", "06532", "06535"):
        region = m[m.region_ags == ags]
        step = region[region.project_raw.isin(["StepbyStep", "Step by Step", "StepbySfep"])]
        go = region[region.project_raw.str.startswith("Projekt GO-gut")]
        assert len(step) == 3 and step.project_key.nunique() == 1
        assert len(go) == 3 and go.project_key.nunique() == 1
        assert sorted(go.project_raw) == ["Projekt GO-gut orientiert! 11", "Projekt GO-gut orientiert! II",
                                          "Projekt GO-gut orientiert! Il"]
        assert region.project_key.nunique() == 7
    projects = extractor.load(archive_run)["projects"].set_index("project_key")
    step_key = m[(m.region_ags == "06440") & (m.project_raw == "Step by Step")].project_key.iloc[0]
    assert projects.loc[step_key].to_dict() == {
        "region_ags": "06440", "name": "StepbyStep", "names_seen": "Step by Step;StepbySfep;StepbyStep",
        "first_year": 2021, "last_year": 2023, "n_years": 3, "n_measures": 3}


def test_archive_rerun_is_byte_identical(archive_run):
    before = files(archive_run)
    run_batch([archive_run.parent / "in"], archive_run, Options(quiet=True), executor=SerialExecutor())
    assert files(archive_run) == before
