"""The one exception hierarchy of the project.

Every error carries a stable ``code`` (written to ``manifest.csv`` as ``error_code``),
an exit code for the CLI and a message that tells the user what to do.  Only the CLI
maps exceptions to exit codes; the batch runner catches them per file and records them.
"""
from __future__ import annotations


class ExtractorError(Exception):
    """Base of every error the project raises on purpose."""

    code = "error"
    exit_code = 1
    hint = ""

    def __init__(self, message: str = "", *, path: str | None = None):
        self.path = path
        text = message or self.__class__.__doc__ or self.code
        if self.hint and self.hint not in text:
            text = f"{text}: {self.hint}"
        super().__init__(text)

    @property
    def message(self) -> str:
        return str(self)


class UsageError(ExtractorError):
    """Invalid options or arguments."""

    code = "usage"
    exit_code = 2


class InputError(ExtractorError):
    """A single input file could not be processed."""

    code = "input"


class CorruptInput(InputError):
    """The file is damaged or truncated"""

    code = "corrupt"
    hint = "re-download or re-scan the file and run again"


class Unreadable(InputError):
    """The file cannot be read"""

    code = "unreadable"
    hint = "check that it still exists and that its permissions let you read it"


class EncryptedInput(InputError):
    """The PDF is encrypted"""

    code = "encrypted"
    hint = "decrypt it with `qpdf --decrypt in.pdf out.pdf` and run again"


class EmptyInput(InputError):
    """The file holds no pages or no bytes"""

    code = "empty"
    hint = "check that the download or scan is complete"


class NotPdf(InputError):
    """The file is named like a PDF but is something else"""

    code = "not_pdf"
    hint = "open it to see what it is (often an HTML error page saved as .pdf)"


class TooLarge(InputError):
    """The page or image exceeds the pixel limit"""

    code = "too_large"
    hint = "raise --max-pixels if the page is genuine"


class Unsupported(InputError):
    """The file type is not supported"""

    code = "unsupported"
    hint = "convert it to PDF, TIFF, PNG, JPEG or .txt"


class Timeout(InputError):
    """Processing took longer than the limit"""

    code = "timeout"
    hint = "raise --page-timeout / --doc-timeout if the file is genuine"


class OcrError(ExtractorError):
    """Tesseract failed on a page"""

    code = "ocr_failed"
    hint = "check the Tesseract installation (`tesseract --list-langs` must list deu)"


class TesseractMissing(OcrError):
    """Tesseract or its German language data is not installed"""

    code = "ocr_failed"
    exit_code = 3
    hint = "install it: `apt-get install tesseract-ocr tesseract-ocr-deu`"
