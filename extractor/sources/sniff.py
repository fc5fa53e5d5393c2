"""Tell what kind of input a file is from its first bytes, not from its name."""
from __future__ import annotations

from pathlib import Path

from ..errors import CorruptInput, EmptyInput, NotPdf, Unreadable, Unsupported

KIND_PDF = "pdf"
KIND_IMAGE = "image"
KIND_TXT = "txt"

HEAD_BYTES = 8192
PDF_HEADER_WINDOW = 1024  # PDF readers accept junk before %PDF within the first KiB

IMAGE_MAGIC = (
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
    b"II+\x00",  # BigTIFF, little-endian
    b"MM\x00+",  # BigTIFF, big-endian
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1a")  # \x1a: DOS end-of-file marker


def sniff(path: Path) -> str:
    """Return KIND_PDF, KIND_IMAGE or KIND_TXT, or raise the InputError that says why not."""
    head = read_head(path)
    if not head:
        raise EmptyInput(f"{path.name} has 0 bytes", path=str(path))
    if not head.strip(b"\0"):  # space reserved by a download or sync client that never got the data
        raise CorruptInput(f"{path.name} holds only zero bytes (an interrupted download or copy)", path=str(path))
    if b"%PDF" in head[:PDF_HEADER_WINDOW]:
        return KIND_PDF
    if head.startswith(IMAGE_MAGIC):
        return KIND_IMAGE
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise NotPdf(f"{path.name} is not a PDF, it looks like {describe(head)}", path=str(path))
    if suffix == ".txt" and looks_like_text(head):
        return KIND_TXT
    raise Unsupported(f"{path.name}: unsupported file type ({describe(head)})", path=str(path))


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """Read the first ``size`` bytes, turning an unreadable file into Unreadable."""
    try:
        with open(path, "rb") as f:
            return f.read(size)
    except OSError as e:
        raise Unreadable(f"cannot read {path}: {e.strerror or e}", path=str(path)) from e


def looks_like_text(head: bytes) -> bool:
    """True when the bytes are plausibly a text file (UTF-16 with BOM, or no NULs and few controls)."""
    if head.startswith(UTF16_BOMS):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for byte in head if byte < 0x20 and byte not in TEXT_CONTROLS)
    return controls <= len(head) // 100


def describe(head: bytes) -> str:
    """Name what the first bytes of a file look like, for an error message."""
    start = head.lstrip()[:1024].lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "an HTML page"
    if start.startswith(b"<?xml") or start.startswith(b"<"):
        return "an XML/markup document"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive (or an Office document)"
    if head.startswith(b"\x1f\x8b"):
        return "a gzip-compressed file (unpack it first)"
    if head.startswith(b"%!PS"):
        return "a PostScript file (convert it with ps2pdf)"
    if head.startswith(b"{\\rtf"):
        return "an RTF document"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Microsoft Office document"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "an image in a format not supported"
    if looks_like_text(head):
        return "plain text"
    return f"binary data starting with {head[:8].hex(' ')}"
