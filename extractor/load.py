"""Read an output folder back as pandas DataFrames with the types of ``schema.py``.

AGS and other text as pandas strings (leading zeros kept, the CSV's formula guard removed),
counts as nullable integers, amounts and coordinates as float64, dates as datetime64, flags as
nullable booleans, and columns with a fixed set of values (``category_code``, ``status``,
``role``, ...) as Categoricals with every allowed value as a category. Empty cells are missing.

    >>> import extractor
    >>> tables = extractor.load("out")                         # doctest: +SKIP
    >>> tables["measures"].groupby("category_code").amount_eur.sum()  # doctest: +SKIP
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ExtractorError
from .schema import DIALECTS, TABLES, Column, restore

if TYPE_CHECKING:  # pandas is imported when a table is read, not with the package: workers never need it
    import pandas as pd

FORMATS = ("csv", "parquet")


class OutputFolderError(ExtractorError):
    """An output folder, or a table in it, cannot be read."""

    code = "output"


def load(out_dir: Path | str, tables: Iterable[str] | None = None, *, format: str = "csv"
         ) -> dict[str, pd.DataFrame]:
    """The tables of an output folder by name (manifest, agreements, measures, sections, amounts, projects).

    ``tables`` picks some (all that exist by default); ``format="parquet"`` reads the Parquet files
    written with ``--format parquet`` instead of the CSVs.
    """
    out_dir = Path(out_dir)
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if not out_dir.is_dir():
        raise OutputFolderError(f"{out_dir} is not a folder: give the --out folder of an extractor run",
                                path=str(out_dir))
    wanted = list(TABLES) if tables is None else list(tables)
    unknown = [t for t in wanted if t not in TABLES]
    if unknown:
        raise ValueError(f"unknown table {', '.join(unknown)}; the tables are {', '.join(TABLES)}")
    files = {name: out_dir / f"{name}.{format}" for name in wanted}
    absent = [name for name, path in files.items() if not path.is_file()]
    if tables is not None and absent:
        raise OutputFolderError(f"{out_dir} has no {', '.join(f'{n}.{format}' for n in absent)}", path=str(out_dir))
    if len(absent) == len(files):
        raise OutputFolderError(f"{out_dir} holds no {format} tables: run 'extractor run ... --out {out_dir}'"
                                + (" --format parquet" if format == "parquet" else ""), path=str(out_dir))
    dialects = _csv_dialects(out_dir)
    out = {}
    for name, path in files.items():
        if name in absent:
            continue
        if format == "csv":
            out[name] = _read_csv(path, name, *(dialects.get(name) or _sniff(path)))
        else:
            out[name] = _read_parquet(path, name)
    return out


def read_rows(out_dir: Path | str, name: str) -> list[dict[str, str]]:
    """One table's rows as plain text cells in the standard dialect (dot decimals, true text),
    whichever CSV dialect the run wrote; [] when the table is absent."""
    import csv as _csv

    out_dir = Path(out_dir)
    path = out_dir / f"{name}.csv"
    if not path.is_file():
        return []
    delimiter, encoding, decimal = _csv_dialects(out_dir).get(name) or _sniff(path)
    table = TABLES.get(name)
    with path.open(newline="", encoding=encoding) as fh:
        rows = list(_csv.DictReader(fh, delimiter=delimiter))
    for row in rows:
        for col, value in row.items():
            column = table.column(col) if table else None
            if not value or column is None:
                continue
            if column.type == "string":
                row[col] = restore(value)
            elif column.type == "number" and decimal != ".":
                row[col] = value.replace(decimal, ".")
    return rows


def _csv_dialects(out_dir: Path) -> dict[str, tuple[str, str, str]]:
    """(delimiter, encoding, decimal mark) per table, as datapackage.json declares them."""
    try:
        package = json.loads((out_dir / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found = {}
    for resource in package.get("resources", ()):
        dialect = resource.get("dialect", {})
        fields = resource.get("schema", {}).get("fields", ())
        decimal = next((f["decimalChar"] for f in fields if "decimalChar" in f), ".")
        found[resource.get("name")] = (dialect.get("delimiter", ","), resource.get("encoding", "utf-8"), decimal)
    return found


def _sniff(path: Path) -> tuple[str, str, str]:
    """The dialect of a CSV without a Data Package: a BOM means German Excel."""
    with path.open("rb") as fh:
        bom = fh.read(3) == b"\xef\xbb\xbf"
    if bom:
        d = DIALECTS["excel-de"]
        return d.delimiter, d.encoding, d.decimal
    return ",", "utf-8", "."


def _read_csv(path: Path, name: str, delimiter: str, encoding: str, decimal: str) -> pd.DataFrame:
    import pandas as pd

    try:
        raw = pd.read_csv(path, sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
                          encoding=encoding)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as e:
        raise OutputFolderError(f"cannot read {path}: {e}", path=str(path)) from e
    table = TABLES[name]
    columns = {}
    for col in raw.columns:
        column = table.column(col)
        try:
            columns[col] = _typed_from_text(raw[col], column, decimal)
        except ValueError as e:
            raise OutputFolderError(f"{path}, column {col}: {e}", path=str(path)) from e
    return pd.DataFrame(columns, index=pd.RangeIndex(len(raw)))


def _typed_from_text(text: pd.Series, column: Column | None, decimal: str) -> pd.Series:
    """A column of CSV cells ('' = missing) as the schema's dtype."""
    import pandas as pd

    values = [None if v == "" else v for v in text.tolist()]
    if column is None or column.type == "string":
        values = [None if v is None else restore(v) for v in values]
        if column is not None and column.categorical:
            return _categorical(values, column)
        return pd.Series(values, dtype="string")
    if column.type == "number" and decimal != ".":
        values = [None if v is None else v.replace(decimal, ".") for v in values]
    return _typed(values, column)


def _typed(values: list, column: Column) -> pd.Series:
    """Python values (text from a CSV or typed from Parquet; None = missing) as the schema's dtype."""
    import pandas as pd

    if column.categorical:
        return _categorical(values, column)
    if column.type == "string":
        return pd.Series(values, dtype="string")
    if column.type in ("integer", "number"):
        numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
        _no_bad(values, numbers.isna(), f"a {column.type}")
        if column.type == "number":
            return numbers.astype("float64")
        if not (numbers.dropna() % 1 == 0).all():
            raise ValueError("a value is not a whole number")
        return numbers.astype("Int64")
    if column.type == "boolean":
        mapping = {"true": True, "false": False, True: True, False: False}
        flags = [None if v is None else mapping.get(v) for v in values]
        _no_bad(values, pd.Series([f is None for f in flags]), "true or false")
        return pd.Series(flags, dtype="boolean")
    if column.type == "date":
        dates = pd.to_datetime(pd.Series([None if v is None else str(v) for v in values], dtype=object),
                               format="%Y-%m-%d", errors="coerce")
        _no_bad(values, dates.isna(), "a date (YYYY-MM-DD)")
        return dates.astype("datetime64[ns]")
    raise ValueError(f"unknown type {column.type}")  # pragma: no cover - the schema has no other


def _no_bad(values: list, failed: pd.Series, what: str) -> None:
    bad = [v for v, f in zip(values, failed.tolist()) if f and v is not None]
    if bad:
        raise ValueError(f"{bad[0]!r} is not {what}")


def _categorical(values: list, column: Column) -> pd.Series:
    import pandas as pd

    unknown = sorted({v for v in values if v is not None} - set(column.enum))
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not one of {', '.join(column.enum)}")
    return pd.Series(pd.Categorical(values, categories=list(column.enum)))


def _read_parquet(path: Path, name: str) -> pd.DataFrame:
    import pandas as pd

    try:
        import pyarrow.parquet as pq

        arrow = pq.read_table(path)
    except ImportError as e:
        raise OutputFolderError("reading Parquet needs pyarrow: pip install pyarrow") from e
    except OSError as e:
        raise OutputFolderError(f"cannot read {path}: {e}", path=str(path)) from e
    table = TABLES[name]
    columns = {}
    for col in arrow.column_names:
        values = arrow.column(col).to_pylist()
        column = table.column(col)
        if column is not None and column.type == "date":
            values = [None if v is None else v.isoformat() for v in values]
        try:
            columns[col] = pd.Series(values, dtype="string") if column is None else _typed(values, column)
        except ValueError as e:
            raise OutputFolderError(f"{path}, column {col}: {e}", path=str(path)) from e
    return pd.DataFrame(columns, index=pd.RangeIndex(arrow.num_rows))
