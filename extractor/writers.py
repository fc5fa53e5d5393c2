"""The only stage that touches the output folder: CSV, JSON, Parquet and the Data Package.

Columns, their order and types come from ``schema.py``. Every file is written atomically (a
temporary file in the same folder, then ``os.replace``), and the tables are replaced only once
all of them are written, so a full disk leaves the previous run's tables. Rows are sorted by
stable keys and no file carries a timestamp: two runs over the same archive give
byte-identical tables.

What a run writes into OUT:

* ``manifest.csv``, ``agreements.csv``, ``measures.csv``, ``sections.csv``, ``amounts.csv``,
  ``projects.csv`` and ``datapackage.json`` (always; the CSV dialect from ``Options.csv_dialect``);
* ``documents/<doc_id>.json`` when ``"json"`` is in ``Options.formats``, ``<table>.parquet`` when
  ``"parquet"`` is;
* ``corrections.csv`` with only its header when it is missing (never overwritten), and
  ``corrections_report.csv`` saying what became of each correction.

Text cells of the CSVs that a spreadsheet would run as a formula are prefixed with ``'``
(``schema.neutralise``); JSON and Parquet keep the true text, and ``extractor.load`` undoes it.
"""
from __future__ import annotations

import io
import json
import logging
import os
import tempfile
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from . import corrections as corr
from .options import Options
from .projects import assign_project_keys, project_rows
from .reconcile import reconcile_tables
from .records import DocumentResult, as_plain
from .schema import (
    AGREEMENTS, AMOUNTS, BBOX, CORRECTIONS_REPORT, DIALECTS, MANIFEST, MEASURES, PROJECTS, SECTIONS, TABLES,
    CsvDialect, Table, data_package, neutralise,
)

log = logging.getLogger("extractor.writers")

MANIFEST_COLUMNS = MANIFEST.column_names
AGREEMENT_COLUMNS = AGREEMENTS.column_names
BBOX_COLUMNS = tuple(c.name for c in BBOX)
MEASURE_COLUMNS = MEASURES.column_names
SECTION_COLUMNS = SECTIONS.column_names
AMOUNT_COLUMNS = AMOUNTS.column_names
PROJECT_COLUMNS = PROJECTS.column_names
DATAPACKAGE_FILE = "datapackage.json"
SYNC_THREADS = 8  # files written (and fsynced) at once

_UMASK = os.umask(0)
os.umask(_UMASK)  # read once, at import: os.umask can only be read by setting it


def cell(value) -> str:
    """A value as written in a CSV cell: plain numbers, empty for unknown.

    >>> [cell(1140300.0), cell(1140300.5), cell(None), cell(True), cell("06440")]
    ['1140300', '1140300.5', '', 'true', '06440']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(round(value, 6))
    return str(value)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    os.replace(_stage(path, data), path)


def atomic_write_files(files: dict[Path, bytes]) -> None:
    """Write several files, replacing any of them only once all are complete on disk.

    A failure while writing (a full disk) leaves every old file as it was, so the tables of a
    folder always come from one run.
    """
    staged: list[tuple[str, Path]] = []
    with ThreadPoolExecutor(SYNC_THREADS) as pool:
        futures = [(pool.submit(_stage, path, data), path) for path, data in files.items()]
        failure: BaseException | None = None
        for future, path in futures:
            try:
                staged.append((future.result(), path))
            except BaseException as e:  # the first failure is raised once every stage has ended
                failure = failure or e
    if failure is not None:
        for tmp, _ in staged:
            _unlink(tmp)
        raise failure
    for tmp, path in staged:
        os.replace(tmp, path)


def atomic_write_each(files: Iterable[tuple[Path, bytes]]) -> None:
    """``atomic_write_bytes`` for many independent files, their fsyncs overlapping in a few threads.

    One fsync waits for a journal commit (about 4 ms on ext4); concurrent ones share commits, so
    the 120 document records of a batch take 0.1 s instead of 0.5 s.  ``files`` is consumed as
    the writes go, so only a few files' bytes are held at once.
    """
    with ThreadPoolExecutor(SYNC_THREADS) as pool:
        writing: deque = deque()
        for path, data in files:
            writing.append(pool.submit(atomic_write_bytes, path, data))
            if len(writing) >= 2 * SYNC_THREADS:
                writing.popleft().result()
        for future in writing:
            future.result()


def _stage(path: Path, data: bytes) -> str:
    """A complete, synced temporary file beside ``path`` holding ``data``; its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are shared like any file
            os.fsync(fh.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def printable(text: str) -> str:
    """Text that can be written as UTF-8: bytes of a file name that is not UTF-8 shown as \\xNN.

    >>> printable(os.fsdecode(b"Gie\\xdfen.txt")), printable("Gießen.txt")
    ('Gie\\\\xdfen.txt', 'Gießen.txt')
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def csv_cells(table: Table, row: dict, dialect: CsvDialect) -> list[str]:
    """The cells of one row: text neutralised against formulas, numbers with the dialect's decimal mark.

    >>> csv_cells(PROJECTS, {"project_key": "06440-1", "name": "=1+2", "first_year": 2019}, DIALECTS["standard"])
    ['06440-1', '', "'=1+2", '', '2019', '', '', '']
    >>> csv_cells(MEASURES, {"amount_eur": -12.5, "project": "-12.5"}, DIALECTS["excel-de"])[6:9]
    ["'-12.5", '', '-12,5']
    """
    cells = []
    for column in table.columns:
        text = cell(row.get(column.name))
        if column.is_text:
            text = neutralise(printable(text))
        elif column.type == "number" and dialect.decimal != ".":
            text = text.replace(".", dialect.decimal)
        cells.append(text)
    return cells


def csv_line(cells: Sequence[str], dialect: CsvDialect) -> str:
    """One CSV line, a cell quoted when it holds the delimiter, a quote or any line break.

    The csv module leaves a lone carriage return unquoted when lines end in \\n, and readers
    then split the row there.

    >>> csv_line(["a", "b,c", 'say "hi" now', "x\\ry", ""], DIALECTS["standard"])
    'a,"b,c","say ""hi"" now","x\\ry",\\n'
    """
    special = (dialect.delimiter, '"', "\n", "\r")
    quoted = ('"' + c.replace('"', '""') + '"' if any(s in c for s in special) else c for c in cells)
    return dialect.delimiter.join(quoted) + dialect.line_terminator


def csv_bytes(table: Table, rows: Iterable[dict], dialect: CsvDialect = DIALECTS["standard"]) -> bytes:
    """A CSV document with a header row in the dialect: standard is UTF-8, comma, \\n line ends."""
    lines = [csv_line([neutralise(name) for name in table.column_names], dialect)]
    lines += [csv_line(csv_cells(table, row, dialect), dialect) for row in rows]
    return ("\ufeff" if dialect.bom else "").encode("utf-8") + "".join(lines).encode("utf-8")


def manifest_rows(results: Sequence[DocumentResult]) -> list[dict]:
    return [
        {c: getattr(r, c) for c in MANIFEST_COLUMNS}
        for r in sorted(results, key=lambda r: r.source_file)
    ]


def _extracted(results: Sequence[DocumentResult]) -> list[DocumentResult]:
    """The results that carry an agreement, once per document, in a stable order."""
    seen, out = set(), []
    for r in sorted(results, key=lambda r: r.source_file):
        if r.agreement is not None and r.status != "duplicate" and r.doc_id not in seen:
            seen.add(r.doc_id)
            out.append(r)
    return sorted(out, key=lambda r: (r.agreement.region_ags or "~", r.agreement.year or 0, r.doc_id))


def agreement_rows(results: Sequence[DocumentResult]) -> list[dict]:
    rows = []
    for r in _extracted(results):
        a = r.agreement
        state, region = a.signature("state"), a.signature("region")
        earmarks = [x.amount_eur for x in a.amounts if x.role == "earmark"]
        rows.append({
            "doc_id": r.doc_id, "source_file": r.source_file, "year": a.year, "region": a.region,
            "region_ags": a.region_ags, "region_type": a.region_type, "ministry": a.ministry,
            "budget_total_eur": a.budget_total_eur,
            "signed_place_state": state.place if state else None,
            "signed_date_state": state.date if state else None,
            "signed_place_region": region.place if region else None,
            "signed_date_region": region.date if region else None,
            "n_measures": len(a.measures), "n_sections": len(a.sections),
            "earmarks_total_eur": sum(earmarks) if earmarks else None,
            "status": r.status,
            "confidence": a.confidence, "needs_review": a.needs_review,
            "review_reasons": ";".join(a.review_reasons),
        })
    return rows


def measure_rows(results: Sequence[DocumentResult]) -> list[dict]:
    rows = []
    for r in _extracted(results):
        a = r.agreement
        for m in a.measures:
            rows.append({"doc_id": r.doc_id, "year": a.year, "region_ags": a.region_ags, **_flat(m)})
    return rows


def _flat(item) -> dict:
    """A record as a row, its bounding box spread over four columns (PDF points)."""
    row = as_plain(item)
    bbox = row.pop("bbox", None)
    row.update(zip(BBOX_COLUMNS, (round(v, 1) for v in bbox) if bbox else (None,) * 4))
    return row


def section_rows(results: Sequence[DocumentResult]) -> list[dict]:
    return [{"doc_id": r.doc_id, **_flat(s)} for r in _extracted(results) for s in r.agreement.sections]


def amount_rows(results: Sequence[DocumentResult]) -> list[dict]:
    return [{"doc_id": r.doc_id, "position": i, **_flat(x)}
            for r in _extracted(results) for i, x in enumerate(r.agreement.amounts, start=1)]


def table_rows(results: Sequence[DocumentResult], corrections: Sequence[corr.Correction] = ()
               ) -> tuple[dict[str, list[dict]], list[corr.Outcome]]:
    """Every table's rows, names reconciled across the batch, corrections applied and project keys assigned,
    with the corrections' outcomes."""
    agreements, measures = reconcile_tables(
        agreement_rows(results), measure_rows(results),
        {r.doc_id: r.agreement.field_confidence for r in _extracted(results)})
    extracted = {
        "manifest": manifest_rows(results), "agreements": agreements,
        "measures": measures, "sections": section_rows(results), "amounts": amount_rows(results),
    }
    tables, outcomes = corr.apply_corrections(extracted, corrections)
    _sort_by_agreement(tables)
    tables["measures"] = assign_project_keys(tables["measures"], fixed=corr.manual_project_keys(tables["measures"]))
    tables["projects"] = project_rows(tables["measures"])
    return tables, outcomes


def _sort_by_agreement(tables: dict[str, list[dict]]) -> None:
    """Agreements by region, year and doc_id again (a correction may change them); their items follow."""
    tables["agreements"].sort(key=lambda r: (r["region_ags"] or "~", r["year"] or 0, r["doc_id"]))
    rank = {row["doc_id"]: i for i, row in enumerate(tables["agreements"])}
    for name, key in (("measures", "position"), ("sections", "number"), ("amounts", "position")):
        tables[name].sort(key=lambda r: (rank[r["doc_id"]], r[key]))


def document_json(result: DocumentResult, corrections: Sequence[corr.Outcome] = ()) -> bytes:
    """The whole record of one document as JSON (true text, no CSV escaping), values as extracted.

    ``corrections`` lists the manual values the tables carry instead, each with the value it replaced.
    """
    record = as_plain(result)
    record["corrections"] = [
        {"line": o.correction.line, "table": o.correction.table, "key": o.correction.key,
         "field": o.correction.field, "value": o.value, "extracted": o.extracted, "note": o.correction.note}
        for o in corrections
    ]
    text = json.dumps(record, ensure_ascii=False, indent=1) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8
        return (json.dumps(_printable_all(record), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _printable_all(value):
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {k: _printable_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable_all(v) for v in value]
    return value


def datapackage_bytes(dialect_name: str) -> bytes:
    return (json.dumps(data_package(dialect_name), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def parquet_bytes(table: Table, rows: Sequence[dict]) -> bytes:
    """One table as Parquet, typed from the schema (true text; categories as dictionaries)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
             "date": pa.date32()}
    fields, arrays = [], []
    for column in table.columns:
        kind = pa.dictionary(pa.int32(), pa.string()) if column.categorical else types[column.type]
        meta = {"description": column.description, **({"unit": column.unit} if column.unit else {})}
        fields.append(pa.field(column.name, kind, metadata=meta))
        values = [row.get(column.name) for row in rows]
        if column.is_text:  # as in the CSVs, where an empty cell is a missing value
            values = [None if v is None or v == "" else printable(str(v)) for v in values]
        if column.type == "date":
            values = [None if v is None else date.fromisoformat(v) for v in values]
        arrays.append(pa.array(values, type=types[column.type]).cast(kind) if column.categorical
                      else pa.array(values, type=kind))
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), buf)
    return buf.getvalue()


def write_tables(results: Sequence[DocumentResult], out_dir: Path, *, options: Options | None = None
                 ) -> dict[str, Path]:
    """Write every table, the Data Package and (per ``options.formats``) JSON and Parquet; returns the paths.

    Raises ``CorrectionsError`` when OUT/corrections.csv cannot be read, before writing anything.
    """
    options = options or Options()
    dialect = DIALECTS[options.csv_dialect]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}

    corrections_path = out_dir / corr.CORRECTIONS_FILE
    if not corrections_path.exists():
        atomic_write_bytes(corrections_path, corr.template(dialect))
    paths["corrections"] = corrections_path
    corrections = corr.read_corrections(corrections_path)
    tables, outcomes = table_rows(results, corrections)

    if "json" in options.formats:
        applied = defaultdict(list)
        for o in outcomes:
            if o.applied:
                applied[o.correction.doc_id].append(o)
        docs = out_dir / "documents"
        atomic_write_each((docs / f"{r.doc_id}.json", document_json(r, applied.get(r.doc_id, ())))
                          for r in results if r.doc_id and r.status != "duplicate")

    files: dict[Path, bytes] = {}  # replaced together, once every one is written
    for name, table in TABLES.items():
        paths[name] = out_dir / f"{name}.csv"
        files[paths[name]] = csv_bytes(table, tables[name], dialect)
        if "parquet" in options.formats:
            paths[f"{name}.parquet"] = out_dir / f"{name}.parquet"
            files[paths[f"{name}.parquet"]] = parquet_bytes(table, tables[name])
    paths["corrections_report"] = out_dir / corr.REPORT_FILE
    files[paths["corrections_report"]] = csv_bytes(CORRECTIONS_REPORT, corr.report_rows(outcomes, cell), dialect)
    paths["datapackage"] = out_dir / DATAPACKAGE_FILE
    files[paths["datapackage"]] = datapackage_bytes(dialect.name)
    atomic_write_files(files)

    missed = corr.unapplied(outcomes)
    if missed:
        log.warning("%d of %d corrections in %s did not apply (%s); see %s", len(missed), len(outcomes),
                    corrections_path, ", ".join(sorted({o.status for o in missed})), paths["corrections_report"])
    return paths
