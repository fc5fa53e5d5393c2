"""Assemble one Agreement from the pages of a document: the parsers of this package in order."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from ..normalize.fuzzy import fold
from ..normalize.lexicons import CATEGORIES, SECTION_OPENINGS, SECTION_TITLES, Region
from ..normalize.regions import aliases
from ..normalize.text import normalize_project
from ..records import Agreement, Amount, Line, Measure, PageText, Section, Signature
from .amounts import (amount_doubt, budget_amounts, cued_total, find_money, names_budget, number_conf,
                      unit_lost_amount)
from .checks import (MIN_CONFIDENCE, Evidence, overall_confidence, regions_in_text, review_reasons, unread_pages,
                     years_in_text)
from .lines import BARE_NUMBER, document_lines
from .measures import (ProjectText, category_of, empty_categories, measure_list, page_geometry, rejoin_count_column,
                       rejoin_name_column, split_at, split_project)
from .parties import find_ministry, find_region, find_year, title_block
from .sections import SIGNED_HEADINGS, HeadingMatch, find_headings, looks_like_title, normalize_title, title_score
from .signatures import find_place_dates

BUDGET_TITLE = "Haushaltsmittel und Eckdaten"
UNMARKED_TOTAL_CONFIDENCE = 0.5  # a budget total read without its currency ("insgesamt 2.745.200,01 C")


def looks_like_agreement(lines: Sequence[Line]) -> bool:
    """Whether the text is an AQB target agreement at all (and not, say, a press release)."""
    head = " ".join(fold(line.text) for line in lines[:80] if line.text)
    hits = sum(
        fuzz.partial_ratio(word, head) >= 85
        for word in ("zielvereinbarung", "qualifizierungsbudget", "haushaltsmittel", "vereinbarungspartner")
    )
    return hits >= 2


def region_titles(region: Region | None) -> list[str]:
    """The region-specific forms of the measures-section title."""
    if region is None:
        return []
    base = MEASURES_TITLE
    forms = []
    for name in aliases(region):  # "Offenbach am Main" is also written "Offenbach"
        forms += [f"{base} der Stadt {name}", f"{base} des Landkreises {name}", f"{base} des Kreises {name}"]
        if name.endswith("kreis") or name.endswith("Kreis"):
            forms.append(f"{base} des {name}es")
        if region.region_type == "kreisfreie Stadt":
            forms += [f"{base} der Wissenschaftsstadt {name}", f"{base} der Landeshauptstadt {name}"]
    return forms


def _body(lines: Sequence[Line], headings: Sequence[HeadingMatch], k: int) -> list[Line]:
    end = headings[k + 1].line_index if k + 1 < len(headings) else len(lines)
    body = rejoin_name_column(rejoin_count_column(lines[headings[k].body_start : end]))
    return [line for line in body if not BARE_NUMBER.match(line.text)]


def _section_text(body: Sequence[Line]) -> str:
    paragraphs, current = [], []
    for line in body:
        if line.text:
            current.append(line.text)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def _locate(body: Sequence[Line], raw: str) -> Line | None:
    digits = "".join(c for c in raw if c.isdigit())
    for line in body:
        if raw in line.text or (digits and digits in "".join(c for c in line.text if c.isdigit())):
            return line
    return None


MEASURES_TITLE = "Ziele für die Umsetzung"  # the measures section's title opens so, with the region after it


def _measure_section(bodies: Sequence[Sequence[Line]], titles: Sequence[str] = ()) -> int | None:
    """The index of the section holding the category headings: the one titled for the measures
    when it holds one, else the one with most of them (§ 1 names every type in a sentence too,
    and wins over a list whose headings OCR lost).

    >>> lines = lambda *texts: [Line(t, 1) for t in texts]
    >>> bodies = [lines("Maßnahmen zur Ausbildungs- und Qualifizierungsvorbereitung, zu",  # § 1 of a 1-bit TIFF
    ...                 "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen,",
    ...                 "Qualifizierungsprojekte zur Arbeitsmarktintegration und"),
    ...           lines("1. Ausbildungsvorbereitung", "keine", "2. Ausbildung und Ausbildungscoaching")]
    >>> _measure_section(bodies, ["Ausbildungs- und Qualifizierungsbudget", "Ziele für die Umsetzung des Kreises Fulda"])
    1
    >>> _measure_section(bodies)
    0
    """
    hits = [len({c[0] for line in body if line.text and (c := category_of(line.text))}) for body in bodies]
    titled = [k for k, title in enumerate(titles) if fold(title).startswith(fold(MEASURES_TITLE)) and hits[k]]
    if len(titled) == 1:
        return titled[0]
    best, best_hits = None, 0
    for k, n in enumerate(hits):
        if n > best_hits:
            best, best_hits = k, n
    return best


def parse_agreement(pages: Sequence[PageText]) -> Agreement | None:
    """Every field of the agreement in the given pages; None when the text is no agreement."""
    lines = document_lines(pages)
    if not looks_like_agreement(lines):
        return None
    headings = find_headings(lines)
    if len(headings) < 2 and len({c[0] for line in lines if line.text and (c := category_of(line.text))}) < 2:
        return None  # names the budget but has neither §-sections nor measure types: a press release, a letter
    first_heading = headings[0].line_index if headings else None
    block = title_block(lines, first_heading)
    full_text = "\n".join(line.text for line in lines)
    warnings: list[str] = []

    year = find_year(block, full_text)
    ministry = find_ministry(block, full_text)
    region_hit = find_region(block, full_text)
    region = region_hit[0].region if region_hit else None

    bodies = [_body(lines, headings, k) for k in range(len(headings))]
    confidence: dict[str, float] = {}
    if year:
        confidence["year"] = year.conf
    if region_hit:
        confidence["region"] = region_hit[2]
    if ministry:
        confidence["ministry"] = ministry.conf
    extra_titles = region_titles(region)
    sections = []
    for k, h in enumerate(headings):
        sections.append(
            Section(
                number=h.number,
                title=normalize_title(h.title_raw, extra_titles),
                title_raw=h.title_raw,
                page=lines[h.line_index].page,
                text=_section_text(bodies[k]),
                bbox=lines[h.line_index].bbox,
            )
        )

    amounts: list[Amount] = []
    budget_k = next((k for k, s in enumerate(sections) if s.title == BUDGET_TITLE), None)
    if budget_k is None:
        budget_k = next((k for k, s in enumerate(sections) if names_budget(s.text)), None)
        if budget_k is not None:
            warnings.append("budget_section_by_text")
    budget_total = None
    if budget_k is not None:
        for money, role in budget_amounts(sections[budget_k].text, year.value if year else None):
            where = _locate(bodies[budget_k], money.raw)
            amounts.append(Amount(sections[budget_k].number, role, money.amount_eur, money.raw,
                                  where.page if where else sections[budget_k].page, where.bbox if where else None))
            if role == "total":
                budget_total = money.amount_eur
                read = (number_conf(where.span_conf(*_span(where, money.raw)), where.word_confs is not None)
                        if where else 0.9)
                confidence["budget_total_eur"] = min(read, amount_doubt(money.raw), money.doubt)
        if budget_total is None and (bare := cued_total(sections[budget_k].text)) is not None:
            # its currency unread ("2.745.200,01 C"): taken, but for review
            where = _locate(bodies[budget_k], bare.raw)
            amounts.append(Amount(sections[budget_k].number, "total", bare.amount_eur, bare.raw,
                                  where.page if where else sections[budget_k].page, where.bbox if where else None))
            budget_total = bare.amount_eur
            confidence["budget_total_eur"] = min(UNMARKED_TOTAL_CONFIDENCE,
                                                 where.span_conf(*_span(where, bare.raw)) if where else 1.0)

    measures: list[Measure] = []
    measure_k = _measure_section(bodies, [s.title for s in sections])
    empty: list[str] = []
    unread: list[Line] = []
    gaps: list[Line] = []
    bullets: list = []
    if measure_k is not None:
        found = measure_list(bodies[measure_k], page_geometry(lines))
        bullets, blocks, unread, gaps = found.bullets, found.blocks, found.unread, found.gaps
        empty = empty_categories(blocks, bullets)
        counted = any(b.participants is not None for b in bullets)  # a table with a participants column
        projects = [split_project(f"{b.text} {b.amount_raw}" if b.amount_raw else b.text, budget_total)
                    for b in bullets]
        projects = unit_lost_amounts(bullets, projects)
        # the amounts add up to the total read in another section: each is as sure as the sum
        summed = adds_up([p.amount_eur for p in projects], budget_total)
        for position, (bullet, project) in enumerate(zip(bullets, projects), start=1):
            canonical = CATEGORIES[bullet.category_code][0] if bullet.category_code in CATEGORIES else bullet.category_raw
            values = min(1.0 if summed else min(bullet.amount_conf, project.doubt), bullet.count_conf,
                         bullet.category_score / 100)
            if counted and bullet.amount_raw and bullet.participants is None:
                values = min(values, MISSING_COUNT_CONFIDENCE)  # a table row whose count was lost
            measures.append(Measure(position, bullet.category_code, canonical, bullet.category_raw,
                                    normalize_project(project.name), bullet.text, project.amount_eur, bullet.page,
                                    bullet.bbox,
                                    round(min(_measure_confidence(bullet, project.name), project.name_doubt, values), 4),
                                    bullet.participants, round(values, 4)))
            if project.amount_eur is not None:
                amounts.append(Amount(sections[measure_k].number, "measure", project.amount_eur,
                                      project.amount_raw, bullet.page, bullet.bbox))
    for k, section in enumerate(sections):
        if k in (budget_k, measure_k):
            continue
        for money in find_money(section.text):
            where = _locate(bodies[k], money.raw)
            amounts.append(Amount(section.number, "other", money.amount_eur, money.raw,
                                  where.page if where else section.page, where.bbox if where else None))

    tail_start = headings[-1].body_start if headings else max(0, len(lines) - 40)
    places = find_place_dates(lines[tail_start:], year.value if year else None)
    signatures = _assign_signatures(places, region.seat if region else None)
    for sig in signatures:
        confidence[f"signed_place_{sig.party}"] = sig.place_confidence
        if sig.date is not None:
            confidence[f"signed_date_{sig.party}"] = sig.date_confidence
    # agreement between independent readings is evidence of its own
    if year and years_in_text("\n".join(s.text for s in sections)) == {year.value}:
        confidence["year"] = max(confidence["year"], 0.95)
    if region and region_hit and any(region_hit[1] in line.text for line in block) \
            and regions_in_text("\n".join(s.text for s in sections)) == {region.ags}:
        # the title's region, and the § text names it and no other ("Landkrcis KasseI" in the title)
        confidence["region"] = max(confidence["region"], 0.95)
    if adds_up([m.amount_eur for m in measures], budget_total):
        confidence["budget_total_eur"] = 1.0  # the projects' amounts add up to it

    agreement = Agreement(
        year=year.value if year else None,
        year_raw=year.raw if year else "",
        region=region.name if region else None,
        region_raw=region_hit[1] if region_hit else "",
        region_ags=region.ags if region else None,
        region_type=region.region_type if region else None,
        ministry=ministry.value if ministry else None,
        ministry_raw=ministry.raw if ministry else "",
        budget_total_eur=budget_total,
        sections=tuple(sections),
        measures=tuple(measures),
        amounts=tuple(amounts),
        signatures=signatures,
        warnings=tuple(warnings),
        field_confidence={k: round(v, 4) for k, v in confidence.items()},
        confidence=overall_confidence(confidence, [m.confidence for m in measures]),
    )
    evidence = Evidence(
        body_text="\n".join(s.text for s in sections),
        measure_text=(sections[measure_k].title_raw + "\n" + sections[measure_k].text) if measure_k is not None else "",
        empty_categories=tuple(empty),
        unread_measure_lines=tuple(line.text for line in unread),
        list_gaps=tuple(line.text for line in gaps),
        stray_titles=tuple(stray_titles(bodies)),
        lost_headings=tuple(lost_headings(sections)),
        unknown_titles=tuple(s.title for s in sections if s.title not in SECTION_TITLES and s.title not in extra_titles),
        unsure_types=tuple(dict.fromkeys(b.category_raw for b in bullets
                                         if b.category_score < MIN_CONFIDENCE * 100)),
        two_items=tuple(b.text for b in bullets if b.two_items),
        split_items=tuple(b.text for b in bullets if b.split),
        unread_pages=unread_pages(pages),
    )
    reasons = tuple(review_reasons(agreement, evidence))
    return replace(agreement, needs_review=bool(reasons), review_reasons=reasons)


MERGED_ROWS_CONFIDENCE = 0.5


CENT = 0.01


def adds_up(amounts: Sequence[float | None], total: float | None) -> bool:
    """Whether every measure is priced and the prices add up to the total, to the cent: read
    apart, in two sections, they confirm each other, as a checksum does; a misread digit breaks
    it, and so do cents lost on either side (a total of 620.200,10 read as 620.200).

    >>> adds_up([120_000, 80_500.5], 200_500.5), adds_up([120_000, 80_500], 200_600), adds_up([120_000, None], 120_000)
    (True, False, False)
    >>> adds_up([120_000, 80_500.1], 200_500), adds_up([0.1] * 3, 0.3)
    (False, True)
    >>> adds_up([], 0), adds_up([5], None)
    (False, False)
    """
    return total is not None and bool(amounts) and all(a is not None for a in amounts) \
        and abs(sum(a for a in amounts if a is not None) - total) < CENT / 2


def unit_lost_amounts(bullets: Sequence, projects: list[ProjectText]) -> list[ProjectText]:
    """The projects, each without an amount given the one whose currency OCR read as noise
    ("Frauen in Arbeit (240.500 0)"), where another item of the list carries an amount: the list
    prices its items.  Such an amount is doubtful; the name loses the noise."""
    if not any(p.amount_eur is not None for p in projects):
        return projects
    return [split_at(b.text, m) if p.amount_eur is None and not b.amount_raw and (m := unit_lost_amount(b.text))
            else p for b, p in zip(bullets, projects)]


MISSING_COUNT_CONFIDENCE = 0.5  # a table row without the participant count the other rows give


def _measure_confidence(bullet, name: str) -> float:
    """A measure's confidence: its words' and its heading's, low when an amount is left inside the
    name (two table rows or items run together: "Coaching Migration 142.000,00 € 57 geförderte ...")
    or a numeral is glued to a word."""
    conf = min(bullet.conf, bullet.category_score / 100)
    if find_money(name) or glued_numeral(name):
        return min(conf, MERGED_ROWS_CONFIDENCE)
    return conf


GLUED_PREFIX = re.compile(r"^[IVXYl1|/]{1,4}$")  # a roman numeral as OCR reads it, a slash read as V or Y
ROMAN = re.compile(r"^[IVX]+$")


def glued_numeral(name: str) -> bool:
    """Whether OCR glued a numeral to an abbreviation the name writes elsewhere ("SGB II/SGB" read "SGB IVSGB").

    >>> glued_numeral("Inhouse-Schulung SGB IVSGB VIII"), glued_numeral("Inhouse-Schulung SGB IVYSGB VIE")
    (True, True)
    >>> glued_numeral("Inhouse-Schulung SGB II/SGB VIII"), glued_numeral("Kurse der VHS"), glued_numeral("IHK")
    (False, False, False)
    """
    words = [w.strip(".,;:()") for w in re.split(r"[\s/]+", name)]
    short = {w for w in words if 2 <= len(w) <= 5 and w.isupper() and not ROMAN.match(w)}
    return any(w != a and w.endswith(a) and GLUED_PREFIX.match(w[: -len(a)]) for w in words for a in short)


STRAY_TITLE = 95  # title_score of a line inside a section that is a section title all the same


def stray_titles(bodies: Sequence[Sequence[Line]]) -> list[str]:
    """Lines inside sections that are a known section title on their own: headings the parser missed.

    >>> stray_titles([[Line("Text des Abschnitts.", 1), Line("Kontinuierlicher Verbesserungsprozess", 1)]])
    ['Kontinuierlicher Verbesserungsprozess']
    >>> stray_titles([[Line("8:7 Kontinuierlicher Verbesserungsprozess", 1)]])  # behind what OCR made of its sign
    ['8:7 Kontinuierlicher Verbesserungsprozess']
    """
    return [line.text for body in bodies for line in body
            if 3 <= len(line.text) <= 60 and looks_like_title(title := _behind_sign(line.text))
            and title_score(title) >= STRAY_TITLE]


def _behind_sign(text: str) -> str:
    """A line's text behind a section sign and number as OCR read them ("8:7 Zielsteuerung"), else all of it."""
    signed = next(filter(None, (pattern.match(text) for pattern in SIGNED_HEADINGS)), None)
    return signed["title"] if signed and signed["title"] else text


LOST_HEADING_SCORE = 90  # partial similarity of a section's opening sentence within another's text


def lost_headings(sections: Sequence[Section]) -> list[str]:
    """Standard sections whose opening sentence stands in another section's text while no section
    carries their title: their heading was not read (a line OCR lost), so the numbering can
    still look complete.

    >>> s6 = Section(6, "Zielsteuerung", "Zielsteuerung", 4, "Der Landkreis bleiben über die Entwicklung des "
    ...              "Budgets im Austausch. Der Landkreis beteiligt sich an Umfragen und Tagungen des HMSI mit")
    >>> lost_headings([s6])
    ['Kontinuierlicher Verbesserungsprozess']
    """
    titles = {s.title for s in sections}
    return [title for title, opening in SECTION_OPENINGS.items() if title not in titles
            and any(fuzz.partial_ratio(fold(opening), fold(s.text)) >= LOST_HEADING_SCORE for s in sections)]


def _span(line: Line, raw: str) -> tuple[int, int]:
    """Where ``raw`` stands in the line; for an amount whose currency wrapped onto the next line
    (``1.455.500.00 Euro``, the line ending in the number) where its number stands, not the whole
    line (whose other words, ``insgesamt`` read at 0, would be taken for the number's doubt); else
    the whole line.

    >>> line = Line("Haushaltsmittel in Höhe von insgesamt 1.455.500.00", 1)
    >>> _span(line, "1.455.500.00 Euro"), _span(line, "1.455.500.00"), _span(line, "1.455.500.00 Euro 2")
    ((38, 50), (38, 50), (0, 50))
    >>> _span(Line("insgesamt 1.455.", 1), "1.455. 500.00 Euro")  # the number wrapped too: the whole line
    (0, 16)
    """
    at = line.text.find(raw)
    if at >= 0:
        return at, at + len(raw)
    words = raw.split()
    k = next((k for k, word in enumerate(words) if not any(c.isdigit() for c in word)), len(words))
    number, rest = " ".join(words[:k]), words[k:]
    if number and rest and not any(c.isdigit() for word in rest for c in word) and line.text.endswith(number):
        return len(line.text) - len(number), len(line.text)
    return 0, len(line.text)


def _assign_signatures(places, region_seat: str | None = None) -> tuple[Signature, ...]:
    """The first signing place is the ministry's (left column), the second the region's, unless
    the first is the region's seat and the second is not: then the blocks were read the other
    way round (a scan whose columns OCR took right to left)."""
    if len(places) >= 2 and region_seat and places[0].place == region_seat and places[1].place != region_seat:
        places = [places[1], places[0], *places[2:]]
    out = []
    for party, found in zip(("state", "region"), places[:2]):
        out.append(Signature(party, found.place, found.place_raw, found.date, found.date_raw, found.page,
                             round(found.conf, 4), round(found.place_conf, 4), round(found.date_conf, 4)))
    return tuple(out)
