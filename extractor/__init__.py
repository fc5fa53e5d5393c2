"""extractor: scanned Hessian AQB target agreements in, tidy research tables out."""
from __future__ import annotations

__version__ = "0.1.0"

from .load import load  # noqa: E402  (extractor.load(OUT): the tables as typed DataFrames)
