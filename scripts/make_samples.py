#!/usr/bin/env python3
"""Typeset synthetic AQB Zielvereinbarungen with reportlab, "scan" them, and write their truth.

Every document is planned from ``(seed, index)``: region, year, wording, layout, fonts,
signatures, scan degradation and output format are drawn from seeded generators, so the
same command writes the same truth files (and, with the same fonts installed, the same bytes).

The generator is deliberately independent of the ``extractor`` package: it must not share
the parser's assumptions. It only reads the region table ``extractor/data/hessen-regions.csv``
by path, relative to this script.

Examples::

    python scripts/make_samples.py --seed 1 --n 30 --out /tmp/aqb
    python scripts/make_samples.py --seed 7 --n 10 --out /tmp/aqb-hard --mode hard
    python scripts/make_samples.py --seed 1 --n 4 --out /tmp/aqb-txt --formats txt,pdf-text
    python scripts/make_samples.py --n 0 --out /tmp/real --real samples/truth/wetteraukreis-2024.ocr.json

Output: ``OUT/<stem>.<ext>`` (one input file per agreement, stems are neutral, e.g.
``aqb-s1-003.pdf``, so a parser cannot read the answer from the name) and
``OUT/truth/<stem>.json``. See ``samples/README.md`` for the truth format.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas

GENERATOR_VERSION = "make_samples 1"
REPO_ROOT = Path(__file__).resolve().parent.parent
REGIONS_CSV = REPO_ROOT / "extractor" / "data" / "hessen-regions.csv"
REAL_TRUTH_DEFAULT = REPO_ROOT / "samples" / "truth" / "wetteraukreis-2024.ocr.json"

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
FIXED_PDF_TIME = time.struct_time((2000, 1, 1, 0, 0, 0, 5, 1, 0))  # keeps image PDFs byte-stable

FORMATS = ("pdf-image", "pdf-text", "tiff", "png", "jpeg", "txt")
FORMAT_EXT = {"pdf-image": ".pdf", "pdf-text": ".pdf", "tiff": ".tif", "png": ".png", "jpeg": ".jpg", "txt": ".txt"}
RASTER_FORMATS = ("pdf-image", "tiff", "png", "jpeg")
SINGLE_PAGE_FORMATS = ("png", "jpeg")
FORMAT_MIX = {
    "light": {"pdf-image": 50, "tiff": 15, "png": 5, "jpeg": 5, "pdf-text": 15, "txt": 10},
    "hard": {"pdf-image": 50, "tiff": 20, "png": 5, "jpeg": 5, "pdf-text": 10, "txt": 10},
}
YEARS = tuple(range(2014, 2026))
MAX_PAGES = 5

TRUTH_KEYS = (
    "source_file", "year", "region_ags", "region", "region_type", "ministry", "budget_total_eur",
    "earmarks", "signed_place_state", "signed_place_region", "signed_date_state",
    "signed_date_region", "sections", "measures", "pages", "scan",
)

# --------------------------------------------------------------------------------------
# Domain vocabulary
# --------------------------------------------------------------------------------------

MINISTRY_BEFORE_2024 = "Ministerium für Soziales und Integration"
MINISTRY_FROM_2024 = "Ministerium für Arbeit, Integration, Jugend und Soziales"
MINISTRY_ABBR = "HMSI"  # the 2024 agreement still calls the renamed ministry "HMSI"

MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember")

CATEGORY_CODES = ("AV", "AB", "QP", "WB")
CATEGORY_FULL = {
    "AV": "Ausbildungs- und Qualifizierungsvorbereitung",
    "AB": "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen",
    "QP": "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",
    "WB": ("Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der "
           "fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung"),
}
CATEGORY_SHORT = {
    "AV": "Ausbildungsvorbereitung",
    "AB": "Ausbildung und Ausbildungscoaching",
    "QP": "Qualifizierungsprojekte",
    "WB": "Weiterbildung des Personals",
}
OTHER_CATEGORY_HEADINGS = (
    "Sonstige Maßnahmen",
    "Modellvorhaben",
    "Ergänzende Maßnahmen der Jugendberufshilfe",
    "Netzwerk- und Koordinierungsaufgaben",
)

# Project names per measure type; "{short}" becomes the short region name ("Wetterau").
PROJECTS = {
    "AV": (
        "Vorbereitung auf Ausbildung in Teilzeit",
        "Servicestelle Praktikum - Nachvermittlung in Ausbildung",
        "Café Beruf",
        "Jugendwerkstatt Holz und Metall",
        "Berufsorientierung im Jugendhaus",
        "Produktionsschule {short}",
        "Kompetenzfeststellung und Berufswegeplanung",
        "Ausbildungslotsen an Schulen",
        "Praxisklasse Plus",
        "Startklar für die Ausbildung",
        "Fit für den Beruf II",
        "Übergangsmanagement Schule-Beruf",
        "Werkstattjahr 2.0",
        "Berufseinstiegsbegleitung Plus",
        "Ausbildungsreife durch Praxis",
        "Projekt GO-gut orientiert! II",
        "Perspektive Ausbildung für junge Geflüchtete",
        "Jugend stärken im Quartier",
        "Einstiegsqualifizierung mit sozialpädagogischer Begleitung",
        "Mädchen in Technik und Handwerk",
        "Berufsorientierung für Jugendliche mit Förderbedarf",
        "Lernwerkstatt Grünpflege",
        "JobStarter {short}",
        "AusbildungsBrücke",
    ),
    "AB": (
        "geförderte Ausbildung in Teilzeit",
        "Ausbildungscoaching für junge Mütter",
        "Verbundausbildung im Handwerk",
        "Assistierte Ausbildung flexibel",
        "Ausbildungsbegleitung in der Pflege",
        "Außerbetriebliche Ausbildung Hauswirtschaft",
        "Ausbildungsverbund {short}",
        "Teilzeitausbildung für Alleinerziehende",
        "Ausbildung statt Abbruch",
        "Coaching zur Vermeidung von Ausbildungsabbrüchen",
        "Ausbildung in der Altenpflegehilfe",
        "Gastro-Ausbildung mit Begleitung",
        "Ausbildungscoaching Migration",
        "Kooperative Ausbildung im Einzelhandel",
        "Azubi-Coaching 3.0",
        "Ausbildungsplatzakquise und Matching",
        "Ausbildungsbegleitende Hilfen Plus",
        "Duale Ausbildung für Geflüchtete (DAG)",
        "Nachhilfe und Prüfungsvorbereitung für Auszubildende",
        "Ausbildung im Garten- und Landschaftsbau",
    ),
    "QP": (
        "Welcome Office {short}",
        "StepbyStep",
        "Coaching für Alleinerziehende",
        "Sprach- und Berufsorientierung für Geflüchtete",
        "Berufsbezogene Sprachförderung B1/B2",
        "Qualifizierung zur Alltagsbegleitung",
        "Frauen in Arbeit",
        "Perspektive 50 plus",
        "Fachkräfte für die Pflege",
        "Teilqualifizierung Lager und Logistik",
        "Qualifizierung im Sozialkaufhaus",
        "Kompetenzzentrum Arbeit und Integration",
        "Job-Coaching für Langzeitarbeitslose",
        "Neustart – Wege in Beschäftigung",
        "Integrationslotsen Arbeitsmarkt",
        "Nachqualifizierung mit Berufsabschluss",
        "Deutsch am Arbeitsplatz",
        "Brücken in den Arbeitsmarkt III",
        "Qualifizierung zum Berufskraftfahrer",
        "MINT-Qualifizierung für Frauen",
        "Servicestelle Anerkennung ausländischer Abschlüsse",
        "Arbeitsgelegenheiten mit Qualifizierung",
        "IT-Grundlagen für Wiedereinsteigerinnen",
        "Kochwerk – Qualifizierung in der Gastronomie",
        "Pflegehelferinnen-Qualifizierung mit Sprachmodul",
        "Werkhof {short}",
        "Wiedereinstieg nach der Familienphase",
        "Fit für die Arbeitswelt!",
        "Haus der Berufe – Qualifizierung und Vermittlung",
        "Migrantinnen in Ausbildung und Arbeit (MIA)",
    ),
    "WB": (
        "BASS Studierende",
        "Fortbildung Fallmanagement",
        "Interkulturelle Kompetenz für Fachkräfte",
        "Weiterbildung Coaching-Kompetenz",
        "Qualifizierung der Integrationsfachkräfte",
        "Fachtag Übergang Schule-Beruf",
        "Supervision für Fachpersonal der Jugendberufshilfe",
        "Schulung Gesprächsführung in der Arbeitsvermittlung",
        "Zertifikatskurs Jobcoaching",
        "Fortbildungsreihe Traumapädagogik",
        "Digitale Beratungskompetenz",
        "Inhouse-Schulung SGB II/SGB VIII",
    ),
    "OTHER": (
        "Modellprojekt Jugendberufsagentur",
        "Netzwerk Ausbildung {short}",
        "Evaluation der regionalen Arbeitsmarktstrategie",
        "Koordinierungsstelle Übergang Schule-Beruf",
    ),
}

EARMARK_TEMPLATES = (
    ("Davon sind {amount} für {purpose} vorgesehen.",
     ("Maßnahmen der Teilzeitausbildung", "spezifische Sprachförderangebote",
      "die Qualifizierung von Geflüchteten")),
    ("Hiervon entfallen {amount} auf {purpose}.",
     ("Sprachförderung", "die Teilzeitausbildung", "Weiterbildungsmaßnahmen für Personal")),
    ("Von diesem Betrag sind {amount} zweckgebunden für {purpose} einzusetzen.",
     ("Maßnahmen der Teilzeitausbildung", "Sprachförderung")),
)

FIRST_NAMES_F = ("Anna", "Birgit", "Claudia", "Doris", "Elke", "Franziska", "Gabriele", "Heike",
                 "Ines", "Julia", "Katrin", "Lena", "Monika", "Nadine", "Petra", "Sabine", "Ulrike")
FIRST_NAMES_M = ("Andreas", "Bernd", "Christian", "Dieter", "Frank", "Georg", "Holger", "Jens",
                 "Klaus", "Lars", "Matthias", "Norbert", "Peter", "Stefan", "Thomas", "Uwe", "Wolfgang")
LAST_NAMES = ("Becker", "Brandt", "Engel", "Fischer", "Graf", "Hahn", "Jäger", "Keller", "König",
              "Lorenz", "Maier", "Neumann", "Otto", "Pohl", "Roth", "Schäfer", "Schulz", "Vogt",
              "Weber", "Winkler", "Zimmermann", "Groß", "Weiß", "Krämer", "Müller-Lang")

BULLETS = ("•", "-", "–", "·", "o", "▪", "*")

# Font families the generator may use, by the file names fontconfig reports.
FONT_FILES = {
    "Liberation Serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    "Liberation Sans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    "DejaVu Serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "DejaVu Sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "FreeSerif": ("FreeSerif.ttf", "FreeSerifBold.ttf"),
    "FreeSans": ("FreeSans.ttf", "FreeSansBold.ttf"),
}

# --------------------------------------------------------------------------------------
# Wording. The "real" texts are the Wetteraukreis 2024 agreement with its OCR errors
# corrected; placeholders make them usable for every region and year.
# --------------------------------------------------------------------------------------

PREAMBLE_REAL = (
    "Erfolgreiche Arbeitsmarktpolitik bindet die regionalen Akteure des Arbeitsmarktes in eine "
    "gemeinsame, auf die Zukunftsanforderungen fokussierte Strategie ein. Dafür will {min_das} "
    "({abbr}) regionale Handlungs- und Entscheidungsspielräume eröffnen und vereinbart dazu Ziele "
    "mit den Kreisen und kreisfreien Städten. Bei allen Maßnahmen und Angeboten, die über das "
    "Ausbildungs- und Qualifizierungsbudget umgesetzt werden, orientiert sich das {abbr} an den "
    "landespolitischen Zielsetzungen der Arbeitsmarktpolitik, dem „{alliance}“{concept} sowie an "
    "der regionalen Arbeitsmarkt- und Ausbildungsstrategie {r_gen}. Die Maßnahmen sind "
    "grundsätzlich genderadäquat, ohne Altersbegrenzungen und inklusiv angelegt und überdies den "
    "Leitlinien der UN-Behindertenrechtskonvention verpflichtet."
)
PREAMBLE_ALT = (
    "Das Land Hessen unterstützt die Landkreise und kreisfreien Städte mit dem Ausbildungs- und "
    "Qualifizierungsbudget dabei, regionale Strategien für Ausbildung und Beschäftigung umzusetzen. "
    "Grundlage dieser Vereinbarung ist die kommunale Verantwortung für die regionale "
    "Arbeitsmarktpolitik. {Min_das} und {r_nom} verständigen sich in dieser Zielvereinbarung über "
    "die Ziele und die Mittel für das Jahr {year}.",
    "Mit der Kommunalisierung arbeitsmarktpolitischer Landesmittel stärkt das Land Hessen die "
    "Eigenverantwortung der Kreise und kreisfreien Städte. Die Vereinbarungspartner setzen sich "
    "gemeinsam dafür ein, jungen Menschen und Erwachsenen mit besonderem Unterstützungsbedarf den "
    "Zugang zu Ausbildung und Beschäftigung zu erleichtern.",
)
PREAMBLE_SHORT = (
    "Mit dieser Zielvereinbarung legen {min_das} ({abbr}) und {r_nom} die Ziele und Mittel des "
    "Ausbildungs- und Qualifizierungsbudgets {year} fest."
)

AQB_REAL = (
    "Das {abbr} verfolgt mit dem Ausbildungs- und Qualifizierungsbudget {year} das Ziel, die "
    "Ausbildungsfähigkeit von benachteiligten Menschen zu steigern, ihre Beschäftigungsfähigkeit zu "
    "sichern, ihnen Ausbildungsabschlüsse zu ermöglichen und sie durch längerfristige, flexible und "
    "arbeitsmarktnahe Qualifizierung zu einer eigenständigen Existenzsicherung zu befähigen. "
    "Querschnittsorientierte Handlungsansätze des Budgets bieten den regional interagierenden "
    "Akteuren des Arbeitsmarktes die Vielfalt, berufliche und qualifikatorische Angebote für "
    "möglichst individuelle Bedarfslagen von verschiedensten Zielgruppen anzubieten. Menschen mit "
    "ihren jeweiligen Bedürfnissen und Herausforderungen ernst zu nehmen und bei ihrem Weg in "
    "Ausbildung und Beschäftigung zu unterstützen, betrachtet das {abbr} als zentralen Baustein für "
    "eine erfolgversprechende und nachhaltige Integration in unsere Gesellschaft.",
    "Bei der Erreichung dieses Ziels setzt das {abbr} auf einen rechtskreisübergreifenden "
    "Förderansatz in den hessischen Kreisen und kreisfreien Städten. Nur wenn die einzelnen "
    "Rechtskreise SGB II, III, VIII, XII und AsylbLG sinnvoll zusammenwirken, alle Zielgruppen – "
    "inklusive der sog. Stillen Reserve – und weitere regionale Akteure aus Arbeitsmarkt und "
    "Wirtschaft potenziell einbezogen sind, können Unterstützungsstrukturen geschaffen werden, die "
    "ein selbstbestimmtes Leben auch in herausfordernden Lebenslagen ermöglichen.",
    "Dem Land Hessen ist es wichtig, Menschen mit familiensorgenden Tätigkeiten einen "
    "vollqualifizierenden Berufsabschluss zu ermöglichen. Daher werden spezifisch Mittel für "
    "Maßnahmen zur Ermöglichung von Teilzeitausbildungen bereitgestellt. Über die im Rahmen des ESF "
    "Hessen geförderte „Servicestelle Teilzeit-Ausbildung“ unterstützt das {abbr} die "
    "Zusammenarbeit aller regionalen Akteure am Übergang Schule-Beruf.",
    "Schwerpunkte im Ausbildungs- und Qualifizierungsbudget sind Maßnahmen zur Ausbildungs- und "
    "Qualifizierungsvorbereitung, zu Ausbildung und Ausbildungscoaching in anerkannten "
    "Ausbildungsberufen, Qualifizierungsprojekte zur Arbeitsmarktintegration und "
    "Fachkräftesicherung sowie Weiterbildungen des Fachpersonals der Gebietskörperschaften mit "
    "Teilnehmendenbezug.",
)
AQB_ALT = (
    "Ziel des Landes ist es, jungen Menschen mit schlechteren Startchancen den Übergang von der "
    "Schule in Ausbildung zu erleichtern und Erwachsenen ohne Berufsabschluss eine nachhaltige "
    "Integration in den Arbeitsmarkt zu ermöglichen.",
    "Die Kreise und kreisfreien Städte entscheiden im Rahmen ihrer regionalen Strategie "
    "eigenverantwortlich über den Einsatz der Mittel. Dabei sind die Angebote anderer "
    "Leistungsträger vorrangig zu nutzen; Doppelförderungen sind auszuschließen.",
    "Die geförderten Maßnahmen sollen allen Zielgruppen offenstehen, insbesondere Jugendlichen ohne "
    "Schulabschluss, Alleinerziehenden, Langzeitarbeitslosen sowie Menschen mit Migrations- und "
    "Fluchtgeschichte.",
)
AQB_SHORT = ("Das {abbr} verfolgt mit dem Budget {year} das Ziel, benachteiligten Menschen Ausbildung "
             "und Beschäftigung zu ermöglichen.")

DUTIES_REAL = (
    "{Min_das} und {r_nom} setzen die ihnen zur Verfügung stehenden Kompetenzen dafür ein, dass die "
    "in § {n_goals} vereinbarten Ziele erreicht werden. Die Entscheidung über den Mitteleinsatz "
    "erfolgt im Kontext der von {r_dat} bereits erarbeiteten und regelmäßig zu aktualisierenden "
    "regionalen Ausbildungs- und Arbeitsmarktstrategie, die mit den regionalen Akteuren der "
    "Rechtskreise SGB II, III, VIII, XII und AsylbLG, der Wirtschaft und – für den Bereich des "
    "Übergangs von der Schule in den Beruf – mit den regionalen OloV-Steuerungsgruppen abgestimmt ist.",
    "Im Jahr {year} werden erneut Landesmittel für spezifische Sprachförderangebote und "
    "Qualifizierungen im Rahmen des AQB zur Verfügung gestellt. Die geförderten Angebote sind durch "
    "eine hohe Individualität und Vielfalt gekennzeichnet.",
)
DUTIES_ALT = (
    "{R_nom} verpflichtet sich, die Mittel ausschließlich für die in § {n_goals} genannten Maßnahmen "
    "einzusetzen und dem {abbr} über den Stand der Umsetzung zu berichten. Das {abbr} unterstützt "
    "{r_acc} bei der Weiterentwicklung der regionalen Arbeitsmarktstrategie.",
)
DUTIES_SHORT = ("Die Vereinbarungspartner setzen ihre Kompetenzen dafür ein, dass die in § {n_goals} "
                "vereinbarten Ziele erreicht werden.")

UNCRPD_REAL = (
    "Die Integration in das Erwerbsleben stellt aus der Sicht {min_des} eine der vordringlichsten "
    "Maßnahmen zur Förderung der Teilhabe von Menschen mit Behinderungen dar. Auch angesichts der "
    "demografischen Entwicklung und eines damit verbundenen aktuellen und zukünftigen "
    "Fachkräftemangels kommt der nachhaltigen Förderung von Maßnahmen zur Integration von Menschen "
    "mit Behinderungen in den Arbeitsprozess eine große Bedeutung zu."
)
UNCRPD_ALT = (
    "Die Vereinbarungspartner tragen dafür Sorge, dass die geförderten Maßnahmen für Menschen mit "
    "Behinderungen zugänglich sind. Die Grundsätze der UN-Behindertenrechtskonvention werden bei der "
    "Planung und Durchführung aller Angebote beachtet."
)
UNCRPD_SHORT = "Die Maßnahmen berücksichtigen die Teilhabe von Menschen mit Behinderungen."

GOALS_INTRO = (
    "{R_nom} finanziert mit den Mitteln des Ausbildungs- und Qualifizierungsbudgets {year} in den "
    "jeweiligen Maßnahmenarten folgende Projekte:",
    "Mit den Mitteln des Ausbildungs- und Qualifizierungsbudgets {year} finanziert {r_nom} "
    "folgende Projekte:",
    "{R_nom} setzt die Mittel des Budgets {year} für folgende Projekte ein:",
)
GOALS_CLOSING = (
    "Die Förderung der aufgeführten Maßnahmen erfolgt auf Basis und nach Maßgabe des – nach "
    "Antragstellung durch {r_acc} vom Regierungspräsidium Kassel erlassenen – Bescheides.",
    "Die Förderung der aufgeführten Maßnahmen erfolgt nach Maßgabe der Bewilligungsbescheide des "
    "Regierungspräsidiums Kassel.",
)

STEERING_REAL = (
    "{R_nom} und das {abbr} bleiben über die Entwicklung des Budgets {year} im engen Austausch. "
    "Dazu wird unter anderem eine Umsetzungsbesprechung im Herbst angesetzt.",
    "Unterjährige Abweichungen von den in § {n_budget} genannten Haushaltsmitteln und Eckdaten werden "
    "bei der Beurteilung der Zielerreichung berücksichtigt.",
)
STEERING_ALT = ("Zur Steuerung der Zielerreichung legt {r_nom} dem {abbr} bis zum 31. März des "
                "Folgejahres einen Sachbericht vor.",)
STEERING_SHORT = "{R_nom} und das {abbr} bleiben über die Entwicklung des Budgets {year} im Austausch."

IMPROVE_REAL = (
    "{R_nom} beteiligt sich an Umfragen und Tagungen des {abbr} mit dem Ziel, Erfahrungen "
    "auszutauschen, gute Praxis zu identifizieren und neue Impulse für die regionale Arbeitsmarkt- "
    "und Ausbildungspolitik zu setzen.",
    "Die Zielvereinbarungen werden auf dem Internetportal des {abbr} „Arbeitswelt Hessen“ "
    "veröffentlicht.",
)
IMPROVE_ALT = ("Die Vereinbarungspartner verständigen sich darauf, die Umsetzung des Budgets "
               "gemeinsam auszuwerten und die Zusammenarbeit kontinuierlich weiterzuentwickeln.",)
IMPROVE_SHORT = "{R_nom} beteiligt sich an Umfragen und Tagungen des {abbr}."

IN_FORCE = (
    "Diese Zielvereinbarung tritt mit ihrer Unterzeichnung in Kraft und gilt bis zum "
    "31. Dezember {year}.",
    "Die Zielvereinbarung tritt am 1. Januar {year} in Kraft. Sie endet mit Ablauf des "
    "Haushaltsjahres {year}.",
)

SECTION_TITLES = {
    "aqb": "Ausbildungs- und Qualifizierungsbudget",
    "duties": "Verpflichtungen der Vereinbarungspartner",
    "uncrpd": "Umsetzung der UN-Behindertenrechtskonvention",
    "budget": "Haushaltsmittel und Eckdaten",
    "goals": "Ziele für die Umsetzung {r_gen}",
    "steering": "Zielsteuerung",
    "improve": "Kontinuierlicher Verbesserungsprozess",
    "in_force": "Inkrafttreten",
}


# --------------------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Region:
    """One row of the regions table."""

    ags: str
    name: str
    region_type: str  # "Landkreis" or "kreisfreie Stadt"
    seat: str

    @property
    def is_city(self) -> bool:
        return self.region_type == "kreisfreie Stadt"

    @property
    def seat_place(self) -> str:
        """Seat of administration as written in a signature line: without "(Hessen)" etc."""
        return re.sub(r"\s*\(.*?\)", "", self.seat).strip()


@dataclass(frozen=True)
class RegionWords:
    """How one document names its region, in the four German cases."""

    nom: str  # "der Landkreis Wetteraukreis"
    acc: str  # "den Landkreis Wetteraukreis"
    dat: str  # "dem Landkreis Wetteraukreis"
    gen: str  # "des Landkreises Wetteraukreis"
    designation: str  # "Landkreis Wetteraukreis"
    short: str  # "Wetterau", for project names and running headers


def load_regions(path: Path = REGIONS_CSV) -> list[Region]:
    """Read the 26 Hessian regions from the CSV next to the parser's data."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [Region(r["ags"], r["name"], r["region_type"], r["seat"]) for r in csv.DictReader(fh)]


CITY_DESIGNATIONS = {
    "Darmstadt": ("Wissenschaftsstadt Darmstadt", "Stadt Darmstadt"),
    "Frankfurt am Main": ("Stadt Frankfurt am Main",),
    "Offenbach am Main": ("Stadt Offenbach am Main", "Stadt Offenbach"),
    "Wiesbaden": ("Landeshauptstadt Wiesbaden",),
    "Kassel": ("Stadt Kassel",),
}
KREIS_PREFERRED = ("Offenbach", "Bergstraße", "Groß-Gerau")  # commonly "Kreis X", not "Landkreis X"


def region_words(region: Region, rng: random.Random) -> RegionWords:
    """Pick a realistic phrasing for the region and decline it."""
    short = re.sub(r"-?[Kk]reis$", "", region.name).replace(" am Main", "")
    if region.is_city:
        designation = rng.choice(CITY_DESIGNATIONS.get(region.name, (f"Stadt {region.name}",)))
        return RegionWords(f"die {designation}", f"die {designation}", f"der {designation}",
                           f"der {designation}", designation, short)
    if region.name.lower().endswith("kreis"):
        kind = rng.choice(("", "", "Landkreis"))
    elif region.name in KREIS_PREFERRED:
        kind = rng.choice(("Kreis", "Kreis", "Landkreis"))
    else:
        kind = "Landkreis"
    if kind:
        designation = f"{kind} {region.name}"
        return RegionWords(f"der {designation}", f"den {designation}", f"dem {designation}",
                           f"des {kind}es {region.name}", designation, short)
    return RegionWords(f"der {region.name}", f"den {region.name}", f"dem {region.name}",
                       f"des {region.name}es", region.name, short)


def ministry_name(year: int) -> str:
    """The ministry's name after "Hessisches", by the year of the agreement."""
    return MINISTRY_FROM_2024 if year >= 2024 else MINISTRY_BEFORE_2024


def ministry_nominative(year: int) -> str:
    """The ministry in the nominative without article, as the truth records it."""
    return f"Hessisches {ministry_name(year)}"


def alliance_name(year: int) -> str:
    """The training alliance the preamble refers to (brings distracting year numbers)."""
    if year <= 2014:
        return "Hessischen Pakt für Ausbildung 2010 bis 2014"
    if year <= 2019:
        return "Bündnis Ausbildung Hessen 2015 bis 2019"
    if year <= 2024:
        return "Bündnis für Ausbildung für die Jahre 2020 bis 2024"
    return "Bündnis für Ausbildung Hessen 2025 bis 2029"


# --------------------------------------------------------------------------------------
# Money and dates
# --------------------------------------------------------------------------------------

def euro_value(cents: int) -> int | float:
    """Truth value of an amount: int for whole euros, float when it has cents."""
    return cents // 100 if cents % 100 == 0 else round(cents / 100, 2)


def german_number(cents: int, with_cents: bool) -> str:
    """1140300_00 -> "1.140.300" or "1.140.300,00"."""
    euros = f"{cents // 100:,}".replace(",", ".")
    return f"{euros},{cents % 100:02d}" if with_cents else euros


AMOUNT_STYLES = ("euro", "cents_sign", "eur_prefix", "dash", "cents_euro", "sign")


def format_amount(cents: int, style: str) -> str:
    """Write an amount the way the agreements do; cents force a decimal form."""
    has_cents = cents % 100 != 0
    if style == "euro":
        return f"{german_number(cents, has_cents)} Euro"
    if style == "cents_sign":
        return f"{german_number(cents, True)} €"
    if style == "sign":
        return f"{german_number(cents, has_cents)} €"
    if style == "eur_prefix":
        return f"EUR {german_number(cents, has_cents)}"
    if style == "dash":
        return f"{german_number(cents, True)} Euro" if has_cents else f"{german_number(cents, False)},-- Euro"
    return f"{german_number(cents, True)} Euro"  # cents_euro


def format_date(d: date, style: str) -> str:
    """12.03.2024 / 12. März 2024 / 12.3.24."""
    if style == "long":
        return f"{d.day}. {MONTHS_DE[d.month - 1]} {d.year}"
    if style == "short":
        return f"{d.day}.{d.month}.{d.year % 100:02d}"
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


# --------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FontFamily:
    """A regular and a bold TrueType face registered with reportlab."""

    name: str
    regular_path: str
    bold_path: str

    @property
    def regular(self) -> str:
        return self.name

    @property
    def bold(self) -> str:
        return f"{self.name} Bold"


def discover_fonts() -> list[FontFamily]:
    """Find the known font families with fontconfig; fall back to reportlab's bundled Vera."""
    by_name: dict[str, str] = {}
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True,
                             check=False).stdout
        for line in sorted(out.splitlines()):
            by_name.setdefault(Path(line).name, line)
    families = [FontFamily(fam, by_name[reg], by_name[bold])
                for fam, (reg, bold) in sorted(FONT_FILES.items())
                if reg in by_name and bold in by_name]
    if not families:
        import reportlab
        bundled = Path(reportlab.__file__).parent / "fonts"
        families = [FontFamily("Bitstream Vera Sans", str(bundled / "Vera.ttf"), str(bundled / "VeraBd.ttf"))]
    return families


_REGISTERED: set[str] = set()


def register_family(family: FontFamily) -> None:
    """Register both faces with reportlab once per process."""
    if family.name in _REGISTERED:
        return
    pdfmetrics.registerFont(TTFont(family.regular, family.regular_path))
    pdfmetrics.registerFont(TTFont(family.bold, family.bold_path))
    _REGISTERED.add(family.name)


def has_glyph(font_name: str, char: str) -> bool:
    """True when a registered TrueType font can draw ``char``."""
    face = pdfmetrics.getFont(font_name).face
    return ord(char) in face.charToGlyph


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in points in a registered font."""
    return pdfmetrics.stringWidth(text, font, size)


# --------------------------------------------------------------------------------------
# Layout: blocks of rows, paginated onto A4 pages
# --------------------------------------------------------------------------------------

@dataclass
class Span:
    """A run of text on one baseline."""

    text: str
    x: float
    font: str
    size: float
    word_space: float = 0.0
    illegible: bool = False  # covered by ink in the scan: OCR sees garbage, no text layer


@dataclass
class Row:
    """One visual line; ``marks`` are drawings relative to the baseline (scribbles, rules)."""

    spans: list[Span]
    height: float
    kind: str = "body"
    marks: list[tuple] = field(default_factory=list)


@dataclass
class Block:
    """Rows that flow together; a block can refuse to split or to end a page."""

    rows: list[Row]
    space_before: float = 0.0
    keep_together: bool = False
    keep_with_next: bool = False
    page_break_before: bool = False


@dataclass
class Placed:
    """A row put on a page at baseline ``y`` (points from the bottom)."""

    y: float
    row: Row


@dataclass
class Style:
    """Everything about how one document is typeset."""

    family: FontFamily
    size: float
    leading: float  # factor on size
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float
    para_gap: float  # factor on size
    justify: bool
    bullet: str
    bullet_indent: float
    bullet_gap: float
    header_text: str | None = None
    page_number_style: str | None = None  # None, "plain", "dash", "seite"
    page_number_pos: str = "bottom-center"
    number_first_page: bool = True

    @property
    def text_width(self) -> float:
        return PAGE_W - self.margin_left - self.margin_right


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap at spaces only, so joining the lines with spaces restores the text."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    return lines


def fit_column(lines: list[str], font: str, size: float, width: float) -> list[str]:
    """Wrap each line of a signature column that would run into the next column."""
    out = []
    for line in lines:
        out += wrap_text(line, font, size, width) if line else [line]
    return out


class Typesetter:
    """Collects blocks for one document and paginates them."""

    def __init__(self, style: Style):
        self.style = style
        self.blocks: list[Block] = []

    # geometry helpers -------------------------------------------------------------
    @property
    def x0(self) -> float:
        return self.style.margin_left

    @property
    def width(self) -> float:
        return self.style.text_width

    def _leading(self, size: float) -> float:
        return size * self.style.leading

    def gap(self, factor: float = 1.0) -> float:
        """Vertical space between paragraphs, scaled."""
        return self.style.size * self.style.para_gap * factor

    # content ------------------------------------------------------------------------
    def paragraph(self, text: str, *, bold: bool = False, size: float | None = None,
                  align: str | None = None, indent: float = 0.0, space_before: float | None = None,
                  keep_with_next: bool = False, keep_together: bool = False, kind: str = "body",
                  page_break_before: bool = False) -> list[str]:
        """Wrap ``text`` into rows; ``align`` is left, center or justify (default from style)."""
        size = size or self.style.size
        font = self.style.family.bold if bold else self.style.family.regular
        align = align or ("justify" if self.style.justify else "left")
        width = self.width - indent
        lines = wrap_text(text, font, size, width)
        rows = []
        for i, line in enumerate(lines):
            w = text_width(line, font, size)
            x = self.x0 + indent
            word_space = 0.0
            if align == "center":
                x = self.x0 + indent + (width - w) / 2
            elif align == "justify" and i < len(lines) - 1 and line.count(" "):
                word_space = (width - w) / line.count(" ")
                if word_space > size * 0.9:  # a nearly empty line would look absurd
                    word_space = 0.0
            rows.append(Row([Span(line, x, font, size, word_space)], self._leading(size), kind))
        self.blocks.append(Block(rows, self.gap() if space_before is None else space_before,
                                 keep_together=keep_together, keep_with_next=keep_with_next,
                                 page_break_before=page_break_before))
        return lines

    def bullet(self, char: str, text: str, *, space_before: float | None = None,
               page_break_before: bool = False, kind: str = "bullet") -> None:
        """A bullet item with a hanging indent; long names wrap under the text, not the bullet."""
        s = self.style
        font, size = s.family.regular, s.size
        x_bullet = self.x0 + s.bullet_indent
        x_text = x_bullet + s.bullet_gap
        lines = wrap_text(text, font, size, self.x0 + self.width - x_text) if text else [""]
        rows = []
        for i, line in enumerate(lines):
            spans = [Span(line, x_text, font, size)] if line else []
            if i == 0:
                spans.insert(0, Span(char, x_bullet, font, size))
            rows.append(Row(spans, self._leading(size), kind))
        self.blocks.append(Block(rows, self.gap(0.25) if space_before is None else space_before,
                                 keep_together=True, page_break_before=page_break_before))

    def spacer(self, height: float) -> None:
        self.blocks.append(Block([Row([], height, "space")]))

    def table(self, header: tuple[str, str, str], rows: list[tuple[str, str, str]],
              space_before: float | None = None) -> None:
        """A three-column table (project | Betrag | Teilnehmende) with horizontal rules."""
        s = self.style
        size = s.size - 0.5
        xs = (self.x0, self.x0 + self.width * 0.60, self.x0 + self.width * 0.80)
        col_w = self.width * 0.58
        lead = self._leading(size)
        x_end = self.x0 + self.width

        def table_row(cells, bold):
            font = s.family.bold if bold else s.family.regular
            name_lines = wrap_text(cells[0], font, size, col_w)
            out = []
            for i, line in enumerate(name_lines):
                spans = [Span(line, xs[0] + 2, font, size)]
                if i == 0:
                    spans += [Span(cells[1], xs[1] + 2, font, size), Span(cells[2], xs[2] + 2, font, size)]
                out.append(Row(spans, lead, "table"))
            out[-1].marks.append(("rule", self.x0, x_end, -size * 0.45, 0.5))
            return out

        head = table_row(header, True)
        head[0].marks.append(("rule", self.x0, x_end, size * 1.05, 0.8))
        self.blocks.append(Block(head, self.gap(0.5) if space_before is None else space_before,
                                 keep_together=True, keep_with_next=True))
        for cells in rows:
            self.blocks.append(Block(table_row(cells, False), 0.0, keep_together=True))

    def signatures(self, left: list[str], right: list[str], *, date_row: Row,
                   scribble_seeds: tuple[int, int], space_before: float) -> None:
        """Two signature columns side by side, kept on one page, with scribbles over the rules."""
        s = self.style
        lead = self._leading(s.size)
        x_right = self.x0 + self.width * 0.54
        col_w = self.width * 0.42
        rows = [date_row]
        sign = Row([], s.size * 4.2, "signature")
        for x, seed in ((self.x0, scribble_seeds[0]), (x_right, scribble_seeds[1])):
            sign.marks.append(("rule", x, x + col_w, -s.size * 0.2, 0.6))
            sign.marks.append(("scribble", x + 8, s.size * 0.1, col_w * 0.75, s.size * 2.6, seed, "signature"))
        rows.append(sign)
        left = fit_column(left, s.family.regular, s.size, col_w + 10)
        right = fit_column(right, s.family.regular, s.size, PAGE_W - x_right - 30)
        for i in range(max(len(left), len(right))):
            spans = []
            if i < len(left) and left[i]:
                spans.append(Span(left[i], self.x0, s.family.regular, s.size))
            if i < len(right) and right[i]:
                spans.append(Span(right[i], x_right, s.family.regular, s.size))
            rows.append(Row(spans, lead, "signature"))
        self.blocks.append(Block(rows, space_before, keep_together=True))

    # pagination -----------------------------------------------------------------------
    @staticmethod
    def _need(block: Block) -> float:
        """Height a block claims before it may start: all of it, or its first row."""
        if block.keep_together or block.keep_with_next:
            return sum(r.height for r in block.rows)
        return block.rows[0].height

    def paginate(self) -> list[list[Placed]]:
        """Flow the blocks onto pages, honouring keep-together, keep-with-next and breaks."""
        s = self.style
        top, bottom = PAGE_H - s.margin_top, s.margin_bottom
        pages: list[list[Placed]] = [[]]
        cursor = top

        def new_page():
            nonlocal cursor
            pages.append([])
            cursor = top

        for i, block in enumerate(self.blocks):
            if block.page_break_before and pages[-1]:
                new_page()
            at_top = cursor >= top
            space = 0.0 if at_top else block.space_before
            need = self._need(block)
            j = i
            while self.blocks[j].keep_with_next and j + 1 < len(self.blocks):
                j += 1
                need += self.blocks[j].space_before + self._need(self.blocks[j])
            if not at_top and cursor - space - need < bottom:
                new_page()
                space = 0.0
            cursor -= space
            for row in block.rows:
                if cursor - row.height < bottom and cursor < top:
                    new_page()
                max_size = max((sp.size for sp in row.spans), default=s.size)
                pages[-1].append(Placed(cursor - row.height + max_size * 0.3, row))
                cursor -= row.height
        return [p for p in pages if p]

    def running_rows(self, page_no: int, n_pages: int) -> list[Placed]:
        """Header and page-number rows for one page, outside the text flow."""
        s = self.style
        out = []
        size = s.size - 1.5
        font = s.family.regular
        if s.header_text and page_no > 1:
            w = text_width(s.header_text, font, size)
            out.append(Placed(PAGE_H - s.margin_top + 22,
                              Row([Span(s.header_text, self.x0 + (self.width - w) / 2, font, size)],
                                  size, "header")))
        if s.page_number_style and (page_no > 1 or s.number_first_page):
            text = {"plain": f"{page_no}", "dash": f"- {page_no} -",
                    "seite": f"Seite {page_no} von {n_pages}"}[s.page_number_style]
            w = text_width(text, font, size)
            if s.page_number_pos == "bottom-right":
                x, y = self.x0 + self.width - w, s.margin_bottom - 28
            elif s.page_number_pos == "top-right":
                x, y = self.x0 + self.width - w, PAGE_H - s.margin_top + 22
            else:
                x, y = self.x0 + (self.width - w) / 2, s.margin_bottom - 28
            kind = "header" if s.page_number_pos == "top-right" else "footer"
            if kind == "header" and out:  # share the header line: number goes below the header
                y -= size * 1.4
            out.append(Placed(y, Row([Span(text, x, font, size)], size, kind)))
        return out


def layout_pages(ts: Typesetter) -> list[list[Placed]]:
    """Paginate and add running headers and page numbers."""
    pages = ts.paginate()
    return [page + ts.running_rows(i + 1, len(pages)) for i, page in enumerate(pages)]


# --------------------------------------------------------------------------------------
# Drawing with reportlab
# --------------------------------------------------------------------------------------

def draw_scribble(c, x: float, y: float, w: float, h: float, seed: int, style: str) -> None:
    """Draw a pen stroke of random bezier curves: a signature, a handwritten date or a blot."""
    r = random.Random(seed)
    c.saveState()
    c.setLineCap(1)
    c.setLineJoin(1)
    if style == "blot":  # an opaque ink blob: nothing of the covered text may survive
        c.setFillColorRGB(0.05, 0.05, 0.12)
        blob = c.beginPath()
        n = 14
        points = [(x + w / 2 + (w / 2 + 1) * math.cos(2 * math.pi * k / n) * r.uniform(1.0, 1.05),
                   y + h / 2 + (h / 2 + 2) * math.sin(2 * math.pi * k / n) * r.uniform(1.0, 1.25))
                  for k in range(n)]
        blob.moveTo(*points[0])
        for px, py in points[1:]:
            blob.lineTo(px, py)
        blob.close()
        c.drawPath(blob, stroke=0, fill=1)
        c.setStrokeColorRGB(0.05, 0.05, 0.12)
        c.setLineWidth(r.uniform(2.6, 3.6))
        steps, amp = r.randint(9, 13), 1.2
    elif style == "date":
        c.setStrokeColorRGB(0.08, 0.1, 0.35)
        c.setLineWidth(r.uniform(0.7, 1.1))
        steps, amp = r.randint(7, 11), 1.0
    else:
        c.setStrokeColorRGB(0.08, 0.1, 0.35)
        c.setLineWidth(r.uniform(0.8, 1.5))
        steps, amp = r.randint(5, 9), 1.3
    path = c.beginPath()
    px, py = x, y + r.uniform(0.2, 0.6) * h
    path.moveTo(px, py)
    for i in range(steps):
        nx = x + w * (i + 1) / steps + r.uniform(-w * 0.04, w * 0.04)
        ny = y + r.uniform(0.0, 1.0) * h
        path.curveTo(px + r.uniform(-0.2, 0.5) * w / steps * 3, y + r.uniform(-0.3, amp) * h,
                     nx + r.uniform(-0.5, 0.2) * w / steps * 3, y + r.uniform(-0.3, amp) * h, nx, ny)
        px, py = nx, ny
    if style == "signature" and r.random() < 0.6:  # the flourish underneath
        path.moveTo(x + r.uniform(0, 0.2) * w, y + r.uniform(-0.1, 0.2) * h)
        path.curveTo(x + 0.3 * w, y - 0.25 * h, x + 0.7 * w, y + 0.1 * h, x + r.uniform(0.8, 1.0) * w,
                     y + r.uniform(-0.2, 0.3) * h)
    c.drawPath(path, stroke=1, fill=0)
    c.restoreState()


def draw_row(c, placed: Placed, *, text_mode: int = 0, skip_illegible: bool = False) -> None:
    """Draw one row's text and marks; text render mode 3 makes an invisible text layer."""
    y = placed.y
    for sp in placed.row.spans:
        if skip_illegible and sp.illegible:
            continue
        t = c.beginText(sp.x, y)
        t.setFont(sp.font, sp.size)
        # Tw and Tr are graphics state in PDF: they outlive the text object, so always set both.
        t.setTextRenderMode(text_mode)
        t.setWordSpace(sp.word_space)
        t.textOut(sp.text)
        c.drawText(t)
    if text_mode == 3:
        return
    for mark in placed.row.marks:
        kind = mark[0]
        if kind == "rule":
            _, x0, x1, dy, lw = mark
            c.saveState()
            c.setLineWidth(lw)
            c.line(x0, y + dy, x1, y + dy)
            c.restoreState()
        elif kind == "scribble":
            _, x, dy, w, h, seed, style = mark
            draw_scribble(c, x, y + dy, w, h, seed, style)


def render_text_pdf(pages: list[list[Placed]], title: str) -> bytes:
    """The typeset document as a PDF with a real text layer (the "pdf-text" format)."""
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle(title)
    c.setCreator(GENERATOR_VERSION)
    for page in pages:
        for placed in page:
            draw_row(c, placed)
        c.showPage()
    c.save()
    return buf.getvalue()


# --------------------------------------------------------------------------------------
# Document composition
# --------------------------------------------------------------------------------------

@dataclass
class Composed:
    """A typeset document and the truth known from composing it."""

    ts: Typesetter
    truth: dict
    features: list[str]
    date_styles: tuple[str, str]


@dataclass(frozen=True)
class DocJob:
    """Everything a worker needs to produce one document."""

    seed: int
    index: int
    region: Region
    year: int
    fmt: str
    mode: str
    stem: str
    out_dir: str
    real_truth: dict | None = None


def fill(template: str, ctx: dict) -> str:
    """Put the document's words (region, year, ministry, § numbers) into a wording template."""
    return template.format(**ctx)


def capitalize_first(text: str) -> str:
    """"der Landkreis X" -> "Der Landkreis X" for the start of a sentence."""
    return text[:1].upper() + text[1:]


def choose_style(rng: random.Random, families: list[FontFamily], profile: str,
                 words: RegionWords, year: int) -> Style:
    """Draw fonts, margins, bullets and running headers for one document."""
    family = rng.choice(families)
    register_family(family)
    compact = profile in ("compact", "tiny")
    size = 10.0 if compact else rng.choice((10.0, 10.5, 11.0, 11.5, 12.0))
    bullet = rng.choice(BULLETS)
    if not has_glyph(family.regular, bullet):
        bullet = "-"
    header = None
    if not compact and rng.random() < 0.35:
        header = rng.choice((f"Zielvereinbarung AQB {year} – {words.short}",
                             f"Zielvereinbarung {year} – {words.designation}",
                             f"AQB {year} – {words.designation}"))
    numbers = None if compact else rng.choice((None, "plain", "dash", "seite", "plain"))
    return Style(
        family=family, size=size,
        leading=rng.uniform(1.16, 1.22) if compact else rng.uniform(1.2, 1.55),
        margin_left=rng.uniform(42, 52) if compact else rng.uniform(60, 85),
        margin_right=rng.uniform(38, 48) if compact else rng.uniform(50, 70),
        margin_top=rng.uniform(36, 46) if compact else rng.uniform(60, 85),
        margin_bottom=rng.uniform(36, 46) if compact else rng.uniform(62, 85),
        para_gap=rng.uniform(0.3, 0.5) if compact else rng.uniform(0.5, 1.0),
        justify=rng.random() < 0.4,
        bullet=bullet,
        bullet_indent=rng.choice((0.0, 12.0, 18.0, 24.0)),
        bullet_gap=rng.choice((12.0, 14.0, 18.0)),
        header_text=header,
        page_number_style=numbers,
        page_number_pos=rng.choice(("bottom-center", "bottom-center", "bottom-right", "top-right")),
        number_first_page=rng.random() < 0.5,
    )


def section_heading(ts: Typesetter, number: int, title: str, style: str, rng: random.Random,
                    *, sub_line: str | None = None, lost_sign: bool = False) -> str:
    """Typeset a § heading in one of the house styles; returns the § label as typeset."""
    space = "" if (style.endswith("nospace") or rng.random() < 0.15) else " "
    label = f"§{space}{number}"
    if lost_sign:  # the § did not survive: the heading reads "8 4", "84", "S 4" or just "4"
        label = rng.choice((f"{number}", f"8 {number}", f"8{number}", f"S {number}"))
    size = ts.style.size + (0.5 if rng.random() < 0.5 else 1.0)
    gap = ts.gap(1.6)
    if style.startswith("centered"):
        ts.paragraph(label, bold=True, size=size, align="center", space_before=gap,
                     keep_with_next=True, kind="heading")
        ts.paragraph(title, bold=True, size=size, align="center", space_before=ts.gap(0.3),
                     keep_with_next=True, kind="heading")
    else:
        joiner = " – " if style.startswith("dash") else "  " if rng.random() < 0.2 else " "
        align = "center" if style.endswith("center") else "left"
        ts.paragraph(f"{label}{joiner}{title}", bold=True, size=size, align=align, space_before=gap,
                     keep_with_next=True, kind="heading")
    if sub_line:
        ts.paragraph(sub_line, bold=rng.random() < 0.5, align="center" if style.startswith("centered") else "left",
                     space_before=ts.gap(0.3), keep_with_next=True, kind="subheading")
    return label


def category_heading_text(code: str, form: str, rng: random.Random) -> str:
    """Heading text for a measure type: full official wording, short, or mixed as in 2024."""
    if code == "OTHER":
        return rng.choice(OTHER_CATEGORY_HEADINGS)
    if form == "short" or (form == "mixed" and code == "AV"):
        return CATEGORY_SHORT[code]
    return CATEGORY_FULL[code]


def enumerator(style: str, i: int) -> str:
    """The label before a category heading: "", "1. ", "a) " or "I. "."""
    if style == "arabic":
        return f"{i + 1}. "
    if style == "alpha":
        return f"{'abcdefgh'[i]}) "
    if style == "roman":
        return f"{('I', 'II', 'III', 'IV', 'V', 'VI')[i]}. "
    return ""


def split_budget(total_cents: int, n: int, rng: random.Random) -> list[int]:
    """Split a budget over n projects in round amounts; the last one takes the remainder."""
    weights = [rng.uniform(0.5, 3.0) for _ in range(n)]
    scale = total_cents / sum(weights)
    parts = [int(w * scale) // 50_000 * 50_000 for w in weights[:-1]]  # multiples of 500 euro
    parts = [max(p, 500_000) for p in parts]
    last = total_cents - sum(parts)
    if last <= 0:  # rounding floor pushed us over: fall back to an even split
        parts = [total_cents // n // 50_000 * 50_000] * (n - 1)
        last = total_cents - sum(parts)
    return parts + [last]


def sign_dates(year: int, rng: random.Random) -> tuple[date, date]:
    """Plausible signing dates for state and region (a few days or weeks apart)."""
    if rng.random() < 0.1:
        region_day = date(year - 1, 12, rng.randint(1, 20))
    else:
        region_day = date(year, rng.randint(1, 6), rng.randint(1, 28))
    state_day = region_day + timedelta(days=rng.randint(-20, 35))
    return state_day, region_day


def person_name(rng: random.Random, female: bool) -> str:
    """A fictitious signatory's name."""
    first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
    title = "Dr. " if rng.random() < 0.2 else ""
    return f"{title}{first} {rng.choice(LAST_NAMES)}"



def text_context(year: int, words: "RegionWords") -> dict:
    """The names the running text is filled with: ministry and region in their cases, year-dependent phrases."""
    base = ministry_name(year)
    return {
        "year": year, "abbr": MINISTRY_ABBR,
        "min_das": f"das Hessische {base}", "Min_das": f"Das Hessische {base}",
        "min_dem": f"dem Hessischen {base}",
        "min_des": f"des Hessischen {base.replace('Ministerium', 'Ministeriums', 1)}",
        "r_nom": words.nom, "R_nom": capitalize_first(words.nom), "r_acc": words.acc,
        "r_dat": words.dat, "r_gen": words.gen,
        "alliance": alliance_name(year),
        "concept": ", dem Fachkonzept „Arbeitswelt Hessen“ des HMSI" if year >= 2019 else "",
    }

def compose_document(region: Region, year: int, mode: str, fmt: str, profile: str,
                     rng: random.Random, families: list[FontFamily]) -> Composed:
    """Write one synthetic agreement into a Typesetter and record its truth."""
    hard = mode == "hard"
    words = region_words(region, rng)
    style = choose_style(rng, families, profile, words, year)
    ts = Typesetter(style)
    compact = profile in ("compact", "tiny")
    features: list[str] = []
    ctx = text_context(year, words)

    # which sections, in which order, with which numbers
    has_uncrpd = (year >= 2020) or (year >= 2017 and rng.random() < 0.5)
    keys = ["aqb", "duties"] + (["uncrpd"] if has_uncrpd else []) + ["budget", "goals", "steering", "improve"]
    if not compact and rng.random() < 0.3:
        keys.append("in_force")
    numbers = {key: i + 1 for i, key in enumerate(keys)}
    ctx["n_goals"], ctx["n_budget"] = numbers["goals"], numbers["budget"]
    heading_style = "inline_left" if compact and rng.random() < 0.7 else rng.choice(
        ("centered", "centered", "centered_nospace", "inline_left", "inline_center", "dash_left", "dash_center"))
    lost_sign_numbers: set[int] = set()
    if hard and rng.random() < 0.5:
        lost_sign_numbers = set(rng.sample(range(1, len(keys) + 1), k=rng.randint(1, 3)))
        features.append("lost_paragraph_sign:" + ",".join(map(str, sorted(lost_sign_numbers))))

    # title block
    big = style.size + (4 if compact else rng.choice((6, 8, 10)))
    if not compact and rng.random() < 0.35:
        ts.paragraph("HESSEN", bold=True, size=style.size + 2, align=rng.choice(("left", "center")),
                     space_before=0, kind="title")
    one_line_title = compact or rng.random() < 0.3
    if one_line_title:
        ts.paragraph(f"Zielvereinbarung {year}", bold=True, size=big, align="center",
                     space_before=ts.gap(1.0), kind="title")
    else:
        ts.paragraph("Zielvereinbarung", bold=True, size=big, align="center", space_before=ts.gap(1.5), kind="title")
        ts.paragraph(f"{year}", bold=True, size=big - 2, align="center", space_before=ts.gap(0.8), kind="title")
    title_gap = ts.gap(0.5 if compact else 1.2)
    ts.paragraph("zwischen", align="center", space_before=title_gap, kind="title")
    ts.paragraph(ctx["min_dem"], align="center", space_before=title_gap, kind="title",
                 bold=rng.random() < 0.3)
    if rng.random() < 0.5:
        ts.paragraph(f"und {words.dat}", align="center", space_before=title_gap, kind="title")
    else:
        ts.paragraph("und", align="center", space_before=title_gap, kind="title")
        ts.paragraph(words.dat, align="center", space_before=title_gap, kind="title")
    purpose = "zur Umsetzung des hessischen Ausbildungs- und Qualifizierungsbudgets"
    if rng.random() < 0.25:
        purpose += " (AQB)"
    ts.paragraph(purpose, align="center", space_before=title_gap, kind="title")

    # preamble
    ts.paragraph("Präambel", bold=True, size=style.size + 0.5, align=rng.choice(("center", "left")),
                 space_before=ts.gap(2.0 if not compact else 1.0), keep_with_next=True, kind="heading")
    if profile == "tiny":
        preamble = []
    elif compact:
        preamble = [PREAMBLE_SHORT]
    elif profile == "medium":
        preamble = [rng.choice((PREAMBLE_REAL, PREAMBLE_ALT[0], PREAMBLE_ALT[1]))]
    else:
        preamble = [PREAMBLE_REAL] + ([PREAMBLE_ALT[1]] if rng.random() < 0.3 else [])
    for text in preamble or [PREAMBLE_SHORT]:
        ts.paragraph(fill(text, ctx), space_before=ts.gap(0.6))

    def body(full: tuple[str, ...], alt: tuple[str, ...], short: str) -> list[str]:
        if profile == "tiny":
            return [short] if rng.random() < 0.5 else []
        if compact:
            return [short]
        pool = list(full)
        if profile == "medium":
            k = rng.randint(1, max(1, min(2, len(pool))))
            chosen = sorted(rng.sample(range(len(pool)), k))
            pool = [pool[i] for i in chosen]
        if alt and rng.random() < 0.35:
            pool.insert(rng.randint(0, len(pool)), rng.choice(alt))
        return pool

    truth_sections = []
    measures: list[dict] = []
    earmarks: list[dict] = []
    budget_cents = 0
    for key in keys:
        n = numbers[key]
        title = fill(SECTION_TITLES[key], ctx)
        sub = None
        if key == "aqb" and not compact and rng.random() < 0.5:
            sub = "Ziele des Landes"
        section_heading(ts, n, title, heading_style, rng, sub_line=sub, lost_sign=n in lost_sign_numbers)
        truth_sections.append({"number": n, "title": title})
        if key == "aqb":
            paras = body(AQB_REAL, AQB_ALT, AQB_SHORT)
        elif key == "duties":
            paras = body(DUTIES_REAL, DUTIES_ALT, DUTIES_SHORT)
        elif key == "uncrpd":
            paras = body((UNCRPD_REAL,), (UNCRPD_ALT,), UNCRPD_SHORT)
        elif key == "steering":
            paras = body(STEERING_REAL, STEERING_ALT, STEERING_SHORT)
        elif key == "improve":
            paras = body(IMPROVE_REAL, IMPROVE_ALT, IMPROVE_SHORT)
        elif key == "in_force":
            paras = [rng.choice(IN_FORCE)]
        elif key == "budget":
            budget_cents, earmarks = compose_budget(ts, ctx, words, year, rng, hard, features, compact)
            continue
        else:  # goals
            measures = compose_measures(ts, ctx, words, rng, hard, features, profile, budget_cents)
            continue
        for i, text in enumerate(paras):
            ts.paragraph(fill(text, ctx), space_before=ts.gap(0.9 if i == 0 else 0.6))
        if key == "duties" and hard and rng.random() < 0.3:
            ts.bullet(style.bullet, "", space_before=ts.gap(0.5))  # a stray empty bullet, as in 2024
            features.append("empty_bullet")

    # signatures
    state_day, region_day = sign_dates(year, rng)
    date_fmt = rng.choice(("dmy", "dmy", "long", "short"))
    with_den = rng.random() < 0.85
    date_styles = []
    for _ in range(2):
        roll = rng.random()
        if roll < 0.12:
            date_styles.append("handwritten")
        elif roll < 0.2 and fmt in RASTER_FORMATS:  # a text layer would still reveal a covered date
            date_styles.append("covered")
        else:
            date_styles.append("typed")
    date_row = Row([], ts._leading(style.size), "date")
    x_right = ts.x0 + ts.width * 0.54
    for (place, day, dstyle, x) in (("Wiesbaden", state_day, date_styles[0], ts.x0),
                                    (region.seat_place, region_day, date_styles[1], x_right)):
        prefix = f"{place}, den" if with_den else f"{place},"
        font = style.family.regular
        date_x = x + text_width(prefix + "   ", font, style.size)
        if dstyle == "handwritten":
            date_row.spans.append(Span(prefix, x, font, style.size))
            date_row.marks.append(("scribble", date_x, -style.size * 0.2, 58.0, style.size * 1.1,
                                   rng.randrange(1 << 30), "date"))
        elif dstyle == "typed":
            date_row.spans.append(Span(f"{prefix} {format_date(day, date_fmt)}", x, font, style.size))
        else:
            text = format_date(day, date_fmt)
            date_row.spans.append(Span(prefix, x, font, style.size))
            date_row.spans.append(Span(text, date_x, font, style.size, illegible=True))
            if dstyle == "covered":
                w = text_width(text, font, style.size)
                date_row.marks.append(("scribble", date_x - 1, -style.size * 0.3, w + 2, style.size * 1.2,
                                       rng.randrange(1 << 30), "blot"))
    female_state = rng.random() < 0.5
    left = [person_name(rng, female_state), "Staatsministerin" if female_state else "Staatsminister"]
    if rng.random() < 0.7:
        left += (["Hessisches Ministerium", "für Arbeit, Integration,", "Jugend und Soziales"] if year >= 2024
                 else ["Hessisches Ministerium", "für Soziales und Integration"])
    female_region = rng.random() < 0.5
    if region.is_city:
        office = rng.choice(("Oberbürgermeisterin", "Bürgermeisterin", "Stadträtin") if female_region
                            else ("Oberbürgermeister", "Bürgermeister", "Stadtrat"))
    else:
        office = rng.choice(("Landrätin", "Kreisbeigeordnete", "Erste Kreisbeigeordnete") if female_region
                            else ("Landrat", "Kreisbeigeordneter", "Erster Kreisbeigeordneter"))
    right = [person_name(rng, female_region), office, words.gen]
    ts.signatures(left, right, date_row=date_row,
                  scribble_seeds=(rng.randrange(1 << 30), rng.randrange(1 << 30)),
                  space_before=ts.gap(2.5 if not compact else 1.2))

    truth = {
        "year": year,
        "region_ags": region.ags,
        "region": region.name,
        "region_type": region.region_type,
        "ministry": ministry_nominative(year),
        "budget_total_eur": euro_value(budget_cents),
        "earmarks": earmarks,
        "signed_place_state": "Wiesbaden",
        "signed_place_region": region.seat_place,
        "signed_date_state": state_day.isoformat() if date_styles[0] == "typed" else None,
        "signed_date_region": region_day.isoformat() if date_styles[1] == "typed" else None,
        "sections": truth_sections,
        "measures": measures,
    }
    extra = {"font": style.family.name, "font_size": style.size, "profile": profile,
             "heading_style": heading_style, "bullet": style.bullet,
             "date_format": date_fmt, "date_state": date_styles[0], "date_region": date_styles[1],
             "running_header": style.header_text, "page_numbers": style.page_number_style}
    truth["_typeset"] = extra
    return Composed(ts, truth, features, (date_styles[0], date_styles[1]))


def compose_budget(ts: Typesetter, ctx: dict, words: RegionWords, year: int, rng: random.Random,
                   hard: bool, features: list[str], compact: bool) -> tuple[int, list[dict]]:
    """Typeset the budget section; returns the total in cents and the earmarks."""
    roll = rng.random()
    euros = rng.randint(300_000, 4_000_000)
    if roll < 0.6:
        euros = euros // 100 * 100
    cents = euros * 100 + (rng.choice((50, 25, 10, 99, 1)) if rng.random() < 0.12 else 0)
    style = rng.choice(AMOUNT_STYLES)
    amount = format_amount(cents, style)
    subject = rng.choice(("Das {abbr}", "Das {abbr}", "{Min_das}", "Das Land Hessen"))
    lead = fill(f"{subject} stellt {{r_dat}} im Jahr {{year}} Haushaltsmittel in Höhe von insgesamt", ctx)
    tail = fill("aus dem Ausbildungs- und Qualifizierungsbudget {year} zur Verfügung.", ctx)
    if rng.random() < 0.6:
        ts.paragraph(lead, space_before=ts.gap(0.9), keep_with_next=True)
        ts.paragraph(amount, bold=rng.random() < 0.7, align="center", space_before=ts.gap(0.6),
                     keep_with_next=True, kind="amount")
        ts.paragraph(tail, space_before=ts.gap(0.6))
    else:
        ts.paragraph(f"{lead} {amount} {tail}", space_before=ts.gap(0.9))
    earmarks = []
    n_earmarks = 0 if compact else rng.choice((0, 0, 0, 1, 1, 2))
    used = set()
    for _ in range(n_earmarks):
        template, purposes = rng.choice(EARMARK_TEMPLATES)
        purpose = rng.choice(purposes)
        if purpose in used:
            continue
        used.add(purpose)
        share = rng.randint(40, 250) * 1000 * 100
        share = min(share, cents // 4 // 100_000 * 100_000)
        text = template.format(amount=format_amount(share, rng.choice(AMOUNT_STYLES)), purpose=purpose)
        ts.paragraph(text, space_before=ts.gap(0.6))
        earmarks.append({"amount_eur": euro_value(share), "purpose": purpose})
    if hard and rng.random() < 0.4:
        previous = int(cents * rng.uniform(0.85, 1.1)) // 10_000 * 10_000
        ts.paragraph(f"Im Vorjahr {year - 1} standen {words.dat} {format_amount(previous, 'euro')} zur Verfügung.",
                     space_before=ts.gap(0.6))
        features.append("previous_year_budget")
    if not compact and rng.random() < 0.3:
        ts.paragraph("Die Bewilligung der Mittel erfolgt durch das Regierungspräsidium Kassel.",
                     space_before=ts.gap(0.6))
    return cents, earmarks


def compose_measures(ts: Typesetter, ctx: dict, words: RegionWords, rng: random.Random, hard: bool,
                     features: list[str], profile: str, budget_cents: int) -> list[dict]:
    """Typeset the measures section: intro, category headings with bullets or tables, closing."""
    style = ts.style
    compact = profile in ("compact", "tiny")
    ts.paragraph(fill(rng.choice(GOALS_INTRO), ctx), space_before=ts.gap(0.9))
    form = rng.choice(("full", "full", "short", "mixed"))
    enum_style = rng.choice(("none", "none", "arabic", "alpha", "roman"))
    codes = list(CATEGORY_CODES)
    if hard and rng.random() < 0.35:
        codes.append("OTHER")
        features.append("other_category")
    empty_code = None
    if hard and rng.random() < 0.35:
        empty_code = rng.choice(CATEGORY_CODES)
        features.append(f"keine_category:{empty_code}")
    max_projects = 2 if profile == "tiny" else 3 if compact else 5
    plan = []
    for code in codes:
        pool = [p.format(short=words.short) for p in PROJECTS[code]]
        k = 0 if code == empty_code else rng.randint(1, max_projects if code != "OTHER" else 2)
        plan.append((code, rng.sample(pool, k)))
    n_projects = sum(len(p) for _, p in plan)
    amounts_style = None
    if rng.random() < (0.45 if hard else 0.3):
        amounts_style = rng.choice(("paren", "colon", "dash"))
    as_table = hard and rng.random() < 0.3 and not compact
    if as_table:
        amounts_style = "table"
        features.append("measure_table")
    amounts = split_budget(budget_cents, n_projects, rng) if amounts_style else [None] * n_projects
    break_after = None
    if hard and not compact and rng.random() < 0.5 and n_projects >= 3:
        break_after = rng.randint(1, n_projects - 1)  # force the list across a page break
        features.append("list_across_page_break")
        if style.page_number_style is None:  # and make sure a footer lands inside the list
            style.page_number_style = rng.choice(("plain", "dash", "seite"))
            style.page_number_pos = "bottom-center"
        features.append("footer_inside_list")
    heading_bold = rng.random() < 0.6
    measures = []
    position = 0
    for i, (code, projects) in enumerate(plan):
        heading = category_heading_text(code, form, rng)
        label = enumerator(enum_style, i)
        ts.paragraph(label + heading, bold=heading_bold, align="left", space_before=ts.gap(0.9),
                     keep_with_next=True, kind="category")
        if not projects:
            if rng.random() < 0.5:
                ts.bullet(style.bullet, "keine")
            else:
                ts.paragraph(rng.choice(("keine", "– keine –", "keine Projekte")), space_before=ts.gap(0.3))
            continue
        if as_table:
            rows = []
            for name in projects:
                cents = amounts[position]
                amount = format_amount(cents, rng.choice(("euro", "sign", "cents_sign")))
                participants = rng.randint(6, 60)
                rows.append((name, amount, str(participants)))
                measures.append({"category_code": code, "category": heading, "project": name,
                                 "amount_eur": euro_value(cents), "participants": participants})
                position += 1
            ts.table(("Projekt", "Betrag", "Teilnehmende"), rows)
            continue
        for name in projects:
            cents = amounts[position]
            text = name
            if cents is not None:
                amount_text = format_amount(cents, rng.choice(("sign", "euro", "cents_sign")))
                text = {"paren": f"{name} ({amount_text})", "colon": f"{name}: {amount_text}",
                        "dash": f"{name} – {amount_text}"}[amounts_style]
            position += 1
            ts.bullet(style.bullet, text, page_break_before=break_after is not None and position == break_after + 1)
            measures.append({"category_code": code, "category": heading, "project": name,
                             "amount_eur": euro_value(cents) if cents is not None else None})
    if hard and rng.random() < 0.3:
        ts.bullet(style.bullet, "")
        features.append("empty_bullet")
    ts.paragraph(fill(rng.choice(GOALS_CLOSING), ctx), space_before=ts.gap(1.0))
    return measures


# --------------------------------------------------------------------------------------
# The real agreement, retypeset from its truth
# --------------------------------------------------------------------------------------

def compose_real(truth: dict, regions: list[Region], families: list[FontFamily]) -> Composed:
    """Typeset the Wetteraukreis 2024 agreement from its truth JSON with the real wording."""
    region = next(r for r in regions if r.ags == truth["region_ags"])
    year = truth["year"]
    family = next((f for f in families if f.name == "Liberation Sans"), families[0])
    register_family(family)
    style = Style(family=family, size=12, leading=1.42, margin_left=68, margin_right=58, margin_top=70,
                  margin_bottom=72, para_gap=0.9, justify=False, bullet="•", bullet_indent=18,
                  bullet_gap=18, header_text=None, page_number_style="plain",
                  page_number_pos="bottom-center", number_first_page=False)
    ts = Typesetter(style)
    words = RegionWords(f"der Landkreis {region.name}", f"den Landkreis {region.name}",
                        f"dem Landkreis {region.name}", f"des Landkreises {region.name}",
                        f"Landkreis {region.name}", "Wetterau")
    ctx = text_context(year, words)  # the real agreement is of 2024: the 2019+ wording
    titles = {s["number"]: s["title"] for s in truth["sections"]}
    number_of = {v: k for k, v in titles.items()}
    ctx["n_goals"] = number_of.get(fill(SECTION_TITLES["goals"], ctx), 5)
    ctx["n_budget"] = number_of.get(SECTION_TITLES["budget"], 4)
    rng = random.Random("aqb-real")

    ts.paragraph("HESSEN", bold=True, size=13, align="left", space_before=0, kind="title")
    ts.paragraph("Zielvereinbarung", bold=True, size=20, align="center", space_before=40, kind="title")
    ts.paragraph(str(year), bold=True, size=18, align="center", space_before=14, kind="title")
    ts.paragraph("zwischen", align="center", space_before=18, kind="title")
    ts.paragraph(ctx["min_dem"], align="center", space_before=14, kind="title")
    ts.paragraph(f"und {words.dat}", align="center", space_before=14, kind="title")
    ts.paragraph("zur Umsetzung des hessischen Ausbildungs- und Qualifizierungsbudgets", align="center",
                 space_before=14, kind="title")
    ts.paragraph("Präambel", bold=True, size=12, align="center", space_before=30, keep_with_next=True,
                 kind="heading")
    ts.paragraph(fill(PREAMBLE_REAL, ctx), space_before=10)

    def heading(number, sub=None):
        section_heading(ts, number, titles[number], "centered", random.Random(number), sub_line=sub)

    bodies = {
        SECTION_TITLES["aqb"]: AQB_REAL,
        SECTION_TITLES["duties"]: DUTIES_REAL,
        SECTION_TITLES["uncrpd"]: (UNCRPD_REAL,),
        SECTION_TITLES["steering"]: STEERING_REAL,
        SECTION_TITLES["improve"]: IMPROVE_REAL,
    }
    cents = int(round(truth["budget_total_eur"] * 100))
    measures = []
    for number in sorted(titles):
        title = titles[number]
        heading(number, "Ziele des Landes" if title == SECTION_TITLES["aqb"] else None)
        if title in bodies:
            for i, text in enumerate(bodies[title]):
                ts.paragraph(fill(text, ctx), space_before=ts.gap(0.9 if i == 0 else 0.7))
            if title == SECTION_TITLES["duties"]:
                ts.bullet("•", "", space_before=ts.gap(0.7))  # the stray empty bullet of the original
        elif title == SECTION_TITLES["budget"]:
            ts.paragraph(fill("Das {abbr} stellt {r_dat} im Jahr {year} Haushaltsmittel in Höhe von insgesamt", ctx),
                         space_before=ts.gap(0.9), keep_with_next=True)
            ts.paragraph(format_amount(cents, "euro"), bold=True, align="center", space_before=ts.gap(0.7),
                         keep_with_next=True, kind="amount")
            ts.paragraph(fill("aus dem Ausbildungs- und Qualifizierungsbudget {year} zur Verfügung.", ctx),
                         space_before=ts.gap(0.7))
        else:  # the measures section
            ts.paragraph(fill(GOALS_INTRO[0], ctx), space_before=ts.gap(0.9))
            current = None
            for m in truth["measures"]:
                if m["category_code"] != current:
                    current = m["category_code"]
                    category = m.get("category") or REAL_CATEGORY_HEADINGS[current]
                    ts.paragraph(category, align="left", space_before=ts.gap(0.9), keep_with_next=True,
                                 kind="category")
                ts.bullet("•", m["project"])
                measures.append({"category_code": current, "category": category, "project": m["project"],
                                 "amount_eur": m.get("amount_eur")})
            ts.bullet("•", "")
            ts.paragraph(fill(GOALS_CLOSING[0], ctx), space_before=ts.gap(1.0))

    date_row = Row([Span("Wiesbaden, den", ts.x0, family.regular, style.size),
                    Span(f"{region.seat_place}, den", ts.x0 + ts.width * 0.54, family.regular, style.size)],
                   ts._leading(style.size), "date")
    for x, place in ((ts.x0, "Wiesbaden"), (ts.x0 + ts.width * 0.54, region.seat_place)):
        date_row.marks.append(("scribble", x + text_width(f"{place}, den ", family.regular, style.size),
                               -3.0, 60.0, 12.0, rng.randrange(1 << 30), "date"))
    left = [truth.get("signatory_state") or "", "Staatsministerin", "Hessisches Ministerium",
            "für Arbeit, Integration,", "Jugend und Soziales"]
    right = ["", "Kreisbeigeordnete des", f"Landkreises {region.name}"]
    ts.signatures(left, right, date_row=date_row, scribble_seeds=(rng.randrange(1 << 30), rng.randrange(1 << 30)),
                  space_before=ts.gap(3.0))
    out = {
        "year": year, "region_ags": region.ags, "region": region.name, "region_type": region.region_type,
        "ministry": ministry_nominative(year), "budget_total_eur": euro_value(cents),
        "earmarks": list(truth.get("earmarks", [])),
        "signed_place_state": "Wiesbaden", "signed_place_region": region.seat_place,
        "signed_date_state": None, "signed_date_region": None,
        "sections": [{"number": n, "title": titles[n]} for n in sorted(titles)],
        "measures": measures,
        "_typeset": {"font": family.name, "font_size": style.size, "profile": "real",
                     "heading_style": "centered", "bullet": "•", "date_format": None,
                     "date_state": "handwritten", "date_region": "handwritten",
                     "running_header": None, "page_numbers": "plain"},
    }
    return Composed(ts, out, ["retypeset_real_agreement"], ("handwritten", "handwritten"))


# --------------------------------------------------------------------------------------
# "OCR" text: the document's lines with OCR-like noise
# --------------------------------------------------------------------------------------

WORD_CONFUSIONS = (("g", "q"), ("tt", "ft"), ("j", "i"), ("rn", "m"), ("m", "rn"), ("I", "l"),
                   ("l", "I"), ("ß", "B"), ("ü", "ii"), ("e", "c"), ("fi", "ti"), ("h", "b"))
PARAGRAPH_SIGN_CONFUSIONS = ("S", "$", "8")
BULLET_CONFUSIONS = ("e", "°", "«", "")


def row_text(row: Row, rng: random.Random | None = None) -> str:
    """A row as one text line, columns separated by a run of spaces; ink blots read as garbage."""
    parts = []
    last_end = None
    for sp in sorted(row.spans, key=lambda s: s.x):
        text = garbage(rng, len(sp.text)) if (sp.illegible and rng) else sp.text
        if last_end is not None:
            parts.append("     " if sp.x - last_end > sp.size * 3 else " ")
        parts.append(text)
        last_end = sp.x + text_width(sp.text, sp.font, sp.size) + sp.word_space * sp.text.count(" ")
    if rng is not None:
        for mark in row.marks:
            if mark[0] == "scribble" and mark[6] == "date":
                parts.append(" " + garbage(rng, rng.randint(4, 9)))
    return "".join(parts)


def garbage(rng: random.Random | None, n: int) -> str:
    """Characters an OCR engine makes of handwriting."""
    alphabet = "acegnrsuvxz7X(-~%,.'/24CGN"
    r = rng or random.Random(n)
    return "".join(r.choice(alphabet) for _ in range(n))


def noisy_word(word: str, rng: random.Random) -> str:
    """Apply one OCR confusion to a word, if one applies."""
    options = [(a, b) for a, b in WORD_CONFUSIONS if a in word]
    if not options:
        return word
    a, b = rng.choice(options)
    starts = [m.start() for m in re.finditer(re.escape(a), word)]
    at = rng.choice(starts)
    return word[:at] + b + word[at + len(a):]


def noisy_line(line: str, kind: str, rng: random.Random, rate: float, bullet: str) -> tuple[str, list[tuple[str, str]]]:
    """Inject OCR errors into one line; words with digits stay intact (amounts and dates)."""
    changes = []
    tokens = line.split(" ")
    for i, tok in enumerate(tokens):
        if not tok:
            continue
        if tok.startswith("§"):
            if rng.random() < rate * 4:
                new = rng.choice(PARAGRAPH_SIGN_CONFUSIONS) + tok[1:]
                changes.append((tok, new))
                tokens[i] = new
            continue
        if i == 0 and kind == "bullet" and tok == bullet:
            if rng.random() < rate * 4:
                new = rng.choice(BULLET_CONFUSIONS)
                changes.append((tok, new))
                tokens[i] = new
            continue
        if any(ch.isdigit() for ch in tok):
            continue
        r = rate * (0.5 if kind in ("bullet", "table") else 1.0)
        if rng.random() < r:
            new = noisy_word(tok, rng)
            if new != tok:
                changes.append((tok, new))
                tokens[i] = new
    return " ".join(tokens).lstrip(), changes


def ocr_text(pages: list[list[Placed]], rng: random.Random, rate: float,
             bullet: str) -> tuple[str, list[dict], dict]:
    """Render pages as an OCR engine's plain text with noise; returns text, changes, settings."""
    double_spaced = [rng.random() < 0.3 for _ in pages]
    separator = "\f" if rng.random() < 0.3 else ""
    stray_page = rng.randrange(len(pages)) if rng.random() < 0.6 else None
    out_lines: list[str] = []
    changes: list[dict] = []
    for p, page in enumerate(pages):
        rows = sorted(page, key=lambda pl: -pl.y)
        for placed in rows:
            row = placed.row
            if row.kind == "space":
                continue
            if row.kind == "signature" and not row.spans:
                if rng.random() < 0.5:
                    out_lines.append(garbage(rng, rng.randint(8, 24)))
                continue
            line = row_text(row, rng)
            if not line.strip():
                continue
            new, ch = noisy_line(line, row.kind, rng, rate, bullet)
            for a, b in ch:
                changes.append({"line": len(out_lines) + 1, "from": a, "to": b})
            if rng.random() < 0.25:
                new += " "
            out_lines.append(new)
            gap = double_spaced[p] or row.kind in ("title", "heading")
            if gap and rng.random() > 0.1:  # sometimes a blank line is dropped
                out_lines.append("")
            elif not gap and rng.random() < 0.03:  # or an extra one appears
                out_lines.append("")
        if p == stray_page:
            out_lines += ["", str(p + 1), ""]
        if p < len(pages) - 1:
            out_lines += ["", "", ""]
            if separator:
                out_lines.append(separator)
    settings = {"double_spaced_pages": [i + 1 for i, d in enumerate(double_spaced) if d],
                "page_separator": "formfeed" if separator else "blank_lines",
                "stray_page_number": None if stray_page is None else stray_page + 1,
                "noise_rate": round(rate, 4)}
    return "\n".join(out_lines).replace("\n\f\n", "\f") + "\n", changes, settings


# --------------------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------------------

@dataclass
class ScanParams:
    """Degradation for one document; per-page values are lists."""

    dpi: int
    skew_deg: list[float]
    rotation_deg: list[int]  # clockwise turn of the page image (hard mode)
    blur: float
    noise_sigma: float
    ink: int
    paper: int
    jpeg_quality: int | None
    bilevel: bool
    speckle: float
    clean_background: bool
    gray_levels: int = 256  # PNG scans are posterized like a 4-bit scanner setting, to stay small


def draw_scan_params(rng: random.Random, n_pages: int, fmt: str, mode: str) -> ScanParams:
    """Choose the scan degradation for one document."""
    params = _draw_scan_params(rng, n_pages, fmt, mode)
    if fmt == "png":  # lossless grey noise is huge: posterize, or go bilevel in hard mode
        if mode == "hard" and rng.random() < 0.5:
            params = replace(params, jpeg_quality=None, bilevel=True)
        else:
            params = replace(params, jpeg_quality=None, gray_levels=8 if mode == "hard" else 16)
    return params


def _draw_scan_params(rng: random.Random, n_pages: int, fmt: str, mode: str) -> ScanParams:
    if mode == "hard":
        dpi = rng.choice((200, 200, 300))
        bilevel = fmt in ("pdf-image", "tiff") and rng.random() < 0.4
        rotations = [rng.choice((90, 180, 270)) if rng.random() < 0.15 else 0 for _ in range(n_pages)]
        return ScanParams(
            dpi=dpi, skew_deg=[round(rng.uniform(-3.0, 3.0), 2) for _ in range(n_pages)],
            rotation_deg=rotations, blur=round(rng.uniform(0.5, 1.3), 2),
            noise_sigma=round(rng.uniform(8, 18), 1), ink=rng.randint(20, 90), paper=rng.randint(200, 240),
            jpeg_quality=None if bilevel else rng.randint(35, 60), bilevel=bilevel,
            speckle=round(rng.uniform(0.0005, 0.003), 4), clean_background=rng.random() < 0.5)
    # Text pages are expensive for JPEG: these pairs keep a full page near 150-400 kB.
    dpi = 200 if fmt == "png" or rng.random() < 0.6 else 300
    quality = rng.randint(50, 58) if dpi == 300 else rng.randint(50, 75)
    return ScanParams(
        dpi=dpi, skew_deg=[round(rng.uniform(-1.5, 1.5), 2) for _ in range(n_pages)],
        rotation_deg=[0] * n_pages, blur=round(rng.uniform(0.3, 1.0), 2),
        noise_sigma=round(rng.uniform(2, 7), 1), ink=rng.randint(0, 45), paper=rng.randint(228, 255),
        jpeg_quality=quality, bilevel=False, speckle=0.0, clean_background=rng.random() < 0.85)


def noise_tile(np_rng: np.random.Generator) -> np.ndarray:
    """A reusable tile of unit gaussian noise; tiling is far faster than fresh noise per pixel."""
    return np_rng.standard_normal((509, 509), dtype=np.float32)


def degrade_page(img: Image.Image, params: ScanParams, page_index: int, np_rng: np.random.Generator,
                 tile: np.ndarray) -> Image.Image:
    """Turn a clean rendering into a plausible scan: contrast, blur, noise, skew, rotation."""
    ink, paper = params.ink, params.paper
    lut = [round(paper - (255 - v) * (paper - ink) / 255) for v in range(256)]
    img = img.point(lut)
    a = np.asarray(img, dtype=np.float32)
    h, w = a.shape
    th, tw = tile.shape
    oy, ox = (int(v) for v in np_rng.integers(0, th, 2))
    reps = (h // th + 2, w // tw + 2)
    # Grain first, then the scanner's blur over it: looks the same and JPEG-compresses far better.
    a = a + np.tile(tile, reps)[oy:oy + h, ox:ox + w] * params.noise_sigma
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if params.blur > 0.05:
        img = img.filter(ImageFilter.GaussianBlur(params.blur))
    if params.speckle:
        a = np.array(img)
        n = int(h * w * params.speckle)
        ys, xs = np_rng.integers(0, h, n), np_rng.integers(0, w, n)
        a[ys, xs] = np_rng.integers(0, 120, n).astype(np.uint8)
        img = Image.fromarray(a)
    skew = params.skew_deg[page_index]
    if abs(skew) > 0.01:
        img = img.rotate(-skew, resample=Image.Resampling.BILINEAR, fillcolor=paper)
    if params.clean_background:  # scanners clip the paper to white, which keeps JPEGs small
        cut = paper - params.noise_sigma * 3
        img = img.point([255 if v >= cut else v for v in range(256)])
    if params.gray_levels < 256:
        step = 256 // params.gray_levels
        img = img.point([255 if v >= 255 - step // 2 else v // step * step + step // 2 for v in range(256)])
    if params.bilevel:
        threshold = (ink + paper) // 2
        img = img.point([255 if v > threshold else 0 for v in range(256)]).convert("1", dither=Image.Dither.NONE)
    rotation = params.rotation_deg[page_index]
    if rotation:
        img = img.transpose({90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
                             270: Image.Transpose.ROTATE_90}[rotation])
    return img


def render_scans(pdf_bytes: bytes, params: ScanParams, np_rng: np.random.Generator) -> list[Image.Image]:
    """Render the typeset PDF with pdfium and degrade every page."""
    doc = pdfium.PdfDocument(pdf_bytes)
    tile = noise_tile(np_rng)
    images = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            bitmap = page.render(scale=params.dpi / 72, grayscale=True)
            img = bitmap.to_pil().convert("L")
            images.append(degrade_page(img, params, i, np_rng, tile))
            page.close()
    finally:
        doc.close()
    return images


def write_image_pdf(images: list[Image.Image], path: Path, params: ScanParams) -> None:
    """Image-only PDF: JPEG pages (or CCITT G4 when bilevel) at the true resolution, so pages are A4."""
    extra = {"quality": params.jpeg_quality, "optimize": True} if params.jpeg_quality else {}
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=float(params.dpi),
                   title=path.stem, creationDate=FIXED_PDF_TIME, modDate=FIXED_PDF_TIME, **extra)


def write_image_pdf_with_text_layer(images: list[Image.Image], path: Path, params: ScanParams,
                                    pages: list[list[Placed]], rng: random.Random,
                                    bullet: str) -> tuple[list[dict], list[int]]:
    """Image PDF that also carries a poor invisible text layer (hard mode).

    Returns the injected errors and the pages that carry text (turned pages get none).
    """
    old_a85 = rl_config.useA85
    rl_config.useA85 = 0  # embed the JPEG bytes as they are
    changes: list[dict] = []
    text_pages: list[int] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            buf = io.BytesIO()
            c = rl_canvas.Canvas(buf, invariant=1)
            c.setTitle(path.stem)
            for i, (img, page) in enumerate(zip(images, pages)):
                w_pt, h_pt = img.width * 72 / params.dpi, img.height * 72 / params.dpi
                c.setPageSize((w_pt, h_pt))
                jpg = Path(tmp) / f"p{i}.jpg"
                img.save(jpg, "JPEG", quality=params.jpeg_quality or 60)
                # by an ImageReader: reportlab names a drawn file by a digest of its path (here a
                # random temporary folder), an ImageReader by its bytes, so the PDF is the same every run
                c.drawImage(ImageReader(str(jpg)), 0, 0, w_pt, h_pt)
                if not params.rotation_deg[i]:  # the text layer of a turned page was lost
                    text_pages.append(i + 1)
                    for placed in page:
                        if placed.row.kind in ("space",) or not placed.row.spans:
                            continue
                        noisy_spans = []
                        for sp in placed.row.spans:
                            if sp.illegible:
                                continue
                            new, ch = noisy_line(sp.text, placed.row.kind, rng, 0.12, bullet)
                            changes += [{"page": i + 1, "from": a, "to": b} for a, b in ch]
                            noisy_spans.append(replace(sp, text=new))
                        draw_row(c, Placed(placed.y, Row(noisy_spans, placed.row.height, placed.row.kind)),
                                 text_mode=3)
                c.showPage()
            c.save()
        path.write_bytes(buf.getvalue())
    finally:
        rl_config.useA85 = old_a85
    return changes, text_pages


def write_tiff(images: list[Image.Image], path: Path, params: ScanParams) -> str:
    """Multi-page TIFF with the dpi tag; JPEG compression for grey, CCITT G4 for bilevel."""
    if params.bilevel:
        compression = "group4"
        images[0].save(path, "TIFF", save_all=True, append_images=images[1:], dpi=(params.dpi, params.dpi),
                       compression=compression)
    else:
        compression = "jpeg"
        images[0].save(path, "TIFF", save_all=True, append_images=images[1:], dpi=(params.dpi, params.dpi),
                       compression=compression, quality=params.jpeg_quality)
    return compression


# --------------------------------------------------------------------------------------
# One document, end to end
# --------------------------------------------------------------------------------------

def profiles_for(fmt: str, rng: random.Random) -> list[str]:
    """Text profiles to try in order until the page count fits the format."""
    if fmt in SINGLE_PAGE_FORMATS:
        return ["compact", "tiny"]
    first = rng.choice(("full", "full", "medium", "medium", "medium", "compact"))
    order = ["full", "medium", "compact", "tiny"]
    return order[order.index(first):]


def generate_document(job: DocJob) -> dict:
    """Compose, typeset, scan and write one agreement and its truth; returns a summary row."""
    started = time.perf_counter()
    families = discover_fonts()
    regions = load_regions()
    out_dir = Path(job.out_dir)
    fmt = job.fmt
    if job.real_truth is not None:
        composed = compose_real(job.real_truth, regions, families)
        pages = layout_pages(composed.ts)
    else:
        plan_rng = random.Random(f"aqb-profile:{job.seed}:{job.index}")
        composed, pages = None, None
        for attempt, profile in enumerate(profiles_for(fmt, plan_rng)):
            rng = random.Random(f"aqb-content:{job.seed}:{job.index}:{attempt}")
            composed = compose_document(job.region, job.year, job.mode, fmt, profile, rng, families)
            pages = layout_pages(composed.ts)
            limit = 1 if fmt in SINGLE_PAGE_FORMATS else MAX_PAGES
            if len(pages) <= limit:
                break
        else:  # even the tiny text does not fit one page: scan it as an image PDF instead
            fmt = "pdf-image"
    assert composed is not None and pages is not None
    truth = composed.truth
    typeset = truth.pop("_typeset")
    scan_rng = random.Random(f"aqb-scan:{job.seed}:{job.index}")
    np_rng = np.random.default_rng([job.seed & 0xFFFFFFFF, job.index, 7])
    name = job.stem + FORMAT_EXT[fmt]
    path = out_dir / name
    pdf_bytes = render_text_pdf(pages, title=job.stem)
    scan: dict = {"format": fmt, "mode": job.mode}
    if fmt in RASTER_FORMATS:
        params = draw_scan_params(scan_rng, len(pages), fmt, job.mode)
        if job.real_truth is not None:
            params = replace(params, dpi=200, jpeg_quality=70, skew_deg=[round(s * 0.5, 2) for s in params.skew_deg])
        images = render_scans(pdf_bytes, params, np_rng)
        text_layer = "none"
        layer_changes: list[dict] = []
        text_pages: list[int] = []
        compression = "jpeg"
        if fmt == "pdf-image":
            if job.mode == "hard" and not params.bilevel and not all(params.rotation_deg) \
                    and scan_rng.random() < 0.5:
                layer_changes, text_pages = write_image_pdf_with_text_layer(
                    images, path, params, pages, scan_rng, composed.ts.style.bullet)
                text_layer = "noisy"
                composed.features.append("noisy_text_layer")
            else:
                write_image_pdf(images, path, params)
                compression = "group4" if params.bilevel else "jpeg"
        elif fmt == "tiff":
            compression = write_tiff(images, path, params)
        elif fmt == "png":
            images[0].save(path, "PNG", dpi=(params.dpi, params.dpi), compress_level=6)
            compression = "png"
        else:
            images[0].save(path, "JPEG", quality=params.jpeg_quality or 75, dpi=(params.dpi, params.dpi),
                           optimize=True)
        if params.bilevel:
            composed.features.append("bilevel")
        if any(params.rotation_deg):
            composed.features.append("rotated_pages")
        scan.update({
            "dpi": params.dpi, "skew_deg": params.skew_deg, "rotation_deg": params.rotation_deg,
            "blur": params.blur, "noise_sigma": params.noise_sigma,
            "contrast": {"ink": params.ink, "paper": params.paper},
            "jpeg_quality": params.jpeg_quality if compression == "jpeg" else None,
            "compression": compression, "bilevel": params.bilevel, "speckle": params.speckle,
            "clean_background": params.clean_background, "gray_levels": params.gray_levels,
            "text_layer": text_layer,
        })
        if text_layer == "noisy":
            scan["text_layer_pages"] = text_pages
            scan["text_layer_errors"] = layer_changes
    elif fmt == "pdf-text":
        path.write_bytes(pdf_bytes)
        scan.update({"dpi": None, "skew_deg": None, "rotation_deg": None, "blur": None, "noise_sigma": None,
                     "jpeg_quality": None, "compression": None, "bilevel": False, "text_layer": "exact"})
    else:  # txt
        rate = scan_rng.uniform(0.10, 0.2) if job.mode == "hard" else scan_rng.uniform(0.02, 0.08)
        text, changes, settings = ocr_text(pages, scan_rng, rate, composed.ts.style.bullet)
        path.write_text(text, encoding="utf-8")
        scan.update({"dpi": None, "skew_deg": None, "rotation_deg": None, "blur": None, "noise_sigma": None,
                     "jpeg_quality": None, "compression": None, "bilevel": False, "text_layer": "ocr_text"})
        scan.update(settings)
        scan["ocr_errors"] = changes
    scan.update(typeset)
    scan["features"] = list(dict.fromkeys(composed.features))
    scan["generator"] = GENERATOR_VERSION
    scan["seed"] = job.seed
    scan["index"] = job.index
    truth = {"source_file": name, **truth, "pages": len(pages), "scan": scan}
    truth = {key: truth[key] for key in TRUTH_KEYS}
    (out_dir / "truth").mkdir(parents=True, exist_ok=True)
    (out_dir / "truth" / f"{job.stem}.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {"file": name, "format": fmt, "pages": len(pages), "region": truth["region"], "year": truth["year"],
            "kB": round(path.stat().st_size / 1024), "seconds": round(time.perf_counter() - started, 2)}


# --------------------------------------------------------------------------------------
# Planning a set
# --------------------------------------------------------------------------------------

def allocate_formats(n: int, formats: list[str], mode: str, rng: random.Random) -> list[str]:
    """Every requested format at least once (when n allows), the rest by the mode's mix."""
    weights = [FORMAT_MIX[mode][f] for f in formats]
    chosen = list(formats) if n >= len(formats) else []
    chosen += rng.choices(formats, weights=weights, k=n - len(chosen))
    rng.shuffle(chosen)
    return chosen


def plan_documents(seed: int, n: int, mode: str, formats: list[str], out_dir: Path,
                   regions: list[Region]) -> list[DocJob]:
    """Cycle through all regions and years (each cycle shuffled by seed) and assign formats."""
    rng = random.Random(f"aqb-plan:{seed}")
    region_order: list[Region] = []
    while len(region_order) < n:
        cycle = list(regions)
        rng.shuffle(cycle)
        region_order += cycle
    year_order: list[int] = []
    while len(year_order) < n:
        cycle = list(YEARS)
        rng.shuffle(cycle)
        year_order += cycle
    fmts = allocate_formats(n, formats, mode, rng)
    return [DocJob(seed=seed, index=i + 1, region=region_order[i], year=year_order[i], fmt=fmts[i], mode=mode,
                   stem=f"aqb-s{seed}-{i + 1:03d}", out_dir=str(out_dir)) for i in range(n)]


REAL_CATEGORY_HEADINGS = {"AV": CATEGORY_SHORT["AV"], "AB": CATEGORY_FULL["AB"], "QP": CATEGORY_FULL["QP"],
                          "WB": CATEGORY_FULL["WB"]}  # as printed in the 2024 original (OCR corrected)


def real_ocr_truth(original: dict, source_file: str, regions: list[Region]) -> dict:
    """Truth for the real OCR text in this generator's format, keeping the original's extra keys."""
    region = next(r for r in regions if r.ags == original["region_ags"])
    measures = [{"category_code": m["category_code"],
                 "category": m.get("category") or REAL_CATEGORY_HEADINGS[m["category_code"]],
                 "project": m["project"], "amount_eur": m.get("amount_eur")} for m in original["measures"]]
    truth = {"source_file": source_file, **{k: original.get(k) for k in TRUTH_KEYS[1:]}}
    truth.update(region=region.name, earmarks=original.get("earmarks", []), measures=measures,
                 scan={"format": "txt", "mode": "real",
                       "note": "OCR text of the published scan; errors kept. pages is unknown (null)."})
    truth.update({k: v for k, v in original.items() if k not in truth})
    return truth


def copy_real_ocr(ocr_path: Path, out_dir: Path, regions: list[Region]) -> Path:
    """Copy the real OCR text into OUT and write its truth from the sibling <stem>.truth.json."""
    stem = ocr_path.name.removesuffix(".ocr.txt")
    original = json.loads((ocr_path.parent / f"{stem}.truth.json").read_text(encoding="utf-8"))
    target = out_dir / ocr_path.name
    shutil.copyfile(ocr_path, target)
    truth_path = out_dir / "truth" / f"{stem}.ocr.json"
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    truth_path.write_text(json.dumps(real_ocr_truth(original, target.name, regions), ensure_ascii=False,
                                     indent=2) + "\n", encoding="utf-8")
    return truth_path


def real_job(truth_path: Path, seed: int, out_dir: Path, regions: list[Region]) -> DocJob:
    """The retypeset real agreement as an image-only scan."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    region = next(r for r in regions if r.ags == truth["region_ags"])
    return DocJob(seed=seed, index=0, region=region, year=truth["year"], fmt="pdf-image", mode="light",
                  stem="wetteraukreis-2024-retypeset", out_dir=str(out_dir), real_truth=truth)


def run(jobs: list[DocJob], workers: int, quiet: bool) -> list[dict]:
    """Generate the documents, in worker processes when more than one is asked for."""
    if workers <= 1 or len(jobs) <= 1:
        results = [generate_document(j) for j in jobs]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(generate_document, jobs))
    if not quiet:
        for r in results:
            print(f"{r['file']:36s} {r['format']:9s} {r['pages']}p {r['kB']:6d} kB {r['seconds']:5.2f}s  "
                  f"{r['region']} {r['year']}")
    return results


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse and check the command line."""
    parser = argparse.ArgumentParser(
        description="Typeset synthetic AQB Zielvereinbarungen and 'scan' them, writing one input file "
                    "per agreement into OUT and its truth into OUT/truth/<stem>.json.",
        epilog="Deterministic: the same --seed, --n, --mode and --formats write the same truth. "
               "Formats: " + ", ".join(FORMATS) + ".")
    parser.add_argument("--seed", type=int, default=1, help="seed for everything (default 1)")
    parser.add_argument("--n", type=int, default=10, help="number of synthetic agreements (default 10)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    parser.add_argument("--mode", choices=("light", "hard"), default="light",
                        help="light: upright pages, mild noise; hard: rotations, bilevel G4, heavy noise, "
                             "noisy text layers, lost § signs, odd measure lists (default light)")
    parser.add_argument("--formats", default=",".join(FORMATS),
                        help="comma-separated subset of formats to produce (default: all)")
    parser.add_argument("--include-real", action="store_true",
                        help="also retypeset and scan the real Wetteraukreis 2024 agreement from "
                             "samples/truth/wetteraukreis-2024.ocr.json")
    parser.add_argument("--real", type=Path, metavar="TRUTH_JSON",
                        help="retypeset and scan the real agreement from this truth JSON "
                             "(written as wetteraukreis-2024-retypeset.pdf)")
    parser.add_argument("--real-ocr", type=Path, metavar="OCR_TXT",
                        help="copy a real OCR text (<stem>.ocr.txt) into OUT and write OUT/truth/<stem>.ocr.json "
                             "from the sibling <stem>.truth.json; with --include-real that truth is also "
                             "the one retypeset")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                        help="worker processes (default: cores, at most 4)")
    parser.add_argument("--quiet", action="store_true", help="print only the total")
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        parser.error(f"unknown --formats {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    if args.n < 0:
        parser.error("--n must be 0 or more")
    args.formats = formats
    return args


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = parse_args(argv)
    started = time.perf_counter()
    regions = load_regions()
    out_dir: Path = args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = plan_documents(args.seed, args.n, args.mode, args.formats, out_dir, regions)
    real_path = args.real
    if args.real_ocr is not None:
        if not args.real_ocr.is_file() or not args.real_ocr.name.endswith(".ocr.txt"):
            print(f"make_samples: --real-ocr wants an existing <stem>.ocr.txt, not {args.real_ocr}", file=sys.stderr)
            return 2
        ocr_truth = copy_real_ocr(args.real_ocr, out_dir, regions)
        real_path = real_path or (ocr_truth if args.include_real else None)
    if real_path is None and args.include_real:
        real_path = REAL_TRUTH_DEFAULT
    if real_path is not None:
        if not real_path.is_file():
            print(f"make_samples: real truth file not found: {real_path}", file=sys.stderr)
            return 2
        jobs.append(real_job(real_path, args.seed, out_dir, regions))
    results = run(jobs, args.jobs, args.quiet)
    total_kb = sum(r["kB"] for r in results)
    print(f"{len(results)} documents, {total_kb / 1024:.1f} MB, {time.perf_counter() - started:.1f} s -> {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
