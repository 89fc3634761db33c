"""Excel workbooks (.xlsx, .xlsm): each visible worksheet's rows, cells as Excel displays them.

- Worksheets in the workbook's order; hidden ones are left out and named in the notes, and
  so are macro, dialog and chart sheets, which hold no table. Rows in order; a row without
  any text is left out, as the text export leaves out blank lines.
- A row's cells run from column A to its last cell in the file (one with a value, a
  formula or only a style, such as the ruled empty cells of a table) or merged position:
  ``row.cells[k]`` is column k + 1; positions the file leaves out are empty cells.
- Text: what Excel displays, through the cell's number format (numfmt.py): 1234567 in
  ``#,##0`` is ``1,234,567``, -5 in ``#,##0;"▲"#,##0`` is ``▲5``, 0.123 in ``0.0%`` is
  ``12.3%``. Strings as stored: '-' stays '-', the number parser makes it blank.
- Merged cells as the HTML and PDF extractors do them: the top-left cell keeps the text,
  every other position of the range is ``covered``.
- Formulas: the value Excel cached when it last saved the file is the text; the formula
  is kept beside it (``Cell.formula``), and read as its addends when it only adds and
  subtracts cells and ranges (``=SUM(B3:B9)``, ``=B3+B4-B5``). A file saved by a program
  that does not calculate (openpyxl) caches nothing: such cells are empty.
- Locations: worksheet (``sheet_name``), cell (``cell``: BX187), and the same as numbers:
  ``line`` the row, ``column`` the column (A = 1).

openpyxl reads the workbook (zip, relationships, shared strings with their furigana runs,
styles, shared formulas). Its worksheet parser is used directly, not its read-only cells,
because those give either the cached values or the formulas (reading a sheet twice would
double the time) and know nothing of merged cells in read-only mode.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser
from openpyxl.worksheet.formula import ArrayFormula

from shakyo_eval import limits
from shakyo_eval.extract import read_bytes
from shakyo_eval.extract.numfmt import JAPANESE_BUILTIN_FORMATS, display
from shakyo_eval.grid import Addend, CellFormula, ExtractError, Grid, PlacedCell, Row
from shakyo_eval.limits import MAX_UNZIPPED_BYTES
from shakyo_eval.model import Location

# openpyxl warns about parts it drops (data validation extensions, a missing default style);
# nothing of that is a cell's text, and a warning on stderr would break the one-line report.
warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML file is an OLE container with this stream (named in UTF-16).
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(worksheet|macrosheet|dialogsheet|chartsheet)[\s>]")
_NOT_TABLES = frozenset({"macrosheet", "dialogsheet", "chartsheet"})
_MERGE = re.compile(
    rb'<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref="\$?([A-Za-z]{1,3})\$?(\d+)'
    rb'(?::\$?([A-Za-z]{1,3})\$?(\d+))?"'
)
_CHUNK = 1 << 16
_MAX_COLUMNS = 16384  # XFD: a cell or merge past it is a damaged file's
_REFERENCE = re.compile(
    r"^(?:(?P<sheet>'(?:[^']|'')+'|[^'!:]+)!)?"
    r"\$?(?P<first>[A-Za-z]{1,3}\$?\d+)(?::\$?(?P<last>[A-Za-z]{1,3}\$?\d+))?$"
)


def read(path: Path, **_options) -> Grid:
    try:
        with path.open("rb") as stream:
            head = stream.read(len(_OLE_MAGIC))
    except OSError as error:
        raise ExtractError("unreadable", detail=error.strerror or error) from None
    if not head:
        raise ExtractError("empty_file")
    if head == _OLE_MAGIC:
        data = read_bytes(path, MAX_UNZIPPED_BYTES)
        raise ExtractError("xlsx.encrypted" if _ENCRYPTED_STREAM in data else "xlsx.legacy")
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except Exception as error:
        raise _damaged(error) from None
    # zipfile holds each part to its declared size: a zip bomb is refused before it inflates
    limits.check(unzipped, MAX_UNZIPPED_BYTES, "limit.unzipped")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # a damaged file fails anywhere in openpyxl, in any way
        raise _damaged(error) from None
    sheets = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    hidden = [ws.title for ws in workbook.worksheets if ws.sheet_state != "visible"]
    notes = [f"worksheets: {', '.join(ws.title for ws in sheets)}"]
    if hidden:
        notes.append(f"hidden worksheets left out: {', '.join(hidden)}")
    if not sheets:
        workbook.close()
        raise ExtractError("xlsx.no_cells")
    return Grid(str(path), "xlsx", _WorkbookReader(workbook, sheets).rows(), notes=notes)


def _damaged(error: BaseException) -> ExtractError:
    detail = (str(error).splitlines() or [""])[0][:200]
    return ExtractError("xlsx.damaged", detail=f"{type(error).__name__}: {detail}".rstrip(": "))


class _CellParser(WorkSheetParser):
    """openpyxl's worksheet parser, keeping a formula cell's cached value and its formula."""

    def parse_row(self, row) -> tuple[int, list[dict[str, Any]]]:
        # per row rather than per cell: one Python call less for each of a sheet's cells
        number, cells = super().parse_row(row)
        for element, cell in zip(row, cells, strict=True):
            if element.find(FORMULA_TAG) is not None:
                cell["formula"] = self.parse_formula(element)  # also expands shared formulas
        return number, cells


class _WorkbookReader:
    def __init__(self, workbook, sheets) -> None:
        self.workbook = workbook
        self.sheets = sheets
        self.formats = [self._format_code(style.numFmtId) for style in workbook._cell_styles]

    def _format_code(self, number_format_id: int) -> str:
        if number_format_id >= BUILTIN_FORMATS_MAX_SIZE:
            custom = self.workbook._number_formats
            index = number_format_id - BUILTIN_FORMATS_MAX_SIZE
            return custom[index] if index < len(custom) else "General"
        builtin = JAPANESE_BUILTIN_FORMATS.get(number_format_id)
        return builtin or BUILTIN_FORMATS.get(number_format_id, "General")

    def rows(self) -> Iterator[Row]:
        any_row = False
        try:
            for worksheet in self.sheets:
                for row in self._sheet_rows(worksheet):
                    any_row = True
                    yield row
        finally:
            self.workbook.close()
        if not any_row:
            raise ExtractError("xlsx.no_cells")

    def _sheet_rows(self, worksheet) -> Iterator[Row]:
        archive, member = self.workbook._archive, worksheet._worksheet_path
        try:
            kind, merges = _scan(archive, member)
        except Exception as error:
            raise _damaged(error) from None
        if kind in _NOT_TABLES:
            return
        spans = _Spans(merges)
        name = worksheet.title
        with archive.open(member) as source:
            parser = _CellParser(
                source,
                worksheet._shared_strings,
                data_only=True,
                epoch=self.workbook.epoch,
                date_formats=set(),  # keep dates as serial numbers: numfmt renders them
            )
            for number, parsed in _parsed(parser):
                row = self._row(name, number, parsed, spans.at(number))
                if row is not None:
                    yield row

    def _row(self, sheet: str, number: int, parsed: list[dict], spans) -> Row | None:
        parsed = [cell for cell in parsed if cell["column"] <= _MAX_COLUMNS]
        placed: dict[int, tuple[str, CellFormula | None]] = {}
        for cell in parsed:
            if cell["value"] is None and "formula" not in cell:
                continue
            style = cell["style_id"]
            code = self.formats[style] if style < len(self.formats) else "General"
            text = display(cell["value"], code, self.workbook.epoch)
            formula = _formula(cell.get("formula"))
            if text or formula:
                placed[cell["column"]] = (text, formula)
        if not any(text for text, _ in placed.values()):
            return None
        covered = {c for first, end, _ in spans for c in range(first, end + 1)}
        covered -= {first for first, _, anchor in spans if anchor}
        # a row ends at its last cell in the file: a styled empty one counts
        width = max([parsed[-1]["column"], *covered])
        cells = []
        for column in range(1, width + 1):
            text, formula = placed.get(column, ("", None))
            if column in covered:
                cells.append(_WorksheetCell("", column, number, sheet, covered=True))
            else:
                cells.append(_WorksheetCell(text, column, number, sheet, formula=formula))
        return Row(cells, Location(sheet_name=sheet, line=number))


class _WorksheetCell(PlacedCell):
    """A worksheet's cell; its Location also names it in A1 notation."""

    __slots__ = ()

    @property
    def location(self) -> Location:  # type: ignore[override]
        line, column = self._line, self._column
        reference = f"{_letter(column)}{line}"
        return Location(sheet_name=self._sheet_name, cell=reference, line=line, column=column)


def _parsed(parser: WorkSheetParser) -> Iterator[tuple[int, list[dict]]]:
    """The parser's rows; what it raises on a damaged sheet becomes the one-line error."""
    rows = parser.parse()
    while True:
        try:
            item = next(rows)
        except StopIteration:
            return
        except Exception as error:
            raise _damaged(error) from None
        yield item


_LETTERS: list[str] = []


def _letter(column: int) -> str:
    while len(_LETTERS) < column:
        _LETTERS.append(get_column_letter(len(_LETTERS) + 1))
    return _LETTERS[column - 1]


# --- merged cells ----------------------------------------------------------------------------


def _scan(archive, member: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """The sheet's kind (its root element) and merged ranges (row1, col1, row2, col2).

    The ranges are written after the rows, so they are found in a first pass over the
    (compressed) XML: far cheaper than parsing it, and the rows can then stream.
    """
    kind, ranges, tail = "", set(), b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            if not kind and (root := _ROOT.search(data)):
                kind = root[1].decode()
            if b"mergeCell" in data:
                for match in _MERGE.finditer(data):
                    first, row1, last, row2 = match.groups()
                    last, row2 = last or first, row2 or row1
                    ranges.add((int(row1), _column(first), int(row2), _column(last)))
            tail = data[-512:]
    return kind, sorted(ranges)


def _column(letters: bytes) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + char - 64
    return number


class _Spans:
    """The merged ranges crossing each row, for rows asked in increasing order."""

    def __init__(self, ranges: list[tuple[int, int, int, int]]) -> None:
        self.pending = [r for r in ranges if r[0] <= r[2] and r[1] <= r[3] <= _MAX_COLUMNS]
        self.next = 0
        self.active: list[tuple[int, int, int, int]] = []

    def at(self, row: int) -> list[tuple[int, int, bool]]:
        """(first column, last column, whether this row holds the anchor) per range."""
        while self.next < len(self.pending) and self.pending[self.next][0] <= row:
            self.active.append(self.pending[self.next])
            self.next += 1
        self.active = [r for r in self.active if r[2] >= row]
        return [(r[1], r[3], r[0] == row) for r in self.active if (r[0], r[1]) != (r[2], r[3])]


# --- formulas ----------------------------------------------------------------------------------


def _formula(value: object) -> CellFormula | None:
    if isinstance(value, ArrayFormula):
        value = value.text
    if not isinstance(value, str) or not value.startswith("="):
        return None  # a data table, or an empty shared-formula reference
    return parse_formula(value)


def parse_formula(text: str) -> CellFormula:
    """The formula with its addends when it only adds and subtracts cells and ranges."""
    try:
        tokens = [t for t in Tokenizer(text).items if t.type != Token.WSPACE]
    except Exception:  # openpyxl's TokenizerError, or worse on a damaged formula
        return CellFormula(text)
    parser = _SumParser(tokens)
    addends = parser.expression(1)
    if addends is None or parser.position != len(tokens):
        return CellFormula(text)
    return CellFormula(text, tuple(addends))


class _SumParser:
    """expression := term (('+' | '-') term)*;
    term := ('+' | '-')* (reference | 'SUM(' expression (',' expression)* ')' | '(' expression ')')
    """

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.position = 0

    def _next(self) -> Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def expression(self, sign: int) -> list[Addend] | None:
        addends = self.term(sign)
        while addends is not None:
            token = self._next()
            if token is None or token.type != Token.OP_IN or token.value not in "+-":
                break
            self.position += 1
            more = self.term(-sign if token.value == "-" else sign)
            addends = None if more is None else addends + more
        return addends

    def term(self, sign: int) -> list[Addend] | None:
        token = self._next()
        while token is not None and token.type == Token.OP_PRE and token.value in "+-":
            sign = -sign if token.value == "-" else sign
            self.position += 1
            token = self._next()
        if token is None:
            return None
        self.position += 1
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            addend = _addend(token.value, sign)
            return None if addend is None else [addend]
        if token.type == Token.FUNC and token.value.upper() == "SUM(":
            return self._group(sign, Token.FUNC, separated=True)
        if token.type == Token.PAREN and token.subtype == Token.OPEN:
            return self._group(sign, Token.PAREN, separated=False)
        return None

    def _group(self, sign: int, closing: str, separated: bool) -> list[Addend] | None:
        addends: list[Addend] = []
        while True:
            part = self.expression(sign)
            token = self._next()
            if part is None or token is None:
                return None
            addends += part
            self.position += 1
            if token.type == closing and token.subtype == Token.CLOSE:
                return addends
            if not (separated and token.type == Token.SEP and token.subtype == Token.ARG):
                return None


def _addend(reference: str, sign: int) -> Addend | None:
    match = _REFERENCE.match(reference)
    if match is None:
        return None  # a name, a whole column, an external workbook
    sheet = match["sheet"]
    if sheet and sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    first = match["first"].replace("$", "").upper()
    last = (match["last"] or first).replace("$", "").upper()
    return Addend(sign, first, last, sheet)
