"""Plain, frozen records passed between the stages of the pipeline.

Coordinates are PDF points (1/72 inch) with the origin at the top-left corner of the
page, as ``(x0, top, x1, bottom)``; ``None`` where the source has no geometry (.txt).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass

BBox = tuple[float, float, float, float]

SOURCE_TEXT_LAYER = "text_layer"
SOURCE_OCR = "ocr"
SOURCE_TXT = "txt"

STATUSES = ("ok", "partial", "failed", "duplicate", "not_agreement")
AMOUNT_ROLES = ("total", "earmark", "measure", "other")
CATEGORY_CODES = ("AV", "AB", "QP", "WB", "OTHER")


@dataclass(frozen=True)
class Line:
    """One line of page text with where it sits and how sure the OCR was."""

    text: str
    page: int
    bbox: BBox | None = None
    conf: float | None = None  # mean OCR word confidence in 0..1; None for text layers
    word_confs: tuple[float, ...] | None = None  # per word of ``text.split()``, 0..1, when OCRed

    def span_conf(self, start: int = 0, end: int | None = None) -> float:
        """The lowest OCR confidence of the words overlapping ``text[start:end]`` (1.0 without OCR)."""
        if self.word_confs is None:
            return 1.0 if self.conf is None else self.conf
        confs = [conf for _, conf in self.words_in(start, end)]
        return min(confs) if confs else (self.conf if self.conf is not None else 1.0)

    def words_in(self, start: int = 0, end: int | None = None) -> list[tuple[str, float]]:
        """The words overlapping ``text[start:end]`` with their OCR confidences (none without them)."""
        if self.word_confs is None:
            return []
        end = len(self.text) if end is None else end
        found, pos = [], 0
        for word, conf in zip(self.text.split(), self.word_confs):
            at = self.text.find(word, pos)
            pos = at + len(word)
            if at < end and pos > start:
                found.append((word, conf))
        return found


# OCR text whose own word confidences were not kept (a .txt input, a scanner's text layer):
# each word counts as this sure, below what a word needs to pass on Tesseract's say alone (0.9),
# above the review threshold (0.8), so that only words the word list doubts are flagged.
UNSCORED_WORD = 0.85


def unscored(line: Line) -> Line:
    """``line`` with the stand-in confidence of OCR text for each of its words (none for a blank line)."""
    words = len(line.text.split())
    if not words:
        return line
    return Line(line.text, line.page, line.bbox, UNSCORED_WORD, (UNSCORED_WORD,) * words)


@dataclass(frozen=True)
class PageText:
    """The text of one page and the source it came from."""

    number: int  # 1-based
    source: str  # SOURCE_TEXT_LAYER, SOURCE_OCR or SOURCE_TXT
    lines: tuple[Line, ...]
    width_pt: float | None = None
    height_pt: float | None = None
    reason: str = ""  # why this source was chosen, e.g. "no_text_layer"
    rotation: int = 0  # degrees the page was turned to read it upright
    dpi: int | None = None  # resolution the page was OCRed at

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    title_raw: str
    page: int
    text: str
    bbox: BBox | None = None


@dataclass(frozen=True)
class Amount:
    section_number: int | None
    role: str  # one of AMOUNT_ROLES
    amount_eur: float
    raw: str
    page: int
    bbox: BBox | None = None


@dataclass(frozen=True)
class Measure:
    position: int  # 1-based order within the agreement
    category_code: str  # one of CATEGORY_CODES
    category: str
    category_raw: str
    project: str
    project_raw: str
    amount_eur: float | None
    page: int
    bbox: BBox | None = None
    confidence: float = 1.0  # from the OCR word confidences under it and the category match
    participants: int | None = None  # participant count, where a table gives one
    # the confidence of its values besides the name (amount, participants, measure type): what
    # the batch's readings of the name cannot vouch for
    value_confidence: float = 1.0


@dataclass(frozen=True)
class Signature:
    party: str  # "state" or "region"
    place: str | None
    place_raw: str
    date: str | None  # ISO 8601, None when illegible
    date_raw: str
    page: int
    confidence: float = 1.0  # the weaker of place and date
    place_confidence: float = 1.0
    date_confidence: float = 1.0


@dataclass(frozen=True)
class Agreement:
    """Everything extracted from one agreement; ``*_raw`` keeps the text a value came from."""

    year: int | None
    year_raw: str
    region: str | None
    region_raw: str
    region_ags: str | None
    region_type: str | None
    ministry: str | None
    ministry_raw: str
    budget_total_eur: float | None
    sections: tuple[Section, ...] = ()
    measures: tuple[Measure, ...] = ()
    amounts: tuple[Amount, ...] = ()
    signatures: tuple[Signature, ...] = ()
    warnings: tuple[str, ...] = ()
    field_confidence: dict = field(default_factory=dict)  # field name -> 0..1
    confidence: float | None = None  # the lowest confidence of the agreement's fields
    needs_review: bool = False
    review_reasons: tuple[str, ...] = ()

    def signature(self, party: str) -> Signature | None:
        return next((s for s in self.signatures if s.party == party), None)


@dataclass(frozen=True)
class PageInfo:
    """Per-page provenance kept in the document record."""

    number: int
    source: str
    reason: str
    n_lines: int
    width_pt: float | None
    height_pt: float | None
    rotation: int = 0
    dpi: int | None = None
    ocr_conf: float | None = None


@dataclass(frozen=True)
class DocumentResult:
    """The outcome for one input file: a manifest row plus, when extracted, the agreement."""

    source_file: str
    doc_id: str
    sha256: str
    status: str  # one of STATUSES
    error_code: str = ""
    error: str = ""
    n_pages: int = 0
    n_ocr_pages: int = 0
    seconds: float = 0.0
    pages: tuple[PageInfo, ...] = ()
    agreement: Agreement | None = None
    duplicate_of: str = ""
    pipeline_version: str = ""
    extra: dict = field(default_factory=dict)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_ATOMS = (str, int, float, bool, type(None))


def as_plain(value):
    """A record as ``dataclasses.asdict`` gives it (dicts for records, containers rebuilt, the rest
    copied), at a fifth of the cost: every document's record is turned into JSON twice per run.

    >>> as_plain(Amount(4, "total", 1140300.0, "1.140.300 Euro", 2, (1.0, 2.0, 3.0, 4.0)))["bbox"]
    (1.0, 2.0, 3.0, 4.0)
    """
    cls = type(value)
    names = _FIELD_NAMES.get(cls)
    if names is not None:
        return {name: as_plain(getattr(value, name)) for name in names}
    if cls in _ATOMS:
        return value
    if cls is tuple or cls is list:
        return cls(as_plain(item) for item in value)
    if cls is dict:
        return {as_plain(key): as_plain(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        _FIELD_NAMES[cls] = tuple(f.name for f in fields(value))
        return as_plain(value)
    return copy.deepcopy(value)  # what asdict does with any other value
