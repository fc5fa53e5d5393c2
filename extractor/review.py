"""A static HTML report for checking extractions by eye: page images with every extracted item boxed.

Reads an output folder written by ``extractor run`` (manifest.csv, agreements.csv and
documents/<doc_id>.json) and writes ``OUT/review/index.html`` with the page images beside it in
``OUT/review/pages/``.  The documents needing review come first.  Boxes are HTML overlays placed in
percent of the page size, so they scale with the image.  The report needs no server, loads nothing
from outside its folder, and every text taken from a document is escaped.
"""
from __future__ import annotations

from .load import read_rows
from .pipeline import file_sha256

import csv
import html
import io
import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from .errors import ExtractorError
from .options import Options
from .parse.checks import MIN_CONFIDENCE
from .records import SOURCE_OCR, SOURCE_TXT
from .sources import images, plaintext  # the pipeline's own decoding and straightening, so the boxes fit
from .writers import atomic_write_bytes

log = logging.getLogger(__name__)

DESCRIPTION = ("write a static HTML report (OUT/review/index.html) showing each document's pages with the "
               "extracted items boxed, the documents needing review first")

REVIEW_DPI = 100  # page images: readable on screen, small on disk
MAX_SOURCE_PIXELS = Options().max_pixels  # the pipeline's default limit for one decoded page
SIZE_TOLERANCE = 0.02  # page image and recorded page size may differ this much in aspect ratio
REVIEW_STATUSES = ("failed", "partial", "not_agreement")  # a status that needs a look by itself


# --- what the output folder says --------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """One extracted item as shown: its kind, label, page and box in PDF points (top-left origin)."""

    kind: str  # "section", "measure" or "amount"
    key: str  # unique within the document, used in element ids
    label: str  # on the page image
    short: str  # in the rows beside it, where the value follows
    detail: str  # the value as extracted, shown in the rows beside the page
    raw: str  # the text it came from
    page: int
    bbox: tuple[float, float, float, float] | None
    confidence: float | None = None


@dataclass(frozen=True)
class ReviewDoc:
    """One document of the output folder, with what the report needs to order and show it."""

    doc_id: str
    source_file: str
    status: str
    sha256: str = ""
    error_code: str = ""
    error: str = ""
    duplicate_of: str = ""
    needs_review: bool = False
    confidence: float | None = None
    reasons: tuple[str, ...] = ()
    record: dict = field(default_factory=dict)  # documents/<doc_id>.json, {} when absent

    @property
    def agreement(self) -> dict:
        return self.record.get("agreement") or {}

    @property
    def region(self) -> str:
        return self.agreement.get("region") or ""

    @property
    def region_ags(self) -> str:
        return self.agreement.get("region_ags") or ""

    @property
    def year(self) -> int | None:
        return self.agreement.get("year")

    @property
    def budget(self) -> float | None:
        return self.agreement.get("budget_total_eur")


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV written by writers.py, or [] when the file is absent."""
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def parse_bool(text: str | bool | None) -> bool:
    """A true/false cell; anything but a clear yes is false.

    >>> [parse_bool(v) for v in ("true", "True", "1", "false", "", None, True)]
    [True, True, True, False, False, False, True]
    """
    if isinstance(text, bool):
        return text
    return (text or "").strip().lower() in ("true", "1", "yes")


def parse_float(text) -> float | None:
    """A number cell, None when empty or not a number."""
    if text is None or text == "":
        return None
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def split_reasons(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """Review reason codes from a ``;``-joined cell or a JSON list.

    >>> split_reasons("low_ocr_conf; budget_mismatch;")
    ('low_ocr_conf', 'budget_mismatch')
    """
    if not text:
        return ()
    parts = text.split(";") if isinstance(text, str) else list(text)
    return tuple(p.strip() for p in parts if p and p.strip())


def load_documents(out_dir: Path) -> list[ReviewDoc]:
    """Every document of the output folder: the manifest's rows joined with agreements.csv and the JSON."""
    manifest = read_rows(out_dir, "manifest")
    agreements = {row["doc_id"]: row for row in read_rows(out_dir, "agreements") if row.get("doc_id")}
    measures = {(row.get("doc_id"), row.get("position")): row for row in read_rows(out_dir, "measures")}
    docs_dir = out_dir / "documents"
    if not manifest:  # an older or partial folder: the JSON records are the list
        manifest = []
        for path in sorted(docs_dir.glob("*.json")):
            record = _read_json(path)
            manifest.append({k: str(record.get(k, "")) for k in ("source_file", "doc_id", "sha256", "status")})
    docs = []
    for row in manifest:
        doc_id = row.get("doc_id", "")
        status = row.get("status", "")
        record = _read_json(docs_dir / f"{doc_id}.json") if doc_id and status != "duplicate" else {}
        _as_in_tables(record, doc_id, measures)
        agreement = record.get("agreement") or {}
        csv_row = agreements.get(doc_id, {}) if status != "duplicate" else {}  # the row is the original's
        needs = parse_bool(csv_row["needs_review"]) if "needs_review" in csv_row else parse_bool(
            agreement.get("needs_review"))
        confidence = parse_float(csv_row.get("confidence")) if "confidence" in csv_row else parse_float(
            agreement.get("confidence"))
        reasons = split_reasons(csv_row["review_reasons"]) if "review_reasons" in csv_row else split_reasons(
            agreement.get("review_reasons"))
        if status in REVIEW_STATUSES:
            needs, reasons = True, (f"status_{status}", *reasons)
        docs.append(ReviewDoc(
            doc_id=doc_id, source_file=row.get("source_file", ""), status=status, sha256=row.get("sha256", ""),
            error_code=row.get("error_code", ""), error=row.get("error", ""),
            duplicate_of=row.get("duplicate_of", ""), needs_review=needs, confidence=confidence,
            reasons=reasons, record=record,
        ))
    return docs


def _as_in_tables(record: dict, doc_id: str, measures: dict) -> None:
    """Give the record's measures the name and confidence measures.csv carries (reconciled across the
    batch, or corrected by hand), keeping the name as read beside it."""
    for m in (record.get("agreement") or {}).get("measures") or ():
        row = measures.get((doc_id, str(m.get("position"))))
        if not row:
            continue
        m["project_read"] = row.get("project_read") or m.get("project")
        m["project"] = row.get("project") or m.get("project")
        if row.get("confidence"):
            m["confidence"] = row["confidence"]


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        log.warning("%s: cannot read the document record: %s", path, e)
        return {}


def review_order(docs: Iterable[ReviewDoc]) -> list[ReviewDoc]:
    """Documents needing review first, then the least confident, then by region and year."""
    return sorted(docs, key=lambda d: (
        not d.needs_review,
        d.status == "duplicate",
        1.0 if d.confidence is None else d.confidence,
        d.region_ags or "~", d.region, d.year or 0, d.source_file, d.doc_id,
    ))


def item_boxes(agreement: dict) -> list[Box]:
    """Sections, measures and amounts of an agreement record, each with its label."""
    boxes = []
    for s in agreement.get("sections") or ():
        boxes.append(Box(
            kind="section", key=f"s{s.get('number')}", label=f"§ {s.get('number')}", short=f"§ {s.get('number')}",
            detail=s.get("title") or "",
            raw=s.get("title_raw") or "", page=s.get("page") or 0, bbox=_bbox(s.get("bbox")),
        ))
    for m in agreement.get("measures") or ():
        amount = m.get("amount_eur")
        detail = m.get("project") or ""
        if amount is not None:
            detail += f" ({format_eur(amount)})"
        if m.get("project_read") and m["project_read"] != m.get("project"):
            detail += f" [read: {m['project_read']}]"
        boxes.append(Box(
            kind="measure", key=f"m{m.get('position')}",
            label=f"{m.get('category_code')} {m.get('position')}: {m.get('project') or ''}",
            short=f"{m.get('category_code')} {m.get('position')}",
            detail=detail, raw=m.get("project_raw") or "", page=m.get("page") or 0, bbox=_bbox(m.get("bbox")),
            confidence=parse_float(m.get("confidence")),
        ))
    for index, a in enumerate(agreement.get("amounts") or (), start=1):
        section = a.get("section_number")
        boxes.append(Box(
            kind="amount", key=f"a{index}", label=f"{a.get('role')} {format_eur(a.get('amount_eur'))}",
            short=f"{a.get('role')}" + (f" (§ {section})" if section is not None else ""),
            detail=format_eur(a.get("amount_eur")),
            raw=a.get("raw") or "", page=a.get("page") or 0, bbox=_bbox(a.get("bbox")),
        ))
    return boxes


def _bbox(value) -> tuple[float, float, float, float] | None:
    try:
        x0, top, x1, bottom = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (x0, top, x1, bottom) if x1 > x0 and bottom > top else None


def format_eur(value) -> str:
    """An amount the German way, for labels.

    >>> [format_eur(1140300.0), format_eur(2779545.5), format_eur(None)]
    ['1.140.300 €', '2.779.545,50 €', '–']
    """
    amount = parse_float(value)
    if amount is None:
        return "–"
    if amount.is_integer():
        text = f"{amount:,.0f}"
    else:
        text = f"{amount:,.2f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".") + " €"


# --- finding and rendering the source ----------------------------------------------------------


def resolve_source(source_file: str, out_dir: Path, source_root: Path | None = None) -> Path | None:
    """Where the source file is now: absolute as recorded, else under ``source_root``, the cwd, or OUT's parent."""
    if not source_file:
        return None
    recorded = Path(source_file)
    if recorded.is_absolute():
        candidates = [recorded]
        if source_root is not None:
            candidates.append(source_root / recorded.name)
    else:
        candidates = []
        if source_root is not None:
            candidates += [source_root / recorded, source_root / recorded.name]
        candidates += [Path.cwd() / recorded, out_dir.resolve().parent / recorded]
    return next((c for c in candidates if c.is_file()), None)


@dataclass(frozen=True)
class PageImage:
    """A rendered page image beside the report, or why there is none."""

    number: int
    href: str = ""  # relative to index.html
    width_px: int = 0
    height_px: int = 0
    problem: str = ""


def render_pages(source: Path, pages: list[dict], dest: Path, stem: str) -> list[PageImage]:
    """Render each recorded page of ``source`` as the pipeline saw it (turned, levelled) to ``dest``.

    The boxes refer to the page the pipeline read: upright after ``rotation`` and, for OCR pages,
    levelled by the same deskew as before OCR (images.deskew on the page at its OCR resolution).
    """
    suffix = source.suffix.lower()
    out = []
    if suffix == ".pdf":
        document = pdfium.PdfDocument(str(source))
        try:
            for page in pages:
                number = int(page.get("number") or 0)
                if not 1 <= number <= len(document):
                    out.append(PageImage(number, problem=f"the source has no page {number}"))
                    continue
                pdf_page = document[number - 1]
                try:
                    dpi = int(page.get("dpi") or REVIEW_DPI) if page.get("source") == SOURCE_OCR else REVIEW_DPI
                    image = images.render_pdf_page(pdf_page, dpi=dpi, max_pixels=MAX_SOURCE_PIXELS)
                finally:
                    pdf_page.close()
                out.append(_save_page(_as_read(image, page), page, dest, stem, dpi))
        finally:
            document.close()
        return out
    frames = images.image_frames(source, MAX_SOURCE_PIXELS)
    by_number = {int(p.get("number") or 0): p for p in pages}
    for number, frame in enumerate(frames, start=1):
        page = by_number.pop(number, None)
        if page is not None:
            out.append(_save_page(_as_read(frame.image, page), page, dest, stem, frame.dpi))
        if not by_number:
            break
    out += [PageImage(n, problem=f"the source has no page {n}") for n in sorted(by_number)]
    return out


def _as_read(image: Image.Image, page: dict) -> Image.Image:
    """The page image turned and levelled as the pipeline read it."""
    image = images.turn(image, int(page.get("rotation") or 0))
    if page.get("source") != SOURCE_OCR:
        return image
    for key in ("deskew_deg", "skew_deg"):  # when the record says which angle was applied, use it
        if page.get(key) is not None:
            angle = float(page[key])
            return images.level(image, angle) if angle else image
    return images.deskew(image)[0]


def _save_page(image: Image.Image, page: dict, dest: Path, stem: str, dpi: int) -> PageImage:
    number = int(page.get("number") or 0)
    scale = REVIEW_DPI / dpi
    if scale < 1:
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                             Image.LANCZOS)
    if image.mode not in ("L", "RGB"):
        image = image.convert("L")
    name = f"{stem}-p{number}.png"
    buf = _png_bytes(image)
    atomic_write_bytes(dest / name, buf)
    problem = ""
    width_pt, height_pt = page.get("width_pt"), page.get("height_pt")
    if width_pt and height_pt:
        recorded, shown = width_pt / height_pt, image.width / image.height
        if abs(recorded / shown - 1) > SIZE_TOLERANCE:
            problem = (f"the page image is {image.width} × {image.height} px but the record says "
                       f"{width_pt:.0f} × {height_pt:.0f} pt: the boxes may be off")
    return PageImage(number, href=f"pages/{name}", width_px=image.width, height_px=image.height, problem=problem)


def _png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    # 16 grey levels keep scanned text legible at a half of the size
    if image.mode == "L":
        image = image.quantize(16)
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def source_text_pages(source: Path) -> list[str]:
    """The pages of a .txt source, decoded and split at form feeds as the pipeline does."""
    return plaintext.split_pages(plaintext.read_text(source))


# --- HTML ---------------------------------------------------------------------------------------

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:0 1.5em 3em;color:#222;background:#fafafa}
h1{margin:.6em 0 .2em}
h2{margin:2em 0 .3em;padding-top:.6em;border-top:2px solid #999}
table{border-collapse:collapse;background:#fff}
th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#eee}
td.num{text-align:right;white-space:nowrap}
.review{color:#a40000;font-weight:600}.ok{color:#1a6b1a}
.problem{background:#fff3cd;border:1px solid #e0b000;padding:4px 8px;margin:.4em 0}
.page{display:flex;gap:1.2em;align-items:flex-start;margin:1em 0}
.sheet{position:relative;flex:0 0 auto;width:min(62vw,900px);border:1px solid #888;background:#fff;
  box-shadow:0 1px 4px #0003}
.sheet img{display:block;width:100%;height:auto}
.box{position:absolute;box-sizing:border-box;border:2px solid;pointer-events:auto}
.box span{position:absolute;font:11px/1.2 system-ui,sans-serif;white-space:nowrap;padding:0 3px;
  max-width:28em;overflow:hidden;text-overflow:ellipsis;color:#fff;opacity:.9}
.box.section{border-color:#1a7f37}.box.section span{background:#1a7f37;right:100%;top:0}
.box.measure{border-color:#0550ae;background:#0550ae14}.box.measure span{background:#0550ae;left:100%;top:0}
.box.amount{border-color:#bc4c00;border-style:dashed}.box.amount span{background:#bc4c00;right:100%;top:0}
.box.hl{outline:4px solid #ff0;z-index:5}.box.hl span{opacity:1}
tr.hl td{background:#fff59d}
tr.section td.kind{color:#1a7f37}tr.measure td.kind{color:#0550ae}tr.amount td.kind{color:#bc4c00}
.same{color:#999}.low{color:#a40000;font-weight:600}
.rows{flex:1 1 auto;min-width:18em}
.rows td.kind{white-space:nowrap}
.nolabels .box span{display:none}
pre.text{white-space:pre-wrap;background:#fff;border:1px solid #888;padding:.8em;flex:0 0 auto;
  width:min(62vw,900px);font:12px/1.35 ui-monospace,monospace}
mark.section{background:#c8e6c9}mark.measure{background:#cfe2ff}mark.amount{background:#ffd8a8}mark.hl{background:#ff0}
"""

JS = """
document.addEventListener('mouseover', function (ev) {
  var row = ev.target.closest('[data-box]');
  document.querySelectorAll('.hl').forEach(function (el) { el.classList.remove('hl'); });
  if (!row) return;
  row.classList.add('hl');
  var box = document.getElementById(row.getAttribute('data-box'));
  if (box) box.classList.add('hl');
});
document.getElementById('labels').addEventListener('change', function (ev) {
  document.body.classList.toggle('nolabels', !ev.target.checked);
});
"""


def esc(value) -> str:
    """Any value as HTML text (quotes escaped too, so it is safe in attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_id(text: str) -> str:
    """A string usable in an element id and a file name, whatever the document id holds.

    >>> safe_id('4b0d95c7')
    '4b0d95c7'
    >>> safe_id('a"><b')
    'a___b'
    """
    return re.sub(r"[^A-Za-z0-9_-]", "_", text) or "_"


def _conf(value: float | None) -> str:
    """A confidence for a table cell; below the pipeline's review threshold it is marked."""
    if value is None:
        return "–"
    return f'<span class=low>{value:.2f}</span>' if value < MIN_CONFIDENCE else f"{value:.2f}"


def _status_cell(doc: ReviewDoc) -> str:
    if doc.needs_review:
        return f'<span class="review">review</span> ({esc(doc.status)})'
    return f'<span class="ok">{esc(doc.status)}</span>'


def render_index(docs: list[ReviewDoc]) -> str:
    """The table of documents at the top of the report."""
    rows = []
    for n, d in enumerate(docs, start=1):
        target = d.duplicate_of if d.status == "duplicate" else d.doc_id
        reasons = "; ".join(d.reasons)
        if d.status == "duplicate":
            reasons = f"duplicate of {d.duplicate_of}"
        rows.append(
            f"<tr><td class=num>{n}</td><td>{_status_cell(d)}</td><td>{esc(d.source_file)}</td>"
            f"<td>{esc(d.region)}</td><td>{esc(d.region_ags)}</td><td>{esc(d.year or '')}</td>"
            f"<td class=num>{esc(format_eur(d.budget) if d.budget is not None else '–')}</td>"
            f"<td class=num>{_conf(d.confidence)}</td><td>{esc(reasons)}</td>"
            f'<td><a href="#doc-{esc(safe_id(target))}">{esc(d.doc_id)}</a></td></tr>'
        )
    return (
        "<table id=index><thead><tr><th>#</th><th>status</th><th>file</th><th>region</th><th>AGS</th><th>year</th>"
        "<th>budget</th><th>confidence</th><th>reasons</th><th>document</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>"
    )


def render_facts(doc: ReviewDoc) -> str:
    """The agreement's single values with the text each came from."""
    a = doc.agreement
    if not a:
        return ""
    field_conf = a.get("field_confidence") or {}
    budget_raw = next((x.get("raw") for x in a.get("amounts") or () if x.get("role") == "total"), "")
    rows = [
        ("year", a.get("year"), a.get("year_raw"), field_conf.get("year")),
        ("region", f"{a.get('region') or ''} ({a.get('region_ags') or '?'}, {a.get('region_type') or '?'})",
         a.get("region_raw"), field_conf.get("region")),
        ("ministry", a.get("ministry"), a.get("ministry_raw"), field_conf.get("ministry")),
        ("budget", format_eur(a.get("budget_total_eur")), budget_raw, field_conf.get("budget_total_eur")),
    ]
    for s in a.get("signatures") or ():
        party = s.get("party")
        conf = s.get("confidence", field_conf.get(f"signed_place_{party}"))
        rows.append((f"signed ({party})", f"{s.get('place') or '?'}, {s.get('date') or 'no date'}",
                     f"{s.get('place_raw') or ''} | {s.get('date_raw') or ''}", conf))
    body = "".join(
        f"<tr><th>{esc(name)}</th><td>{esc(value)}</td><td>{esc(raw)}</td>"
        f"<td class=num>{_conf(parse_float(conf))}</td></tr>"
        for name, value, raw, conf in rows
    )
    return ("<table class=facts><thead><tr><th>field</th><th>value</th><th>raw text</th><th>conf.</th></tr>"
            f"</thead><tbody>{body}</tbody></table>")


def _box_id(doc: ReviewDoc, box: Box) -> str:
    return f"box-{safe_id(doc.doc_id)}-{safe_id(box.key)}"


def render_rows(doc: ReviewDoc, boxes: list[Box], shown: set[str] = frozenset()) -> str:
    """The table rows of the items on one page, each linked to its box; ``shown`` are the keys boxed or marked."""
    if not boxes:
        return "<p>No item extracted on this page.</p>"
    body = "".join(
        f'<tr class="{esc(b.kind)}" data-box="{esc(_box_id(doc, b))}"><td class=kind>{esc(b.short)}</td>'
        f"<td>{esc(b.detail)}</td><td>{_raw_cell(b)}</td>"
        f"<td class=num>{_conf(b.confidence)}</td><td>{'' if b.key in shown else 'not shown'}</td></tr>"
        for b in boxes  # sections by number, measures by position, amounts in order
    )
    return ("<table><thead><tr><th>item</th><th>value</th><th>raw text</th><th>conf.</th><th></th></tr>"
            f"</thead><tbody>{body}</tbody></table>")


def _raw_cell(box: Box) -> str:
    """The raw text, or a quiet mark where it equals the value (corrections stand out)."""
    if box.raw == box.detail or (box.kind == "measure" and box.detail.startswith(box.raw + " (")):
        return '<span class=same>same</span>'
    return esc(box.raw)


def render_overlay(doc: ReviewDoc, box: Box, width_pt: float, height_pt: float) -> str:
    """One box over the page image, in percent of the page so that it scales with the image."""
    x0, top, x1, bottom = box.bbox
    style = (f"left:{100 * x0 / width_pt:.3f}%;top:{100 * top / height_pt:.3f}%;"
             f"width:{100 * (x1 - x0) / width_pt:.3f}%;height:{100 * (bottom - top) / height_pt:.3f}%")
    return (f'<div class="box {esc(box.kind)}" id="{esc(_box_id(doc, box))}" data-box="{esc(_box_id(doc, box))}" '
            f'data-kind="{esc(box.kind)}" data-key="{esc(box.key)}" style="{style}" title="{esc(box.label)}">'
            f"<span>{esc(box.label)}</span></div>")


def render_image_page(doc: ReviewDoc, page: dict, image: PageImage, boxes: list[Box]) -> str:
    width_pt, height_pt = page.get("width_pt"), page.get("height_pt")
    number = image.number
    problem = f'<p class=problem>{esc(image.problem)}</p>' if image.problem else ""
    if not image.href:
        return f"<h3>Page {number}</h3>{problem}<div class=page><div class=rows>{render_rows(doc, boxes)}</div></div>"
    located = [b for b in boxes if b.bbox is not None] if width_pt and height_pt else []
    shown = {b.key for b in located}
    overlays = "".join(render_overlay(doc, b, width_pt, height_pt) for b in located)
    caption = (f"Page {number} ({esc(page.get('source'))}"
               + (f", turned {int(page.get('rotation'))}°" if page.get("rotation") else "") + ")")
    return (
        f"<h3>{caption}</h3>{problem}<div class=page>"
        f'<div class=sheet data-page="{number}"><img src="{esc(image.href)}" alt="page {number}" '
        f'width="{image.width_px}" height="{image.height_px}">{overlays}</div>'
        f"<div class=rows>{render_rows(doc, boxes, shown)}</div></div>"
    )


def text_span(text: str, box: Box) -> tuple[int, int] | None:
    """Where an item's raw text is on a .txt page: a heading from its "§ n" to its title, else the raw text.

    >>> page = "die in § 4 vereinbarten Ziele\\n§ 4 – Ziele des Kreises\\nText"
    >>> b = Box("section", "s4", "§ 4", "§ 4", "Ziele des Kreises", "Ziele des Kreises", 1, None)
    >>> start, end = text_span(page, b)
    >>> page[start:end]
    '§ 4 – Ziele des'
    """
    if not box.raw:
        return None
    if box.kind == "section":
        number = box.key[1:]
        # at the start of a line: "§ 4" inside a sentence is a reference, not the heading
        title = r"\s+".join(re.escape(word) for word in box.raw.split()[:2])
        heading = re.search(
            rf"(?m)^[ \t]*(§[ \t]*{re.escape(number)}(?!\d)[^\n]*?(?:[ \t]*\n){{0,3}}[^\n]*?{title})", text)
        return heading.span(1) if heading else None
    at = text.find(box.raw)
    return (at, at + len(box.raw)) if at >= 0 else None


def render_text_page(doc: ReviewDoc, number: int, text: str, boxes: list[Box]) -> str:
    """A page of a .txt source: its text with the items marked, and the rows beside it."""
    spans = []
    for b in boxes:
        span = text_span(text, b)
        if span and all(span[0] >= e or span[1] <= s for s, e, _ in spans):
            spans.append((*span, b))
    pieces, pos = [], 0
    for start, end, b in sorted(spans, key=lambda s: s[0]):
        pieces.append(esc(text[pos:start]))
        pieces.append(f'<mark class="{esc(b.kind)}" id="{esc(_box_id(doc, b))}" title="{esc(b.label)}">'
                      f"{esc(text[start:end])}</mark>")
        pos = end
    pieces.append(esc(text[pos:]))
    return (f"<h3>Page {number} (text)</h3><div class=page><pre class=text>{''.join(pieces)}</pre>"
            f"<div class=rows>{render_rows(doc, boxes, {b.key for _, _, b in spans})}</div></div>")


def render_text_pages(doc: ReviewDoc, source: Path, pages: list[dict], by_page: dict[int, list[Box]],
                      report_dir: Path) -> tuple[list[str], set[int]]:
    """The pages of a .txt source as text; returns the HTML and the page numbers shown."""
    try:
        texts = source_text_pages(source)
    except (ExtractorError, OSError) as e:
        return [f"<p class=problem>Cannot read {esc(source)}: {esc(e)}</p>"], set()
    numbers = [int(p["number"]) for p in pages if int(p["number"]) <= len(texts)]
    return [render_text_page(doc, n, texts[n - 1], by_page.get(n, [])) for n in numbers], set(numbers)


def render_image_pages(doc: ReviewDoc, source: Path, pages: list[dict], by_page: dict[int, list[Box]],
                       report_dir: Path) -> tuple[list[str], set[int]]:
    """The pages of a PDF or image source, rendered beside the report; returns the HTML and the pages shown."""
    try:
        rendered = render_pages(source, pages, report_dir / "pages", safe_id(doc.doc_id))
    except (ExtractorError, OSError, ValueError, pdfium.PdfiumError) as e:  # a damaged or replaced file
        return [f"<p class=problem>Cannot render the pages of {esc(source)}: {esc(e)}</p>"], set()
    page_info = {int(p["number"]): p for p in pages}
    pieces = [render_image_page(doc, page_info.get(i.number, {}), i, by_page.get(i.number, [])) for i in rendered]
    return pieces, {i.number for i in rendered}


def render_document(doc: ReviewDoc, out_dir: Path, report_dir: Path, source_root: Path | None) -> str:
    """The section of one document: facts, reasons, and each page with its boxes and rows."""
    head = (f'<h2 id="doc-{esc(safe_id(doc.doc_id))}">{esc(doc.source_file)} '
            f"<small>({esc(doc.doc_id)})</small></h2>")
    meta = [f"<p>Status: {_status_cell(doc)} · confidence {_conf(doc.confidence)}"
            f" · <a href='#index'>back to the index</a></p>"]
    if doc.reasons:
        meta.append("<p>Reasons for review:</p><ul>" + "".join(f"<li>{esc(r)}</li>" for r in doc.reasons) + "</ul>")
    if doc.error_code or doc.error:
        meta.append(f"<p class=problem>Error {esc(doc.error_code)}: {esc(doc.error)}</p>")
    warnings = doc.agreement.get("warnings") or ()
    if warnings:
        meta.append("<p>Warnings:</p><ul>" + "".join(f"<li>{esc(w)}</li>" for w in warnings) + "</ul>")
    meta.append(render_facts(doc))

    pages = [p for p in doc.record.get("pages") or () if p.get("number")]
    boxes = item_boxes(doc.agreement)
    by_page: dict[int, list[Box]] = {}
    for b in boxes:
        by_page.setdefault(b.page, []).append(b)

    body = []
    source = resolve_source(doc.source_file, out_dir, source_root)
    if source is None:
        places = [str(p) for p in (source_root, Path.cwd(), out_dir.resolve().parent) if p is not None]
        body.append(f"<p class=problem>The source file {esc(doc.source_file)} is not found (looked under "
                    f"{esc(', '.join(places))}): no page images; the extracted rows follow.</p>")
    elif doc.sha256 and file_sha256(source) != doc.sha256:
        body.append(f"<p class=problem>{esc(source)} has changed since it was extracted: the boxes may not "
                    "fit the page images.</p>")
    if source is not None:
        href = Path(os.path.relpath(source.resolve(), report_dir.resolve())).as_posix()
        body.append(f'<p>Source: <a href="{esc(href)}">{esc(source)}</a></p>')

    is_text = any(p.get("source") == SOURCE_TXT for p in pages) or doc.source_file.lower().endswith(".txt")
    shown: set[int] = set()
    if source is not None and pages:
        render = render_text_pages if is_text else render_image_pages
        pieces, shown = render(doc, source, pages, by_page, report_dir)
        body += pieces
    rest = [b for n, bs in sorted(by_page.items()) if n not in shown for b in bs]
    if rest:
        title = "Items not shown on a page" if shown else "Extracted items"
        body.append(f"<h3>{title}</h3>" + render_rows(doc, rest))
    return f'<section class=doc data-doc="{esc(doc.doc_id)}">' + head + "".join(meta) + "".join(body) + "</section>"


def render_report(docs: list[ReviewDoc], out_dir: Path, report_dir: Path, source_root: Path | None) -> str:
    """The whole report as one HTML page."""
    n_review = sum(d.needs_review for d in docs)
    sections = [render_document(d, out_dir, report_dir, source_root) for d in docs if d.status != "duplicate"]
    return (
        "<!DOCTYPE html><html lang=de><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        '<link rel=icon href="data:,">'
        f"<title>Review: {esc(out_dir.name)}</title><style>{CSS}</style></head><body>"
        f"<h1>Review of {esc(out_dir.name)}</h1>"
        f"<p>{len(docs)} documents, {n_review} needing review (listed first). Boxes: "
        '<span style="color:#1a7f37">§ section heading</span>, <span style="color:#0550ae">measure</span>, '
        '<span style="color:#bc4c00">amount</span>. Hover a row to find its box. '
        "<label><input type=checkbox id=labels checked> labels</label></p>"
        + render_index(docs) + "".join(sections) + f"<script>{JS}</script></body></html>\n"
    )


def write_report(out_dir: Path, *, dest: Path | None = None, source_root: Path | None = None) -> Path:
    """Write the review report of an output folder into ``dest`` (default OUT/review); returns index.html."""
    out_dir = Path(out_dir)
    report_dir = Path(dest) if dest is not None else out_dir / "review"
    pages_dir = report_dir / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    docs = review_order(load_documents(out_dir))
    page = render_report(docs, out_dir, report_dir, None if source_root is None else Path(source_root))
    linked = set(re.findall(r'src="pages/([^"]+)"', page))
    for image in pages_dir.glob("*.png"):
        if image.name not in linked:  # a page of a document no longer in the folder
            image.unlink(missing_ok=True)
    index = report_dir / "index.html"
    atomic_write_bytes(index, page.encode("utf-8"))
    return index
