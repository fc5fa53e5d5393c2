"""The one description of every output table: columns, types, units, allowed values, keys.

The writers take their column order from here, ``datapackage.json`` (a Frictionless Data Package
with Table Schema) is generated from here, ``extractor.load`` takes its dtypes from here, and
``docs/data-dictionary.md`` is rendered from here (``scripts/make_data_dictionary.py``), so the
files, the package and the documentation cannot disagree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .normalize.lexicons import KREISFREIE_STADT, LANDKREIS, regions
from .parse.parties import MAX_YEAR, MIN_YEAR
from .records import AMOUNT_ROLES, CATEGORY_CODES, STATUSES

VALUE_SOURCES = ("extracted", "manual")
# OWASP, CSV injection: a text cell starting with one of these is prefixed with a single quote.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PACKAGE_NAME = "aqb-zielvereinbarungen"


@dataclass(frozen=True)
class Column:
    """One column: its Table Schema type, meaning, unit and the values it may take."""

    name: str
    type: str  # Table Schema type: string, integer, number, boolean or date
    description: str
    unit: str | None = None  # EUR, pt (PDF point, 1/72 inch), s, or None for none
    enum: tuple[str, ...] | None = None
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None  # a regular expression the whole value matches
    categorical: bool = False  # loaded as a pandas Categorical whose categories are ``enum``
    correctable: bool = True  # may be set through corrections.csv

    @property
    def is_text(self) -> bool:
        return self.type == "string"

    def constraints(self) -> dict:
        """The Table Schema ``constraints`` of the column."""
        c: dict = {}
        if self.required:
            c["required"] = True
        if self.enum is not None:
            c["enum"] = list(self.enum)
        if self.minimum is not None:
            c["minimum"] = _plain(self.minimum)
        if self.maximum is not None:
            c["maximum"] = _plain(self.maximum)
        if self.pattern is not None:
            c["pattern"] = self.pattern
        return c

    def check(self, value) -> str | None:
        """Why ``value`` (already of the column's Python type) is not allowed here, or None.

        >>> YEAR.check(2024) is None, YEAR.check(1999)
        (True, 'below the minimum 2008')
        """
        if value is None:
            return "a value is required" if self.required else None
        if self.enum is not None and value not in self.enum:
            return f"not one of {', '.join(self.enum)}"
        if self.minimum is not None and value < self.minimum:
            return f"below the minimum {_plain(self.minimum)}"
        if self.maximum is not None and value > self.maximum:
            return f"above the maximum {_plain(self.maximum)}"
        if self.pattern is not None and not re.fullmatch(self.pattern, str(value)):
            return f"does not match {self.pattern}"
        return None


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One output table (``<name>.csv``) with its keys and row order."""

    name: str
    description: str
    row_order: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _plain(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


# --- columns shared by several tables -------------------------------------------------------------

DOC_ID_PATTERN = r"[0-9a-f]{16}"
AGS_VALUES = tuple(r.ags for r in regions())

DOC_ID = Column("doc_id", "string", "Identifier of the document: the first 16 hex digits of the SHA-256 of the "
                "input file. The same file gets the same doc_id under any name and in any run.",
                required=True, pattern=DOC_ID_PATTERN, correctable=False)
YEAR = Column("year", "integer", "Year the agreement is for (the budget year in its title; the year the running "
              "text gives, at least twice and no other, where the title's differs from it in one digit: a "
              "misread digit), empty when not read.",
              minimum=MIN_YEAR, maximum=MAX_YEAR)
REGION_AGS = Column("region_ags", "string", "Amtlicher Gemeindeschlüssel (AGS) of the Landkreis or kreisfreie "
                    "Stadt, five digits with the leading zero (Hessen is 06); empty when the region was not "
                    "recognised. Read it as text, never as a number.", enum=AGS_VALUES)
PAGE = Column("page", "integer", "Page of the source file the item is on (1 = first page).", minimum=1)
BBOX = (
    Column("bbox_x0", "number", "Left edge of the item's bounding box on its page, from the page's left edge; "
           "empty when the source has no geometry (.txt input).", unit="pt"),
    Column("bbox_top", "number", "Top edge of the bounding box, from the page's top edge (y grows downwards).",
           unit="pt"),
    Column("bbox_x1", "number", "Right edge of the bounding box, from the page's left edge.", unit="pt"),
    Column("bbox_bottom", "number", "Bottom edge of the bounding box, from the page's top edge.", unit="pt"),
)
CONFIDENCE_RANGE = {"minimum": 0, "maximum": 1}
VALUE_SOURCE = Column("value_source", "string", "'manual' when at least one value of the row comes from "
                      "corrections.csv (see manual_fields), else 'extracted'.", enum=VALUE_SOURCES,
                      required=True, categorical=True, correctable=False)
MANUAL_FIELDS = Column("manual_fields", "string", "The columns of this row set by corrections.csv, ';'-joined "
                       "in column order; empty when none.", correctable=False)
CORRECTION_TAIL = (VALUE_SOURCE, MANUAL_FIELDS)


# --- the tables -----------------------------------------------------------------------------------

MANIFEST = Table(
    "manifest",
    "One row per input file, whatever happened to it: extracted, failed, a duplicate of another file, "
    "or not an agreement.",
    "source_file",
    (
        Column("source_file", "string", "The input file as given or found (path). Bytes of a file name that "
               "are not UTF-8 are written as \\xNN.", required=True),
        Column("doc_id", "string", "doc_id of the file's content (see agreements); empty when the file could "
               "not be read. A duplicate has the doc_id of its original.", pattern=DOC_ID_PATTERN),
        Column("sha256", "string", "SHA-256 of the file's bytes, hex.", pattern=r"[0-9a-f]{64}"),
        Column("status", "string", "ok: extracted; partial: extracted with gaps; failed: see error_code; "
               "duplicate: same bytes as duplicate_of; not_agreement: readable but not a Zielvereinbarung.",
               enum=STATUSES, required=True, categorical=True),
        Column("error_code", "string", "Stable code of the error of a failed file (for example not_found, "
               "unreadable, corrupt, encrypted, empty, too_large, unsupported, timeout, ocr_failed, "
               "internal); empty otherwise."),
        Column("error", "string", "What went wrong and what to do about it; empty when nothing went wrong."),
        Column("n_pages", "integer", "Pages in the file.", minimum=0),
        Column("n_ocr_pages", "integer", "Pages whose text came from OCR (the others from a text layer or .txt).",
               minimum=0),
        Column("seconds", "number", "Time spent extracting the file (kept from the cache on a re-run).",
               unit="s", minimum=0),
        Column("duplicate_of", "string", "For a duplicate: the source_file of the original; else empty."),
        Column("pipeline_version", "string", "Version of the extractor and its pipeline that read the file."),
    ),
)

AGREEMENTS = Table(
    "agreements",
    "One row per extracted agreement (duplicates and failures only in manifest).",
    "region_ags, year, doc_id",
    (
        DOC_ID,
        Column("source_file", "string", "The input file the agreement was read from.", required=True),
        YEAR,
        Column("region", "string", "Name of the Landkreis or kreisfreie Stadt, as in the official list."),
        REGION_AGS,
        Column("region_type", "string", "Landkreis or kreisfreie Stadt.", enum=(LANDKREIS, KREISFREIE_STADT),
               categorical=True),
        Column("ministry", "string", "The Hessian ministry that signed, in the nominative."),
        Column("budget_total_eur", "number", "Total budget granted to the region for the year (§ Haushaltsmittel).",
               unit="EUR", minimum=0),
        Column("signed_place_state", "string", "Where the ministry signed."),
        Column("signed_date_state", "date", "When the ministry signed; empty when illegible or absent."),
        Column("signed_place_region", "string", "Where the region signed."),
        Column("signed_date_region", "date", "When the region signed; empty when illegible or absent."),
        Column("n_measures", "integer", "Number of rows of this agreement in measures.", minimum=0),
        Column("n_sections", "integer", "Number of rows of this agreement in sections.", minimum=0),
        Column("earmarks_total_eur", "number", "Sum of the earmarked amounts (amounts with role earmark); empty "
               "when the agreement earmarks nothing.", unit="EUR", minimum=0),
        Column("status", "string", "ok or partial (see manifest).", enum=STATUSES, required=True, categorical=True),
        Column("confidence", "number", "Lowest confidence of the agreement's fields, 0 (a guess) to 1 (sure), from "
               "OCR word confidences and lexicon match scores.", **CONFIDENCE_RANGE),
        Column("needs_review", "boolean", "true when a self-check failed or a confidence is low: look at the "
               "document (extractor review) before trusting the row."),
        Column("review_reasons", "string", "Why the row needs review, ';'-joined codes: missing_year, "
               "missing_region, missing_budget, missing_ministry, missing_signature (fewer than two signing places "
               "found), no_measures, no_sections, earmarks_exceed_total, "
               "measure_amounts_exceed_total, measure_amounts_below_total (every measure has an amount and they "
               "add up to less than the total), measure_amount_missing (a measure without an amount among "
               "priced ones of its type), year_mismatch_text, year_mismatch_date, region_mismatch, "
               "section_numbers, empty_category (a type with no projects and no 'keine', or an official type "
               "missing from the list), unread_measure_lines, list_gap (space for a line above an "
               "item of a measures list, or above a type heading more than above the others, where OCR may "
               "have lost one), section_title_in_text, "
               "unknown_section_title, unread_date, unsure_measure_type (a type heading too garbled to match, "
               "taken for the closest type, a type of its own that names no kind of measures, or items above "
               "the first type heading, given the type before it by the order of the types), two_items_in_one "
               "(a table row whose wrapped second line reads like an item of its own), split_items (an item whose "
               "wrapped line reads like an item of its own, the second's glyph lost: taken for two items, each in "
               "doubt; dropped when the batch's other documents read every measure's name surely), unread_page (an OCR page "
               "read as little but noise: mean word confidence below 0.5), lost_section_heading (the "
               "opening sentence of a standard section stands in another section's text), "
               "low_confidence:<field> (year, region, ministry, budget_total_eur, signed_place_state, "
               "signed_place_region, signed_date_state, signed_date_region: read doubtfully), "
               "low_confidence:measures (a measure's name, amount or count read doubtfully, and not settled by "
               "the batch's other documents)."),
    ) + CORRECTION_TAIL,
    primary_key=("doc_id",),
)

MEASURES = Table(
    "measures",
    "One row per funded measure (project) listed in an agreement.",
    "as agreements, then position",
    (
        DOC_ID,
        Column("year", "integer", "The agreement's year (copied from agreements for convenience).",
               minimum=MIN_YEAR, maximum=MAX_YEAR),
        Column("region_ags", "string", "The agreement's AGS (copied from agreements), text with the leading zero.",
               enum=AGS_VALUES),
        Column("position", "integer", "Order of the measure within the agreement, from 1.", required=True,
               minimum=1, correctable=False),
        Column("category_code", "string", "Measure type: AV Ausbildungs- und Qualifizierungsvorbereitung, "
               "AB Ausbildung und Ausbildungscoaching, QP Qualifizierungsprojekte, WB Weiterbildung des "
               "Personals, OTHER any other heading.", enum=CATEGORY_CODES, required=True, categorical=True),
        Column("category", "string", "The category's canonical name (OTHER: the heading as printed)."),
        Column("project", "string", "The project's name with known OCR confusions repaired and marks OCR read "
               "from specks removed (a dash, quote, backslash, a bullet read as a letter or a digit alone before it, stray full "
               "stops, a lone apostrophe, a hyphen hanging before a little word or set apart from a compound's "
               "parts); a name read "
               "doubtfully takes the close spelling other documents of the batch read confidently, where exactly "
               "one fits and, where it writes a word no list knows, at least two read it (project_read keeps "
               "this document's reading)."),
        Column("project_raw", "string", "The project's name as read from the page."),
        Column("amount_eur", "number", "Amount granted to the measure, where the agreement gives one.", unit="EUR",
               minimum=0),
        PAGE,
        Column("confidence", "number", "Confidence of the measure, 0 to 1, from the OCR word confidences under it "
               "and the category match; a doubtful name that took the spelling other documents read confidently "
               "carries their confidence, and a name no document read confidently but at least three read alike "
               "the confidence of their readings together (1 - the product of their doubts, at most 0.9), no "
               "more than that of its amount and participant count; amounts that "
               "add up to the budget total (every measure priced) count as sure; an amount whose currency was read "
               "as noise, whose digits a space set apart, or that opens with a 1 and closes a parenthesis never "
               "opened, and a participant count read below "
               "0.85, between specks or repaired from letters counts 0.6, a table row without the count the other "
               "rows give 0.5; every count cell is read a second time on its own, digits only: the same digits read "
               "at 0.85 or more count at least 0.9, digits read where the first reading held specks, or a number "
               "that differs from a sure second reading, 0.6; an amount, date or year read below 0.85 is read a "
               "second time on its own, and the same digits read at 0.9 or more count at least 0.9.",
               **CONFIDENCE_RANGE),
        Column("participants", "integer", "Number of participants, where a table in the agreement gives one.",
               minimum=0),
    ) + BBOX + (
        Column("project_key", "string", "The same project across years and OCR spellings within a region: "
               "region_ags, '-', and 8 hex digits of a hash of the project's most frequent normalised name "
               "(see projects). Empty when the region or the name is unknown."),
    ) + CORRECTION_TAIL + (
        Column("project_read", "string", "The project's name as this document reads it, repaired, before it was "
               "compared with the names the other documents of the batch read (see project, name_support)."),
        Column("name_support", "integer", "How many other documents of the batch read this project name "
               "confidently (0: the name rests on this document alone).", minimum=0),
    ),
    primary_key=("doc_id", "position"),
    foreign_keys=(ForeignKey(("doc_id",), "agreements", ("doc_id",)),
                  ForeignKey(("project_key",), "projects", ("project_key",))),
)

SECTIONS = Table(
    "sections",
    "One row per numbered section (§) of an agreement.",
    "as agreements, then number",
    (
        DOC_ID,
        Column("number", "integer", "The section number (§ n).", required=True, minimum=1, correctable=False),
        Column("title", "string", "The heading's title, snapped to the known titles where one matches."),
        Column("title_raw", "string", "The heading's title as read from the page."),
        PAGE,
        Column("text", "string", "The section's body text, lines joined with spaces."),
    ) + BBOX + CORRECTION_TAIL,
    primary_key=("doc_id", "number"),
    foreign_keys=(ForeignKey(("doc_id",), "agreements", ("doc_id",)),),
)

AMOUNTS = Table(
    "amounts",
    "One row per money amount found in an agreement's budget sections.",
    "as agreements, then position",
    (
        DOC_ID,
        Column("section_number", "integer", "The section the amount is in; empty when outside any section.",
               minimum=1),
        Column("role", "string", "total: the budget; earmark: a part earmarked for a purpose; measure: granted to "
               "one measure; other: any other amount.", enum=AMOUNT_ROLES, required=True, categorical=True),
        Column("amount_eur", "number", "The amount.", unit="EUR", minimum=0),
        Column("raw", "string", "The amount as printed."),
        PAGE,
    ) + BBOX + (
        Column("position", "integer", "Order of the amount within the agreement, from 1 (the order of the "
               "document's JSON record).", required=True, minimum=1, correctable=False),
    ) + CORRECTION_TAIL,
    primary_key=("doc_id", "position"),
    foreign_keys=(ForeignKey(("doc_id",), "agreements", ("doc_id",)),),
)

PROJECTS = Table(
    "projects",
    "One row per project_key: the same project across years and OCR spellings within one region.",
    "region_ags, name, project_key",
    (
        Column("project_key", "string", "The key measures.project_key refers to.", required=True,
               correctable=False),
        Column("region_ags", "string", "The region the project runs in.", enum=AGS_VALUES),
        Column("name", "string", "The most frequent spelling of the name (ties: the earliest year, then "
               "alphabetical).", required=True),
        Column("names_seen", "string", "Every spelling seen, as read and as reconciled (measures.project_read, "
               "project), ';'-joined, sorted."),
        Column("first_year", "integer", "First year the project appears.", minimum=MIN_YEAR, maximum=MAX_YEAR),
        Column("last_year", "integer", "Last year the project appears.", minimum=MIN_YEAR, maximum=MAX_YEAR),
        Column("n_years", "integer", "Number of distinct years the project appears in.", minimum=0),
        Column("n_measures", "integer", "Number of measures rows with this key.", minimum=1),
    ),
    primary_key=("project_key",),
)

TABLES: dict[str, Table] = {t.name: t for t in (MANIFEST, AGREEMENTS, MEASURES, SECTIONS, AMOUNTS, PROJECTS)}

# --- what the user edits, and what the run says about it ------------------------------------------

CORRECTIONS = Table(
    "corrections",
    "Written once with only its header; you add one row per value to correct. Applied on every run; never "
    "overwritten.",
    "as you write it (a later row for the same value wins)",
    (
        Column("doc_id", "string", "The document (doc_id of agreements).", required=True),
        Column("table", "string", "The table of the value.", required=True,
               enum=("agreements", "measures", "sections", "amounts")),
        Column("key", "string", "The row within the document: agreements: empty (or the doc_id); measures: "
               "position; sections: number; amounts: position."),
        Column("field", "string", "The column to set.", required=True),
        Column("value", "string", "The correct value, written as in the table's CSV (numbers with '.' or ',' as "
               "decimal mark, dates as YYYY-MM-DD or DD.MM.YYYY, booleans true/false). Empty sets the value "
               "to unknown."),
        Column("note", "string", "Why; free text, kept in the report and the document's JSON record."),
    ),
)

CORRECTION_STATUSES = ("applied", "unknown_document", "target_missing", "unknown_table", "unknown_field",
                       "not_correctable", "bad_key", "invalid_value", "superseded")

CORRECTIONS_REPORT = Table(
    "corrections_report",
    "Every row of corrections.csv and what became of it, rewritten on every run. A correction whose "
    "target no longer exists is listed here with its reason, never dropped silently.",
    "line",
    (
        Column("line", "integer", "Line of the correction in corrections.csv (the header is line 1).",
               required=True, minimum=2),
        *CORRECTIONS.columns,
        Column("status", "string", "applied, or why not: unknown_document (no agreement with this doc_id), "
               "target_missing (no row with this key), unknown_table, unknown_field, not_correctable "
               "(a key or derived column), bad_key, invalid_value, superseded (a later line sets the same "
               "value).", enum=CORRECTION_STATUSES, required=True),
        Column("extracted", "string", "For an applied correction: the value as extracted, as in the CSV."),
        Column("message", "string", "For a correction not applied: what to fix."),
    ),
)


# --- CSV dialects ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvDialect:
    name: str
    delimiter: str
    line_terminator: str
    decimal: str
    bom: bool

    @property
    def encoding(self) -> str:
        return "utf-8-sig" if self.bom else "utf-8"


DIALECTS = {
    "standard": CsvDialect("standard", ",", "\n", ".", False),
    # German Excel: ';' between cells, ',' as decimal mark, and a BOM so that it reads UTF-8.
    "excel-de": CsvDialect("excel-de", ";", "\r\n", ",", True),
}


# --- Table Schema and Data Package ----------------------------------------------------------------


def field_descriptor(column: Column, dialect: CsvDialect) -> dict:
    """The Table Schema field of a column."""
    field = {"name": column.name, "type": column.type, "description": column.description}
    if column.unit:
        field["unit"] = column.unit
    if column.type == "date":
        field["format"] = "default"  # ISO 8601, YYYY-MM-DD
    if column.type == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    if column.type == "number" and dialect.decimal != ".":
        field["decimalChar"] = dialect.decimal
    constraints = column.constraints()
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(table: Table, dialect: CsvDialect) -> dict:
    """The Table Schema of a table: fields, missing values, primary and foreign keys."""
    schema: dict = {"fields": [field_descriptor(c, dialect) for c in table.columns], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(fk.fields), "reference": {"resource": fk.table, "fields": list(fk.reference_fields)}}
            for fk in table.foreign_keys
        ]
    return schema


def data_package(dialect_name: str = "standard", version: str = "") -> dict:
    """The Frictionless Data Package describing the CSV tables of an output folder."""
    dialect = DIALECTS[dialect_name]
    resources = []
    for table in TABLES.values():
        resource = {
            "name": table.name, "path": f"{table.name}.csv", "profile": "tabular-data-resource",
            "description": table.description, "format": "csv", "mediatype": "text/csv",
            "encoding": dialect.encoding,
            "dialect": {"delimiter": dialect.delimiter, "lineTerminator": dialect.line_terminator,
                        "quoteChar": '"', "doubleQuote": True, "header": True},
            "schema": table_schema(table, dialect),
        }
        resources.append(resource)
    package = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Hessian AQB target agreements (Zielvereinbarungen), extracted",
        "description": ("Tables extracted from scanned Zielvereinbarungen of the Hessian Ausbildungs- und "
                        "Qualifizierungsbudget (AQB) by extractor. See docs/data-dictionary.md."),
    }
    if version:
        package["version"] = version
    package["x-csv-dialect"] = dialect.name
    package["resources"] = resources
    return package


# --- values in cells --------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """A text cell made safe for spreadsheets (OWASP CSV injection): a leading quote before a formula.

    A text that already starts with quotes and then a trigger gets one more quote, so that
    ``restore`` gives back the true text in every case.

    >>> [neutralise(t) for t in ("=SUM(A1)", "-5 %", "'=x", "Café", "'s Hertogenbosch")]
    ["'=SUM(A1)", "'-5 %", "''=x", 'Café', "'s Hertogenbosch"]
    """
    if text.lstrip("'").startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def restore(text: str) -> str:
    """The true text of a cell written by ``neutralise``.

    >>> [restore(t) for t in ("'=SUM(A1)", "''=x", "'s Hertogenbosch", "Café")]
    ['=SUM(A1)', "'=x", "'s Hertogenbosch", 'Café']
    """
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


_GERMAN_NUMBER = re.compile(r"""
    [-+]?                 # sign
    [1-9]\d{0,2}(?:\.\d{3})+   # thousands grouped with dots: 1.140.300 (not 0.500)
    (?:,\d+)?             # decimal comma
    |[-+]?\d+,\d+         # or no grouping, decimal comma: 1140300,5
    """, re.VERBOSE)
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
TRUE_WORDS = ("true", "1", "yes", "ja", "wahr")
FALSE_WORDS = ("false", "0", "no", "nein", "falsch")


def parse_value(column: Column, text: str):
    """A value typed by hand (corrections.csv) as the column's Python value; ValueError when it is not one.

    >>> [parse_value(YEAR, t) for t in ("2019", " 2019 ", "")]
    [2019, 2019, None]
    >>> amount = MEASURES.column("amount_eur")
    >>> [parse_value(amount, t) for t in ("1140300", "1.140.300,50", "1140300,5", "12.5")]
    [1140300.0, 1140300.5, 1140300.5, 12.5]
    >>> signed = AGREEMENTS.column("signed_date_state")
    >>> [parse_value(signed, t) for t in ("2024-03-12", "12.03.2024")]
    ['2024-03-12', '2024-03-12']
    """
    text = text.strip() if column.type != "string" else text
    if text == "" or (column.type == "string" and text.strip() == ""):
        value = None
    elif column.type == "string":
        value = text
    elif column.type == "integer":
        number = float(text.replace(",", "."))
        if not number.is_integer():
            raise ValueError(f"{text!r} is not a whole number")
        value = int(number)
    elif column.type == "number":
        if _GERMAN_NUMBER.fullmatch(text):
            text = text.replace(".", "").replace(",", ".")
        value = float(text)
    elif column.type == "boolean":
        word = text.lower()
        if word not in TRUE_WORDS + FALSE_WORDS:
            raise ValueError(f"{text!r} is not true or false")
        value = word in TRUE_WORDS
    elif column.type == "date":
        german = _GERMAN_DATE.fullmatch(text)
        if german:
            day, month, year = (int(g) for g in german.groups())
            value = date(year, month, day).isoformat()
        else:
            value = date.fromisoformat(text).isoformat()
    else:  # pragma: no cover - every type of the schema is handled above
        raise ValueError(f"unknown type {column.type}")
    problem = column.check(value)
    if problem:
        raise ValueError(f"{text!r}: {problem}")
    return value
