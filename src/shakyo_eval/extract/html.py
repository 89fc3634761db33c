"""HTML pages: the data tables of a page, their spans expanded into a rectangular grid.

A city's CMS prints each block of a sheet (header, indicators, costs, unit cost, evaluation)
as a ``<table>``, one page per sheet or every sheet on one page, inside the site's own
layout. This module reads such a page:

- Encoding: a byte order mark, else the declared charset (``<meta charset>`` or
  http-equiv), read as cp932 when it names Shift_JIS (pages in "Shift_JIS" hold ①, ㈱, 﨑,
  which only Microsoft's cp932 maps), else what charset-normalizer detects. The choice is
  kept in the notes; a page that does not decode is refused, never read with replacements.
- Tables: only the innermost tables hold data. A table that contains tables is layout;
  tables inside ``<nav>``/``<header>``/``<footer>``/``<aside>``, with role presentation or
  navigation, of a single column (an address block, a menu) or with a link in every row
  (a menu, a news list) belong to the site, not to a sheet.
- Cells: ``rowspan``/``colspan`` are expanded; the spanning text stays in its first
  position and the positions it covers are marked covered. ``<br>``, paragraphs and list
  items become line breaks. Text is kept as printed (full-width digits and all): the
  assembler normalises.
- Headings and captions just before a data table become one-cell rows (a sheet's title
  ``令和6年度 事務事業評価表`` is often a heading); headings after the last table are the
  site's footer and are dropped.
- Locations: the source line of the element (html.parser keeps it) and its path,
  ``table[3]/tr[5]/td[2]``: the page's third table (every table counts), its fifth row, the
  row's second cell (a ``<td>``); the cell's column in the expanded grid as ``column``.

html.parser closes no element by itself, so a page that leaves out the end tags HTML lets
it omit (``<TD>a<TD>b``, an old CMS's HTML 4) comes out with cells nested in cells; such a
page is parsed again with lxml, which builds the tree a browser does but keeps no line.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

import charset_normalizer
from bs4 import BeautifulSoup, Tag
from bs4.dammit import EncodingDetector

from shakyo_eval.extract import read_bytes
from shakyo_eval.extract.richtext import check_depth, element_text
from shakyo_eval.grid import Cell, ExtractError, Grid, Row
from shakyo_eval.model import Location

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Sections that HTML5 gives a site's own parts, and ARIA roles that say "not data".
_SITE_SECTIONS = ("nav", "header", "footer", "aside")
_NOT_DATA_ROLES = frozenset({"presentation", "none", "navigation"})
# Names that pages declare for Shift_JIS and that Python's codecs do not all know.
_SHIFT_JIS_NAMES = frozenset(
    {"shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j"}
)
_SPAN_LIMIT = 1000  # where HTML clamps colspan; a typo of 10000 must not make a huge grid


def read(path: Path, **_options) -> Grid:
    data = read_bytes(path)
    text, encoding = decode(data)
    soup, parser = parse(text)
    reader = _PageReader()
    rows = list(reader.rows(soup))
    notes = [f"encoding: {encoding}"]
    if parser != "html.parser":
        notes.append(f"parser: {parser} (the page leaves out end tags)")
    skipped = reader.skipped_tables
    notes.append(f"tables: {reader.data_tables} read, {skipped} skipped as layout or navigation")
    return Grid(str(path), "html", rows, notes=notes)


# --- encoding ----------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The page's text and its encoding, with how it was found (``cp932 (declared sjis)``)."""
    data, codec = EncodingDetector.strip_byte_order_mark(data)
    how = "byte order mark"
    if codec is None:
        if b"\x00" in data[:4096]:
            raise ExtractError("html.binary")
        codec, how = _declared_or_detected(data)
    try:
        return data.decode(codec), f"{codec} ({how})"
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise ExtractError(
            "html.undecodable", codec=codec, how=how, byte=f"{byte:02x}", offset=error.start
        ) from None


def _declared_or_detected(data: bytes) -> tuple[str, str]:
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    if declared:
        codec = codec_for(declared)
        if codec is None:
            raise ExtractError("html.unknown_charset", charset=declared)
        return codec, f"declared {declared}"
    best = charset_normalizer.from_bytes(data).best()
    codec = codec_for(best.encoding) if best else None
    if codec is None:
        raise ExtractError("html.undetected")
    return codec, "detected, no charset declared"


def codec_for(name: str) -> str | None:
    """Python's codec for a charset name; every name of Shift_JIS → cp932."""
    name = name.strip().lower()
    if name in _SHIFT_JIS_NAMES:
        return "cp932"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "cp932" if codec == "shift_jis" else codec


# --- parsing -----------------------------------------------------------------------------


def parse(text: str) -> tuple[BeautifulSoup, str]:
    """The page's tree and the parser that built it (see the module notes)."""
    soup = BeautifulSoup(text, "html.parser")
    check_depth(soup)
    if not _leaves_out_end_tags(soup):
        return soup, "html.parser"
    soup = BeautifulSoup(text, "lxml")
    check_depth(soup)
    return soup, "lxml"


def _leaves_out_end_tags(soup: BeautifulSoup) -> bool:
    """True when html.parser nested what a browser would have closed: a cell outside a row,
    a row outside a table, a paragraph or list item inside another one."""
    for tag in _tags(soup, ("td", "th", "tr", "p", "li")):
        parent = tag.parent.name if tag.parent else None
        if tag.name in ("td", "th"):
            wrong = parent != "tr"
        elif tag.name == "tr":
            wrong = parent not in ("table", "thead", "tbody", "tfoot")
        else:
            wrong = parent == tag.name
        if wrong:
            return True
    return False


# bs4's find_all() costs more than the whole parse on a page of 200 sheets (its filter
# machinery runs per element); these plain walks over the tree do the same here.
def _tags(element: Tag, names: tuple[str, ...]) -> Iterator[Tag]:
    return (d for d in element.descendants if isinstance(d, Tag) and d.name in names)


def _ancestor(element: Tag, name: str) -> Tag | None:
    return next((p for p in element.parents if p.name == name), None)


# --- tables --------------------------------------------------------------------------------


class _PageReader:
    """Walks the page in order, yielding the rows of its data tables."""

    def __init__(self) -> None:
        self.data_tables = 0
        self.skipped_tables = 0

    def rows(self, soup: BeautifulSoup) -> Iterator[Row]:
        headings: list[Tag] = []
        tables = 0
        for element in _tags(soup, (*_HEADINGS, "table")):
            if element.name != "table":
                if not _in_site_part(element) and not _in_leaf_table(element):
                    headings.append(element)
                continue
            tables += 1
            trs = list(_tags(element, ("tr",)))
            grid = None if _is_layout(element) else _expand(trs, tables)
            if grid is None or not _is_data(trs, grid):
                self.skipped_tables += 1
                continue
            self.data_tables += 1
            for heading in headings:
                yield _single_cell_row(heading, heading.name)
            headings = []
            caption = next(_tags(element, ("caption",)), None)
            if caption:
                yield _single_cell_row(caption, f"table[{tables}]/caption")
            yield from grid


def _in_site_part(element: Tag) -> bool:
    return any(
        parent.name in _SITE_SECTIONS or parent.get("role") in _NOT_DATA_ROLES
        for parent in element.parents
    )


def _has_table(element: Tag) -> bool:
    return next(_tags(element, ("table",)), None) is not None


def _in_leaf_table(element: Tag) -> bool:
    table = _ancestor(element, "table")
    return table is not None and not _has_table(table)


def _is_layout(table: Tag) -> bool:
    return _has_table(table) or table.get("role") in _NOT_DATA_ROLES or _in_site_part(table)


def _is_data(trs: list[Tag], grid: list[Row]) -> bool:
    """A table that can hold a label and its value, and is not a list of links."""
    if max((len(row.cells) for row in grid), default=0) < 2:
        return False
    filled = [tr for tr, row in zip(trs, grid, strict=True) if any(c.text for c in row.cells)]
    return bool(filled) and not all(
        any(a.has_attr("href") for a in _tags(tr, ("a",))) for tr in filled
    )


def _single_cell_row(element: Tag, path: str) -> Row:
    location = Location(line=element.sourceline, element=path)
    return Row([Cell(element_text(element), location)], location)


def _span(value: str | None) -> int:
    """A rowspan/colspan attribute as browsers read it: its leading digits, else 1."""
    digits = ""
    for char in (value or "").strip():
        if not ("0" <= char <= "9"):
            break
        digits += char
    return min(int(digits), _SPAN_LIMIT) if digits else 1


def _expand(trs: list[Tag], number: int) -> list[Row]:
    """The table's rows with every span expanded: a rectangle of cells."""
    covered: dict[tuple[int, int], Cell] = {}  # (row, column) → a position a span covers
    rows: list[Row] = []
    for r, tr in enumerate(trs):
        path = f"table[{number}]/tr[{r + 1}]"
        row_location = Location(line=tr.sourceline, element=path)
        cells: list[Cell] = []
        tds = (c for c in tr.children if isinstance(c, Tag) and c.name in ("td", "th"))
        for k, td in enumerate(tds, start=1):
            while (r, len(cells)) in covered:
                cells.append(covered.pop((r, len(cells))))
            column = len(cells)
            colspan = max(1, _span(td.get("colspan")))
            rowspan = _span(td.get("rowspan")) or len(trs) - r  # 0: to the end of the table
            location = Location(
                line=td.sourceline, column=column + 1, element=f"{path}/{td.name}[{k}]"
            )
            cells.append(Cell(element_text(td), location))
            cells.extend(Cell("", location, covered=True) for _ in range(colspan - 1))
            for below in range(r + 1, min(r + rowspan, len(trs))):
                for dc in range(colspan):
                    covered[(below, column + dc)] = Cell("", location, covered=True)
        # spans from rows above that reach past this row's own cells
        for position in sorted(p for p in covered if p[0] == r):
            span = covered.pop(position)
            if position[1] >= len(cells):  # else a cell of this row overlaps the span
                cells.extend(Cell("", row_location) for _ in range(position[1] - len(cells)))
                cells.append(span)
        rows.append(Row(cells, row_location))
    width = max((len(row.cells) for row in rows), default=0)
    for row in rows:
        row.cells.extend(Cell("", row.location) for _ in range(width - len(row.cells)))
    return rows
