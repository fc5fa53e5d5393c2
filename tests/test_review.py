"""The review report: order, boxes, escaping, missing sources, and the page in a real headless browser."""
from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractor import review

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SCANNED = "aqb-s1-006.pdf"  # image-only PDF, 3 pages, OCRed
HOSTILE = 'evil <img src=x onerror=alert(1)> & "q".txt'  # a file name is untrusted text
KNOWN_PROJECT = "Berufsorientierung für Jugendliche mit Förderbedarf"  # measure 1 of aqb-s1-006, page 2
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


# --- one extractor run, shared by the tests of this module -------------------------------------


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """A run over a scanned PDF and two .txt files (one with a hostile name), from the run's own cwd."""
    root = tmp_path_factory.mktemp("review")
    inputs = root / "in"
    inputs.mkdir()
    shutil.copy(SAMPLES / SCANNED, inputs / SCANNED)
    shutil.copy(SAMPLES / "wetteraukreis-2024.ocr.txt", inputs / "wetteraukreis-2024.ocr.txt")
    shutil.copy(SAMPLES / "aqb-s1-005.txt", inputs / HOSTILE)
    subprocess.run([sys.executable, "-m", "extractor", "run", "in", "--out", "out", "--quiet"],
                   cwd=root, check=True, timeout=300)
    return root / "out"


@pytest.fixture(scope="module")
def report(run_dir) -> Path:
    """The report, written from another cwd: the relative source paths resolve against OUT's parent."""
    return review.write_report(run_dir)


def doc_record(run_dir: Path, file_name: str) -> dict:
    for path in (run_dir / "documents").glob("*.json"):
        record = json.loads(path.read_text("utf-8"))
        if Path(record["source_file"]).name == file_name:
            return record
    raise AssertionError(f"no record for {file_name}")


def known_measure(run_dir: Path) -> tuple[dict, dict]:
    record = doc_record(run_dir, SCANNED)
    measure = next(m for m in record["agreement"]["measures"] if m["project"] == KNOWN_PROJECT)
    return record, measure


def test_report_lists_every_document_and_renders_each_scanned_page(run_dir, report):
    page = report.read_text("utf-8")
    assert report == run_dir / "review" / "index.html"
    manifest = list(csv.DictReader(open(run_dir / "manifest.csv", encoding="utf-8")))
    assert len(manifest) == 3
    for row in manifest:
        assert f'id="doc-{row["doc_id"]}"' in page
    record = doc_record(run_dir, SCANNED)
    for n in (1, 2, 3):
        image = Image.open(run_dir / "review" / "pages" / f"{record['doc_id']}-p{n}.png")
        assert image.size == (827, 1169)  # A4 at 100 dpi
    assert sorted(p.name for p in (run_dir / "review" / "pages").iterdir()) == [
        f"{record['doc_id']}-p{n}.png" for n in (1, 2, 3)]  # no image for the .txt sources


def test_a_measure_box_is_placed_in_percent_of_the_page(run_dir, report):
    record, measure = known_measure(run_dir)
    page_info = record["pages"][measure["page"] - 1]
    box = re.search(rf'id="box-{record["doc_id"]}-m{measure["position"]}"[^>]* style="([^"]+)"',
                    report.read_text("utf-8"))
    style = dict(part.split(":") for part in box.group(1).split(";"))
    x0, top, x1, bottom = measure["bbox"]
    assert float(style["left"].rstrip("%")) == pytest.approx(100 * x0 / page_info["width_pt"], abs=1e-3)
    assert float(style["top"].rstrip("%")) == pytest.approx(100 * top / page_info["height_pt"], abs=1e-3)
    assert float(style["width"].rstrip("%")) == pytest.approx(100 * (x1 - x0) / page_info["width_pt"], abs=1e-3)
    label = f"{measure['category_code']} {measure['position']}: {KNOWN_PROJECT}"
    assert f"<span>{html.escape(label)}</span>" in report.read_text("utf-8")


def test_file_names_and_text_from_documents_are_escaped(report):
    page = report.read_text("utf-8")
    assert html.escape(HOSTILE) in page
    assert "<img src=x" not in page and '"q"' not in page
    assert len(re.findall(r"<img ", page)) == 3  # the three page images, nothing else


def test_a_txt_source_is_shown_as_text_with_its_items_marked(run_dir, report):
    record = doc_record(run_dir, "wetteraukreis-2024.ocr.txt")
    page = report.read_text("utf-8")
    section = page[page.index(f'id="doc-{record["doc_id"]}"'):]
    section = section[:section.index("</section>")]
    assert "<pre class=text>" in section and "Wefteraukreis" in section  # the OCR text as it is
    assert f'<mark class="measure" id="box-{record["doc_id"]}-m1" title="AV 1: Vorbereitung auf Ausbildung' \
           f' in Teilzeit">Vorbereitung auf Ausbildung in Teilzeit</mark>' in section
    assert f'<mark class="amount" id="box-{record["doc_id"]}-a1"' in section
    assert "not shown" not in section  # every section heading, measure and amount was found in the text


def test_a_source_that_is_gone_is_reported_not_fatal(run_dir, tmp_path):
    moved = tmp_path / "elsewhere" / "out"
    shutil.copytree(run_dir, moved, ignore=shutil.ignore_patterns("review"))
    index = review.write_report(moved)
    page = index.read_text("utf-8")
    assert page.count("is not found") == 3
    assert not list((moved / "review" / "pages").glob("*.png"))
    assert KNOWN_PROJECT in page  # the rows are still there
    # with the archive's new place given, the pages come back
    page = review.write_report(moved, source_root=run_dir.parent, dest=tmp_path / "rep").read_text("utf-8")
    assert "is not found" not in page
    assert len(list((tmp_path / "rep" / "pages").glob("*.png"))) == 3


def test_a_source_replaced_by_a_damaged_file_is_reported_not_fatal(run_dir, tmp_path):
    moved = tmp_path / "out"
    shutil.copytree(run_dir, moved, ignore=shutil.ignore_patterns("review"))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / SCANNED).write_bytes(b"%PDF-1.4 damaged")
    page = review.write_report(moved).read_text("utf-8")
    assert "has changed since it was extracted" in page
    assert "Cannot render the pages of" in page
    assert KNOWN_PROJECT in page


# --- the parts, on small hand-made output folders ----------------------------------------------


def write_folder(out: Path, docs: list[dict], extra_columns: bool) -> None:
    """A minimal output folder: manifest.csv, agreements.csv and documents/<doc_id>.json."""
    (out / "documents").mkdir(parents=True)
    man_cols = ["source_file", "doc_id", "sha256", "status", "error_code", "error", "duplicate_of"]
    agr_cols = ["doc_id", "source_file", "year", "region", "region_ags", "budget_total_eur", "status"]
    if extra_columns:
        agr_cols += ["confidence", "needs_review", "review_reasons"]
    with open(out / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, man_cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(docs)
    with open(out / "agreements.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, agr_cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(d for d in docs if d["status"] in ("ok", "partial"))
    for d in docs:
        agreement = None
        if d["status"] in ("ok", "partial"):
            agreement = {"year": int(d["year"]), "region": d["region"], "region_ags": d["region_ags"],
                         "budget_total_eur": float(d["budget_total_eur"]), "sections": [], "measures": [],
                         "amounts": [], "signatures": [], "warnings": []}
        record = {"source_file": d["source_file"], "doc_id": d["doc_id"], "status": d["status"], "pages": [],
                  "agreement": agreement}
        (out / "documents" / f"{d['doc_id']}.json").write_text(json.dumps(record), "utf-8")


def doc(doc_id, region_ags="06440", year=2024, status="ok", confidence="", needs_review="", reasons="", **kw):
    return {"doc_id": doc_id, "source_file": f"in/{doc_id}.txt", "sha256": "", "status": status,
            "year": str(year), "region": "R" + region_ags, "region_ags": region_ags, "budget_total_eur": "1000",
            "confidence": confidence, "needs_review": needs_review, "review_reasons": reasons, **kw}


def test_review_order_is_needs_review_then_lowest_confidence_then_region_and_year(tmp_path):
    write_folder(tmp_path, [
        doc("a", "06411", 2020, confidence="0.99", needs_review="false"),
        doc("b", "06440", 2019, confidence="0.6", needs_review="true", reasons="budget_mismatch;low_ocr_conf"),
        doc("c", "06411", 2019, confidence="0.9", needs_review="false"),
        doc("d", "06412", 2019, confidence="0.5", needs_review="true", reasons="no_measures"),
        doc("e", "06411", 2018, confidence="0.9", needs_review="false"),
        doc("f", status="failed", error_code="corrupt", error="cannot read <it>"),
    ], extra_columns=True)
    docs = review.review_order(review.load_documents(tmp_path))
    assert [d.doc_id for d in docs] == ["d", "b", "f", "e", "c", "a"]
    assert docs[1].reasons == ("budget_mismatch", "low_ocr_conf") and docs[1].confidence == 0.6
    assert docs[2].needs_review and docs[2].reasons == ("status_failed",)
    page = review.write_report(tmp_path).read_text("utf-8")
    index = page[page.index("<table id=index>"):page.index("</table>")]
    assert re.findall(r'href="#doc-(\w+)"', index) == ["d", "b", "f", "e", "c", "a"]
    assert "budget_mismatch; low_ocr_conf" in index and "0.60" in index
    assert "cannot read &lt;it&gt;" in page


def test_without_the_review_columns_nothing_needs_review_and_region_year_decide(tmp_path):
    write_folder(tmp_path, [doc("a", "06440", 2024), doc("b", "06411", 2021), doc("c", "06411", 2019)],
                 extra_columns=False)
    docs = review.review_order(review.load_documents(tmp_path))
    assert [(d.doc_id, d.needs_review, d.confidence) for d in docs] == [
        ("c", False, None), ("b", False, None), ("a", False, None)]


def test_source_files_resolve_against_the_root_given_the_cwd_then_the_parent_of_out(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.pdf").write_bytes(b"%PDF")
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path / "in")
    assert review.resolve_source("in/a.pdf", out) == out.parent / "in" / "a.pdf"  # not under the cwd
    assert review.resolve_source("a.pdf", out) == tmp_path / "in" / "a.pdf"  # under the cwd
    moved = tmp_path / "moved"
    (moved / "in").mkdir(parents=True)
    (moved / "in" / "a.pdf").write_bytes(b"%PDF")
    assert review.resolve_source("in/a.pdf", out, moved) == moved / "in" / "a.pdf"
    assert review.resolve_source(str(tmp_path / "in" / "a.pdf"), out) == tmp_path / "in" / "a.pdf"
    assert review.resolve_source("in/gone.pdf", out) is None


# --- in a real browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="review-chromium-")
    # offline machine: nothing that would try to reach the network
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1600,1200"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def load(driver, index: Path) -> list[dict]:
    """Open the report, wait for the page images, return the console messages."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(index.resolve().as_uri())
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && "
        "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"))
    return driver.get_log("browser")


def box_crop(driver, box_id: str, report_dir: Path) -> Image.Image:
    """The part of the page image that the box covers on screen, cut from the PNG in image pixels."""
    geometry = driver.execute_script("""
        const box = document.getElementById(arguments[0]);
        const img = box.parentElement.querySelector('img');
        box.scrollIntoView({block: 'center'});
        const b = box.getBoundingClientRect(), i = img.getBoundingClientRect();
        return {b: [b.left, b.top, b.right, b.bottom], i: [i.left, i.top, i.width, i.height],
                src: img.getAttribute('src'), natural: [img.naturalWidth, img.naturalHeight]};
    """, box_id)
    left, top, width, height = geometry["i"]
    sx, sy = geometry["natural"][0] / width, geometry["natural"][1] / height
    b = geometry["b"]
    image = Image.open(report_dir / geometry["src"]).convert("L")
    return image.crop((round((b[0] - left) * sx), round((b[1] - top) * sy),
                       round((b[2] - left) * sx), round((b[3] - top) * sy)))


def read_crop(crop: Image.Image) -> str:
    import pytesseract

    big = crop.resize((crop.width * 3, crop.height * 3), Image.LANCZOS)
    big = Image.eval(big, lambda v: 255 if v > 150 else 0)  # crisp strokes for Tesseract
    framed = Image.new("L", (big.width + 40, big.height + 40), 255)
    framed.paste(big, (20, 20))
    return pytesseract.image_to_string(framed, lang="deu", config="--psm 7").strip()


def test_in_chromium_the_page_loads_cleanly_and_a_measure_box_sits_over_its_text(browser, run_dir, report):
    from rapidfuzz import fuzz

    console = load(browser, report)
    assert [m for m in console if m["level"] in ("SEVERE", "WARNING")] == []
    assert browser.execute_script("return document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert HOSTILE in browser.execute_script("return document.getElementById('index').innerText")

    record, measure = known_measure(run_dir)
    box_id = f"box-{record['doc_id']}-m{measure['position']}"
    for width in (1600, 900):  # the boxes are in percent: they follow the image as it scales
        browser.set_window_size(width, 1200)
        crop = box_crop(browser, box_id, report.parent)
        text = read_crop(crop)
        assert fuzz.partial_ratio(KNOWN_PROJECT, text) >= 85, text
        ink = float((np.asarray(crop) < 128).mean())
        assert ink > 0.08, ink  # a box over text, not over the white margin

    # and the box of a neighbouring measure does not hold this project
    other = next(m for m in record["agreement"]["measures"] if m["page"] == measure["page"] and m is not measure)
    text = read_crop(box_crop(browser, f"box-{record['doc_id']}-m{other['position']}", report.parent))
    assert fuzz.partial_ratio(other["project"], text) >= 85 and fuzz.ratio(KNOWN_PROJECT, text) < 70


def test_measures_are_shown_as_the_tables_carry_them_with_the_reading_beside():
    """A name reconciled across the batch: the report shows the table's name and confidence, and what was read."""
    record = {"agreement": {"measures": [
        {"position": 1, "category_code": "WB", "project": "Inhouse-Schulung SGB II SGB Vill", "confidence": 0.5,
         "project_raw": "• Inhouse-Schulung SGB II SGB Vill", "page": 1, "bbox": [1, 2, 3, 4]}]}}
    rows = {("d1", "1"): {"project": "Inhouse-Schulung SGB II/SGB VIII", "confidence": "0.91",
                          "project_read": "Inhouse-Schulung SGB II SGB Vill"}}
    review._as_in_tables(record, "d1", rows)
    [box] = [b for b in review.item_boxes(record["agreement"]) if b.kind == "measure"]
    assert box.label == "WB 1: Inhouse-Schulung SGB II/SGB VIII" and box.confidence == 0.91
    assert box.detail.endswith("[read: Inhouse-Schulung SGB II SGB Vill]")
