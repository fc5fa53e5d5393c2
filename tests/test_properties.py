"""Property tests: the parsers never raise, whatever the text, and keep their invariants; pixel helpers match their plain definitions."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from extractor.parse.agreement import parse_agreement
from extractor.parse.amounts import find_money, parse_number
from extractor.parse.measures import bullet_text, category_of, parse_measures, split_project
from extractor.parse.sections import find_headings
from extractor.parse.signatures import parse_date
from extractor.records import Line, PageText
from extractor.sources.images import lonely_pixels

REAL = (Path(__file__).resolve().parent.parent / "samples" / "wetteraukreis-2024.ocr.txt")
REAL_LINES = REAL.read_text("utf-8").splitlines() if REAL.exists() else ["§ 1", "Zielsteuerung"]

ocr_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
ocr_lines = st.lists(ocr_text, max_size=60)


def pages_of(lines: list[str]) -> list[PageText]:
    return [PageText(1, "txt", tuple(Line(t, 1) for t in lines))]


@given(ocr_lines)
def test_parse_agreement_never_raises_on_random_text(lines):
    parse_agreement(pages_of(lines))


@st.composite
def mutated_agreement(draw):
    """The real agreement with lines dropped, duplicated, swapped and characters damaged."""
    lines = list(REAL_LINES)
    for _ in range(draw(st.integers(0, 25))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "swap", "char", "insert"]))
        if op == "drop" and len(lines) > 1:
            lines.pop(i)
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "char" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:k] + draw(st.sampled_from(list("§S$8&°e«•0OlI|,.-–€ \t"))) + lines[i][k + 1:]
        elif op == "insert":
            lines.insert(i, draw(ocr_text))
    return lines


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_agreement())
def test_parse_agreement_never_raises_on_mutated_agreement(lines):
    agreement = parse_agreement(pages_of(lines))
    if agreement is not None:
        numbers = [s.number for s in agreement.sections]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
        assert all(m.project for m in agreement.measures)
        assert [m.position for m in agreement.measures] == list(range(1, len(agreement.measures) + 1))
        if agreement.region_ags is not None:
            assert len(agreement.region_ags) == 5 and agreement.region_ags.startswith("06")
        if agreement.year is not None:
            assert 2008 <= agreement.year <= 2035


@given(ocr_text)
def test_money_parsers_never_raise_and_give_non_negative_amounts(text):
    assert all(m.amount_eur >= 0 for m in find_money(text))
    value = parse_number(text)
    assert value is None or value >= 0
    split_project(text)


@given(st.integers(0, 9_999_999_99))
def test_german_money_round_trip(cents):
    euros, rest = divmod(cents, 100)
    grouped = f"{euros:,}".replace(",", ".")
    text = f"{grouped},{rest:02d} Euro"
    assert [m.amount_eur for m in find_money(text, min_value=0)] == [round(cents / 100, 2)]


@given(ocr_text)
def test_line_classifiers_never_raise(text):
    bullet_text(text)
    category_of(text)
    parse_date(text, 2024)


@given(ocr_lines)
def test_sections_and_measures_never_raise(lines):
    rows = [Line(t, 1) for t in lines]
    headings = find_headings(rows)
    assert all(1 <= h.number <= 20 for h in headings)
    parse_measures(rows)


@given(hnp.arrays(np.bool_, hnp.array_shapes(min_dims=2, max_dims=2, max_side=12)))
def test_lonely_pixels_counts_as_a_plain_neighbour_count(mask):
    padded = np.pad(mask, 1).astype(int)
    rows, cols = mask.shape
    neighbours = sum(padded[1 + y: 1 + y + rows, 1 + x: 1 + x + cols] for y in (-1, 0, 1) for x in (-1, 0, 1) if y or x)
    assert lonely_pixels(mask) == int(np.count_nonzero(mask & (neighbours <= 1)))
