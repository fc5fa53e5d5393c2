"""Small archives of realistic agreement text files for the batch, CLI and Dask tests.

The template is the OCR text of the real Wetteraukreis 2024 agreement (tests/data/agreement-template.txt,
the real agreement's OCR text in samples/); variants change the district, year and budget so
each file is a distinct document.  .txt inputs need no OCR, so a batch runs in a fraction of a second.
"""
from __future__ import annotations

from pathlib import Path

TEMPLATE = Path(__file__).parent / "data" / "agreement-template.txt"

# (district as written in the text, year, budget as written)
VARIANTS = [
    ("Wetteraukreis", "2024", "1.140.300"),
    ("Vogelsbergkreis", "2023", "612.450"),
    ("Hochtaunuskreis", "2022", "803.120"),
    ("Main-Kinzig-Kreis", "2021", "1.520.000"),
    ("Lahn-Dill-Kreis", "2024", "998.765"),
    ("Werra-Meißner-Kreis", "2020", "455.900"),
    ("Odenwaldkreis", "2019", "377.010"),
    ("Schwalm-Eder-Kreis", "2023", "701.333"),
]


def agreement_text(index: int) -> str:
    """The template with the district, year and budget of ``VARIANTS[index]``."""
    district, year, budget = VARIANTS[index % len(VARIANTS)]
    text = TEMPLATE.read_text(encoding="utf-8")
    return text.replace("Wetteraukreis", district).replace("2024", year).replace("1.140.300", budget)


def make_archive(folder: Path, n: int = 4, duplicates: int = 1) -> list[Path]:
    """``n`` distinct agreements as .txt files, plus ``duplicates`` byte-identical copies under other names."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"agreement-{i:02d}.txt"
        path.write_text(agreement_text(i), encoding="utf-8")
        paths.append(path)
    for i in range(duplicates):
        copy = folder / "copies" / f"same-as-{i:02d}.txt"
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(paths[i % n].read_bytes())
        paths.append(copy)
    return paths
