"""Corrections that survive re-runs: ``OUT/corrections.csv``, edited by the user, applied on every run.

One row sets one value: ``doc_id, table, key, field, value, note``. The key names the row
within the document by something a re-run reproduces: agreements nothing (or the doc_id),
measures ``position``, sections ``number`` (the §), amounts ``position``. A corrected row is
marked ``value_source = manual`` with the columns in ``manual_fields``. Every correction is
listed in ``OUT/corrections_report.csv`` with what became of it; one whose target no longer
exists is reported there and in the log, never dropped silently.
"""
from __future__ import annotations

import csv
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ExtractorError
from .schema import CORRECTIONS, TABLES, CsvDialect, parse_value

log = logging.getLogger("extractor.corrections")

CORRECTIONS_FILE = "corrections.csv"
REPORT_FILE = "corrections_report.csv"
CORRECTABLE_TABLES = ("agreements", "measures", "sections", "amounts")
KEY_COLUMN = {"agreements": None, "measures": "position", "sections": "number", "amounts": "position"}
# Agreement values that measures rows repeat: a correction of the agreement applies to its measures too.
REPEATED_IN_MEASURES = ("year", "region_ags")


class CorrectionsError(ExtractorError):
    """corrections.csv cannot be read."""

    code = "corrections"
    exit_code = 2


@dataclass(frozen=True)
class Correction:
    """One row of corrections.csv; ``line`` is its line in the file (the header is line 1)."""

    line: int
    doc_id: str
    table: str
    key: str
    field: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Outcome:
    """What became of one correction."""

    correction: Correction
    status: str  # one of schema.CORRECTION_STATUSES
    extracted: object = None  # the value it replaced, when applied
    value: object = None  # the value it set, typed, when applied
    message: str = ""

    @property
    def applied(self) -> bool:
        return self.status == "applied"


def template(dialect: CsvDialect) -> bytes:
    """The header-only corrections.csv written on the first run, in the tables' dialect."""
    text = dialect.delimiter.join(CORRECTIONS.column_names) + dialect.line_terminator
    return ("\ufeff" if dialect.bom else "").encode("utf-8") + text.encode("utf-8")


def read_corrections(path: Path) -> list[Correction]:
    """The corrections in ``path`` (comma or semicolon separated, with or without BOM); [] when absent."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return []
    except UnicodeDecodeError as e:
        raise CorrectionsError(f"{path} is not UTF-8 ({e.reason} at byte {e.start}): save it as "
                               "'CSV UTF-8' and run again", path=str(path)) from e
    except OSError as e:
        raise CorrectionsError(f"cannot read {path}: {e.strerror or e}", path=str(path)) from e
    if not text.strip():
        return []
    header_line = text.splitlines()[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    required = [c.name for c in CORRECTIONS.columns if c.required or c.name in ("key", "value")]
    missing = [c for c in required if c not in header]
    if missing:
        raise CorrectionsError(f"{path}: the header lacks {', '.join(missing)}; it must read "
                               f"{','.join(CORRECTIONS.column_names)}", path=str(path))
    at = {name: header.index(name) for name in CORRECTIONS.column_names if name in header}
    out = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i] if i < len(row) else "") for name, i in at.items()}
        out.append(Correction(
            line=line, doc_id=cells["doc_id"].strip(), table=cells["table"].strip().lower(),
            key=cells["key"].strip(), field=cells["field"].strip(), value=cells["value"],
            note=cells.get("note", ""),
        ))
    return out


def apply_corrections(tables: dict[str, list[dict]], corrections: Sequence[Correction]
                      ) -> tuple[dict[str, list[dict]], list[Outcome]]:
    """The rows with the corrections applied (new dicts; the input is left alone) and one outcome each.

    Every row of the correctable tables gets ``value_source`` and ``manual_fields``.
    """
    out = {name: [dict(row) for row in rows] for name, rows in tables.items()}
    index = _index(out)
    documents = {row["doc_id"] for row in out.get("agreements", ())}
    last = {}
    for c in corrections:  # a later line for the same value wins
        last[(c.doc_id, c.table, _norm_key(c), c.field)] = c.line
    manual: dict[int, set[str]] = {}  # id(row) -> fields set by hand
    outcomes = []
    for c in corrections:
        outcome = _apply_one(c, out, index, documents, manual, last)
        outcomes.append(outcome)
    for name in CORRECTABLE_TABLES:
        order = TABLES[name].column_names
        for row in out.get(name, ()):
            fields = manual.get(id(row), set())
            row["value_source"] = "manual" if fields else "extracted"
            row["manual_fields"] = ";".join(f for f in order if f in fields) or None
    return out, outcomes


def _index(tables: dict[str, list[dict]]) -> dict[tuple[str, str, str], list[dict]]:
    """Rows by (table, doc_id, key as text)."""
    index: dict[tuple[str, str, str], list[dict]] = {}
    for name in CORRECTABLE_TABLES:
        key_column = KEY_COLUMN[name]
        for row in tables.get(name, ()):
            key = "" if key_column is None else str(row.get(key_column))
            index.setdefault((name, row["doc_id"], key), []).append(row)
    return index


def _norm_key(c: Correction) -> str:
    """The key as the index spells it: '' for agreements (or the doc_id), a plain integer otherwise."""
    if c.table == "agreements":
        return "" if c.key in ("", c.doc_id) else c.key
    try:
        number = float(c.key.replace(",", "."))
    except ValueError:
        return c.key
    return str(int(number)) if number.is_integer() else c.key


def _apply_one(c: Correction, tables, index, documents, manual, last) -> Outcome:
    def refuse(status: str, message: str) -> Outcome:
        return Outcome(c, status, message=message)

    if c.table not in TABLES:
        return refuse("unknown_table", f"table must be one of {', '.join(CORRECTABLE_TABLES)}")
    if c.table not in CORRECTABLE_TABLES:
        hint = " (to merge or split projects, set measures.project_key)" if c.table == "projects" else ""
        return refuse("not_correctable", f"{c.table} is not corrected directly{hint}")
    column = TABLES[c.table].column(c.field)
    if column is None:
        return refuse("unknown_field", f"{c.table} has no column {c.field!r}")
    if not column.correctable or c.field == "doc_id":
        return refuse("not_correctable", f"{c.table}.{c.field} is a key or derived column")
    key = _norm_key(c)
    if c.table == "agreements" and key:
        return refuse("bad_key", "leave key empty for agreements (or repeat the doc_id)")
    if c.table != "agreements" and not key.isdigit():
        return refuse("bad_key", f"key must be the row's {KEY_COLUMN[c.table]} (a whole number)")
    if last[(c.doc_id, c.table, key, c.field)] != c.line:
        return refuse("superseded", f"line {last[(c.doc_id, c.table, key, c.field)]} sets the same value")
    if c.doc_id not in documents:
        return refuse("unknown_document", "no agreement with this doc_id in this run: the file was removed, "
                      "changed (a new doc_id) or not extracted")
    rows = index.get((c.table, c.doc_id, key))
    if not rows:
        return refuse("target_missing", f"the document has no {c.table} row with {KEY_COLUMN[c.table]} {key}")
    try:
        value = parse_value(column, c.value)
    except ValueError as e:
        return refuse("invalid_value", f"not a valid {c.field} ({column.type}): {e}")
    row = rows[0]
    extracted = row.get(c.field)
    row[c.field] = value
    manual.setdefault(id(row), set()).add(c.field)
    if c.table == "agreements" and c.field in REPEATED_IN_MEASURES:
        for measure in tables.get("measures", ()):
            if measure["doc_id"] == c.doc_id:
                measure[c.field] = value
                manual.setdefault(id(measure), set()).add(c.field)
    return Outcome(c, "applied", extracted=extracted, value=value)


def manual_project_keys(measures: Sequence[dict]) -> list[int]:
    """Indexes of the measure rows whose project_key was set by hand."""
    return [i for i, row in enumerate(measures) if "project_key" in (row.get("manual_fields") or "").split(";")]


def report_rows(outcomes: Sequence[Outcome], cell) -> list[dict]:
    """The rows of corrections_report.csv; ``cell`` formats the replaced value as in the tables."""
    rows = []
    for o in sorted(outcomes, key=lambda o: o.correction.line):
        c = o.correction
        rows.append({"line": c.line, "doc_id": c.doc_id, "table": c.table, "key": c.key, "field": c.field,
                     "value": c.value, "note": c.note, "status": o.status,
                     "extracted": cell(o.extracted) if o.applied else None, "message": o.message})
    return rows


def unapplied(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """The corrections that did not apply, for a warning."""
    return [o for o in outcomes if not o.applied]


def read_report(out_dir: Path) -> list[dict[str, str]]:
    """The rows of OUT/corrections_report.csv that did not apply (for the CLI's warning); [] when none."""
    path = Path(out_dir) / REPORT_FILE
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return []
    header_line = text.splitlines()[0] if text else ""
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    return [row for row in csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
            if row.get("status") != "applied"]
