"""The only stage that touches the output folder: CSV and JSON with a fixed column order.

Every file is written atomically (a temporary file in the same folder, then ``os.replace``), and
rows are sorted by stable keys, so two runs over the same archive give byte-identical tables.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path

from .records import DocumentResult

MANIFEST_COLUMNS = ("source_file", "doc_id", "sha256", "status", "error_code", "error", "n_pages",
                    "n_ocr_pages", "seconds", "duplicate_of", "pipeline_version")
AGREEMENT_COLUMNS = ("doc_id", "source_file", "year", "region", "region_ags", "region_type", "ministry",
                     "budget_total_eur", "signed_place_state", "signed_date_state", "signed_place_region",
                     "signed_date_region", "n_measures", "n_sections", "earmarks_total_eur", "status",
                     "confidence", "needs_review", "review_reasons")
BBOX_COLUMNS = ("bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom")
MEASURE_COLUMNS = ("doc_id", "year", "region_ags", "position", "category_code", "category", "project",
                   "project_raw", "amount_eur", "page", "confidence", "participants") + BBOX_COLUMNS
SECTION_COLUMNS = ("doc_id", "number", "title", "title_raw", "page", "text") + BBOX_COLUMNS
AMOUNT_COLUMNS = ("doc_id", "section_number", "role", "amount_eur", "raw", "page") + BBOX_COLUMNS

TABLES = {
    "manifest": MANIFEST_COLUMNS,
    "agreements": AGREEMENT_COLUMNS,
    "measures": MEASURE_COLUMNS,
    "sections": SECTION_COLUMNS,
    "amounts": AMOUNT_COLUMNS,
}


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
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def csv_bytes(columns: Sequence[str], rows: Iterable[dict]) -> bytes:
    """A CSV document (UTF-8, comma, minimal quoting, \\n line ends) with a header row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8")


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
    row = asdict(item)
    bbox = row.pop("bbox", None)
    row.update(zip(BBOX_COLUMNS, (round(v, 1) for v in bbox) if bbox else (None,) * 4))
    return row


def section_rows(results: Sequence[DocumentResult]) -> list[dict]:
    return [{"doc_id": r.doc_id, **_flat(s)} for r in _extracted(results) for s in r.agreement.sections]


def amount_rows(results: Sequence[DocumentResult]) -> list[dict]:
    return [{"doc_id": r.doc_id, **_flat(x)} for r in _extracted(results) for x in r.agreement.amounts]


def document_json(result: DocumentResult) -> bytes:
    """The whole record of one document as JSON (true text, no CSV escaping)."""
    return (json.dumps(asdict(result), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_tables(results: Sequence[DocumentResult], out_dir: Path) -> dict[str, Path]:
    """Write every table and per-document JSON into ``out_dir``; returns the table paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = out_dir / "documents"
    for r in results:
        if r.doc_id and r.status != "duplicate":
            atomic_write_bytes(docs / f"{r.doc_id}.json", document_json(r))
    builders = {
        "manifest": manifest_rows, "agreements": agreement_rows, "measures": measure_rows,
        "sections": section_rows, "amounts": amount_rows,
    }
    paths = {}
    for name, build in builders.items():
        path = out_dir / f"{name}.csv"
        atomic_write_bytes(path, csv_bytes(TABLES[name], build(results)))
        paths[name] = path
    return paths
