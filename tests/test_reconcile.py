"""Names reconciled across a batch: a doubtful reading takes the spelling other documents read confidently.

The readings in these tables are OCR results seen in generated hard scans; the guards are
the cases where taking the archive's spelling would turn a right name into a wrong one.
"""
from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.parse.checks import MIN_CONFIDENCE
from extractor.reconcile import (
    CORROBORATED_CAP, Reading, all_readers, archive_lexicon, best_spelling, reconcile_document, reconcile_tables,
)

SURE, DOUBT = 0.95, 0.5


def lexicon_of(*names, region="06440", docs=("a", "b")):
    """A lexicon where every document in ``docs`` read each name confidently."""
    return archive_lexicon(Reading(doc, i, region, name, SURE) for doc in docs for i, name in enumerate(names, 1))


def doubtful(project, doc="x", region="06440"):
    return Reading(doc, 1, region, project, DOUBT)


@pytest.mark.parametrize("reading, expected", [
    ("Inhouse-Schulung SGB IVSGB VIII", "Inhouse-Schulung SGB II/SGB VIII"),
    ("Inhouse-Schulung SGB II SGB Vill", "Inhouse-Schulung SGB II/SGB VIII"),
    ("Inhouse-Schulung SGB IVYSGB VIE", "Inhouse-Schulung SGB II/SGB VIII"),
    ("Brücken in den Arbeitsmarkt II!", "Brücken in den Arbeitsmarkt III"),
    ("Ausbildungstotsen an Schulen", "Ausbildungslotsen an Schulen"),
    ("Qualifizierung zum Berufskraftlahrer", "Qualifizierung zum Berufskraftfahrer"),
    ("Dwuale Ausbildung für Geflüchtete (DAG)", "Duale Ausbildung für Geflüchtete (DAG)"),
    ("Fitfür den Beruf II", "Fit für den Beruf II"),
    ('"Modellprojekt Jugendberufsagentur', "Modellprojekt Jugendberufsagentur"),
])
def test_a_doubtful_misreading_takes_the_archive_spelling(reading, expected):
    lexicon = lexicon_of("Inhouse-Schulung SGB II/SGB VIII", "Brücken in den Arbeitsmarkt III",
                         "Ausbildungslotsen an Schulen", "Qualifizierung zum Berufskraftfahrer",
                         "Duale Ausbildung für Geflüchtete (DAG)", "Fit für den Beruf II",
                         "Modellprojekt Jugendberufsagentur")
    match = best_spelling(doubtful(reading), lexicon)
    assert match is not None and match[0].text == expected


@pytest.mark.parametrize("reading, lexicon_names", [
    # a numeral written cleanly is not changed, nor is one added or dropped
    ("Fit für den Beruf I", ["Fit für den Beruf II"]),
    ("Fit für den Beruf", ["Fit für den Beruf II"]),
    ("Werkstattjahr 2.0", ["Werkstattjahr 3.0"]),
    ("Inhouse-Schulung SGB I/SGB VIII", ["Inhouse-Schulung SGB II/SGB VIII"]),
    # the archive knows two numbered phases: a garbled numeral cannot choose
    ("Fit für den Beruf I!", ["Fit für den Beruf I", "Fit für den Beruf II"]),
    # different real words
    ("Ausbildungscoaching für junge Väter", ["Ausbildungscoaching für junge Mütter"]),
    # a place named only by other regions' documents
    ("Produktionsschule Gießen", ["Produktionsschule Wiesbaden"]),
    ("Ausbildungsverbund Darmstadt", ["Ausbildungsverbund Darmstadt-Dieburg"]),
    # too far from anything
    ("Ausbildungscoaching für junge Mutter - 359.500 Kuro", ["Ausbildungscoaching für junge Mütter"]),
])
def test_guards_keep_a_doubtful_reading_as_read(reading, lexicon_names):
    lexicon = lexicon_of(*lexicon_names, region="06412")
    assert best_spelling(doubtful(reading, region="06440"), lexicon) is None


def test_a_place_name_is_reconciled_within_its_own_region():
    lexicon = lexicon_of("Produktionsschule Gießen", region="06531")
    match = best_spelling(doubtful("Produktionsschule GieBen", region="06531"), lexicon)
    assert match is not None and match[0].text == "Produktionsschule Gießen"


def test_a_name_the_agreement_lists_as_another_measure_is_not_taken():
    lexicon = lexicon_of("Frauen in Arbeit III")
    readings = [Reading("x", 1, "06440", "Frauen in Arbeit III", SURE), doubtful("Frauen in Arbeit II!")]
    out = reconcile_document(readings, lexicon)
    assert [r.project for r in out] == ["Frauen in Arbeit III", "Frauen in Arbeit II!"]


def test_only_other_documents_vouch_for_a_spelling():
    lexicon = archive_lexicon([Reading("x", 1, "06440", "Café Beruf", SURE)])
    out = reconcile_document([Reading("x", 1, "06440", "Café Beruf", SURE), doubtful("Cafe Berut")], lexicon)
    assert [(r.project, r.support) for r in out] == [("Café Beruf", 0), ("Cafe Berut", 0)]


def test_a_confident_reading_gives_way_only_to_a_majority_one_confusion_away():
    lexicon = lexicon_of("Weiterbildung Coaching-Kompetenz", docs=("a", "b"))
    lexicon |= archive_lexicon([Reading("x", 1, "06440", "Weiterbildung Coachinq-Kompetenz", 0.85)])
    out = reconcile_document([Reading("x", 1, "06440", "Weiterbildung Coachinq-Kompetenz", 0.85)], lexicon)
    assert (out[0].project, out[0].support) == ("Weiterbildung Coaching-Kompetenz", 2)
    # one other document is no majority
    single = lexicon_of("Weiterbildung Coaching-Kompetenz", docs=("a",))
    single |= archive_lexicon([Reading("x", 1, "06440", "Weiterbildung Coachinq-Kompetenz", 0.85)])
    out = reconcile_document([Reading("x", 1, "06440", "Weiterbildung Coachinq-Kompetenz", 0.85)], single)
    assert out[0].project == "Weiterbildung Coachinq-Kompetenz"


@pytest.mark.parametrize("ours, our_docs, theirs, their_docs, doubtful", [
    # a light set: seven documents read "SGB II/SGB VIII", two read "IV" confidently (0.87)
    ("Inhouse-Schulung SGB IV/SGB VIII", ("x", "y"), "Inhouse-Schulung SGB II/SGB VIII", "abcdefg", True),
    ("Inhouse-Schulung SGB II/SGB VIII", "xabcdef", "Inhouse-Schulung SGB IV/SGB VIII", ("y", "z"), False),
    ("Fit für den Beruf I", ("x",), "Fit für den Beruf II", ("a",), True),  # one against one: either may be misread
    ("Fit für den Beruf", ("x",), "Fit für den Beruf II", "abc", False),  # no numeral to misread
    ("Azubi-Coaching 3.0", ("x",), "Azubi-Coaching Plus", "abc", False),  # a word, not a numeral
])
def test_a_confident_name_differing_only_in_a_numeral_from_a_commoner_one_is_doubtful(
        ours, our_docs, theirs, their_docs, doubtful):
    lexicon = archive_lexicon([Reading(d, 1, "06440", ours, 0.87) for d in our_docs]
                              + [Reading(d, 1, "06440", theirs, SURE) for d in their_docs])
    (out,) = reconcile_document([Reading(our_docs[0], 1, "06440", ours, 0.87)], lexicon)
    assert out.project == ours  # the numeral is never changed
    assert (out.confidence < MIN_CONFIDENCE) == doubtful


def test_a_doubtful_reading_takes_no_numbered_name_the_batch_reads_no_more_often_than_its_sibling():
    """A light set: "II" read surely by one document (a text layer) and doubtfully by six, "IV"
    surely by one (0.87) and doubtfully by one (0.44)."""
    ii, iv = "Inhouse-Schulung SGB II/SGB VIII", "Inhouse-Schulung SGB IV/SGB VIII"
    readings = ([Reading("a", 1, "06440", ii, 1.0)] + [Reading(d, 1, "06440", ii, 0.3) for d in "cdefgh"]
                + [Reading("b", 1, "06440", iv, 0.87), Reading("x", 1, "06440", iv, 0.44)])
    lexicon, readers = archive_lexicon(readings), all_readers(readings)
    results = {r.doc_id: reconcile_document([r], lexicon, readers)[0] for r in readings}
    assert (results["x"].project, results["x"].confidence) == (iv, 0.44)  # IV stays doubtful
    assert results["b"].confidence < MIN_CONFIDENCE  # the sure IV too: seven documents read II
    assert all(results[d].confidence >= MIN_CONFIDENCE for d in "acdefgh")
    tied = [r for r in readings if r.doc_id in "acbx"]  # two against two: neither is vouched for
    results = {r.doc_id: reconcile_document([r], archive_lexicon(tied), all_readers(tied))[0] for r in tied}
    assert all(results[d].confidence < MIN_CONFIDENCE for d in "acbx")


@pytest.mark.parametrize("ours, others, lifted", [
    # a name with a word no list knows, doubtful wherever it is read ("Gastro" one edit from "Castro")
    ("Gastro-Ausbildung mit Begleitung", [("b", "Gastro-Ausbildung mit Begleitung", 0.6),
                                          ("c", "Gastro-Ausbildung mit Begleitung", 0.6)], True),
    ("Gastro-Ausbildung mit Begleitung", [("b", "Gastro-Ausbildung mit Begleitung", 0.6)], False),  # two are too few
    # a misreading the scans share: a spelling one confusion away is read as often
    ("Werkhot Kassel", [("b", "Werkhot Kassel", 0.6), ("c", "Werkhot Kassel", 0.6), ("d", "Werkhof Kassel", 0.6),
                        ("e", "Werkhof Kassel", 0.6), ("f", "Werkhof Kassel", 0.6)], False),
    # a numeral misread alike by three: its sibling is read by more documents
    ("Inhouse-Schulung SGB II/SGB VII", [("b", "Inhouse-Schulung SGB II/SGB VII", 0.5),
                                         ("c", "Inhouse-Schulung SGB II/SGB VII", 0.5)]
     + [(d, "Inhouse-Schulung SGB II/SGB VIII", 0.5) for d in "defg"], False),
    # a short name whose numbered sibling is no spelling one confusion away, read by more
    ("Jobs IV", [("b", "Jobs IV", 0.6), ("c", "Jobs IV", 0.6)] + [(d, "Jobs II", 0.6) for d in "defg"], False),
])
def test_a_name_read_alike_by_three_documents_each_doubtfully_is_sure_of_them_together(ours, others, lifted):
    readings = [Reading("a", 1, "06440", ours, 0.6)] + [Reading(d, 1, "06440", name, c) for d, name, c in others]
    (out,) = reconcile_document(readings[:1], archive_lexicon(readings), all_readers(readings))
    assert out.project == ours and out.support == 0
    assert (out.confidence >= MIN_CONFIDENCE) == lifted


def _tables():
    agreements = [
        {"doc_id": d, "confidence": 0.5 if d == "x" else 0.9, "needs_review": d == "x",
         "review_reasons": "low_confidence:measures" if d == "x" else ""}
        for d in ("a", "b", "x")
    ]
    measures = [
        {"doc_id": d, "position": 1, "region_ags": "06440", "project": "Jugend stärken im Quartier",
         "confidence": 0.9} for d in ("a", "b")
    ] + [
        {"doc_id": "x", "position": 1, "region_ags": "06440", "project": "Jugend stärken im Ouartier",
         "confidence": 0.5},
        {"doc_id": "x", "position": 2, "region_ags": "06440", "project": "Café Beruf", "confidence": 0.95},
    ]
    fields = {d: {"year": 0.99, "region": 0.99, "budget_total_eur": 0.97} for d in ("a", "b", "x")}
    return agreements, measures, fields


def test_tables_carry_the_reading_and_the_agreement_is_judged_again():
    agreements, measures, fields = _tables()
    new_agreements, new_measures = reconcile_tables(agreements, measures, fields)
    row = next(m for m in new_measures if m["doc_id"] == "x" and m["position"] == 1)
    assert (row["project"], row["project_read"], row["name_support"]) == (
        "Jugend stärken im Quartier", "Jugend stärken im Ouartier", 2)
    assert row["confidence"] >= MIN_CONFIDENCE
    x = next(a for a in new_agreements if a["doc_id"] == "x")
    assert (x["needs_review"], x["review_reasons"], x["confidence"]) == (False, "", 0.9)
    assert measures[2]["project"] == "Jugend stärken im Ouartier"  # the input rows are left alone


def test_the_batch_vouches_for_the_name_not_for_the_amount_or_count():
    """A 200 dpi PDF: the name read well, its participant count "22" at 0.6: the name is settled
    by the batch, the row stays doubtful."""
    agreements, measures, fields = _tables()
    measures[2].update(confidence=0.6, value_confidence=0.6)
    new_agreements, new_measures = reconcile_tables(agreements, measures, fields)
    row = next(m for m in new_measures if m["doc_id"] == "x" and m["position"] == 1)
    assert (row["project"], row["confidence"]) == ("Jugend stärken im Quartier", 0.6)
    x = next(a for a in new_agreements if a["doc_id"] == "x")
    assert (x["needs_review"], x["review_reasons"]) == (True, "low_confidence:measures")


def test_other_reasons_stay_when_the_measures_are_settled():
    agreements, measures, fields = _tables()
    agreements[2]["review_reasons"] = "missing_budget;low_confidence:measures"
    new_agreements, _ = reconcile_tables(agreements, measures, fields)
    x = next(a for a in new_agreements if a["doc_id"] == "x")
    assert (x["needs_review"], x["review_reasons"]) == (True, "missing_budget")


@pytest.mark.parametrize("second, confidence, reasons", [
    # a .txt of a hard set: "Ausbildung im Garten- und Landschaftsbau" + "Ausbildungsbegleitung in der
    # Pflege" on two lines, the second's glyph lost, split in two (0.6 each)
    ("Café Beruf", 0.6, ""),  # both pieces are names two other documents read surely
    ("Café Berut und mehr", 0.6, "split_items;low_confidence:measures"),  # one piece no one else reads
])
def test_a_line_split_in_two_items_is_settled_when_the_batch_confirms_both(second, confidence, reasons):
    agreements, measures, fields = _tables()
    agreements[2]["review_reasons"] = "split_items;low_confidence:measures"
    measures[2].update(project="Jugend stärken im Quartier", confidence=0.6)
    measures[3].update(project=second, confidence=confidence)
    measures += [{"doc_id": d, "position": 2, "region_ags": "06440", "project": "Café Beruf", "confidence": 0.95}
                 for d in ("a", "b")]
    new_agreements, _ = reconcile_tables(agreements, measures, fields)
    x = next(a for a in new_agreements if a["doc_id"] == "x")
    assert (x["needs_review"], x["review_reasons"]) == (bool(reasons), reasons)


NAMES = ["Café Beruf", "Frauen in Arbeit", "Fit für den Beruf II", "Werkstattjahr 2.0", "Praxisklasse Plus",
         "Jugend stärken im Quartier", "Produktionsschule Gießen"]
NOISE = {"a": "o", "e": "c", "i": "l", "u": "n", "r": "n", "g": "q", "I": "l"}


@st.composite
def batches(draw):
    rows = []
    for d in range(draw(st.integers(1, 6))):
        picked = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
        for position, name in enumerate(picked, 1):
            if draw(st.booleans()):
                at = draw(st.integers(0, len(name) - 1))
                name = name[:at] + NOISE.get(name[at], name[at]) + name[at + 1:]
            rows.append({"doc_id": f"d{d}", "position": position, "region_ags": draw(st.sampled_from(["06440", "06531"])),
                         "project": name, "confidence": draw(st.sampled_from([0.3, 0.85, 0.95, 1.0]))})
    return rows


@settings(max_examples=150, deadline=None)
@given(batches(), st.randoms(use_true_random=False))
def test_reconciliation_does_not_depend_on_the_order_of_the_documents(rows, rnd):
    agreements = [{"doc_id": d, "confidence": None, "needs_review": False, "review_reasons": ""}
                  for d in sorted({r["doc_id"] for r in rows})]
    _, first = reconcile_tables(agreements, rows, {})
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    _, second = reconcile_tables(agreements, shuffled, {})
    key = lambda r: (r["doc_id"], r["position"])  # noqa: E731
    assert sorted(first, key=key) == sorted(second, key=key)


@settings(max_examples=150, deadline=None)
@given(batches())
def test_a_reconciled_name_is_a_name_another_document_read_confidently(rows):
    agreements = [{"doc_id": d, "confidence": None, "needs_review": False, "review_reasons": ""}
                  for d in sorted({r["doc_id"] for r in rows})]
    _, out = reconcile_tables(agreements, rows, {})
    confident = {(r["doc_id"], r["project"]) for r in rows if r["confidence"] >= MIN_CONFIDENCE}
    readers = all_readers(Reading(r["doc_id"], r["position"], r["region_ags"], r["project"], r["confidence"])
                          for r in rows)
    for row in out:
        before = next(r["confidence"] for r in rows if (r["doc_id"], r["position"]) == (row["doc_id"], row["position"]))
        if row["confidence"] < before and row["project"] == row["project_read"]:
            # doubted, not changed: more other documents read it one OCR confusion otherwise
            ours = Reading(row["doc_id"], row["position"], row["region_ags"], row["project"], before)
            assert readers.commoner_spelling(ours) is not None or readers.outread_word(ours) is not None
        if row["project"] != row["project_read"]:
            assert any(p == row["project"] and d != row["doc_id"] for d, p in confident)
            assert row["name_support"] >= 1


def test_the_lexicon_spelling_is_the_commonest_and_ties_break_alphabetically():
    readings = [Reading(d, 1, "06440", name, SURE) for d, name in
                [("a", "Cafe Beruf"), ("b", "Café Beruf"), ("c", "Café Beruf"), ("d", "CAFE BERUF")]]
    lexicon = archive_lexicon(readings)
    assert [s.text for s in lexicon.values()] == ["Café Beruf"]
    assert archive_lexicon(random.Random(1).sample(readings, 4)) == lexicon
    tie = [Reading(d, 1, "06440", name, SURE) for d, name in [("a", "Cafe Beruf"), ("b", "CAFE BERUF")]]
    assert [s.text for s in archive_lexicon(tie).values()] == ["CAFE BERUF"]


def test_of_two_spellings_read_as_often_the_lexicon_keeps_the_umlauts():
    """A fresh hard set: one document read "Förderbedarf", one "Forderbedarf" (its umlaut lost),
    and a third, doubtful, took the umlaut-less spelling, first in order, at 0.9: unflagged."""
    readings = [Reading("a", 1, "06437", "Berufsorientierung für Jugendliche mit Forderbedarf", SURE),
                Reading("b", 1, "06437", "Berufsorientierung für Jugendliche mit Förderbedarf", SURE)]
    assert [s.text for s in archive_lexicon(readings).values()] == [
        "Berufsorientierung für Jugendliche mit Förderbedarf"]


def test_a_confident_reading_takes_the_archive_spelling_of_the_same_name():
    readings = [Reading(d, 1, "06440", "Ausbildungscoaching für junge Mütter", SURE) for d in ("a", "b")]
    mine = Reading("x", 1, "06440", "Ausbildungscoaching für junge Mutter", 0.9)
    lexicon = archive_lexicon(readings + [mine])
    assert reconcile_document([mine], lexicon)[0].project == "Ausbildungscoaching für junge Mütter"
    # a tie is no majority
    tied = archive_lexicon(readings + [mine, Reading("y", 1, "06440", "Ausbildungscoaching für junge Mutter", SURE)])
    assert reconcile_document([mine], tied)[0].project == "Ausbildungscoaching für junge Mutter"


def test_a_sure_reading_of_the_few_neither_overrides_nor_outlives_the_many_doubtful_ones():
    """A hard set: one document read "StepbySiep" at 0.86, four read "StepbyStep" doubtfully (no
    list knows the word); the four took the one's spelling and its confidence, two of them
    unflagged. Now each keeps its reading, and the one reading of the few is doubtful too."""
    readings = ([Reading(d, 1, "06440", "StepbyStep", c) for d, c in zip("abcd", (0.75, 0.16, 0.6, 0.5))]
                + [Reading("x", 1, "06440", "StepbySiep", 0.86)])
    lexicon, readers = archive_lexicon(readings), all_readers(readings)
    results = {r.doc_id: reconcile_document([r], lexicon, readers)[0] for r in readings}
    assert {d: results[d].project for d in "abcd"} == dict.fromkeys("abcd", "StepbyStep")
    assert all(results[d].confidence < MIN_CONFIDENCE for d in "abcdx")
    assert results["x"].project == "StepbySiep"


def test_a_doubtful_reading_takes_no_confidence_from_a_spelling_the_batch_outvotes():
    """A fresh hard set's 1-bit TIFF read "Jobeoaching" at 0.54, and took 0.8 from the one other
    document that read it so, surely, though six read "Jobcoaching": unflagged."""
    readings = ([Reading(d, 1, "06440", "Zertifikatskurs Jobcoaching", 0.9) for d in "abcdef"]
                + [Reading("y", 1, "06440", "Zertifikatskurs Jobeoaching", 0.8),
                   Reading("x", 1, "06440", "Zertifikatskurs Jobeoaching", 0.54)])
    lexicon, readers = archive_lexicon(readings), all_readers(readings)
    (x,) = reconcile_document([readings[-1]], lexicon, readers)
    assert x.confidence < MIN_CONFIDENCE


@pytest.mark.parametrize("theirs, readers, taken", [
    # a fresh hard set's 1-bit PDF read "Berufsorienuerung ... Förderbedarf" (0.6) and took one other
    # document's sure "Forderbedarf" with its 0.9: a right umlaut lost, unflagged
    ("Berufsorientierung für Jugendliche mit Forderbedarf", "a", False),
    ("Berufsorientierung für Jugendliche mit Förderbedarf", "a", True),
])
def test_a_doubtful_reading_keeps_its_umlauts_against_one_other_reading(theirs, readers, taken):
    ours = Reading("x", 1, "06437", "Berufsorienuerung für Jugendliche mit Förderbedarf", 0.6)
    readings = [Reading(d, 1, "06437", theirs, 0.9) for d in readers]
    lexicon, all_ = archive_lexicon([*readings, ours]), all_readers([*readings, ours])
    (out,) = reconcile_document([ours], lexicon, all_)
    assert (out.project == theirs) == taken
    assert (out.confidence >= MIN_CONFIDENCE) == taken


IT, TI, TT = ("IT-Grundlagen für Wiedereinsteigerinnen", "TI-Grundlagen für Wiedereinsteigerinnen",
              "TT-Grundlagen für Wiedereinsteigerinnen")


@pytest.mark.parametrize("ours, others, doubtful", [
    (TI, {"a": (IT, 0.6), "b": (IT, 0.22)}, True),  # a hard set's TIFF read "TI-" at 0.85, unflagged; two others read "IT-", if doubtfully
    (TT, {"a": (IT, 0.6)}, True),  # a hard set's TIFF read "TT-" at 0.91, unflagged; one other read "IT-": the lists know "IT"
    (IT, {"a": (TT, 0.6)}, False),  # the other way round the lists side with this one
    ("StepbySiep", {"a": ("StepbyStep", 0.6)}, False),  # one other, and no list knows either: no majority
    (TI, {"a": (IT, 0.6), "b": (IT, 0.6), "c": (TI, 0.9), "d": (TI, 0.9)}, False),  # as many others read it so
    # a hard set's 1-bit PDF read "Gate" at 0.90 (no list knows it), unflagged; two others read "Café"
    ("Gate Beruf", {"a": ("Café Beruf", 1.0), "b": ("Café Beruf", 1.0)}, True),
    ("Gate Beruf", {"a": ("Café Beruf", 1.0)}, False),  # one other: not more than a letter or two away
    ("Gatekeeper Beruf", {"a": ("Café Beruf", 1.0), "b": ("Café Beruf", 1.0)}, False),  # another word
    # a fresh hard set's 1-bit PNG read "2.0" as "20" at 0.90 (unflagged); two others read "2.0":
    # the same digits, a stop lost, not another phase
    ("Werkstattjahr 20", {"a": ("Werkstattjahr 2.0", 0.85), "b": ("Werkstattjahr 2.0", 0.92)}, True),
    # another numeral: a later phase or a misread one, doubtful as a numbered sibling of a commoner name
    ("Werkstattjahr 3.0", {"a": ("Werkstattjahr 2.0", 0.85), "b": ("Werkstattjahr 2.0", 0.92)}, True),
    # a fresh hard set's 1-bit PNG read "Werkhof" as "Werkhol" (Werk|hol, a compound to the lists)
    # at 0.9, unflagged; no other document names the project, two write "Werkhof" in theirs
    ("Werkhol Waldeck-Frankenberg", {"a": ("Werkhof Fulda", 0.9), "b": ("Werkhof Groß-Gerau", 0.6)}, True),
    ("Werkhol Waldeck-Frankenberg", {"a": ("Werkhof Fulda", 0.9)}, False),  # one other: not a majority
    # the other way round the lists know both as compounds: which is printed, only the scan tells
    ("Werkhof Waldeck-Frankenberg", {"a": ("Werkhol Fulda", 0.9), "b": ("Werkhol Groß-Gerau", 0.6)}, True),
    ("Jugendwerkstatt Gießen", {"a": ("Jugendwerkstätt Fulda", 0.9), "b": ("Jugendwerkstätt Kassel", 0.9)}, False),  # listed
])
def test_a_sure_reading_one_confusion_from_a_commoner_one_is_doubtful(ours, others, doubtful):
    """One confusion away; or a letter or two in a word no list knows where the others write a listed one."""
    readings = [Reading(d, 1, "06440", name, c) for d, (name, c) in others.items()]
    ours = Reading("x", 1, "06440", ours, 0.85)
    lexicon, readers = archive_lexicon([*readings, ours]), all_readers([*readings, ours])
    (out,) = reconcile_document([ours], lexicon, readers)
    assert out.project == ours.project
    assert (out.confidence < MIN_CONFIDENCE) == doubtful


@pytest.mark.parametrize("ours, theirs, doubtful", [
    # a fresh hard set's 1-bit 200 dpi TIFF lost the dash (its words at 0.87-0.96), unflagged;
    # one other document wrote it
    ("Kochwerk Qualifizierung in der Gastronomie", ["Kochwerk – Qualifizierung in der Gastronomie"], True),
    ("Kochwerk – Qualifizierung in der Gastronomie", ["Kochwerk - Qualifizierung in der Gastronomie"], False),
    ("Kochwerk – Qualifizierung in der Gastronomie", ["Kochwerk Qualifizierung in der Gastronomie"], False),
    ("Kochwerk Qualifizierung in der Gastronomie", ["Kochwerk Qualifizierung in der Gastronomie"], False),
    # two other documents write the dash: the batch's spelling is taken, and it is no longer doubtful
    ("Kochwerk Qualifizierung in der Gastronomie", ["Kochwerk – Qualifizierung in der Gastronomie"] * 2, False),
])
def test_a_sure_reading_without_a_dash_another_document_writes_is_doubtful(ours, theirs, doubtful):
    readings = [Reading(f"d{k}", 1, "06440", name, 0.9) for k, name in enumerate(theirs)]
    mine = Reading("x", 1, "06440", ours, 0.9)
    lexicon, readers = archive_lexicon([*readings, mine]), all_readers([*readings, mine])
    (out,) = reconcile_document([mine], lexicon, readers)
    assert (out.confidence < MIN_CONFIDENCE) == doubtful
    assert out.project == (theirs[0] if len(theirs) > 1 else ours)


@pytest.mark.parametrize("theirs, readers, taken", [
    # a hard set: "SGB ViIll" read at 0.6 took the one confident "SGB II/USGB VIII" (a misreading) and its 0.9
    ("Inhouse-Schulung SGB II/USGB VIII", "a", False),
    ("Inhouse-Schulung SGB II/USGB VIII", "ab", True),  # two other documents read it so: the batch's spelling
    ("Inhouse-Schulung SGB II/SGB VIII", "a", True),  # the lists know every word it changes: one reader will do
    ("Job-Coaching für Langzeitarbeitslose", "a", True),  # an English word ("Coacbing" read at 0.6 in a hard set)
    ("StepbyStep", "a", False),
])
def test_a_doubtful_reading_takes_a_spelling_no_list_knows_only_from_two_readers(theirs, readers, taken):
    ours = {"StepbyStep": "StepbySiep", "Job-Coaching für Langzeitarbeitslose": "Job-Coacbing für Langzeitarbeitslose"
            }.get(theirs, "Inhouse-Schulung SGB II/SGB ViIll")
    readings = [Reading(d, 1, "06440", theirs, 0.9) for d in readers]
    mine = Reading("x", 1, "06440", ours, 0.6)
    lexicon, readers_ = archive_lexicon([*readings, mine]), all_readers([*readings, mine])
    (out,) = reconcile_document([mine], lexicon, readers_)
    assert (out.project, out.confidence >= MIN_CONFIDENCE) == ((theirs, True) if taken else (ours, False))


@pytest.mark.parametrize("doubtful_readers, taken", [
    # a fresh hard set: "Berufseinstiegsbeglentung Plus" read at 0.11; one document read the name surely,
    # three more doubtfully (0.45-0.6), and no list knows "Berufseinstiegsbegleitung"
    (3, True),
    (2, True),
    (1, False),  # one sure and one doubtful reading: too few to vouch for it
    (0, False),
])
def test_a_spelling_read_surely_once_is_taken_when_other_documents_corroborate_it(doubtful_readers, taken):
    name, ours = "Berufseinstiegsbegleitung Plus", "Berufseinstiegsbeglentung Plus"
    readings = [Reading("sure", 1, "06440", name, 1.0)]
    readings += [Reading(f"d{k}", 1, "06440", name, 0.5) for k in range(doubtful_readers)]
    mine = Reading("x", 1, "06440", ours, 0.11)
    lexicon, readers = archive_lexicon([*readings, mine]), all_readers([*readings, mine])
    (out,) = reconcile_document([mine], lexicon, readers)
    if taken:
        assert out.project == name and MIN_CONFIDENCE <= out.confidence <= CORROBORATED_CAP
    else:
        assert (out.project, out.confidence) == (ours, 0.11)



def test_a_sure_word_is_not_outread_by_itself_without_its_umlauts():
    """A fresh hard set: five documents read "Förderbedarf" surely, two (faxes) "Forderbedarf"
    doubtfully; the sure ones were doubted (0.6), five agreements flagged though right."""
    name, lost = "Berufsorientierung für Jugendliche mit Förderbedarf", "Berufsorientierung für Jugendliche mit Forderbedarf"
    readings = [Reading(f"s{k}", 1, "06431", name, 0.9) for k in range(5)]
    readings += [Reading("d0", 1, "06431", lost, 0.3), Reading("d1", 1, "06431", lost + " Produktionsschule", 0.2)]
    out = reconcile_document(readings[:1], archive_lexicon(readings), all_readers(readings))
    assert (out[0].project, out[0].confidence) == (name, 0.9)
