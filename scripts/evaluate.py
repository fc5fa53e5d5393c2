"""Score an extractor output folder against truth files.

Usage::

    python scripts/evaluate.py TRUTH OUT [--json FILE] [--quiet]

TRUTH is a folder searched recursively for truth ``*.json`` files (for a sample folder
``DIR`` that is ``DIR/truth/``); OUT is an extractor output folder holding
``manifest.csv``, ``agreements.csv``, ``measures.csv`` and ``sections.csv``.

Metrics
-------
Matching
    A truth document is matched to the manifest row whose ``source_file`` has the same
    file name as the truth's ``source_file``; when several have, the one sharing the
    longest path suffix wins, and each manifest row serves one truth document at most.
    A truth file without ``source_file`` (the hand-made real truth) is matched by its
    own stem: ``wetteraukreis-2024.truth.json`` matches ``wetteraukreis-2024.ocr.txt``.
    The agreement, measures and sections of a matched row are those with its ``doc_id``.
    Output rows that match no truth are counted, not scored.

Field accuracy
    For each field of ``AGREEMENT_FIELDS`` that a truth document has as a key:
    correct / total over all truth documents.  A truth ``null`` is correct only against
    an empty cell (a guessed date is wrong); ``budget_total_eur`` is equal within
    0.005; ``year`` is compared as a number; text fields are compared exactly after
    Unicode NFC and collapsing whitespace.  A truth document without an agreement row
    in the output has all its fields wrong.

Measures
    Per document, the multiset of ``(category_code, normalize_name(project))`` of the
    truth against that of the output: tp = size of the multiset intersection,
    fp = output items left over, fn = truth items left over.  The counts are summed over
    all truth documents that list measures (micro-average), then
    precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2 tp / (2 tp + fp + fn).
    The "with amount" line adds ``amount_eur`` in cents (empty = unknown) to the item
    and scores only documents whose truth measures all carry an ``amount_eur`` key.
    Truth measures with a ``participants`` key (rows of a table) are checked against the
    ``participants`` column of the measure matched by name: a wrong or missing count is an
    error of the document, and the report counts them.  A name matched only once folded is
    checked as spelled (``spelling``: letter case and punctuation count, which dash does not):
    a misspelled name ("jobStarter", "Lahn-Dill!") is an error of the document too, and the
    report counts them.

Sections
    As measures, over ``(number, normalize_name(title))``.

A ratio with a zero denominator is reported as ``n/a`` (``null`` in JSON).

Exit status: 0 after a completed evaluation, whatever the scores; 2 when an input
cannot be read (folder missing, no truth file, a CSV or JSON file unreadable or
missing required columns).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

EXIT_UNREADABLE = 2

# (field, kind): the agreement fields scored when the truth has them; kind picks the comparison.
AGREEMENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("year", "integer"),
    ("region", "text"),
    ("region_ags", "text"),
    ("region_type", "text"),
    ("ministry", "text"),
    ("budget_total_eur", "amount"),
    ("signed_place_state", "text"),
    ("signed_place_region", "text"),
    ("signed_date_state", "text"),
    ("signed_date_region", "text"),
)
AMOUNT_TOLERANCE_EUR = 0.005

# Keys that mark a JSON file as a truth document (other JSON files in TRUTH are skipped).
TRUTH_MARKER_KEYS = ("source_file", "year", "region_ags", "measures", "sections")

REQUIRED_COLUMNS = {
    "manifest.csv": ("source_file", "doc_id", "status"),
    "agreements.csv": ("doc_id",),
    "measures.csv": ("doc_id", "category_code", "project"),
    "sections.csv": ("doc_id", "number", "title"),
}

PLAIN_NUMBER = re.compile(
    r"""^
    -?          # optional sign
    \d+         # integer part, no thousands separators
    (?:\.\d+)?  # optional decimal part with a point
    $""",
    re.VERBOSE,
)
NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


class UnreadableInput(Exception):
    """An input folder or file cannot be read; the message names it and says why."""


# ---------------------------------------------------------------- pure helpers


def normalize_name(text: str) -> str:
    """Fold a project or section title for matching: NFKC, casefold, non-alphanumerics to one space.

    >>> normalize_name("Projekt GO-gut orientiert! II")
    'projekt go gut orientiert ii'
    """
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return NOT_LETTER_OR_DIGIT.sub(" ", folded).strip()


DASHES = re.compile(r"[\u2010-\u2015\u2212-]")


def spelling(text: str) -> str:
    """A project name as spelled, for checking a name matched by ``normalize_name``: NFKC, every
    dash one hyphen, single spaces.  Letter case and other punctuation count ("jobStarter",
    "Lahn-Dill!", "in.der" are misspelled); which dash was printed does not (OCR reads an en
    dash as a hyphen or a long dash).

    >>> spelling("Neustart \u2013 Wege  in Beschäftigung") == spelling("Neustart - Wege in Beschäftigung")
    True
    >>> spelling("jobStarter Kassel") == spelling("JobStarter Kassel")
    False
    """
    return " ".join(DASHES.sub("-", unicodedata.normalize("NFKC", text or "")).split())


def normalize_text(text: str) -> str:
    """Canonical form for exact text comparison: NFC and single spaces.

    >>> normalize_text("  Hessisches  Ministerium\\n für ")
    'Hessisches Ministerium für'
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def parse_number(text: str) -> float | None:
    """The value of a plain number cell (``1140300`` or ``1140300.5``); None if empty or not plain.

    >>> parse_number("1140300.5"), parse_number("1.140.300"), parse_number("")
    (1140300.5, None, None)
    """
    text = text.strip()
    return float(text) if PLAIN_NUMBER.match(text) else None


def parse_int(text: str) -> int | str | None:
    """A section number cell as int; None if empty, the stripped text if not a number.

    >>> parse_int("3"), parse_int("3.0"), parse_int(""), parse_int("III")
    (3, 3, None, 'III')
    """
    value = parse_number(text)
    if value is not None and value.is_integer():
        return int(value)
    return text.strip() or None


def amount_cents(value: Any) -> int | str | None:
    """An amount in euro as whole cents; None if null or empty, the text itself if not a plain number.

    >>> amount_cents(1140300.5), amount_cents("12.345"), amount_cents(""), amount_cents("1.140,00")
    (114030050, 1235, None, '1.140,00')
    """
    if value is None:
        return None
    text = value.strip() if isinstance(value, str) else repr(float(value))
    if not PLAIN_NUMBER.match(text):
        return text or None  # unreadable text never equals a truth amount
    # Decimal, because binary floats put 12.345 just below the half cent.
    return int((Decimal(text) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def field_matches(kind: str, expected: Any, got: str | None) -> bool:
    """Whether an output cell ``got`` (None = no output row) equals the truth value."""
    if got is None:
        return False
    got = got.strip()
    if expected is None:
        return got == ""
    if got == "":
        return False
    if kind == "amount":
        value = parse_number(got)
        # The tiny extra slack keeps "within 0.005" true for 0.005 itself despite float rounding.
        return value is not None and abs(value - float(expected)) <= AMOUNT_TOLERANCE_EUR + 1e-9
    if kind == "integer":
        value = parse_number(got)
        return value is not None and value == float(expected)
    return normalize_text(got) == normalize_text(str(expected))


def prf(expected: Counter, got: Counter) -> tuple[int, int, int]:
    """(tp, fp, fn) of two multisets: tp = size of the intersection, the rest is left over.

    >>> prf(Counter(["a", "a", "b"]), Counter(["a", "c"]))
    (1, 1, 2)
    """
    tp = sum((expected & got).values())
    return tp, sum(got.values()) - tp, sum(expected.values()) - tp


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is 0."""
    return numerator / denominator if denominator else None


def scores(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Counts with precision, recall and F1 (None where undefined)."""
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": ratio(tp, tp + fp),
        "recall": ratio(tp, tp + fn),
        "f1": ratio(2 * tp, 2 * tp + fp + fn),
    }


def leftovers(expected: Sequence[tuple[Any, str]], got: Sequence[tuple[Any, str]]) -> tuple[list[str], list[str]]:
    """Display texts of the (key, display) items not matched by key: (missing, extra)."""
    surplus_expected = Counter(k for k, _ in expected) - Counter(k for k, _ in got)
    surplus_got = Counter(k for k, _ in got) - Counter(k for k, _ in expected)
    return _take(expected, surplus_expected), _take(got, surplus_got)


def _take(items: Sequence[tuple[Any, str]], wanted: Counter) -> list[str]:
    """The displays of the last ``wanted[key]`` items of each key, in input order."""
    wanted = Counter(wanted)
    chosen: list[str] = []
    for key, display in reversed(items):
        if wanted[key] > 0:
            wanted[key] -= 1
            chosen.append(display)
    return chosen[::-1]


def value_mismatches(
    expected: Sequence[tuple[Any, int | str | None, str]], got: Sequence[tuple[Any, int | str | None, str]]
) -> list[tuple[str, int | str | None, int | str | None]]:
    """(display, expected, got) for items matched by name but not by value (amount in cents, count)."""
    mismatches = []
    for key in dict.fromkeys(k for k, _, _ in expected):
        want = Counter(a for k, a, _ in expected if k == key)
        have = Counter(a for k, a, _ in got if k == key)
        n_by_name = min(sum(want.values()), sum(have.values()))
        n_wrong = n_by_name - sum((want & have).values())
        if n_wrong <= 0:
            continue
        display = next(d for k, _, d in expected if k == key)
        only_want = sorted((want - have).elements(), key=_none_first)[:n_wrong]
        only_have = sorted((have - want).elements(), key=_none_first)[:n_wrong]
        mismatches.extend((display, w, h) for w, h in zip(only_want, only_have))
    return mismatches


def _none_first(value: int | str | None) -> tuple[int, int, str]:
    """Sort key over cents, unreadable text and None: None first, then numbers, then text."""
    if value is None:
        return (0, 0, "")
    return (1, value, "") if isinstance(value, int) else (2, 0, value)


def path_parts(path: str) -> list[str]:
    """The components of a path written with / or \\, without empty and '.' parts."""
    return [part for part in re.split(r"[\\/]+", path.strip()) if part not in ("", ".")]


def common_suffix_len(a: str, b: str) -> int:
    """How many trailing path components two paths share.

    >>> common_suffix_len("x/a/b.pdf", "in/a/b.pdf"), common_suffix_len("a/b.pdf", "c/b.pdf")
    (2, 1)
    """
    n = 0
    for part_a, part_b in zip(reversed(path_parts(a)), reversed(path_parts(b))):
        if part_a != part_b:
            break
        n += 1
    return n


def file_name(path: str) -> str:
    """The last component of a path written with / or \\."""
    parts = path_parts(path)
    return parts[-1] if parts else ""


def resolve_stem(stem: str, output_files: Sequence[str]) -> str | None:
    """The file name of the first output named ``stem`` or ``stem.<anything>``, or None.

    >>> resolve_stem("wetteraukreis-2024", ["a.pdf", "in/wetteraukreis-2024.ocr.txt"])
    'wetteraukreis-2024.ocr.txt'
    """
    for path in output_files:
        name = file_name(path)
        if name == stem or name.startswith(stem + "."):
            return name
    return None


def match_documents(truth_files: Sequence[str], output_files: Sequence[str]) -> list[int | None]:
    """For each truth source file, the index of the output file with the same name, or None.

    Among outputs of the same name the one sharing the longest path suffix wins; every
    output serves one truth at most (greedy, longest suffix first, then input order).
    """
    candidates = [
        (common_suffix_len(truth, output), t, o)
        for t, truth in enumerate(truth_files)
        for o, output in enumerate(output_files)
        if file_name(truth) and file_name(truth) == file_name(output)
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    matched: list[int | None] = [None] * len(truth_files)
    used: set[int] = set()
    for _, t, o in candidates:
        if matched[t] is None and o not in used:
            matched[t] = o
            used.add(o)
    return matched


# ---------------------------------------------------------------- loading


@dataclass(frozen=True)
class TruthDocument:
    """One truth file: where it is, the source file it describes and its content."""

    path: str  # relative to the TRUTH folder
    source_file: str  # as written in the truth, or the truth file's stem when absent
    has_source_file: bool
    data: dict


@dataclass
class OutputFolder:
    """The four CSV tables of an extractor run, rows as dicts of strings."""

    manifest: list[dict[str, str]]
    agreements: list[dict[str, str]]
    measures: list[dict[str, str]]
    sections: list[dict[str, str]]
    agreement_columns: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)

    def rows_of(self, table: str, doc_id: str) -> list[dict[str, str]]:
        """The rows of ``table`` belonging to ``doc_id`` (none for an empty id)."""
        if not doc_id:
            return []
        return [row for row in getattr(self, table) if row.get("doc_id", "") == doc_id]


def truth_stem(path: Path) -> str:
    """The document stem of a truth file name: ``x.truth.json`` and ``x.json`` give ``x``."""
    name = path.name.removesuffix(".json")
    return name.removesuffix(".truth")


def load_truth(folder: Path) -> tuple[list[TruthDocument], list[str]]:
    """All truth documents under ``folder`` (recursively, sorted) and notes on skipped JSON files."""
    if not folder.is_dir():
        raise UnreadableInput(f"truth folder {folder} does not exist or is not a folder")
    documents, notes = [], []
    for path in sorted(folder.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise UnreadableInput(f"truth file {path} cannot be read: {e}") from e
        relative = path.relative_to(folder).as_posix()
        if not isinstance(data, dict) or not any(key in data for key in TRUTH_MARKER_KEYS):
            notes.append(f"skipped {relative}: not a truth document")
            continue
        source = data.get("source_file")
        has_source = isinstance(source, str) and bool(source.strip())
        documents.append(
            TruthDocument(relative, source.strip() if has_source else truth_stem(path), has_source, data)
        )
    if not documents:
        raise UnreadableInput(f"no truth *.json files under {folder} (for a sample folder pass DIR/truth)")
    return documents, notes


def read_table(path: Path, required: Iterable[str]) -> tuple[list[dict[str, str]], tuple[str, ...]]:
    """Rows (all values str, never NaN) and columns of a CSV file; raises UnreadableInput."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise UnreadableInput(f"{path} is missing: is this an extractor output folder?") from e
    except (OSError, UnicodeDecodeError) as e:
        raise UnreadableInput(f"{path} cannot be read: {e}") from e
    if not text.strip():
        raise UnreadableInput(f"{path} is empty (not even a header row)")
    header = text.splitlines()[0]
    # The excel-de dialect separates with semicolons; a plain header tells which one was used.
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        # newline="" keeps line breaks inside quoted cells (section text) intact.
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as e:
        raise UnreadableInput(f"{path} is not valid CSV: {e}") from e
    columns = tuple(c.strip() for c in reader.fieldnames or ())
    rows = [{k.strip(): v for k, v in row.items()} for row in rows]
    missing = [c for c in required if c not in columns]
    if missing:
        raise UnreadableInput(f"{path} lacks the column(s) {', '.join(missing)}; it has {', '.join(columns)}")
    return rows, columns


def load_output(folder: Path) -> OutputFolder:
    """Read the four tables of an extractor output folder."""
    if not folder.is_dir():
        raise UnreadableInput(f"output folder {folder} does not exist or is not a folder")
    tables = {name: read_table(folder / name, cols) for name, cols in REQUIRED_COLUMNS.items()}
    output = OutputFolder(
        manifest=tables["manifest.csv"][0],
        agreements=tables["agreements.csv"][0],
        measures=tables["measures.csv"][0],
        sections=tables["sections.csv"][0],
        agreement_columns=tables["agreements.csv"][1],
    )
    absent = [name for name, _ in AGREEMENT_FIELDS if name not in output.agreement_columns]
    if absent:
        output.warnings.append(f"agreements.csv lacks {', '.join(absent)}: scored as empty")
    return output


# ---------------------------------------------------------------- scoring


def evaluate_document(truth: dict, agreement: dict[str, str] | None,
                      measures: list[dict[str, str]], sections: list[dict[str, str]]) -> dict[str, Any]:
    """Field results, measure and section counts of one truth document against its output rows."""
    fields = []
    for name, kind in AGREEMENT_FIELDS:
        if name not in truth:
            continue
        got = None if agreement is None else agreement.get(name, "")
        fields.append({"field": name, "expected": truth[name], "got": got,
                       "correct": field_matches(kind, truth[name], got)})
    result: dict[str, Any] = {"fields": fields, "measures": None, "measures_with_amount": None, "sections": None,
                              "participants": None}

    if isinstance(truth.get("measures"), list):
        want = [(m.get("category_code") or "", m.get("project") or "", m.get("amount_eur"))
                for m in truth["measures"]]
        have = [(r["category_code"].strip(), r["project"], r.get("amount_eur", "")) for r in measures]
        want_by_name = [((code, normalize_name(p)), f"{code} | {p}") for code, p, _ in want]
        have_by_name = [((code, normalize_name(p)), f"{code} | {p}") for code, p, _ in have]
        missing, extra = leftovers(want_by_name, have_by_name)
        result["measures"] = {
            "counts": prf(Counter(k for k, _ in want_by_name), Counter(k for k, _ in have_by_name)),
            "missing": missing,
            "extra": extra,
            # a name matched only once folded: its letter case or punctuation is wrong
            "misspelled": value_mismatches([(k, spelling(p), d) for (k, d), (_, p, _) in zip(want_by_name, want)],
                                           [(k, spelling(p), d) for (k, d), (_, p, _) in zip(have_by_name, have)]),
        }
        if all("amount_eur" in m for m in truth["measures"]):
            want_amount = [(k, amount_cents(a), d) for (k, d), (_, _, a) in zip(want_by_name, want)]
            have_amount = [(k, amount_cents(a), d) for (k, d), (_, _, a) in zip(have_by_name, have)]
            result["measures_with_amount"] = {
                "counts": prf(Counter((k, a) for k, a, _ in want_amount), Counter((k, a) for k, a, _ in have_amount)),
                "wrong_amounts": value_mismatches(want_amount, have_amount),
            }
        want_count = [(k, m["participants"], d) for (k, d), m in zip(want_by_name, truth["measures"])
                      if "participants" in m]
        if want_count:
            have_count = [(k, parse_int(r.get("participants") or ""), d) for (k, d), r in zip(have_by_name, measures)]
            result["participants"] = {"total": len(want_count), "wrong": value_mismatches(want_count, have_count)}

    if isinstance(truth.get("sections"), list):
        want_s = [((_section_number(s.get("number")), normalize_name(s.get("title") or "")),
                   f"{s.get('number')} | {s.get('title')}") for s in truth["sections"]]
        have_s = [((parse_int(r["number"]), normalize_name(r["title"])), f"{r['number'].strip()} | {r['title']}")
                  for r in sections]
        missing, extra = leftovers(want_s, have_s)
        result["sections"] = {
            "counts": prf(Counter(k for k, _ in want_s), Counter(k for k, _ in have_s)),
            "missing": missing,
            "extra": extra,
        }
    return result


def _section_number(value: Any) -> int | str | None:
    return parse_int(value) if isinstance(value, str) else value


def pick_agreement(rows: list[dict[str, str]], source_file: str) -> dict[str, str] | None:
    """The agreement row of a document: the one naming the same source file, else the first."""
    for row in rows:
        if row.get("source_file", "") == source_file:
            return row
    return rows[0] if rows else None


def evaluate(truths: Sequence[TruthDocument], output: OutputFolder) -> dict[str, Any]:
    """All figures of one evaluation as a JSON-ready dict (see the module docstring)."""
    output_files = [row["source_file"] for row in output.manifest]
    truth_names = [
        t.source_file if t.has_source_file else (resolve_stem(t.source_file, output_files) or "")
        for t in truths
    ]
    matches = match_documents(truth_names, output_files)

    field_totals = {name: [0, 0] for name, _ in AGREEMENT_FIELDS}
    totals = {"measures": [0, 0, 0], "measures_with_amount": [0, 0, 0], "sections": [0, 0, 0]}
    scored_docs = {"measures": 0, "measures_with_amount": 0, "sections": 0}
    participants = [0, 0]  # table rows whose count is right, table rows in the truth
    per_document = []
    for truth, match in zip(truths, matches):
        row = output.manifest[match] if match is not None else None
        doc_id = row["doc_id"].strip() if row else ""
        agreement = pick_agreement(output.rows_of("agreements", doc_id), row["source_file"]) if row else None
        result = evaluate_document(truth.data, agreement,
                                   output.rows_of("measures", doc_id), output.rows_of("sections", doc_id))
        for f in result["fields"]:
            field_totals[f["field"]][0] += f["correct"]
            field_totals[f["field"]][1] += 1
        if result["participants"] is not None:
            participants[0] += result["participants"]["total"] - len(result["participants"]["wrong"])
            participants[1] += result["participants"]["total"]
        for part in totals:
            if result[part] is not None:
                scored_docs[part] += 1
                totals[part] = [a + b for a, b in zip(totals[part], result[part]["counts"])]

        measures = result["measures"] or {}
        sections = result["sections"] or {}
        with_amount = result["measures_with_amount"] or {}
        per_document.append({
            "source_file": truth.source_file,
            "truth_file": truth.path,
            "output_source_file": row["source_file"] if row else None,
            "doc_id": doc_id or None,
            "status": row.get("status", "") if row else None,
            "error": row.get("error", "") if row else None,
            "has_agreement_row": agreement is not None,
            "field_errors": [{k: f[k] for k in ("field", "expected", "got")} for f in result["fields"]
                             if not f["correct"]],
            "missing_measures": measures.get("missing", []),
            "extra_measures": measures.get("extra", []),
            "misspelled_measures": [{"measure": d, "expected": w, "got": h}
                                    for d, w, h in measures.get("misspelled", [])],
            "wrong_measure_amounts": [
                {"measure": d, "expected": _euro(w), "got": _euro(h)}
                for d, w, h in with_amount.get("wrong_amounts", [])
            ],
            "wrong_measure_participants": [
                {"measure": d, "expected": w, "got": h} for d, w, h in (result["participants"] or {}).get("wrong", [])
            ],
            "missing_sections": sections.get("missing", []),
            "extra_sections": sections.get("extra", []),
            "needs_review": (agreement or {}).get("needs_review", "").strip().lower() == "true",
            "review_reasons": (agreement or {}).get("review_reasons", ""),
            "input_kind": input_kind(truth.data),
            "measure_counts": list(result["measures"]["counts"]) if result["measures"] else None,
        })

    matched_rows = {m for m in matches if m is not None}
    fields = {
        name: {"correct": c, "total": t, "accuracy": ratio(c, t)}
        for name, (c, t) in field_totals.items() if t
    }
    all_correct = sum(f["correct"] for f in fields.values())
    all_total = sum(f["total"] for f in fields.values())
    return {
        "documents": {
            "truth": len(truths),
            "matched": len(matched_rows),
            "without_output": sum(m is None for m in matches),
            "without_agreement_row": sum(not d["has_agreement_row"] for d in per_document),
            "with_errors": sum(_has_errors(d) for d in per_document),
            "manifest_rows": len(output.manifest),
            "outputs_without_truth": [
                row["source_file"] for i, row in enumerate(output.manifest) if i not in matched_rows
            ],
            "status_counts": dict(sorted(Counter(row["status"].strip() for row in output.manifest).items())),
        },
        "fields": fields,
        "fields_overall": {"correct": all_correct, "total": all_total, "accuracy": ratio(all_correct, all_total)},
        "measures": {**scores(*totals["measures"]), "documents": scored_docs["measures"]},
        "measures_with_amount": {**scores(*totals["measures_with_amount"]),
                                 "documents": scored_docs["measures_with_amount"]},
        "sections": {**scores(*totals["sections"]), "documents": scored_docs["sections"]},
        "participants": {"correct": participants[0], "total": participants[1],
                         "accuracy": ratio(participants[0], participants[1])},
        "misspelled_names": sum(len(d["misspelled_measures"]) for d in per_document),
        "trust": trust(per_document),
        "by_input_kind": by_input_kind(per_document),
        "per_document": per_document,
        "warnings": list(output.warnings),
    }


def trust(per_document: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The review promise: in agreements with needs_review = false every value must be right.

    ``flagged`` counts agreements with needs_review = true; ``unflagged_wrong`` lists the
    agreements that were not flagged yet have any wrong field, measure or section.
    """
    with_rows = [d for d in per_document if d["has_agreement_row"]]
    flagged = [d for d in with_rows if d["needs_review"]]
    unflagged_wrong = [d["source_file"] for d in with_rows if not d["needs_review"] and _has_errors(d)]
    flagged_right = [d["source_file"] for d in flagged if not _has_errors(d)]
    return {
        "agreements": len(with_rows),
        "flagged": len(flagged),
        "flagged_share": ratio(len(flagged), len(with_rows)),
        "unflagged_wrong": unflagged_wrong,
        "flagged_but_right": len(flagged_right),
    }


def input_kind(truth: dict) -> str:
    """What kind of input a generated document was, from its truth's ``scan`` record ("" without one).

    >>> input_kind({"scan": {"format": "tiff", "dpi": 200, "bilevel": True, "text_layer": "none"}})
    'tiff 200 dpi 1-bit'
    >>> input_kind({"scan": {"format": "pdf-image", "dpi": 300, "bilevel": False, "text_layer": "noisy"}})
    'pdf-image 300 dpi + noisy text layer'
    >>> input_kind({"scan": {"format": "txt"}}), input_kind({})
    ('txt', '')
    """
    scan = truth.get("scan") or {}
    kind = str(scan.get("format") or "")
    if scan.get("dpi"):
        kind += f" {scan['dpi']} dpi"
    if scan.get("bilevel"):
        kind += " 1-bit"
    if scan.get("text_layer") == "noisy":
        kind += " + noisy text layer"
    return kind


def by_input_kind(per_document: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Documents, error-free documents and measures F1 per input kind (generated sets only)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for doc in per_document:
        if doc.get("input_kind"):
            groups.setdefault(doc["input_kind"], []).append(doc)
    out = {}
    for kind, docs in sorted(groups.items()):
        counts = [sum(c) for c in zip(*(d["measure_counts"] for d in docs if d["measure_counts"]))] or [0, 0, 0]
        out[kind] = {"documents": len(docs), "without_errors": sum(not _has_errors(d) for d in docs),
                     "flagged": sum(d["needs_review"] for d in docs), "measures": scores(*counts)}
    return out


def _euro(cents: int | str | None) -> float | str | None:
    return cents / 100 if isinstance(cents, int) else cents


def _has_errors(doc: dict[str, Any]) -> bool:
    keys = ("field_errors", "missing_measures", "extra_measures", "misspelled_measures", "wrong_measure_amounts",
            "wrong_measure_participants", "missing_sections", "extra_sections")
    return not doc["has_agreement_row"] or any(doc[k] for k in keys)


# ---------------------------------------------------------------- report


def show(value: Any) -> str:
    """A value for the report: (empty) for null or blank, whole numbers without '.0'."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "(empty)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}"


def format_document(doc: dict[str, Any]) -> list[str]:
    """The error block of one document."""
    state = f"status {doc['status'] or '(empty)'}" if doc["status"] is not None else "no manifest row"
    if doc.get("error"):
        state += f": {doc['error']}"
    lines = [f"== {doc['source_file']}  (truth {doc['truth_file']}; doc_id {doc['doc_id'] or '-'}; {state})"]
    if doc.get("needs_review"):
        lines.append(f"  flagged for review: {doc.get('review_reasons') or '(no reason given)'}")
    if not doc["has_agreement_row"]:
        lines.append("  no agreement row in the output: all fields count as wrong")
    for f in doc["field_errors"]:
        got = "(no output)" if f["got"] is None else show(f["got"])
        lines.append(f"  {f['field']}: expected {show(f['expected'])}, got {got}")
    lines += [f"  missing measure: {m}" for m in doc["missing_measures"]]
    lines += [f"  extra measure: {m}" for m in doc["extra_measures"]]
    lines += [f"  name of {w['measure']}: got {w['got']!r}" for w in doc.get("misspelled_measures", [])]
    lines += [f"  measure amount of {w['measure']}: expected {show(w['expected'])}, got {show(w['got'])}"
              for w in doc["wrong_measure_amounts"]]
    lines += [f"  participants of {w['measure']}: expected {show(w['expected'])}, got {show(w['got'])}"
              for w in doc.get("wrong_measure_participants", [])]
    lines += [f"  missing section: {s}" for s in doc["missing_sections"]]
    lines += [f"  extra section: {s}" for s in doc["extra_sections"]]
    return lines


def format_report(report: dict[str, Any], quiet: bool = False) -> str:
    """The printed report; ``quiet`` leaves out the per-document error blocks."""
    lines: list[str] = []
    if not quiet:
        for doc in report["per_document"]:
            if _has_errors(doc):
                lines += format_document(doc) + [""]

    lines.append("Field accuracy")
    lines.append(f"  {'field':<22}{'correct':>8}{'total':>7}{'%':>8}")
    for name, f in report["fields"].items():
        lines.append(f"  {name:<22}{f['correct']:>8}{f['total']:>7}{percent(f['accuracy']):>8}")
    overall = report["fields_overall"]
    lines.append(f"  {'all fields':<22}{overall['correct']:>8}{overall['total']:>7}{percent(overall['accuracy']):>8}")
    lines.append("")

    lines.append(f"{'Items (micro-averaged)':<30}{'docs':>5}{'tp':>6}{'fp':>6}{'fn':>6}"
                 f"{'P %':>8}{'R %':>8}{'F1 %':>8}")
    for label, key in (("measures (code, project)", "measures"), ("measures + amount_eur", "measures_with_amount"),
                       ("sections (number, title)", "sections")):
        s = report[key]
        lines.append(f"  {label:<28}{s['documents']:>5}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
                     f"{percent(s['precision']):>8}{percent(s['recall']):>8}{percent(s['f1']):>8}")
    counts = report.get("participants") or {}
    if counts.get("total"):
        lines.append(f"  participants of table rows: {counts['correct']} of {counts['total']} right "
                     f"({percent(counts['accuracy'])} %)")
    if report.get("misspelled_names"):
        lines.append(f"  measure names found but misspelled (case, punctuation): {report['misspelled_names']}")
    lines.append("")

    t = report["trust"]
    lines.append("Review flags (needs_review)")
    lines.append(f"  agreements {t['agreements']}, flagged {t['flagged']} ({percent(t['flagged_share'])} %), "
                 f"flagged but right {t['flagged_but_right']}, NOT flagged but wrong {len(t['unflagged_wrong'])}")
    for name in t["unflagged_wrong"]:
        lines.append(f"    unflagged with errors: {name}")
    lines.append("")

    if report.get("by_input_kind"):
        lines.append(f"{'By input kind':<44}{'docs':>5}{'right':>7}{'flagged':>9}{'measures F1 %':>15}")
        for kind, k in report["by_input_kind"].items():
            lines.append(f"  {kind:<42}{k['documents']:>5}{k['without_errors']:>7}{k['flagged']:>9}"
                         f"{percent(k['measures']['f1']):>15}")
        lines.append("")

    d = report["documents"]
    lines.append("Documents")
    lines.append(f"  truth documents: {d['truth']} (matched {d['matched']}, without output {d['without_output']}, "
                 f"without agreement row {d['without_agreement_row']}, with errors {d['with_errors']})")
    lines.append(f"  manifest rows: {d['manifest_rows']} (without truth: {len(d['outputs_without_truth'])})")
    status = ", ".join(f"{k or '(empty)'} {v}" for k, v in d["status_counts"].items()) or "none"
    lines.append(f"  status: {status}")
    for warning in report["warnings"]:
        lines.append(f"  warning: {warning}")
    return "\n".join(lines)


# ---------------------------------------------------------------- CLI


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Score extractor output against truth JSON files.")
    parser.add_argument("truth", type=Path, help="folder of truth *.json files (searched recursively)")
    parser.add_argument("out", type=Path, help="extractor output folder (manifest.csv, agreements.csv, ...)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write all figures as JSON to FILE")
    parser.add_argument("--quiet", action="store_true", help="leave out the per-document error blocks")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation; the only place that maps errors to exit codes."""
    args = parse_args(argv)
    try:
        truths, notes = load_truth(args.truth)
        output = load_output(args.out)
    except UnreadableInput as e:
        print(f"evaluate: {e}", file=sys.stderr)
        return EXIT_UNREADABLE
    for note in notes:
        print(f"evaluate: {note}", file=sys.stderr)
    report = evaluate(truths, output)
    print(format_report(report, quiet=args.quiet))
    if args.json:
        try:
            args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        except OSError as e:
            print(f"evaluate: cannot write {args.json}: {e}", file=sys.stderr)
            return EXIT_UNREADABLE
    return 0


if __name__ == "__main__":
    sys.exit(main())
