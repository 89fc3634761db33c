"""CSV files, and the zip files they are published in (the RS system's 行政事業レビュー data).

- A .zip is read member by member in its own order, every ``.csv`` in it (folders and the
  ``__MACOSX`` copies left out); a zip without one is refused. Member names written in
  Shift_JIS without the zip's UTF-8 flag are read as cp932.
- Encoding: UTF-8 (with or without a byte order mark), else cp932, as for the text export;
  decided by decoding the whole file once before the first row, so that a file is never
  read half in one encoding; said in the notes. Bytes that are neither are refused.
- Rows: one per record, in order (blank lines left out), its fields as the csv module
  reads them: quotes and doubled quotes undone, line breaks inside quotes kept; a broken
  quote (``"a"b``, a quote left open at the end) is refused with its line.
- The first record of each file is its header: it is a row like the others, and each cell
  of the records after it names its column in ``Cell.header``.
- Locations: ``line`` the line the record starts on (a quoted field may run over lines),
  ``column`` the field's position from 1, ``sheet_name`` the member's name in a zip.
- Streaming: one record at a time, never the whole file. A record's cells, and a cell's
  Location, are made when first asked for: a file of 37,981 records has 1.7 million
  fields, and a Location each (1.5 µs, it is a pydantic model) would take seven times as
  long as the csv module's own parse. ``Row.texts`` gives the fields as read.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path
from typing import IO

from shakyo_eval import limits
from shakyo_eval.extract import TEXT_ENCODINGS
from shakyo_eval.grid import Cell, ExtractError, Grid, PlacedCell, Row
from shakyo_eval.limits import MAX_UNZIPPED_BYTES
from shakyo_eval.model import Location

_CHUNK = 1 << 16
_COLUMNS = range(1, 1 << 31)
_UTF8_NAMES = 0x800  # zip flag: member names are UTF-8
_ENCRYPTED = 0x1  # zip flag


@dataclass(frozen=True)
class _Source:
    """One CSV: how to open its bytes, and its name in a zip."""

    open: Callable[[], IO[bytes]]
    member: str | None = None

    @property
    def where(self) -> str:
        """What an error message says before its reason: the member of a zip."""
        return f"{self.member}: " if self.member else ""


def read(path: Path, **_options) -> Grid:
    archive = None
    if path.suffix.lower() == ".zip":
        archive = _open_zip(path)
        sources = _members(archive)
    else:
        sources = [_Source(lambda: path.open("rb"))]
    try:
        encodings = [_encoding(source) for source in sources]
    except ExtractError:
        if archive is not None:
            archive.close()
        raise
    if archive is None:
        notes = [f"encoding: {encodings[0]}"]
    else:
        notes = [f"{s.member}: encoding {e}" for s, e in zip(sources, encodings, strict=True)]
    return Grid(str(path), "csv", _rows(sources, encodings, archive), notes=notes)


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except OSError as error:
        raise ExtractError("unreadable", detail=error.strerror or error) from None
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise ExtractError("zip.damaged", detail=error) from None


def _members(archive: zipfile.ZipFile) -> list[_Source]:
    sources = []
    infos = archive.infolist()
    # zipfile holds each member to its declared size: a zip bomb is refused before it inflates
    unzipped = sum(info.file_size for info in infos)
    if unzipped > MAX_UNZIPPED_BYTES:
        archive.close()
        limits.check(unzipped, MAX_UNZIPPED_BYTES, "limit.unzipped")
    for info in infos:
        name = _member_name(info)
        if info.is_dir() or not name.lower().endswith(".csv"):
            continue
        if name.startswith("__MACOSX/") or Path(name).name.startswith("._"):
            continue
        if info.flag_bits & _ENCRYPTED:
            archive.close()
            raise ExtractError("zip.encrypted", member=name)
        sources.append(_Source(lambda info=info: archive.open(info), member=name))
    if not sources:
        archive.close()
        raise ExtractError("zip.no_csv")
    return sources


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; without the UTF-8 flag zipfile reads it as cp437, which is how a
    Japanese Windows zip's Shift_JIS names come out garbled."""
    if info.flag_bits & _UTF8_NAMES:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _encoding(source: _Source) -> str:
    for encoding in TEXT_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with _opened(source) as stream:
                first = stream.read(_CHUNK)
                if not first and source.member is None:
                    raise ExtractError("empty_file")
                if b"\x00" in first[:4096]:
                    raise ExtractError("csv.binary", where=source.where)
                chunk = first
                while chunk:
                    decoder.decode(chunk)
                    chunk = stream.read(_CHUNK)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ExtractError("csv.undecodable", where=source.where)


@contextmanager
def _opened(source: _Source) -> Iterator[IO[bytes]]:
    """The source's bytes; a read that fails (in a zip: a bad CRC, truncated data, a
    compression zipfile lacks) ends in the one-line error, also in the middle of the rows."""
    try:
        with source.open() as stream:
            yield stream
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise ExtractError("zip.damaged", detail=f"{type(error).__name__}: {error}") from None
    except OSError as error:
        raise ExtractError("unreadable", detail=error.strerror or error) from None


def _rows(
    sources: list[_Source], encodings: list[str], archive: zipfile.ZipFile | None
) -> Iterator[Row]:
    try:
        for source, encoding in zip(sources, encodings, strict=True):
            yield from _records(source, encoding)
    finally:
        if archive is not None:
            archive.close()


def _records(source: _Source, encoding: str) -> Iterator[Row]:
    with _opened(source) as stream:
        text = io.TextIOWrapper(stream, encoding=encoding, newline="")
        reader = csv.reader(text, strict=True)
        header: list[str] | None = None
        end = 0  # the last line of the previous record
        try:
            for fields in reader:
                start, end = end + 1, reader.line_num
                if not fields:
                    continue
                yield _Record(fields, header, start, source.member)
                header = header or fields
        except csv.Error as error:
            where, line = source.where, end + 1
            raise ExtractError("csv.quoting", where=where, line=line, detail=error) from None


class _Record(Row):
    """A CSV record: its texts are the fields the csv module read; its cells, and its
    Location, are made when first asked for (see the module notes)."""

    __slots__ = ("_cells", "_fields", "_header", "_line", "_member")

    def __init__(
        self, fields: list[str], header: list[str] | None, line: int, member: str | None
    ) -> None:
        self._fields = fields
        self._header = header
        self._line = line
        self._member = member
        self._cells: list[Cell] | None = None

    @property
    def texts(self) -> list[str]:
        return self._fields

    @property
    def location(self) -> Location:  # type: ignore[override]
        return Location(line=self._line, sheet_name=self._member)

    def location_of(self, index: int) -> Location:
        return Location(line=self._line, column=index + 1, sheet_name=self._member)

    def formula_of(self, index: int) -> None:
        return None

    @property
    def cells(self) -> list[Cell]:  # type: ignore[override]
        if self._cells is None:
            names = repeat(None) if self._header is None else chain(self._header, repeat(None))
            line, member = repeat(self._line), repeat(self._member)
            self._cells = list(map(PlacedCell, self._fields, _COLUMNS, line, member, names))
        return self._cells
