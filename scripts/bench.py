#!/usr/bin/env python3
"""Benchmark the batch runner against the floor (plain Tesseract) and OCRmyPDF, on the same pages.

Measured in one run:

1. the pipeline end to end over scanned (image-only) PDFs: one worker process per core;
2. the floor: the ``tesseract`` CLI on the same page images saved as PNG beforehand (a scan
   stored at 200 dpi or more at its own resolution, as the pipeline reads it, any other page
   rendered at ``--dpi``), same language, ``OMP_THREAD_LIMIT=1``, one process per core, pages as
   tasks; again on the same images cleaned and levelled as the pipeline hands them to Tesseract
   (what Tesseract itself costs on them, apart from the pipeline's own work); and on every page
   rendered at ``--dpi``, which is how the pipeline read scans before it took them as stored;
3. OCRmyPDF (``--jobs 1 -l deu --force-ocr``, one process per core, documents as tasks), if installed;
4. a re-run over the unchanged archive (everything from the cache), checking the tables are
   byte-identical;
5. text-layer PDFs with two workers.

Prints pages/s, CPU seconds per page, the ratios, the busy time of each worker (balance) and peak
memory per worker.  CPU time is printed beside wall time because other load on the machine
shifts wall times between the measurements; CPU time it shifts much less.
Samples come from ``scripts/make_samples.py`` unless folders are given.

    python scripts/bench.py                       # 40 scanned agreements (~115 pages), 120 text-layer ones (~400 pages)
    python scripts/bench.py --scanned DIR --text DIR --workers 2
    python scripts/bench.py --text DIR --only text --repeat 3   # only step 5, three times
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The workers start from a forkserver, which imports before it sees this sys.path: without
# PYTHONPATH they would run whatever copy of extractor is installed, not this one.
os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])

from extractor.batch import run_batch  # noqa: E402
from extractor.executors import ProcessExecutor  # noqa: E402
from extractor.options import Options  # noqa: E402
from extractor.sources import images, ocr  # noqa: E402
from extractor.sources.pdf import page_image  # noqa: E402
from extractor.sources.tesseract import DEFAULT_PSM  # noqa: E402

TABLES = ("manifest.csv", "agreements.csv", "measures.csv", "sections.csv", "amounts.csv")


def make_samples(out: Path, seed: int, n: int, formats: str) -> Path:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_samples.py"), "--seed", str(seed), "--n", str(n),
                    "--out", str(out), "--formats", formats, "--quiet"], check=True)
    return out


def pdfs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pdf"))


def count_pages(files: list[Path]) -> int:
    total = 0
    for f in files:
        doc = pdfium.PdfDocument(f)
        total += len(doc)
        doc.close()
    return total


def render_pages(files: list[Path], out: Path, dpi: int) -> list[tuple[Path, int]]:
    """Every page as an 8-bit grayscale PNG rendered at ``dpi`` (not timed); (path, dpi) pairs."""
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for f in files:
        doc = pdfium.PdfDocument(f)
        for i in range(len(doc)):
            page = doc[i]
            path = out / f"{f.stem}-{i + 1:03d}.png"
            page.render(scale=dpi / 72, grayscale=True).to_pil().save(path)
            page.close()
            pages.append((path, dpi))
        doc.close()
    return pages


def pipeline_pages(files: list[Path], out: Path, dpi: int, prepared: bool = False) -> list[tuple[Path, int]]:
    """Every page as the image the pipeline hands to OCR, as PNG (not timed); (path, dpi) pairs.

    A scan stored at 200 dpi or more is its stored image at its own resolution, any other page
    is rendered at ``dpi`` (``extractor.sources.pdf.page_image``).  ``prepared``: cleaned and
    levelled, as ``ocr.ocr_page`` hands it to Tesseract for its first reading.
    """
    out.mkdir(parents=True, exist_ok=True)
    options = Options(dpi=dpi)
    pages = []
    for f in files:
        doc = pdfium.PdfDocument(f)
        for i in range(len(doc)):
            image, page_dpi, _ = page_image(doc, i, options)
            if prepared:
                image = images.deskew(ocr.clean(image, page_dpi))[0]
            path = out / f"{f.stem}-{i + 1:03d}.png"
            image.save(path, dpi=(page_dpi, page_dpi))
            pages.append((path, page_dpi))
        doc.close()
    return pages


def tesseract_floor(pages: list[tuple[Path, int]], workers: int) -> tuple[float, float, int]:
    """Plain ``tesseract`` over the page images, one process per page, ``workers`` at a time."""
    return run_parallel([["tesseract", str(path), "stdout", "-l", "deu", "--dpi", str(dpi), "--psm", str(DEFAULT_PSM)]
                         for path, dpi in pages], workers)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_parallel(commands: list[list[str]], workers: int) -> tuple[float, float, int]:
    """Run the commands, ``workers`` at a time; (wall s, CPU s, largest peak RSS of one command in KiB).

    The peak comes from GNU time when installed (getrusage of children would count the RSS of
    this Python process at fork), else 0.
    """
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    gnu_time = shutil.which("time", path="/usr/bin")
    peaks: list[int] = []

    def one(cmd: list[str]) -> None:
        if gnu_time:
            with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
                subprocess.run([gnu_time, "-f", "%M", "-o", rss.name, *cmd], check=True, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                peaks.append(int(rss.read().split()[-1]))
        else:
            subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    start, cpu = time.monotonic(), children_cpu()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, commands))
    return time.monotonic() - start, children_cpu() - cpu, max(peaks, default=0)


def run_pipeline(folder: Path, out: Path, workers: int, force: bool = True, dpi: int = 300):
    """The batch over ``folder`` with a local pool; (wall seconds, summary, executor stats)."""
    executor = ProcessExecutor(workers)
    start = time.monotonic()
    summary = run_batch([folder], out, Options(workers=workers, force=force, dpi=dpi), executor=executor)
    return time.monotonic() - start, summary, executor.stats


def tables_bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in TABLES}


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def report_workers(label: str, wall: float, stats) -> None:
    for worker in sorted(stats.busy_seconds):
        busy = stats.busy_seconds[worker]
        print(f"  {label} {worker}: busy {busy:.1f} s of {wall:.1f} s ({100 * busy / wall:.0f}%), "
              f"peak RSS {mb(stats.peak_rss_kb[worker])}")


def run_text(folder: Path, out: Path, n_pages: int) -> float:
    """The batch over text-layer PDFs on 2 workers; prints pages/s and CPU per page; returns wall seconds.

    CPU counts the workers (from their start: imports included) and this process (hashing,
    scheduling, writing the tables).
    """
    parent = resource.getrusage(resource.RUSAGE_SELF)
    wall, summary, stats = run_pipeline(folder, out, 2)
    after = resource.getrusage(resource.RUSAGE_SELF)
    parent_cpu = after.ru_utime + after.ru_stime - parent.ru_utime - parent.ru_stime
    workers_cpu = sum(stats.cpu_seconds.values())
    print(f"text layer    {wall:7.2f} s  {n_pages / wall:6.1f} pages/s on 2 workers   "
          f"CPU {1000 * (workers_cpu + parent_cpu) / n_pages:5.1f} ms/page "
          f"(workers {1000 * workers_cpu / n_pages:.1f}, main {1000 * parent_cpu / n_pages:.1f})   [{summary.line()}]")
    report_workers("text", wall, stats)
    return wall


def bench_text(args) -> int:
    """Only step 5, ``--repeat`` times over the same files."""
    work = args.work or Path(tempfile.mkdtemp(prefix="extractor-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        text = args.text or make_samples(work / "text", 12, 120, "pdf-text")
        files = pdfs(text)
        n_text = count_pages(files)
        print(f"{len(files)} text-layer PDFs, {n_text} pages; 2 workers on {os.cpu_count()} cores")
        walls = [run_text(text, work / "out-text", n_text) for _ in range(max(1, args.repeat))]
        print(f"  text-layer pages/s           {n_text / min(walls):.1f} best of {len(walls)}   "
              "(target >= 100 on 2 cores)")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scanned", type=Path, help="folder of image-only PDFs (default: generate 40)")
    parser.add_argument("--text", type=Path, help="folder of text-layer PDFs (default: generate 120)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one, removed)")
    parser.add_argument("--no-ocrmypdf", action="store_true", help="skip OCRmyPDF even if installed")
    parser.add_argument("--only", choices=("all", "text"), default="all",
                        help="text: only the text-layer PDFs (step 5), without OCR (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of the text-layer step (default 1)")
    args = parser.parse_args()
    if args.only == "text":
        return bench_text(args)

    work = args.work or Path(tempfile.mkdtemp(prefix="extractor-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        scanned = args.scanned or make_samples(work / "scanned", 11, 40, "pdf-image")
        text = args.text or make_samples(work / "text", 12, 120, "pdf-text")
        scanned_files, text_files = pdfs(scanned), pdfs(text)
        n_scanned, n_text = count_pages(scanned_files), count_pages(text_files)
        w = args.workers
        print(f"{len(scanned_files)} scanned PDFs, {n_scanned} pages at {args.dpi} dpi; "
              f"{len(text_files)} text-layer PDFs, {n_text} pages; {w} workers on {os.cpu_count()} cores")

        # 1. the pipeline end to end
        pipe_wall, summary, stats = run_pipeline(scanned, work / "out-scanned", w, dpi=args.dpi)
        pipe_cpu = sum(stats.cpu_seconds.values())
        print(f"pipeline      {pipe_wall:7.1f} s  {n_scanned / pipe_wall:6.2f} pages/s  "
              f"CPU {pipe_cpu / n_scanned:5.2f} s/page   [{summary.line()}]")
        report_workers("pipeline", pipe_wall, stats)

        # 2. the floor: on the images the pipeline reads, and on every page rendered at --dpi
        own = pipeline_pages(scanned_files, work / "pages-own", args.dpi)
        floor_wall, floor_cpu, tess_rss = tesseract_floor(own, w)
        print(f"tesseract CLI {floor_wall:7.1f} s  {len(own) / floor_wall:6.2f} pages/s  "
              f"CPU {floor_cpu / len(own):5.2f} s/page   (the floor: the pipeline's page images, "
              f"{sum(dpi == args.dpi for _, dpi in own)} at {args.dpi} dpi, "
              f"{sum(dpi != args.dpi for _, dpi in own)} at their own lower resolution; --psm {DEFAULT_PSM} "
              f"as the pipeline; largest process {mb(tess_rss)})")
        ready_wall, ready_cpu, _ = tesseract_floor(pipeline_pages(scanned_files, work / "pages-ready", args.dpi,
                                                                  prepared=True), w)
        print(f"tesseract CLI {ready_wall:7.1f} s  {n_scanned / ready_wall:6.2f} pages/s  "
              f"CPU {ready_cpu / n_scanned:5.2f} s/page   (the same images cleaned and levelled as the pipeline "
              "hands them to Tesseract)")
        fixed_wall, fixed_cpu, _ = tesseract_floor(render_pages(scanned_files, work / "pages", args.dpi), w)
        print(f"tesseract CLI {fixed_wall:7.1f} s  {n_scanned / fixed_wall:6.2f} pages/s  "
              f"CPU {fixed_cpu / n_scanned:5.2f} s/page   (every page rendered at {args.dpi} dpi)")

        # 3. OCRmyPDF
        ocrmypdf = shutil.which("ocrmypdf") or shutil.which("ocrmypdf", path=str(Path(sys.executable).parent))
        ocrmypdf_wall = ocrmypdf_cpu = None
        if ocrmypdf and not args.no_ocrmypdf:
            (work / "ocrmypdf").mkdir(exist_ok=True)
            cmds = [[ocrmypdf, "--jobs", "1", "-l", "deu", "--force-ocr", "--quiet", str(f),
                     str(work / "ocrmypdf" / f.name)] for f in sorted(scanned_files, key=lambda f: -f.stat().st_size)]
            ocrmypdf_wall, ocrmypdf_cpu, _ = run_parallel(cmds, w)
            print(f"OCRmyPDF      {ocrmypdf_wall:7.1f} s  {n_scanned / ocrmypdf_wall:6.2f} pages/s  "
                  f"CPU {ocrmypdf_cpu / n_scanned:5.2f} s/page")
        elif args.no_ocrmypdf:
            print("OCRmyPDF      skipped (--no-ocrmypdf)")
        else:
            print("OCRmyPDF      not installed (pip install ocrmypdf; apt-get install ghostscript qpdf)")

        # 4. re-run over the unchanged archive
        first = tables_bytes(work / "out-scanned")
        rerun_wall, rerun, _ = run_pipeline(scanned, work / "out-scanned", w, force=False, dpi=args.dpi)
        identical = tables_bytes(work / "out-scanned") == first
        print(f"re-run        {rerun_wall:7.2f} s  ({rerun.n_cached} cached; tables byte-identical: {identical})")

        # 5. text-layer PDFs
        text_wall = min(run_text(text, work / "out-text", n_text) for _ in range(max(1, args.repeat)))

        print("\nratios (wall; CPU in brackets, which other load on the machine disturbs less)")
        print(f"  pipeline / tesseract floor   {pipe_wall / floor_wall:.3f} [{pipe_cpu / floor_cpu:.3f}]   (target <= 1.10)")
        print(f"  pipeline / prepared floor    {pipe_wall / ready_wall:.3f} "
              f"[{pipe_cpu / ready_cpu:.3f}]   (Tesseract on the cleaned, levelled images: the pipeline's own share)")
        print(f"  pipeline / floor at {args.dpi} dpi  {pipe_wall / fixed_wall:.3f} [{pipe_cpu / fixed_cpu:.3f}]")
        if ocrmypdf_wall:
            print(f"  OCRmyPDF / pipeline          {ocrmypdf_wall / pipe_wall:.2f} [{ocrmypdf_cpu / pipe_cpu:.2f}]    "
                  "(target >= 3)")
        print(f"  first run / re-run           {pipe_wall / rerun_wall:.0f}     (target >= 50)")
        print(f"  text-layer pages/s           {n_text / text_wall:.1f}   (target >= 100 on 2 cores)")
        peak = max(stats.peak_rss_kb.values())
        print(f"  peak RSS per worker          {mb(peak)} (worker process) + {mb(tess_rss)} (one Tesseract run, "
              f"GNU time)   (target < 500 MB)")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
