"""Money amounts in German notation, with OCR digit confusions, and their role in the text."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from ..normalize.fuzzy import fold

# A digit as OCR may render it inside a number.
_D = r"[0-9OoIl|]"
MONEY = re.compile(
    rf"""
    (?<![^\W_])(?<!,)(?<!\d[.:'])                 # not inside a longer token (a leader "___" may precede)
    (?:(?P<cur_pre>EUR|Euro|€|F[ÜU]R(?=\s*{_D}{{1,3}}\.{_D}{{3}}))\s*)?   # EUR 1.140.300; "FÜR" read for "EUR"
    (?P<num>
        (?:[0-9]{_D}{{0,2}}(?:\.{_D}{{3}})*\.(?:{_D}{{2}}\s{_D}|[1-9]\s{_D}{{2}})(?:\.{_D}{{3}})+
                    # 2.34 1.000: a space read inside a group of three (not "3.0 96.500": a name's version)
          | [0-9]{_D}{{0,2}}(?:(?:\.\s?|:\.?|,\.|\.,|'|\s\.?|,(?={_D}{{3}}(?:\.|(?!{_D}))(?!,{_D}))|,(?={_D}{{3}},{_D}{{2}}(?!{_D}))){_D}{{3}})+
                    # 1.140.300  1 140 300  3.628. 800  2.605 .700  2:393.584  963:.042  3,497.900  1.023,800
                    # 342,.175  1.,140.300: a speck beside the dot
          | [1-9]{_D}{{3}}(?:\.{_D}{{3}})+(?=,|\.--|\s?(?:Euro|EUR|€))   # 1307.932,--: the first dot lost
          | [lI](?:\.{_D}{{3}})+)                             # l.140.300: a 1 read as l
        (?:\s?[,.]\s?(?:-{{1,2}}|—|–)|\s?,\.?{_D}{{1,2}}|\.{_D}{{2}}(?!{_D})|[,.]\s{_D}{{2}}(?=\s?(?:Euro|EUR|€))
           |(?<=\.{_D}{{3}}){_D}{{2}}(?=\s?(?:Euro|EUR|€))
           |(?(cur_pre)[,.]\s{_D}{{2}}(?![\d.,])))?   # ,00  ,.00  ,--  ,-  " ,--"  .--  .00  ", 10 €"  ". 10€"  00€
                    # "EUR 620.200, 10": a space after the comma of cents whose currency went first
      | [0-9lI]{_D}*(?:,(?:{_D}{{2}}|-{{1,2}}|—|–))?   # 45000  45000,00
    )
    (?P<cur_post>(?:\s*|-|[.:]\s?)(?:Euro|EUR|€|Eur\b|EUro|[BEFKL]{{1,2}}uro\b|kuro\b))?
                    # 1.140.300 Euro, "127.500-Euro", "FKuro", "Luro", "kuro", "3.770.300. Euro", "2.605.700.-: Euro"
    """,
    re.VERBOSE,
)
_ASCII_DIGITS = re.compile(r"[0-9]+")
# Digits right after an amount's number, across a comma or stop the pattern did not take ("EUR
# 620.200 , 10"): cents read apart or the number's own end, which of the two is open.
_LOOSE_TAIL = re.compile(r"\s?[,.]\s?\d{1,2}(?![\d.,])")
SPLIT_GROUP = re.compile(r"\.\S{1,2}\s\S{1,2}\.")  # "2.34 1.000": a space OCR read inside a group of three
SPLIT_GROUP_CONFIDENCE = 0.6  # such an amount is read whole, but which digits the space hides is open
# OCR confidence under which a number read from a scan counts as misread.  No word list confirms
# a number, and Tesseract's doubt just under the review threshold hid misreadings: in the records
# of 82 generated sets (3,186 agreements), budgets read at 0.80-0.85 were wrong in 1 of 27
# ("2.810.400" read "2.310.400" at 0.80, unflagged), measure amounts and counts in 2 of 28; at
# 0.85-0.90 budgets in none of 252, amounts and counts in 8 of 1,432 (all flagged for other
# reasons).  Counts were found to need it first: of the table rows of eight dev sets' scans,
# counts read at 0.80-0.85 were wrong in 2 of 7, at 0.85-0.90 in 2 of 28, from 0.90 in none of
# 333; 0.90 flagged 2-3 more right agreements a set.
SURE_NUMBER = 0.85
MISREAD_NUMBER_CONFIDENCE = 0.6


def number_conf(conf: float, scored: bool = True) -> float:
    """A number's confidence from the OCR confidence of its words: doubt under ``SURE_NUMBER`` is a
    misreading's.  A number without word confidences of its own (``scored`` false: a text layer)
    keeps what it has.

    >>> number_conf(0.8), number_conf(0.86), number_conf(0.8, scored=False), number_conf(0.3)
    (0.6, 0.86, 0.8, 0.3)
    """
    return min(conf, MISREAD_NUMBER_CONFIDENCE) if scored and conf < SURE_NUMBER else conf


def amount_doubt(raw: str) -> float:
    """The most an amount can be trusted for its form alone: one read across a space inside a
    group of three digits is doubtful (the space may hide a digit), others are as sure as OCR.

    >>> amount_doubt("2.34 1.000,00 Euro"), amount_doubt("1 140.300 Euro"), amount_doubt("1.140.300 €")
    (0.6, 1.0, 1.0)
    """
    return SPLIT_GROUP_CONFIDENCE if SPLIT_GROUP.search(raw) else 1.0
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})


@dataclass(frozen=True)
class MoneyMatch:
    amount_eur: float
    raw: str
    start: int
    end: int
    doubt: float = 1.0  # the most the amount can be trusted for how it was found (1: as sure as OCR)


def parse_number(raw: str) -> float | None:
    """The value of a German-formatted number with OCR digit confusions repaired.

    >>> parse_number("1.140.300")
    1140300.0
    >>> parse_number("1.14O.3OO,50")
    1140300.5
    >>> parse_number("45.000,--")
    45000.0
    >>> parse_number("24 500.00"), parse_number("287.000.00"), parse_number("176,000"), parse_number("1,140,300")
    (24500.0, 287000.0, 176000.0, 1140300.0)
    >>> parse_number("3,497.900,00"), parse_number("3.984.487 ,--")
    (3497900.0, 3984487.0)
    >>> parse_number("963:.042,10"), parse_number("1.023,800"), parse_number("2.938.300.--")
    (963042.1, 1023800.0, 2938300.0)
    >>> parse_number("46,500,00"), parse_number("101.50000"), parse_number("64.000,.00")
    (46500.0, 101500.0, 64000.0)
    >>> parse_number("485 713. 10"), parse_number("1.747.965, 10"), parse_number("3.628. 800")
    (485713.1, 1747965.1, 3628800.0)
    >>> parse_number("342,.175,99"), parse_number("1.,140.300")
    (342175.99, 1140300.0)
    """
    text = re.sub(r"\s?[,.]\s?[-—–]{1,2}$", "", raw.strip())  # "45.000,--", "2.938.300.--": no cents
    text = re.sub(r"(?<=\d)(?:,\.|\.,)(?=\d{3})", ".", text)  # "342,.175,99": a speck beside a thousands dot
    real_digits = sum(c.isdigit() for c in text)
    fixed = re.sub(r"(?<=\d)[.,]\s(\d{2})$", r",\1", text.translate(_DIGIT_FIX))  # "485 713. 10": cents after a space
    if real_digits < max(1, (sum(c.isdigit() for c in fixed)) // 2 + 1) and real_digits < 3:
        return None
    if "." in fixed:
        fixed = re.sub(r",(?=\d{3}(?:[.,]|$))", ".", fixed)  # "3,497.900,00", "1.023,800": a thousands dot read as a comma
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})*\.\d{5}", fixed):
        fixed = fixed[:-2] + "," + fixed[-2:]  # "101.50000": the decimal comma lost (a thousands group has 3 digits)
    elif "," not in fixed and re.search(r"\d\.\d{2}$", fixed):
        # "287.000.00", "24 500.00": the decimal comma read as a dot (a thousands dot has 3 digits after it)
        fixed = fixed[:-3] + "," + fixed[-2:]
    elif "." not in fixed and re.fullmatch(r"\d{1,3}(?:,\d{3})+", fixed):
        fixed = fixed.replace(",", ".")  # "176,000": a thousands dot read as a comma (cents have 2 digits)
    elif "." not in fixed and re.fullmatch(r"\d{1,3}(?:,\d{3})+,\d{2}", fixed):
        fixed = fixed[:-3].replace(",", ".") + fixed[-3:]  # "46,500,00": the same, before the cents
    integer, _, fraction = fixed.partition(",")
    integer = re.sub(r"[.:'\s]", "", integer)
    if not _ASCII_DIGITS.fullmatch(integer):
        return None  # str.isdigit() would also take "²"
    fraction = fraction.strip("-—– .")  # "64.000,.00": a speck after the comma
    if fraction and not _ASCII_DIGITS.fullmatch(fraction):
        return None
    value = float(integer) + (float("0." + fraction.ljust(2, "0")) if fraction else 0.0)
    return round(value, 2)


# A number grouped in thousands that ends a line after a space or "(", its currency read as
# noise: "(240.500 0)", "388.000 kurei", "(143.000 C 1".  Only a list whose other items carry
# amounts says it is one (``unit_lost_amount``).
_UNIT_LOST = re.compile(r"(?:(?<=\s)|(?<=\())(?P<num>[1-9]\d{0,2}(?:[.,]\s?\d{3})+(?:[.,]\s?\d{2})?)(?P<tail>[^\d]*\d{0,2}[^\d]*)$")
MAX_UNIT_TAIL = 8  # characters after the number: a unit and a closing parenthesis, read as noise
MAX_UNIT_LETTERS = 5  # "kurei", "Kuren"; a word of the name is longer


def unit_lost_amount(text: str) -> MoneyMatch | None:
    """An amount whose currency OCR read as noise, at the end of a line (doubt
    ``MISREAD_NUMBER_CONFIDENCE``: which marks were the unit is open).

    >>> [unit_lost_amount(t).amount_eur for t in ("Frauen in Arbeit (240.500 0)", "Fortbildung Ballmanagement (323.500 kuron",
    ...     "Verbundausbildung im Handwerk (344.000,00. 0)", "geforderte Ausbildung in Teilzeit (143.000 C 1")]
    [240500.0, 323500.0, 344000.0, 143000.0]
    >>> [unit_lost_amount(t) for t in ("Azubi-Coaching 3.0", "Perspektive 50 plus", "Sprachförderung 1400.000. 07",
    ...     "Nachqualifizierung (12:4.500 Furo)", "Projekt 240.500 Teilnehmende")]
    [None, None, None, None, None]
    """
    m = _UNIT_LOST.search(text)
    if m is None or not text[: m.start()].strip(" ([") or len(m.group("tail").strip()) > MAX_UNIT_TAIL \
            or sum(c.isalpha() for c in m.group("tail")) > MAX_UNIT_LETTERS:
        return None
    value = parse_number(m.group("num").replace(" ", ""))
    if value is None:
        return None
    return MoneyMatch(value, text[m.start():].strip(), m.start(), len(text), MISREAD_NUMBER_CONFIDENCE)


def find_money(text: str, min_value: float = 100.0) -> list[MoneyMatch]:
    """Every amount in ``text`` that carries a currency marker, in order.

    >>> [m.amount_eur for m in find_money("insgesamt 1.140.300 Euro, davon EUR 200.000")]
    [1140300.0, 200000.0]
    >>> find_money("Rechtskreise SGB II, III und 2024")
    []
    >>> [m.amount_eur for m in find_money("insgesamt 2.34 1.000,00 Euro aus dem")]  # a 200 dpi PNG
    [2341000.0]
    >>> [m.amount_eur for m in find_money("Azubi-Coaching 3.0 96.500 € 39")]  # a name's version before its amount
    [96500.0]
    """
    found: list[MoneyMatch] = []
    for m in MONEY.finditer(text):
        if not (m["cur_pre"] or m["cur_post"]):
            continue
        value = parse_number(m["num"])
        if value is None or value < min_value:
            continue
        loose = not m["cur_post"] and _LOOSE_TAIL.match(text, m.end()) is not None
        found.append(MoneyMatch(value, m.group(0).strip(), m.start(), m.end(),
                                MISREAD_NUMBER_CONFIDENCE if loose else 1.0))
    return found


EARMARK_CUE = re.compile(
    r"\b(davon|hiervon|darunter|dabei|einschlie(?:ß|ss|b)lich|entfallen|zweckgebunden|vorbehalten|reserviert"
    r"|(?:von|aus)\s+diesem\s+Betrag)\b",
    re.IGNORECASE,
)


def is_earmark_sentence(sentence: str) -> bool:
    """Whether a sentence states an earmarked part of the budget, not the budget itself.

    >>> is_earmark_sentence("Davon sind 120.000 Euro für Teilzeitausbildung vorgesehen.")
    True
    >>> is_earmark_sentence("Von diesem Betrag sind 206.000 € zweckgebunden")
    True
    >>> is_earmark_sentence("Das HMSI stellt Haushaltsmittel in Höhe von insgesamt 1.140.300 Euro zur Verfügung.")
    False
    """
    return bool(EARMARK_CUE.search(sentence))


# Words that open a sentence about a part of the budget; written so (capitalised) they open one
# whatever OCR made of the full stop before them ("... zur Vertugung: Davon sind ...").
_EARMARK_OPENING = re.compile(r"\s+(?=(?:Davon|Hiervon|Darunter|Von\s+diesem\s+Betrag|Aus\s+diesem\s+Betrag)\b)")


def sentences(text: str) -> list[str]:
    """Split running text into sentences without breaking on thousands separators or abbreviations,
    nor between an amount and its currency ("1.472.622. Euro"); also before a capitalised word
    that opens an earmark's sentence, its full stop misread or lost.

    >>> sentences("in Höhe von INSGESami 1.804.900,00 € aus dem Budget 2019 zur Vertugung: Davon sind FÜR 180.000 fur")
    ['in Höhe von INSGESami 1.804.900,00 € aus dem Budget 2019 zur Vertugung:', 'Davon sind FÜR 180.000 fur']
    """
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])(?!(?:Euro|EUR)\b)", " ".join(text.split()))
    return [piece for p in parts for piece in _EARMARK_OPENING.split(p) if piece]


OTHER_YEAR_CUE = re.compile(r"\b(Vorjahr\w*|vorangegangen\w*|vergangenen\s+Jahr\w*|bisher\w*)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d.,])(20[0-4]\d)(?![\d.,])")


def is_other_year_sentence(sentence: str, year: int | None) -> bool:
    """Whether a sentence is about another year's money ("Im Vorjahr 2023 standen ... zur Verfügung"):
    its cue, or the year it names last.  Last: a sentence whose full stop OCR lost runs on into the
    next ("... 2024 zur Verfügung Im Vonaht 2023 standen ...", the cue misread too).

    >>> is_other_year_sentence("Im Vorjahr 2023 standen dem Kreis 1.050.000 Euro zur Verfügung.", 2024)
    True
    >>> is_other_year_sentence("Das HMSI stellt im Jahr 2024 insgesamt 900.000 Euro bereit.", 2024)
    False
    >>> is_other_year_sentence("aus dem Budget 2024 zur Verfügung Im Vonaht 2023 standen der Stadt 1.988.800 Euro", 2024)
    True
    """
    if OTHER_YEAR_CUE.search(sentence):
        return True
    years = _YEAR.findall(sentence)
    return year is not None and bool(years) and int(years[-1]) != year


def after_last_year(text: str) -> str:
    """The words after the last year named in ``text`` (all of it when it names none).

    >>> after_last_year("Budget 2024 zur Verfügung Im Vonaht 2023 standen der Stadt ")
    ' standen der Stadt '
    """
    last = None
    for last in _YEAR.finditer(text):
        pass
    return text[last.end():] if last else text


BUDGET_WORD = "haushaltsmittel"
BUDGET_WORD_SCORE = 80.0  # "Haushaltsinittel" 90, "Haushalfsinittel" 84; "Haushaltsplan" 71, "Haushaltsjahr" 64


def names_budget(text: str) -> bool:
    """Whether a text names the budget's funds, "Haushaltsmittel" as OCR may have read it.

    >>> names_budget("stellt im Jahr 2014 Haushaltsinittel in Höhe von insgesamt"), names_budget("im Haushaltsjahr 2014")
    (True, False)
    """
    return any(fuzz.ratio(word[: len(BUDGET_WORD) + 1], BUDGET_WORD) >= BUDGET_WORD_SCORE
               for word in fold(text).split() if len(word) >= len(BUDGET_WORD) - 2)


# No AQB budget is this small: a smaller "total" is a fragment of a number OCR broke apart.
MIN_TOTAL_EUR = 10_000.0
MISDATED_TOTAL_CONFIDENCE = 0.5  # a total taken although its sentence names another year
_SPLIT_LEAD = re.compile(r"(?<![\w.,:])(\d{1,2})\s$")  # one or two digits and a space right before an amount


def joined_lead(sentence: str, m: MoneyMatch) -> MoneyMatch:
    """An amount with the digits OCR set apart before it: a space read inside the first group of
    three ("90 3.400,00 Euro" for 903.400), which left a fragment too small for any budget.  Read
    whole, in doubt (``SPLIT_GROUP_CONFIDENCE``: the space may hide a digit); any other amount as
    it was.

    >>> joined_lead("insgesamt 90 3.400,00 Euro", find_money("insgesamt 90 3.400,00 Euro")[0])
    MoneyMatch(amount_eur=903400.0, raw='90 3.400,00 Euro', start=10, end=26, doubt=0.6)
    >>> joined_lead("in 2 Projekten 1 140.300 Euro", find_money("in 2 Projekten 1 140.300 Euro")[0]).amount_eur
    1140300.0
    """
    if m.amount_eur >= MIN_TOTAL_EUR:
        return m
    whole = _with_lead(sentence, m, _SPLIT_LEAD.search(sentence, 0, m.start))
    return whole if whole is not None and whole.amount_eur >= MIN_TOTAL_EUR else m


def _with_lead(text: str, m: MoneyMatch, lead: re.Match | None) -> MoneyMatch | None:
    """The amount read with the digits of ``lead`` (group 1) that a space set apart before it, when
    they and its first group make a group of three at most; in doubt (``SPLIT_GROUP_CONFIDENCE``)."""
    first_group = re.match(r"\d+", m.raw)
    if not lead or not first_group or len(lead[1] + first_group[0]) > 3:
        return None
    whole = find_money(text[lead.start(1):m.end].replace(" ", "", 1))
    if len(whole) != 1:
        return None
    return MoneyMatch(whole[0].amount_eur, text[lead.start(1):m.end].strip(), lead.start(1), m.end,
                      SPLIT_GROUP_CONFIDENCE)


_COLON_LEAD = re.compile(r":\s*(\d{1,2})\s$")  # "Logistik: 1 " right before "11.500 €"


def colon_lead(text: str, m: MoneyMatch) -> MoneyMatch:
    """A measure's amount with the digits a space set apart after the colon that ends the name
    ("Teilqualifizierung Lager und Logistik: 1 11.500 €" for 111.500): after that colon only the
    amount stands.  In doubt (``SPLIT_GROUP_CONFIDENCE``); any other amount as it was.

    >>> colon_lead("Lager und Logistik: 1 11.500 €", find_money("Lager und Logistik: 1 11.500 €")[0])
    MoneyMatch(amount_eur=111500.0, raw='1 11.500 €', start=20, end=30, doubt=0.6)
    >>> colon_lead("Azubi-Coaching 3.0 11.500 €", find_money("Azubi-Coaching 3.0 11.500 €")[0]).amount_eur
    11500.0
    """
    return _with_lead(text, m, _COLON_LEAD.search(text, 0, m.start)) or m


_SPACED_LEAD = re.compile(r"\d{1,3}\s(?=\d{3}(?:[\s.]\d{3})*(?![\d.]))")  # "30 " of "30 187 000 €"


def dropped_lead(m: MoneyMatch, total: float | None) -> MoneyMatch:
    """A measure's amount without its first group of digits where a space sets that group apart and
    the amount would exceed the budget's total: the group ends the name ("Azubi Coaching 30 187 000 €",
    "3.0" read without its dot).  In doubt (``SPLIT_GROUP_CONFIDENCE``); any other amount as it was.

    >>> dropped_lead(find_money("Azubi Coaching 30 187 000 € 16")[0], 2_500_000.0)
    MoneyMatch(amount_eur=187000.0, raw='187 000 €', start=18, end=27, doubt=0.6)
    >>> dropped_lead(find_money("Azubi Coaching 30 187 000 € 16")[0], None).amount_eur  # no total to exceed
    30187000.0
    >>> dropped_lead(find_money("Café Beruf 1 187 000 €")[0], 2_500_000.0).amount_eur  # within the total
    1187000.0
    """
    lead = _SPACED_LEAD.match(m.raw)
    if total is None or m.amount_eur <= total or lead is None:
        return m
    rest = find_money(m.raw[lead.end():])
    if len(rest) != 1 or rest[0].amount_eur > total:
        return m
    return MoneyMatch(rest[0].amount_eur, rest[0].raw, m.start + lead.end(), m.end, SPLIT_GROUP_CONFIDENCE)


def budget_amounts(text: str, year: int | None = None) -> list[tuple[MoneyMatch, str]]:
    """Amounts of the budget section with their role: the total, earmarked parts, others.

    The total is the first amount not introduced by an earmark cue ("Davon ...", "hiervon ...")
    nor about another year; later amounts up to the total are earmarks, larger ones are "other".
    When no amount qualifies, the section's first amount, ruled out only for a year that is not
    the document's, whose words after that year name the funds ("Haushaltsmittel"), is the total in
    doubt (``MISDATED_TOTAL_CONFIDENCE``): OCR misreads years too ("im Jahr 2028" for 2023).

    >>> [(m.amount_eur, r) for m, r in budget_amounts(
    ...     "Haushaltsmittel von insgesamt 900.000 Euro. Davon sind 50.000 € für Teilzeit vorgesehen.")]
    [(900000.0, 'total'), (50000.0, 'earmark')]
    >>> [(m.amount_eur, r) for m, r in budget_amounts("stellt im Jahr 2017 insgesamt 1.978.400 Euro zur Verfugung "
    ...     "Im Vorjahr 2016 standen dem Landkreis 2.013.900 Euro zur Verfügung", 2017)]
    [(1978400.0, 'total'), (2013900.0, 'other')]
    >>> [(m.amount_eur, r) for m, r in budget_amounts(  # a 200 dpi scan: a space read inside the total
    ...     "Haushaltsmittel in Höhe von insgesamt 1.80 3.203.00 € aus dem Budget. "
    ...     "Von diesem Betrag sind 206.000 € zweckgebunden für Teilzeitausbildung einzusetzen.")]
    [(1803203.0, 'total'), (206000.0, 'earmark')]
    >>> [(m.amount_eur, r) for m, r in budget_amounts("Es stehen insgesamt 900.000 Euro zweckgebunden zur Verfügung.")]
    [(900000.0, 'total')]
    >>> [(m.amount_eur, r, m.doubt) for m, r in budget_amounts(
    ...     "stellt im Jahr 2028 Haushaltsmittel von insgesamt 1.959.400 Euro bereit.", 2023)]
    [(1959400.0, 'total', 0.5)]
    """
    out: list[tuple[MoneyMatch, str]] = []
    total: float | None = None
    misdated = False  # the first amount was ruled out only for its year
    for sentence in sentences(text):
        previous_end = 0
        for m in find_money(sentence):
            m = joined_lead(sentence, m)
            # judged on the words before the amount: a sentence whose full stop OCR lost runs on
            # into the next one ("... zur Verfügung Im Vorjahr 2016 standen ... Euro")
            if is_other_year_sentence(sentence[previous_end:m.end], year):
                misdated = misdated or (not out and not OTHER_YEAR_CUE.search(sentence[previous_end:m.end])
                                        and names_budget(after_last_year(sentence[previous_end:m.start])))
                out.append((m, "other"))
                previous_end = m.end
                continue
            # the cue may follow the amount ("... sind 206.000 € zweckgebunden"), where nothing
            # before it says it is the total
            cued = is_earmark_sentence(sentence[previous_end:m.start]) or (
                previous_end == 0 and is_earmark_sentence(sentence[: m.start])
            ) or (total is None and is_earmark_sentence(sentence[m.end:])
                  and not TOTAL_CUE.search(sentence[max(previous_end, m.start - 30):m.start]))
            if total is None and not cued and m.amount_eur >= MIN_TOTAL_EUR:
                role = "total"
                total = m.amount_eur
            elif total is not None and m.amount_eur <= total:
                role = "earmark"
            elif cued:
                role = "earmark"
            else:
                role = "other"
            out.append((m, role))
            previous_end = m.end
    if total is None and misdated and out[0][0].amount_eur >= MIN_TOTAL_EUR:
        out[0] = (replace(out[0][0], doubt=MISDATED_TOTAL_CONFIDENCE), "total")
    return out


TOTAL_CUE = re.compile(r"(?:\binsgesamt|\bH[öo]he\s+von|\bBetrag\s+von)\W{0,3}$", re.IGNORECASE)
_GROUPED = re.compile(r"\d[.:' ]\s?\d{3}")


def cued_total(text: str) -> MoneyMatch | None:
    """A total whose currency OCR lost: a number grouped in thousands right after "insgesamt" or
    "in Höhe von" ("insgesamt 2.745.200,01 C aus dem"), when no amount there has a currency.

    >>> cued_total("Haushaltsmittel in Hohe vom insgesamt 2.745.200,01 C aus dem Budget 2021").amount_eur
    2745200.01
    >>> cued_total("im Jahr 2021 insgesamt 2021 Projekte") is None
    True
    """
    for m in MONEY.finditer(text):
        if m["cur_pre"] or m["cur_post"] or not _GROUPED.search(m["num"]):
            continue
        value = parse_number(m["num"])
        if value is not None and value >= MIN_TOTAL_EUR and TOTAL_CUE.search(text[max(0, m.start() - 30):m.start()]):
            return MoneyMatch(value, m.group(0).strip(), m.start(), m.end())
    return None

