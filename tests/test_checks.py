"""Table tests of the self-checks that turn into review reasons, and of confidences."""
from __future__ import annotations

from dataclasses import replace

import pytest

from extractor.parse.agreement import parse_agreement
from extractor.parse.checks import Evidence, regions_in_text, review_reasons, unread_pages, years_in_text
from extractor.records import Agreement, Amount, Line, PageText, Signature

from golden import SAMPLES


def real_agreement() -> Agreement:
    text = (SAMPLES / "wetteraukreis-2024.ocr.txt").read_text("utf-8")
    return parse_agreement([PageText(1, "txt", tuple(Line(t, 1) for t in text.splitlines()))])


def evidence(**changes) -> Evidence:
    base = Evidence(body_text="Im Jahr 2024 ... Qualifizierungsbudget 2024",
                    measure_text="Ziele für die Umsetzung des Landkreises Wetteraukreis\nDer Landkreis Wetteraukreis finanziert",
                    empty_categories=())
    return replace(base, **changes)


def test_real_agreement_needs_no_review():
    a = real_agreement()
    assert (a.needs_review, a.review_reasons) == (False, ())
    assert 0.8 < a.confidence <= 1.0


@pytest.mark.parametrize("cell, count, values", [
    ("ET —", None, 0.5),  # a 1-bit 200 dpi PDF: the count "58" read as "ET —", lost
    ("54 a", 54, 0.6),  # a 200 dpi TIFF: a speck after it, read but doubtful
])
def test_a_table_row_that_lost_its_count_among_counted_rows_is_doubtful(cell, count, values):
    text = (SAMPLES / "wetteraukreis-2024.ocr.txt").read_text("utf-8").replace(
        "• Welcome Office Wetterau \n\n• Projekt GO-gut orientiert! II \n\n• StepbyStep",
        "Projekt Betrag Teilnehmende\nWelcome Office Wetterau 32.000 € 42\n"
        f"Projekt GO-gut orientiert! II 24.500,00 € {cell}\nStepbyStep 12.000 € 18")
    a = parse_agreement([PageText(1, "txt", tuple(Line(t, 1) for t in text.splitlines()))])
    rows = [(m.project, m.participants, m.value_confidence) for m in a.measures if m.category_code == "QP"]
    assert [(name, count) for name, count, _ in rows] == [
        ("Welcome Office Wetterau", 42), ("Projekt GO-gut orientiert! II", count), ("StepbyStep", 18)]
    assert [values for _, _, values in rows] == [0.9718, values, 0.9718]  # the type heading's match, or the count's
    assert "low_confidence:measures" in a.review_reasons


def amount(role: str, eur: float) -> Amount:
    return Amount(4, role, eur, f"{eur} Euro", 1)


@pytest.mark.parametrize("change, extra, reason", [
    (dict(budget_total_eur=None), {}, "missing_budget"),
    (dict(region_ags=None), {}, "missing_region"),
    (dict(year=None), {}, "missing_year"),
    (dict(ministry=None), {}, "missing_ministry"),
    (dict(signatures=(Signature("state", "Wiesbaden", "Wiesbaden", None, "", 1),)), {}, "missing_signature"),
    (dict(amounts=(amount("total", 1140300), amount("earmark", 2_000_000))), {}, "earmarks_exceed_total"),
    (dict(year=2023), {}, "year_mismatch_text"),
    (dict(signatures=(Signature("state", "Wiesbaden", "Wiesbaden", "2019-03-01", "1.3.19", 1),)), {}, "year_mismatch_date"),
    (dict(region_ags="06435"), {}, "region_mismatch"),
    ({}, dict(empty_categories=("Ausbildungsvorbereitung",)), "empty_category"),
    (dict(field_confidence={"budget_total_eur": 0.41}), {}, "low_confidence:budget_total_eur"),
    ({}, dict(unknown_titles=("Verpflichtungen der rein bins",)), "unknown_section_title"),
    # a first type heading too garbled to match, taken for the closest type
    ({}, dict(unsure_types=("AusbicungSyorhezeitäng",)), "unsure_measure_type"),
    # a wrapped item whose second line reads like an item of its own
    ({}, dict(two_items=("Nachhilfe und Prüfungsvorbereitung für Auszubildende geförderte Ausbildung in Teilzeit",)),
     "two_items_in_one"),
    # a page of one heading on a grainy scan, read as noise
    ({}, dict(unread_pages=(3,)), "unread_page"),
    # "§ 7 Kontinuierlicher Verbesserungsprozess" lost by OCR, its text read into § 6
    ({}, dict(lost_headings=("Kontinuierlicher Verbesserungsprozess",)), "lost_section_heading"),
    # a 200 dpi TIFF: Tesseract dropped a list's first item, leaving its space
    ({}, dict(list_gaps=("* Ausbildungsreife durch Praxis",)), "list_gap"),
    # a typed date OCR misread ("11" as "u"): left empty, but said
    (dict(signatures=(Signature("region", "Darmstadt", "Darmstadt", None, "den u. Januar 2021", 1),)), {},
     "unread_date"),
])
def test_each_failed_check_is_a_reason(change, extra, reason):
    a = replace(real_agreement(), **change)
    assert reason in review_reasons(a, evidence(**extra))


def test_measure_amounts_above_total():
    a = real_agreement()
    measures = tuple(replace(m, amount_eur=400_000.0) for m in a.measures)
    assert "measure_amounts_exceed_total" in review_reasons(replace(a, measures=measures), evidence())


def test_measure_amounts_below_total_only_when_every_measure_has_one():
    a = real_agreement()
    priced = tuple(replace(m, amount_eur=1000.0) for m in a.measures)
    assert "measure_amounts_below_total" in review_reasons(replace(a, measures=priced), evidence())
    some = (replace(a.measures[0], amount_eur=1000.0),) + a.measures[1:]
    assert "measure_amounts_below_total" not in review_reasons(replace(a, measures=some), evidence())


def test_an_unpriced_measure_among_priced_ones_of_its_type():
    # a 200 dpi TIFF: "46,500,00 €" read as no amount, its siblings' amounts read
    a = real_agreement()
    codes = [m.category_code for m in a.measures]
    code = next(c for c in codes if codes.count(c) >= 3)
    rows = [m for m in a.measures if m.category_code == code]
    priced = tuple(replace(m, amount_eur=None if m is rows[1] else 10_000.0) if m.category_code == code else m
                   for m in a.measures)
    assert "measure_amount_missing" in review_reasons(replace(a, measures=priced), evidence())
    assert "measure_amount_missing" not in review_reasons(a, evidence())  # a list that prices nothing


def test_a_date_covered_by_a_scribble_is_no_reason():
    a = replace(real_agreement(), signatures=(Signature("region", "Friedberg", "Friedberg", None, "7u((N", 1),))
    assert "unread_date" not in review_reasons(a, evidence())


def test_section_numbers_with_a_gap():
    a = real_agreement()
    sections = tuple(s for s in a.sections if s.number != 3)
    assert "section_numbers" in review_reasons(replace(a, sections=sections), evidence())


def test_low_confidence_measure():
    a = real_agreement()
    measures = (replace(a.measures[0], confidence=0.3),) + a.measures[1:]
    assert "low_confidence:measures" in review_reasons(replace(a, measures=measures), evidence())


@pytest.mark.parametrize("text, years", [
    ("aus dem Ausbildungs- und Qualifizierungsbudget 2024 zur Verfügung", {2024}),
    ("Im Jahr 2O24 werden erneut Landesmittel", {2024}),
    ("für die Jahre 2020 bis 2024", set()),
])
def test_years_in_text(text, years):
    assert years_in_text(text) == years


@pytest.mark.parametrize("text, ags", [
    ("Ziele für die Umsetzung des Landkreises Wetteraukreis", {"06440"}),
    ("Die Stadt Kassel finanziert folgende Projekte", {"06611"}),
    ("Der Main-Kinzig-Kreis setzt die Mittel ein", {"06435"}),
    ("Die Mittel des Budgets", set()),
])
def test_regions_in_text(text, ags):
    assert regions_in_text(text) == ags


def test_word_confidences_reach_the_values():
    line = Line("Haushaltsmittel von 1.140.300 Euro", 1, (0, 0, 100, 10), 0.9, (0.95, 0.95, 0.41, 0.93))
    assert line.span_conf(20, 34) == 0.41
    assert line.span_conf(0, 15) == 0.95
    assert Line("ohne OCR", 1).span_conf() == 1.0


def test_budget_total_whose_currency_was_lost_is_taken_for_review():
    # a 1-bit 200 dpi fax: "Euro" read as "C"; the number after "insgesamt" is the total, unsure
    text = (SAMPLES / "wetteraukreis-2024.ocr.txt").read_text("utf-8").replace("1.140.300 Euro", "1.140.300 C")
    a = parse_agreement([PageText(1, "txt", tuple(Line(t, 1) for t in text.splitlines()))])
    assert a.budget_total_eur == 1140300
    assert a.needs_review and "low_confidence:budget_total_eur" in a.review_reasons


def test_signing_blocks_read_the_other_way_round_go_to_their_parties():
    # a 200 dpi scan: the region's block read before the ministry's; Friedberg is the Wetteraukreis' seat
    text = (SAMPLES / "wetteraukreis-2024.ocr.txt").read_text("utf-8").replace(
        "Wiesbaden, den 7(-22,cr Friedberg, den X.10 e-y-", "Friedberg, den 19.12.2023 Wiesbaden, den 21.12.2023")
    a = parse_agreement([PageText(1, "txt", tuple(Line(t, 1) for t in text.splitlines()))])
    assert [(s.party, s.place, s.date) for s in a.signatures] == [
        ("state", "Wiesbaden", "2023-12-21"), ("region", "Friedberg", "2023-12-19")]


def ocr_page(number: int, *lines: tuple[str, float], source: str = "ocr") -> PageText:
    return PageText(number, source, tuple(Line(text, number, conf=conf) for text, conf in lines))


NOISE = [("er", 0.37), ("SR", 0.22), ("er", 0.2), ("ER", 0.23), ("Eu", 0.15), ("RE >", 0.325), ("PERF ETTE", 0.0),
         ("‘2", 0.28), ("he", 0.11), ("VA", 0.24), ("IH", 0.48)]  # Tesseract on a grainy page of one heading


@pytest.mark.parametrize("page, unread", [
    (ocr_page(3, *NOISE), (3,)),
    (ocr_page(3, *NOISE, source="txt"), ()),  # no confidences of its own
    (ocr_page(3, *NOISE[:5]), ()),  # dust on a blank page: too few words to be a page of text
    (ocr_page(3, ("Fit für den Beruf II 20.000 €", 0.55), ("Azubi-Coaching 3.0", 0.52), ("Lernwerkstatt", 0.5),
              ("Integrationslotsen Arbeitsmarkt", 0.6)), ()),  # a fax read poorly, but read
])
def test_unread_pages(page, unread):
    assert unread_pages([page]) == unread


def test_the_real_agreement_loses_no_heading():
    a = real_agreement()
    from extractor.parse.agreement import lost_headings
    assert lost_headings(a.sections) == []
    merged = [*a.sections[:5], replace(a.sections[5], text=a.sections[5].text + " " + a.sections[6].text)]
    assert lost_headings(merged) == ["Kontinuierlicher Verbesserungsprozess"]


def scanned(text: str, doubtful: frozenset[str]) -> list[PageText]:
    """The text as a scan read it: every word at 0.96, the words in ``doubtful`` at 0.5."""
    return [PageText(1, "ocr", tuple(Line(t, 1, None, 0.96, tuple(0.5 if w in doubtful else 0.96 for w in t.split()))
                                     for t in text.splitlines()))]


PRICED = {"Vorbereitung auf Ausbildung in Teilzeit": "200.000 €",
          "Servicestelle Praktikum - Nachvermittlung in Ausbildung": "140.300,00 €",
          "geförderte Ausbildung in Teilzeit": "250.000 €", "Welcome Office Wetterau": "150.000 €",
          "Projekt GO-gut orientiert! II": "100.000 €", "StepbyStep": "200.000 €", "BASS Studierende": "100.000 €"}


@pytest.mark.parametrize("total, sure", [
    ("1.140.300 Euro", True),  # read apart in § 4 and § 5, the sum confirms every amount
    ("1.140.800 Euro", False),  # it does not add up: the amount read at 0.5 stays in doubt
])
def test_amounts_that_add_up_to_the_total_confirm_each_other(total, sure):
    text = (SAMPLES / "wetteraukreis-2024.ocr.txt").read_text("utf-8").replace("1.140.300 Euro", total)
    for name, price in PRICED.items():
        text = text.replace(f"• {name} \n", f"• {name} - {price}\n")
    a = parse_agreement(scanned(text, frozenset({"140.300,00"})))
    assert sum(m.amount_eur for m in a.measures) == 1_140_300
    doubtful = next(m for m in a.measures if m.amount_eur == 140_300)
    # sure, it is as sure as its type heading's match (0.913) and its name's words
    assert (doubtful.value_confidence > 0.9, doubtful.confidence > 0.8) == (sure, sure)
    assert ("low_confidence:measures" in a.review_reasons) != sure


def test_a_digit_the_amount_left_to_the_name_keeps_the_name_doubtful_though_the_sum_confirms_the_amount():
    # a 200 dpi JPEG's table row "Frauen in Arbeit 5 328.000,00 € 56": a speck read "5" before the
    # amount, which would exceed the total whole; the amounts add up without it, so the amount is
    # sure, but whether the "5" ends the name ("Azubi Coaching 30" for "3.0") only the scan tells
    text = (SAMPLES / "wetteraukreis-2024.ocr.txt").read_text("utf-8")
    prices = dict(PRICED, **{"BASS Studierende": "5 100.000 €"})
    for name, price in prices.items():
        text = text.replace(f"• {name} \n", f"• {name} - {price}\n")
    a = parse_agreement(scanned(text, frozenset()))
    assert sum(m.amount_eur for m in a.measures) == 1_140_300
    speck = next(m for m in a.measures if m.project.startswith("BASS Studierende"))
    assert (speck.project.endswith(" 5"), speck.amount_eur, speck.value_confidence > 0.9) == (True, 100_000, True)
    assert speck.confidence < 0.8 and "low_confidence:measures" in a.review_reasons


def test_a_total_that_lost_its_cents_is_not_confirmed_by_amounts_that_keep_them():
    # a 200 dpi JPEG: "EUR 620.200, 10" read as "EUR 620.200" (the cents apart, at 0.0), and the
    # projects' amounts, adding up to 620.200,10, confirmed it: they add up to the euro, not the cent
    text = (SAMPLES / "wetteraukreis-2024.ocr.txt").read_text("utf-8")
    prices = dict(PRICED, **{"Servicestelle Praktikum - Nachvermittlung in Ausbildung": "140.300,10 €"})
    for name, price in prices.items():
        text = text.replace(f"• {name} \n", f"• {name} - {price}\n")
    a = parse_agreement(scanned(text, frozenset({"1.140.300"})))
    assert a.budget_total_eur == 1_140_300 and sum(m.amount_eur for m in a.measures) == pytest.approx(1_140_300.1)
    assert "low_confidence:budget_total_eur" in a.review_reasons


def test_a_total_read_across_a_space_inside_a_group_is_read_but_doubtful():
    # a 200 dpi PNG: "2.34 1.000,00 Euro"; the space may hide a digit, so the total is for review
    # unless the measures' amounts add up to it
    text = (SAMPLES / "wetteraukreis-2024.ocr.txt").read_text("utf-8").replace("1.140.300 Euro", "1.14 0.300 Euro")
    a = parse_agreement([PageText(1, "txt", tuple(Line(t, 1) for t in text.splitlines()))])
    assert a.budget_total_eur == 1140300
    assert "low_confidence:budget_total_eur" in a.review_reasons
    for name, price in PRICED.items():
        text = text.replace(f"• {name} \n", f"• {name} - {price}\n")
    a = parse_agreement([PageText(1, "txt", tuple(Line(t, 1) for t in text.splitlines()))])
    assert a.budget_total_eur == 1140300 and "low_confidence:budget_total_eur" not in a.review_reasons


@pytest.mark.parametrize("number_conf, doubted", [(0.80, True), (0.86, False)])
def test_a_budget_read_just_under_sure_is_doubted(number_conf, doubted):
    # a 300 dpi scan: "2.810.400 €" read "2.310.400 €", the number at 0.80; a number has no word
    # list to confirm it, and it passed unflagged
    text = (SAMPLES / "wetteraukreis-2024.ocr.txt").read_text("utf-8")
    lines = []
    for t in text.splitlines():
        confs = tuple(number_conf if w == "1.140.300" else 0.95 for w in t.split())
        lines.append(Line(t, 1, (70, 100, 500, 112), 0.95, confs or None))
    a = parse_agreement([PageText(1, "ocr", tuple(lines))])
    assert a.budget_total_eur == 1140300
    assert ("low_confidence:budget_total_eur" in a.review_reasons) == doubted


@pytest.mark.parametrize("number_conf, doubted", [(0.92, False), (0.80, True)])
def test_a_total_whose_currency_wrapped_is_judged_by_its_own_words(number_conf, doubted):
    # fresh 200 dpi scans: "... insgesamt 1.455.500.00" / "Euro aus dem ...", the total read at 0.91,
    # "insgesamt" at 0: the whole line's doubt was taken for the total's (right, but flagged)
    text = (SAMPLES / "wetteraukreis-2024.ocr.txt").read_text("utf-8").replace(
        "von insgesamt \n\n1.140.300 Euro \n\naus dem", "von insgesamt 1.140.300\nEuro aus dem")
    lines = []
    for t in text.splitlines():
        confs = tuple(number_conf if w == "1.140.300" else 0.0 if w == "insgesamt" else 0.95 for w in t.split())
        lines.append(Line(t, 1, (70, 100, 500, 112), 0.95, confs or None))
    a = parse_agreement([PageText(1, "ocr", tuple(lines))])
    assert a.budget_total_eur == 1140300
    assert ("low_confidence:budget_total_eur" in a.review_reasons) == doubted


@pytest.mark.parametrize("replace_body, confirmed", [
    ((), True),  # the § text names the title's region, and no other
    (("Der Landkreis Wetteraukreis finanziert", "Der Landkreis Gießen finanziert"), False),  # names another too
])
def test_a_title_region_read_unsurely_is_confirmed_by_the_text_naming_it(replace_body, confirmed):
    # a .txt of a fresh hard set read "und dem Landkrcis KasseI" in its title: right, but doubtful
    text = (SAMPLES / "wetteraukreis-2024.ocr.txt").read_text("utf-8").replace(
        "und dem Landkreis Wetteraukreis", "und dem Landkreis Wefteraukrels")
    if replace_body:
        text = text.replace(*replace_body)
    lines = [Line(t, 1, (70, 100 + 12 * k, 400, 110 + 12 * k), 0.6 if "und dem Landkreis" in t else 0.95,
                  tuple((0.6 if "und dem Landkreis" in t else 0.95) for _ in t.split()))
             for k, t in enumerate(text.splitlines())]
    a = parse_agreement([PageText(1, "ocr", tuple(lines))])
    assert a.region_ags == "06440"
    assert (a.field_confidence["region"] >= 0.95) == confirmed
    assert ("low_confidence:region" in a.review_reasons) != confirmed
