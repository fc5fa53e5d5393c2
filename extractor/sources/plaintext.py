"""Page text from .txt files: decoded leniently, pages split on form feeds."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..records import SOURCE_TXT, Line, PageText, unscored

REASON_TXT = "txt_file"
FALLBACK_ENCODINGS = ("cp1252", "latin-1")  # latin-1 decodes any byte, so it is the last resort


def read_txt(path: Path) -> list[PageText]:
    """Read a text file as pages; every line of the file becomes one Line, blank lines included."""
    return [
        PageText(number=number, source=SOURCE_TXT, reason=REASON_TXT, lines=page_lines(text, number))
        for number, text in enumerate(split_pages(read_text(path)), start=1)
    ]


def count_txt_pages(path: Path) -> int:
    """Number of form-feed separated pages in a text file."""
    return len(split_pages(read_text(path)))


def read_text(path: Path) -> str:
    """Read and decode a whole text file."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}", path=str(path)) from e
    return decode_text(data)


def decode_text(data: bytes) -> str:
    """Decode as UTF-8 (or UTF-16 with a BOM), else Windows-1252, else Latin-1.

    >>> decode_text("Gießen".encode("utf-8")), decode_text("Gießen".encode("cp1252"))
    ('Gießen', 'Gießen')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def split_pages(text: str) -> list[str]:
    r"""Split on form feeds; a trailing form feed (as pdftotext writes) does not open a page.

    >>> split_pages("eins\fzwei\f\n")
    ['eins', 'zwei']
    >>> split_pages("")
    ['']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    return pages


def page_lines(text: str, page: int) -> tuple[Line, ...]:
    r"""One Line per line of the page, trailing whitespace removed, no geometry.

    >>> [(line.text, line.word_confs) for line in page_lines("a b \n\nc\n", 1)]
    [('a b', (0.85, 0.85)), ('', None), ('c', (0.85,))]
    """
    rows = text.split("\n")
    if rows and rows[-1] == "":
        rows.pop()  # the newline that ends the last line
    # a .txt input is taken for the OCR text of a scan, its word confidences not kept
    return tuple(unscored(Line(text=row.rstrip(), page=page)) for row in rows)
