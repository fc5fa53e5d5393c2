"""Budgets over regions and years: a panel table with the gaps marked, and a chart.

Reads ``OUT/agreements.csv`` and writes into ``OUT/summary/``:

- ``budget_panel.csv``: one row per region (all 26 Hessian regions, AGS order), one column per
  year from the first to the last year in the data; the budget in euro, empty where no agreement
  gives one.
- ``coverage.csv``: the same grid with ``1`` where at least one agreement is present, ``0`` for a gap.
- ``duplicates.csv``: every (region, year) with more than one agreement, flagged and not summed:
  the panel keeps the budget only where the agreements agree on it.
- ``budget_by_region.png``: one line per region, budget in euro over the years (1600 x 1000 px).
"""
from __future__ import annotations

from .load import read_rows

import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from .writers import atomic_write_bytes, cell

DESCRIPTION = ("write a region x year table of budgets with the missing agreements marked, and a chart of "
               "budget per region over the years, into OUT/summary/")

CHART_SIZE_PX = (1600, 1000)
CHART_DPI = 100
MISSING = "–"  # a gap in the text table
CONFLICT = "?"  # duplicates that disagree on the budget


def load_regions() -> pd.DataFrame:
    """The 26 regions in AGS order, with a label that tells the two Kassels apart."""
    text = resources.files("extractor.data").joinpath("hessen-regions.csv").read_text("utf-8")
    regions = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False).sort_values("ags", ignore_index=True)
    twice = regions["name"].duplicated(keep=False)
    short_type = regions["region_type"].map({"kreisfreie Stadt": "Stadt", "Landkreis": "Landkreis"})
    regions["label"] = regions["name"].where(~twice, regions["name"] + " (" + short_type + ")")
    return regions[["ags", "name", "region_type", "label"]]


def read_agreements(out_dir: Path) -> pd.DataFrame:
    """agreements.csv as text (AGS keep their leading zero), with ``year`` and ``budget`` parsed."""
    path = Path(out_dir) / "agreements.csv"
    frame = pd.DataFrame(read_rows(path.parent, "agreements"), dtype=str).fillna("")
    for column in ("doc_id", "source_file", "year", "region_ags", "budget_total_eur"):
        if column not in frame:
            frame[column] = ""
    frame["year_int"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
    frame["budget"] = pd.to_numeric(frame["budget_total_eur"], errors="coerce")
    return frame


@dataclass(frozen=True)
class Summary:
    """The panel and what was found while building it."""

    regions: pd.DataFrame  # ags, name, region_type, label
    years: list[int]
    budget: pd.DataFrame  # index ags, columns years, float or NaN
    coverage: pd.DataFrame  # index ags, columns years, number of agreements (0 = gap)
    duplicates: pd.DataFrame  # region_ags, year, n_agreements, doc_ids, budgets, budgets_agree
    unplaced: pd.DataFrame  # agreements without a known region or year

    @property
    def n_cells(self) -> int:
        return len(self.regions) * len(self.years)

    @property
    def n_present(self) -> int:
        return int((self.coverage > 0).to_numpy().sum())

    @property
    def n_gaps(self) -> int:
        return self.n_cells - self.n_present


def build_summary(agreements: pd.DataFrame, regions: pd.DataFrame | None = None) -> Summary:
    """The region x year panel of budgets; duplicates are flagged and kept only where they agree."""
    regions = load_regions() if regions is None else regions
    known = agreements["region_ags"].isin(regions["ags"]) & agreements["year_int"].notna()
    placed, unplaced = agreements[known], agreements[~known]
    years = list(range(int(placed["year_int"].min()), int(placed["year_int"].max()) + 1)) if len(placed) else []
    budget = pd.DataFrame(float("nan"), index=pd.Index(regions["ags"], name="region_ags"), columns=years)
    coverage = pd.DataFrame(0, index=budget.index, columns=years)
    duplicates = []
    for (ags, year), group in placed.groupby(["region_ags", "year_int"], sort=True):
        year = int(year)
        coverage.loc[ags, year] = len(group)
        values = group["budget"].dropna().unique()
        if len(values) == 1:
            budget.loc[ags, year] = float(values[0])
        if len(group) > 1:
            duplicates.append({
                "region_ags": ags, "year": year, "n_agreements": len(group),
                "doc_ids": ";".join(group["doc_id"]), "source_files": ";".join(group["source_file"]),
                "budgets": ";".join(cell(b) if pd.notna(b) else "" for b in group["budget"]),
                "budgets_agree": bool(len(values) == 1 and group["budget"].notna().all()),
            })
    columns = ["region_ags", "year", "n_agreements", "doc_ids", "source_files", "budgets", "budgets_agree"]
    return Summary(regions=regions, years=years, budget=budget, coverage=coverage,
                   duplicates=pd.DataFrame(duplicates, columns=columns), unplaced=unplaced)


def _grid_csv(summary: Summary, values: pd.DataFrame, fmt) -> bytes:
    header = ["region_ags", "region", "region_type", *map(str, summary.years)]
    lines = [header]
    for region in summary.regions.itertuples(index=False):
        lines.append([region.ags, region.name, region.region_type,
                      *(fmt(values.loc[region.ags, y]) for y in summary.years)])
    return _csv(lines)


def _csv(lines: list[list]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(lines)
    return buf.getvalue().encode("utf-8")


def panel_csv(summary: Summary) -> bytes:
    """budget_panel.csv: budgets in euro, empty cells for gaps (and for duplicates that disagree)."""
    return _grid_csv(summary, summary.budget, lambda v: "" if pd.isna(v) else cell(float(v)))


def coverage_csv(summary: Summary) -> bytes:
    """coverage.csv: 1 where an agreement is present, 0 where it is missing."""
    return _grid_csv(summary, summary.coverage, lambda n: "1" if n > 0 else "0")


def duplicates_csv(summary: Summary) -> bytes:
    frame = summary.duplicates
    return _csv([list(frame.columns), *([cell(v) for v in row] for row in frame.itertuples(index=False))])


def text_table(summary: Summary) -> str:
    """A compact text table for the terminal: budgets in thousand euro, gaps and duplicates marked."""
    if not summary.years:
        return "No agreement with a known region and year."
    label_width = max(len(label) for label in summary.regions["label"])
    width = 6
    lines = [f"{'budget in thousand €':<{label_width + 6}}" + "".join(f"{y:>{width}}" for y in summary.years)]
    dup = {(d.region_ags, int(d.year)) for d in summary.duplicates.itertuples()}
    for region in summary.regions.itertuples(index=False):
        cells = []
        for year in summary.years:
            n, value = summary.coverage.loc[region.ags, year], summary.budget.loc[region.ags, year]
            if n == 0:
                text = MISSING
            elif pd.isna(value):
                text = CONFLICT
            else:
                text = f"{value / 1000:.0f}"
            if (region.ags, year) in dup:
                text += "*"
            cells.append(f"{text:>{width}}")
        lines.append(f"{region.label:<{label_width}} {region.ags}" + "".join(cells))
    lines.append(
        f"{summary.n_present} of {summary.n_cells} region-years present, {summary.n_gaps} missing ({MISSING}); "
        f"{len(summary.duplicates)} with more than one agreement (*); "
        f"{CONFLICT} = agreements present but no single budget"
    )
    if len(summary.unplaced):
        lines.append(f"{len(summary.unplaced)} agreement(s) without a known region or year are left out: "
                     + ", ".join(summary.unplaced["source_file"]))
    return "\n".join(lines)


def chart_png(summary: Summary) -> bytes:
    """One line per region with a budget, euro over the years; gaps break the line."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig = Figure(figsize=(CHART_SIZE_PX[0] / CHART_DPI, CHART_SIZE_PX[1] / CHART_DPI), dpi=CHART_DPI)
    ax = fig.add_axes((0.10, 0.09, 0.64, 0.83))
    # 27 distinct strong colours, and a marker per region besides, so that 26 lines stay apart
    colors = [*_colors("tab10"), *_colors("Dark2"), *_colors("Set1")]
    markers = ["o", "s", "^", "D", "v", "P"]
    plotted = 0
    for i, region in enumerate(summary.regions.itertuples(index=False)):
        values = summary.budget.loc[region.ags, summary.years].astype(float)
        if values.notna().sum() == 0:
            continue
        ax.plot(summary.years, values.to_numpy(), marker=markers[i % len(markers)], markersize=6, linewidth=1.8,
                color=colors[i % len(colors)],
                label=f"{region.label} ({region.ags})")
        plotted += 1
    ax.set_title("AQB budget per region and year (gaps: no agreement found)", fontsize=15)
    ax.set_xlabel("year", fontsize=12)
    ax.set_ylabel("budget (€)", fontsize=12)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f} €".replace(",", ".")))
    if 0 < len(summary.years) <= 20:
        ax.set_xticks(summary.years)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(labelsize=11)
    ax.grid(True, alpha=0.3)
    ax.set_ylim(bottom=0)
    if summary.years:
        ax.set_xlim(summary.years[0] - 0.5, summary.years[-1] + 0.5)
    if plotted:
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=10, frameon=False,
                  title=f"{plotted} of {len(summary.regions)} regions with a budget", title_fontsize=11)
    else:
        ax.text(0.5, 0.5, "no budget to show", transform=ax.transAxes, ha="center", fontsize=14)
    fig.text(0.10, 0.015, f"{summary.n_present} of {summary.n_cells} region-years present, "
             f"{summary.n_gaps} missing; {len(summary.duplicates)} with more than one agreement", fontsize=11)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=CHART_DPI)
    return buf.getvalue()


def _colors(name: str) -> list:
    from matplotlib import colormaps

    return list(colormaps[name].colors)


def summarize(out_dir: Path) -> Summary:
    """The summary of an output folder's agreements.csv."""
    return build_summary(read_agreements(out_dir))


def write_summary(out_dir: Path) -> dict[str, Path]:
    """Write budget_panel.csv, coverage.csv, duplicates.csv, budget_by_region.png and summary.txt into OUT/summary."""
    out_dir = Path(out_dir)
    summary = summarize(out_dir)
    dest = out_dir / "summary"
    files = {
        "budget_panel": ("budget_panel.csv", panel_csv(summary)),
        "coverage": ("coverage.csv", coverage_csv(summary)),
        "duplicates": ("duplicates.csv", duplicates_csv(summary)),
        "chart": ("budget_by_region.png", chart_png(summary)),
        "text": ("summary.txt", (text_table(summary) + "\n").encode("utf-8")),
    }
    paths = {}
    for key, (name, data) in files.items():
        atomic_write_bytes(dest / name, data)
        paths[key] = dest / name
    return paths
