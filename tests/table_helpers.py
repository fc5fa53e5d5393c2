"""Hand-built DocumentResults and small generated archives for the writer, schema, corrections and project tests.

``result()`` builds a record without running the pipeline; ``write_archive()`` writes realistic .txt
agreements (the real Wetteraukreis 2024 OCR text, tests/data/agreement-template.txt) for several
regions and years, with project names spelled as OCR spelled them in different years.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from extractor.records import Agreement, Amount, DocumentResult, Measure, Section, Signature

TEMPLATE = Path(__file__).parent / "data" / "agreement-template.txt"


def measure(position: int, project: str, code: str = "AV", amount: float | None = None, *,
            raw: str | None = None, bbox=(56.7, 300.2, 400.0, 312.5), page: int = 2) -> Measure:
    return Measure(position, code, f"category {code}", f"category {code}", project, raw or project, amount, page,
                   bbox, confidence=0.9)


def result(doc_id: str, region_ags: str | None = "06440", year: int | None = 2024, *, projects=("Café Beruf",),
           budget: float | None = 1140300.0, source_file: str | None = None, status: str = "ok",
           amounts: tuple[Amount, ...] | None = None, region: str = "Wetteraukreis") -> DocumentResult:
    """An extracted agreement with one measure per project name, two sections and a budget amount."""
    measures = tuple(measure(i, p) for i, p in enumerate(projects, start=1))
    if amounts is None:
        amounts = (Amount(4, "total", budget or 0.0, "1.140.300 Euro", 1, (268.2, 297.7, 330.5, 306.4)),
                   Amount(4, "earmark", 49000.0, "49.000 Euro", 1, None))
    agreement = Agreement(
        year=year, year_raw=str(year), region=region, region_raw=region, region_ags=region_ags,
        region_type="Landkreis", ministry="Hessisches Ministerium für Soziales und Integration", ministry_raw="HMSI",
        budget_total_eur=budget,
        sections=(Section(1, "Ausbildungs- und Qualifizierungsbudget", "Ausbildungs- und Qualifizierungsbudqet", 1,
                          "Das HMSI verfolgt ...", (50.4, 159.5, 281.2, 170.3)),
                  Section(4, "Haushaltsmittel und Eckdaten", "Haushaltsmittel und Eckdaten", 1, "Das HMSI stellt ...",
                          None)),
        measures=measures, amounts=amounts,
        signatures=(Signature("state", "Wiesbaden", "Wiesbaden", f"{year or 2024}-07-02", "2.7.", 3),
                    Signature("region", "Friedberg", "Friedberg", None, "X.10 e-y-", 3)),
        confidence=0.9, needs_review=False,
    )
    sha = hashlib.sha256(doc_id.encode()).hexdigest()
    return DocumentResult(source_file=source_file or f"archive/{doc_id}.pdf", doc_id=doc_id, sha256=sha,
                          status=status, n_pages=3, n_ocr_pages=3, seconds=1.5, agreement=agreement,
                          pipeline_version="test")


def doc_id(n: int) -> str:
    return f"{n:016x}"


# (district as written, AGS)
DISTRICTS = [("Wetteraukreis", "06440"), ("Vogelsbergkreis", "06535"), ("Lahn-Dill-Kreis", "06532")]
YEARS = (2021, 2022, 2023)
# How OCR spelled two of the template's projects in each year (the first spelling is the true one).
SPELLINGS = {
    2021: ("StepbyStep", "Projekt GO-gut orientiert! II"),
    2022: ("Step by Step", "Projekt GO-gut orientiert! Il"),
    2023: ("StepbySfep", "Projekt GO-gut orientiert! 11"),
}


def agreement_text(district: str, year: int, budget: str) -> str:
    """The template agreement for another district and year, the projects spelled as OCR did in that year."""
    text = TEMPLATE.read_text(encoding="utf-8")
    step, go = SPELLINGS[year]
    text = text.replace("• StepbyStep", f"• {step}").replace("• Projekt GO-gut orientiert! II", f"• {go}")
    return text.replace("Wetteraukreis", district).replace("2024", str(year)).replace("1.140.300", budget)


def write_archive(folder: Path) -> dict[tuple[str, int], Path]:
    """Three regions over three years: nine .txt agreements, by (AGS, year)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for i, (district, ags) in enumerate(DISTRICTS):
        for j, year in enumerate(YEARS):
            path = folder / f"{ags}-{year}.txt"
            path.write_text(agreement_text(district, year, f"{600 + 100 * i + j}.{300 + j:03d}"), encoding="utf-8")
            paths[(ags, year)] = path
    return paths
