"""Project keys: one key per project across years and OCR spellings within a region.

The threshold is checked against the sample generator's 90 project names and its OCR
confusions (scripts/make_samples.py): every one-confusion variant must join its true name,
and no two different names may share a key.
"""
from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path

import pytest

from extractor.projects import (
    MATCH_THRESHOLD, assign_project_keys, cluster_key, normalize_name, project_rows, similarity,
)

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_samples.py"


def rows(*items, region="06440"):
    """Measure rows from (doc, year, project) triples."""
    return [{"doc_id": doc, "year": year, "region_ags": region, "project": project, "position": i}
            for i, (doc, year, project) in enumerate(items, start=1)]


def keys_by_name(out):
    found = {}
    for row in out:
        found.setdefault(row["project"], set()).add(row["project_key"])
    return found


@pytest.mark.parametrize("name, normalised", [
    ("Café Beruf", "cafe beruf"),
    ("Cafe Beruf", "cafe beruf"),
    ("CAFÉ  BERUF", "cafe beruf"),
    ("Caf6 Beruf", "caf6 beruf"),
    ("Projekt GO-gut orientiert! II", "projekt go gut orientiert ii"),
    ("Projekt GO-gut orientiert! Il", "projekt go gut orientiert ii"),
    ("Projekt GO-gut orientiert! 11", "projekt go gut orientiert ii"),
    ("Brücken in den Arbeitsmarkt Ill", "brucken in den arbeitsmarkt iii"),
    ("Übergangsmanagement Schule-Beruf", "ubergangsmanagement schule beruf"),
    ("Sprachförderung B1/B2", "sprachforderung b1 b2"),
    ("Werkstattjahr 2.0", "werkstattjahr 2 0"),
    ("Straßenbahn-Lotsen", "strassenbahn lotsen"),
])
def test_normalize_name(name, normalised):
    assert normalize_name(name) == normalised


def test_ocr_spellings_in_different_years_share_one_key():
    out = assign_project_keys(rows(
        ("a", 2019, "Café Beruf"), ("b", 2020, "Cafe Beruf"), ("c", 2021, "Caf6 Beruf"), ("d", 2022, "Café Beruf"),
        ("a", 2019, "Projekt GO-gut orientiert! II"), ("b", 2020, "Projekt GO-gut orientiert! Il"),
        ("c", 2021, "Projekt GO-gut orientiert! 11"),
    ))
    found = keys_by_name(out)
    cafe = found["Café Beruf"] | found["Cafe Beruf"] | found["Caf6 Beruf"]
    go = found["Projekt GO-gut orientiert! II"] | found["Projekt GO-gut orientiert! Il"] \
        | found["Projekt GO-gut orientiert! 11"]
    assert len(cafe) == 1 and len(go) == 1 and cafe != go
    assert cafe == {cluster_key("06440", "cafe beruf")}
    assert re.fullmatch(r"06440-[0-9a-f]{8}", next(iter(cafe)))


def test_keys_do_not_depend_on_the_order_of_the_rows():
    items = [("a", 2019, "Café Beruf"), ("b", 2020, "Caf6 Beruf"), ("c", 2021, "Cafe Beruf"),
             ("a", 2019, "StepbyStep"), ("b", 2020, "Step by Step"), ("c", 2021, "StcpbyStep"),
             ("c", 2021, "Frauen in Arbeit")]
    first = {(r["doc_id"], r["project"]): r["project_key"] for r in assign_project_keys(rows(*items))}
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        again = {(r["doc_id"], r["project"]): r["project_key"] for r in assign_project_keys(rows(*shuffled))}
        assert again == first


def test_the_same_name_in_two_regions_gets_two_keys():
    out = assign_project_keys(rows(("a", 2019, "Café Beruf")) + rows(("b", 2019, "Café Beruf"), region="06535"))
    assert [r["project_key"] for r in out] == [cluster_key("06440", "cafe beruf"), cluster_key("06535", "cafe beruf")]


def test_names_one_agreement_lists_separately_are_different_projects():
    # "Fit für den Beruf II" in a later year alone continues the project; listed beside "I" it is another one.
    alone = keys_by_name(assign_project_keys(rows(("a", 2019, "Fit für den Beruf I"), ("b", 2020, "Fit für den Beruf II"))))
    assert alone["Fit für den Beruf I"] == alone["Fit für den Beruf II"]
    both = keys_by_name(assign_project_keys(rows(("a", 2019, "Fit für den Beruf I"), ("a", 2019, "Fit für den Beruf II"),
                                                 ("b", 2020, "Fit für den Beruf II"))))
    assert both["Fit für den Beruf I"] != both["Fit für den Beruf II"]


def test_names_differing_in_a_real_word_are_different_projects():
    assert similarity(normalize_name("Coaching für junge Mütter"), normalize_name("Coaching für junge Väter")) \
        >= MATCH_THRESHOLD
    found = keys_by_name(assign_project_keys(rows(("a", 2019, "Coaching für junge Mütter"),
                                                  ("b", 2020, "Coaching für junge Väter"))))
    assert found["Coaching für junge Mütter"] != found["Coaching für junge Väter"]


def test_rows_without_region_or_name_get_no_key_and_fixed_rows_keep_theirs():
    items = rows(("a", 2019, "Café Beruf"), ("a", 2019, ""), ("a", 2019, "Cafe Beruf"))
    items[0]["region_ags"] = None
    items[2]["project_key"] = "mine"
    out = assign_project_keys(items, fixed=[2])
    assert [r["project_key"] for r in out] == [None, None, "mine"]


def test_project_rows_name_the_most_frequent_spelling_and_span_the_years():
    out = assign_project_keys(rows(("a", 2019, "Caf6 Beruf"), ("b", 2020, "Café Beruf"), ("c", 2022, "Café Beruf"),
                                   ("d", 2022, "Frauen in Arbeit")))
    projects = project_rows(out)
    assert projects == [
        {"project_key": cluster_key("06440", "cafe beruf"), "region_ags": "06440", "name": "Café Beruf",
         "names_seen": "Caf6 Beruf;Café Beruf", "first_year": 2019, "last_year": 2022, "n_years": 3, "n_measures": 3},
        {"project_key": cluster_key("06440", "frauen in arbeit"), "region_ags": "06440", "name": "Frauen in Arbeit",
         "names_seen": "Frauen in Arbeit", "first_year": 2022, "last_year": 2022, "n_years": 1, "n_measures": 1},
    ]


# --- the threshold against the generator's names and OCR confusions ----------------------------


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("make_samples", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator_names(generator) -> list[str]:
    return sorted({p.format(short="Wetterau") for names in generator.PROJECTS.values() for p in names})


def one_confusion_variants(name: str, confusions) -> set[str]:
    """Every spelling of ``name`` with one OCR confusion of the generator (words with digits stay intact)."""
    out = set()
    words = name.split(" ")
    for i, word in enumerate(words):
        if any(ch.isdigit() for ch in word):
            continue
        for a, b in confusions:
            for m in re.finditer(re.escape(a), word):
                out.add(" ".join(words[:i] + [word[:m.start()] + b + word[m.end():]] + words[i + 1:]))
    return out - {name}


def test_every_one_confusion_variant_joins_its_name(generator, generator_names):
    missed = []
    for name in generator_names:
        for variant in sorted(one_confusion_variants(name, generator.WORD_CONFUSIONS)):
            out = assign_project_keys(rows(("a", 2019, name), ("b", 2019, name), ("c", 2020, variant)))
            if len({r["project_key"] for r in out}) != 1:
                missed.append((name, variant))
    assert missed == []


def test_different_generator_names_never_share_a_key(generator_names):
    items = [(f"d{i}", 2014 + i % 12, name) for i, name in enumerate(generator_names)]
    out = assign_project_keys(rows(*items))
    assert len({r["project_key"] for r in out}) == len(generator_names)
