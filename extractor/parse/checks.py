"""Self-checks that need no ground truth: each failed check is a review reason.

A researcher can use an agreement with ``needs_review = false`` without rereading the scan;
everything doubtful must therefore show up here, as a short stable code.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..normalize.regions import resolve_region
from ..records import SOURCE_OCR, Agreement, PageText
from .parties import parse_year
from .signatures import partly_legible

# Below this, a value read by OCR is not trusted without a look at the scan.
MIN_CONFIDENCE = 0.80
SPLIT_ITEMS = "split_items"  # a line read as two items run together, split in two, each piece in doubt

REGION_MENTION = re.compile(
    r"((?:Der|Die|der|die|des|dem)\s+(?:(?:Land)?[Kk]reis(?:es)?|(?:Wissenschafts|Landeshaupt)?[Ss]tadt)\s+"
    r"[A-ZÄÖÜ][\w\-]+(?:\s+am\s+Main)?|(?:Der|Die|der|die|des|dem)\s+[A-ZÄÖÜ][\w\-]*[Kk]reis(?:es)?)"
)
YEAR_IN_TEXT = re.compile(
    r"(?:Qualifizierungsbudgets?|Budgets?|im\s+Jahr(?:e)?|für\s+das\s+Jahr)\s+(2[0O]\d[\dO])(?![\d.])", re.IGNORECASE
)


@dataclass(frozen=True)
class Evidence:
    """What the parser saw beside the values: for cross-checks."""

    body_text: str  # the text of every section
    measure_text: str  # the text of the measures section, "" if none
    empty_categories: tuple[str, ...]  # category headings with no projects and no "keine", official types missing
    unread_measure_lines: tuple[str, ...] = ()  # name-like lines in the lists that became no item
    stray_titles: tuple[str, ...] = ()  # section titles standing inside another section's text
    unknown_titles: tuple[str, ...] = ()  # section titles that match no known title (read as printed)
    unsure_types: tuple[str, ...] = ()  # headings whose measure type is a guess (garbled, or a type of its own)
    two_items: tuple[str, ...] = ()  # measures that may be two items run together (table rows)
    split_items: tuple[str, ...] = ()  # measures split off a line that read as two items
    unread_pages: tuple[int, ...] = ()  # OCR pages read as little but doubtful words (unread_pages())
    lost_headings: tuple[str, ...] = ()  # standard sections whose opening stands in another's text
    list_gaps: tuple[str, ...] = ()  # items with space for a lost line above them (measures.list_gaps)


# An OCR page whose words average below this confidence was not read: specks and noise
# taken for words (a page of one heading on a grainy scan read as "er SR ER Eu" at 0.2-0.5).
# Pages of agreements read at 0.53-1.0 on the hard sample sets, faxes included.
UNREAD_PAGE_CONFIDENCE = 0.5
MIN_PAGE_WORDS = 10  # fewer words are a blank page's dust, not a page of text


def unread_pages(pages: Sequence[PageText]) -> tuple[int, ...]:
    """Numbers of the OCR pages with at least MIN_PAGE_WORDS words whose mean confidence is below
    UNREAD_PAGE_CONFIDENCE: what the page says is not in the text."""
    found = []
    for page in pages:
        if page.source != SOURCE_OCR:
            continue  # text layers and .txt carry no confidences of their own
        words = [(line.conf or 0.0, len(line.text.split())) for line in page.lines if line.text]
        n_words = sum(n for _, n in words)
        if n_words >= MIN_PAGE_WORDS and sum(c * n for c, n in words) / n_words < UNREAD_PAGE_CONFIDENCE:
            found.append(page.number)
    return tuple(found)


def years_in_text(text: str) -> set[int]:
    """Years the running text gives for the budget ("Qualifizierungsbudget 2024", "im Jahr 2024").

    >>> sorted(years_in_text("Im Jahr 2024 ... aus dem Ausbildungs- und Qualifizierungsbudget 2024"))
    [2024]
    """
    return {y for m in YEAR_IN_TEXT.finditer(text) if (y := parse_year(m.group(1)))}


def regions_in_text(text: str) -> set[str]:
    """AGS codes of the regions a text names with a type word or a -kreis name."""
    found = set()
    for m in REGION_MENTION.finditer(text):
        match = resolve_region(m.group(1), text)
        if match and match.score >= 90:
            found.add(match.region.ags)
    return found


def unpriced_among_priced(measures) -> bool:
    """Whether a measure type lists priced projects and, among them, one without an amount:
    an amount OCR made unreadable, not a list that prices nothing.

    >>> from types import SimpleNamespace as M
    >>> unpriced_among_priced([M(category_code="AB", amount_eur=a) for a in (163000.0, None, 124500.0)])
    True
    >>> unpriced_among_priced([M(category_code="AB", amount_eur=None), M(category_code="QP", amount_eur=5e4)])
    False
    """
    by_type: dict[str, list[bool]] = {}
    for m in measures:
        by_type.setdefault(m.category_code, []).append(m.amount_eur is not None)
    return any(sum(priced) >= 2 and not all(priced) for priced in by_type.values())


def review_reasons(a: Agreement, evidence: Evidence) -> list[str]:
    """Every self-check the agreement fails, as codes."""
    reasons: list[str] = []
    for name, value in (("year", a.year), ("region", a.region_ags), ("budget", a.budget_total_eur)):
        if value is None:
            reasons.append(f"missing_{name}")
    if a.ministry is None:
        reasons.append("missing_ministry")
    if len(a.signatures) < 2:
        reasons.append("missing_signature")  # one block found: whose it is was a guess
    if not a.measures:
        reasons.append("no_measures")
    if not a.sections:
        reasons.append("no_sections")

    earmarks = [x.amount_eur for x in a.amounts if x.role == "earmark"]
    if a.budget_total_eur is not None and sum(earmarks) > a.budget_total_eur:
        reasons.append("earmarks_exceed_total")
    measure_amounts = [m.amount_eur for m in a.measures if m.amount_eur is not None]
    if a.budget_total_eur is not None and sum(measure_amounts) > a.budget_total_eur + 0.5:
        reasons.append("measure_amounts_exceed_total")
    elif a.budget_total_eur is not None and a.measures and len(measure_amounts) == len(a.measures) \
            and sum(measure_amounts) < a.budget_total_eur - 0.5:
        reasons.append("measure_amounts_below_total")  # every measure priced, yet money left over: a misread digit?
    if unpriced_among_priced(a.measures):
        reasons.append("measure_amount_missing")  # "46,500,00 €" read as no amount beside priced siblings

    if a.year is not None:
        text_years = years_in_text(evidence.body_text)
        if text_years and text_years != {a.year}:
            reasons.append("year_mismatch_text")
        for sig in a.signatures:
            if sig.date and not (a.year - 1 <= int(sig.date[:4]) <= a.year):
                reasons.append("year_mismatch_date")
                break

    if a.region_ags is not None and evidence.measure_text:
        named = regions_in_text(evidence.measure_text)
        if named and a.region_ags not in named:
            reasons.append("region_mismatch")

    numbers = [s.number for s in a.sections]
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        reasons.append("section_numbers")
    if evidence.empty_categories:
        reasons.append("empty_category")
    if evidence.unread_measure_lines:
        reasons.append("unread_measure_lines")
    if evidence.list_gaps:
        reasons.append("list_gap")
    if evidence.stray_titles:
        reasons.append("section_title_in_text")
    if evidence.unknown_titles:
        reasons.append("unknown_section_title")
    if any(sig.date is None and partly_legible(sig.date_raw, a.year) for sig in a.signatures):
        reasons.append("unread_date")
    if evidence.unsure_types:
        reasons.append("unsure_measure_type")  # kept when the batch confirms the names: it is not about them
    if evidence.two_items:
        reasons.append("two_items_in_one")
    if evidence.split_items:
        reasons.append(SPLIT_ITEMS)
    if evidence.unread_pages:
        reasons.append("unread_page")
    if evidence.lost_headings:
        reasons.append("lost_section_heading")

    reasons += low_confidence(a)
    return reasons


def low_confidence(a: Agreement, threshold: float = MIN_CONFIDENCE) -> list[str]:
    """A reason for every field and measure whose confidence is below the threshold."""
    out = [f"low_confidence:{name}" for name, conf in sorted(a.field_confidence.items()) if conf < threshold]
    weak = [m.position for m in a.measures if m.confidence < threshold]
    if weak:
        out.append("low_confidence:measures")
    return out


def overall_confidence(field_confidence: dict[str, float], measure_confidences: Sequence[float]) -> float | None:
    """The agreement's confidence: its weakest core field or measure."""
    values = [field_confidence[k] for k in ("year", "region", "budget_total_eur") if k in field_confidence]
    values += list(measure_confidences)
    return round(min(values), 4) if values else None
