"""The cell finder: a page's text runs and ruling segments → rows of the format-neutral grid.

The stages, each small and pure (so that they can be drawn over the page, see debug.py):

1. rules: segments snapped to common positions and joined into lines;
2. tables: lines that meet form one table; its column and row boundaries are every x of its
   vertical lines and every y of its horizontal lines (the spreadsheet grid it was printed
   from);
3. cells: neighbouring grid boxes with no rule between them are one merged cell;
4. text: each run of touching glyphs goes to the cell that holds its centre; lines inside a
   cell are joined (a wrapped line without a space between CJK characters, a line that ends
   short of the cell's edge as a new paragraph). Text outside every table (a title, a cover
   page) becomes rows of its own, except page numbers in the margins.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, pairwise
from operator import attrgetter

from shakyo_eval.extract.pdf.page import PageContent, Run, Segment
from shakyo_eval.grid import Cell, Row
from shakyo_eval.model import Location

SNAP = 1.0  # rules this close are one rule (a border drawn twice, by both neighbouring cells)
JOIN = 2.0  # collinear pieces with a gap up to this are one line
TOUCH = 2.0  # a line that stops this short of another still meets it
MIN_RULE = 4.0  # shorter pieces are ticks or parts of glyphs, not borders
SPACE_GAP = 0.25  # a gap wider than this (in font sizes) between words is a space
FREE_GAP = 3.0  # outside tables, a gap this wide (in font sizes) separates two cells of a row
# A line ending this far (in font sizes) short of its cell's edge ends its paragraph: the next
# line was typed on a line of its own, not wrapped onto it.
PARAGRAPH_GAP = 3.0
# A page number printed in the top or bottom margin ("- 3 -", "3 / 8", "P.3") is not sheet content.
PAGE_NUMBER = re.compile(
    r"^[\s\-‐−–—―ー(（]*(?:[pP]\.?\s*)?\d+(?:\s*[/／]\s*\d+)?[\s\-‐−–—―ー)）]*$"
)
MARGIN = 0.08  # of the page height, at the top and at the bottom


class Rule:
    """A horizontal or vertical line: its position across and its extent along."""

    __slots__ = ("end", "position", "start")

    def __init__(self, position: float, start: float, end: float) -> None:
        self.position, self.start, self.end = position, start, end


@dataclass
class Table:
    """One ruled table: its grid boundaries and its (merged) cells, as flat arrays."""

    xs: list[float]
    ys: list[float]
    # spans[k] = (first row, first column, last row, last column) of merged cell k, the
    # cells in the order of their first grid box, row by row
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    # owner[row * columns + column] = the merged cell that grid box is part of
    owner: list[int] = field(default_factory=list)

    def cells(self) -> list[tuple[float, float, float, float]]:
        """The box of each merged cell."""
        xs, ys = self.xs, self.ys
        return [
            (xs[j], ys[i], xs[last_j + 1], ys[last_i + 1]) for i, j, last_i, last_j in self.spans
        ]


# --- 1. rules -----------------------------------------------------------------------------------


def rules(segments: list[Segment]) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical rules: segments snapped to shared positions, pieces joined."""
    horizontal = [(s.top, s.x0, s.x1) for s in segments if s.top == s.bottom]
    vertical = [(s.x0, s.top, s.bottom) for s in segments if s.x0 == s.x1]
    return _join(horizontal), _join(vertical)


def _join(pieces: list[tuple[float, float, float]]) -> list[Rule]:
    result: list[Rule] = []
    for group in _snap_groups(sorted(pieces)):
        position = round(sum(p[0] for p in group) / len(group), 2)
        spans = sorted((p[1], p[2]) for p in group)
        start, end = spans[0]
        for s, e in spans[1:]:
            if s <= end + JOIN:
                end = max(end, e)
                continue
            if end - start >= MIN_RULE:
                result.append(Rule(position, round(start, 2), round(end, 2)))
            start, end = s, e
        if end - start >= MIN_RULE:
            result.append(Rule(position, round(start, 2), round(end, 2)))
    return result


def _snap_groups(
    pieces: list[tuple[float, float, float]],
) -> list[list[tuple[float, float, float]]]:
    groups: list[list[tuple[float, float, float]]] = []
    for piece in pieces:
        if groups and piece[0] - groups[-1][0][0] <= SNAP:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


# --- 2. tables and 3. cells ---------------------------------------------------------------------


def find_tables(segments: list[Segment]) -> list[Table]:
    """The ruled tables of a page, top to bottom, with their merged cells."""
    horizontal, vertical = rules(segments)
    # Rules that meet are one table: a union-find over the rules, horizontal ones first. A
    # horizontal rule meets the vertical ones whose extent reaches its height and whose
    # position lies within its reach. The horizontal rules are taken down the page (_join
    # gives them sorted by position) beside the vertical ones that reach their height: those
    # of the table being crossed, not every one below or above it.
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_vertical = len(horizontal)
    positions = [v.position for v in vertical]
    lowest = [v.start - TOUCH for v in vertical]
    highest = [v.end + TOUCH for v in vertical]
    waiting = sorted(range(len(vertical)), key=lowest.__getitem__, reverse=True)
    reaching: list[int] = []
    for h_index, h in enumerate(horizontal):
        y = h.position
        while waiting and lowest[waiting[-1]] <= y:
            reaching.append(waiting.pop())
        reaching = [v_index for v_index in reaching if y <= highest[v_index]]
        left, right = h.start - TOUCH, h.end + TOUCH
        root = find(h_index)
        for v_index in reaching:
            # (a horizontal rule joins the table of the vertical ones it meets, whose root
            # then stays: the rules that meet it later point at that root already)
            if left <= positions[v_index] <= right and parent[first_vertical + v_index] != root:
                other = find(first_vertical + v_index)
                parent[root] = other
                root = other
    groups: dict[int, tuple[list[Rule], list[Rule]]] = defaultdict(lambda: ([], []))
    for index, h in enumerate(horizontal):
        groups[find(index)][0].append(h)
    for index, v in enumerate(vertical, start=first_vertical):
        groups[find(index)][1].append(v)
    tables = [_table(h, v) for h, v in groups.values()]
    return sorted((t for t in tables if t), key=lambda t: (t.ys[0], t.xs[0]))


def _table(horizontal: list[Rule], vertical: list[Rule]) -> Table | None:
    ys = sorted({h.position for h in horizontal})
    xs = sorted({v.position for v in vertical})
    if len(xs) < 2 or len(ys) < 2:
        return None
    # cut_across[k] bit i: a vertical rule at xs[k] crosses the middle of grid row i (and
    # cut_down[k] bit j: a horizontal one at ys[k] the middle of grid column j), so that the
    # grid boxes either side of it are separate cells.
    cut_across = _cuts(vertical, xs, ys)
    cut_down = _cuts(horizontal, ys, xs)
    rows, columns = len(ys) - 1, len(xs) - 1
    table = Table(xs, ys, owner=[-1] * (rows * columns))
    spans, owner = table.spans, table.owner
    for i in range(rows):
        row_bit = 1 << i
        j = 0
        while j < columns:
            if owner[i * columns + j] >= 0:
                j += 1
                continue
            # Grow the merged cell right while no rule separates, then down over its full width.
            last_j = j
            while last_j + 1 < columns and not cut_across[last_j + 1] & row_bit:
                last_j += 1
            width = (1 << (last_j + 1)) - (1 << j)  # the bits of columns j … last_j
            last_i = i
            while last_i + 1 < rows and not cut_down[last_i + 1] & width:
                last_i += 1
            cell = len(spans)
            spans.append((i, j, last_i, last_j))
            for r in range(i, last_i + 1):
                for box in range(r * columns + j, r * columns + last_j + 1):
                    if owner[box] < 0:  # (a box an earlier cell grew over stays its)
                        owner[box] = cell
            j = last_j + 1
    return table


def _cuts(lines: list[Rule], positions: list[float], along: list[float]) -> list[int]:
    """For each of the ``positions`` where ``lines`` lie, which of the spans between
    consecutive ``along`` values they cross at its middle: bit k for the k-th span."""
    middles = [(a + b) / 2 for a, b in pairwise(along)]
    index = {position: k for k, position in enumerate(positions)}
    cuts = [0] * len(positions)
    for line in lines:
        low, high = bisect_left(middles, line.start), bisect_right(middles, line.end)
        cuts[index[line.position]] |= (1 << high) - (1 << low)
    return cuts


# --- 4. text ------------------------------------------------------------------------------------


# A page's rows as plain values, cheap to send from a page-reading process (parallel.py): the
# boxes of its rows and cells, and each row as the index of its box and its cells as (text,
# box index, covered); the grid boxes of a merged cell share the merged cell's box.
BBox = tuple[float, float, float, float]
PlainRow = tuple[int, list[tuple[str, int, bool]]]
PlainRows = tuple[list[BBox], list[PlainRow]]


def page_rows(page: PageContent, tables: list[Table] | None = None) -> list[Row]:
    """The rows of one page in reading order: table rows and lines of free text by position."""
    return grid_rows(plain_rows(page, tables), page.number)


def grid_rows(plain: PlainRows, page: int) -> list[Row]:
    """Plain rows as grid rows; the cells of one box share its Location."""
    boxes, rows = plain
    locations = _Locations(page, boxes)
    return [
        _PageRow(
            [_PageCell(text, covered, locations, box) for text, box, covered in cells],
            locations,
            row,
        )
        for row, cells in rows
    ]


class _Locations:
    """The Locations of one page's boxes, each made when first asked for and then shared (by
    the grid boxes of a merged cell). A Location is a pydantic model: one for each of a
    page's hundred-odd boxes cost more than finding the cells, and a check asks for about
    half of them (the boxes of empty cells and of most labels it never points at)."""

    __slots__ = ("_boxes", "_made", "_page")

    def __init__(self, page: int, boxes: list[BBox]) -> None:
        self._page = page
        self._boxes = boxes
        self._made: list[Location | None] = [None] * len(boxes)

    def of(self, box: int) -> Location:
        location = self._made[box]
        if location is None:
            location = self._made[box] = Location(page=self._page, bbox=self._boxes[box])
        return location


class _PageCell(Cell):
    """A PDF cell; its Location is that of its box on the page."""

    __slots__ = ("_box", "_locations")

    def __init__(self, text: str, covered: bool, locations: _Locations, box: int) -> None:
        self.text = text
        self.covered = covered
        self.formula = None
        self.header = None
        self._locations = locations
        self._box = box

    @property
    def location(self) -> Location:  # type: ignore[override]
        return self._locations.of(self._box)


class _PageRow(Row):
    """A PDF row; its Location is that of its box on the page."""

    __slots__ = ("_box", "_locations")

    def __init__(self, cells: list[Cell], locations: _Locations, box: int) -> None:
        self.cells = cells
        self._locations = locations
        self._box = box

    @property
    def location(self) -> Location:  # type: ignore[override]
        return self._locations.of(self._box)


def plain_rows(page: PageContent, tables: list[Table] | None = None) -> PlainRows:
    """:func:`page_rows` as plain values."""
    if tables is None:
        tables = find_tables(page.segments)
    # the runs of each table's cells: cell_runs[table index][merged cell]
    cell_runs: list[dict[int, list[Run]]] = [defaultdict(list) for _ in tables]
    bounds = [(t.xs[0], t.xs[-1], t.ys[0], t.ys[-1]) for t in tables]
    # A run can lie only in the tables whose top is above it (the tables come top to bottom)
    # and whose bottom, or that of a table before them, is below it.
    tops = [t.ys[0] for t in tables]
    lowest_bottoms = list(accumulate((t.ys[-1] for t in tables), max))
    free: list[Run] = []
    for run in page.runs:
        x = (run.x0 + run.x1) / 2
        y = (run.top + run.bottom) / 2
        for index in range(bisect_right(lowest_bottoms, y), bisect_left(tops, y)):
            left, right, top, bottom = bounds[index]
            if left < x < right and top < y < bottom:
                table = tables[index]
                row, column = bisect_right(table.ys, y) - 1, bisect_right(table.xs, x) - 1
                cell = table.owner[row * (len(table.xs) - 1) + column]
                cell_runs[index][cell].append(run)
                break
        else:
            free.append(run)
    boxes: list[BBox] = []
    placed: list[tuple[float, PlainRow]] = []
    for table, runs in zip(tables, cell_runs, strict=True):
        rows = _table_rows(table, runs, boxes)
        placed += [(table.ys[i], row) for i, row in enumerate(rows)]
    for row_box, cells in _free_rows(free):
        top, bottom = row_box[1], row_box[3]
        in_margin = bottom < page.height * MARGIN or top > page.height * (1 - MARGIN)
        if in_margin and all(PAGE_NUMBER.match(text) for text, _ in cells):
            continue
        plain_cells = []
        for text, box in cells:
            plain_cells.append((text, len(boxes), False))
            boxes.append(box)
        placed.append((top, (len(boxes), plain_cells)))
        boxes.append(row_box)
    placed.sort(key=lambda pair: pair[0])
    return boxes, [row for _, row in placed]


def _table_rows(table: Table, runs: dict[int, list[Run]], boxes: list[BBox]) -> list[PlainRow]:
    """The table's rows; their boxes and those of the table's merged cells go to ``boxes``."""
    xs, ys = table.xs, table.ys
    columns = len(xs) - 1
    first_box = len(boxes)  # merged cell k's box is boxes[first_box + k]
    boxes += table.cells()
    # each merged cell as its first grid box holds it; the others it covers hold it empty
    grid = [("", first_box + k, True) for k in table.owner]
    for k, text in enumerate(_cell_texts(table, runs)):
        i, j = table.spans[k][:2]
        grid[i * columns + j] = (text, first_box + k, False)
    first_row_box = len(boxes)
    boxes += [(xs[0], top, xs[-1], bottom) for top, bottom in pairwise(ys)]
    return [
        (first_row_box + i, grid[start : start + columns])
        for i, start in enumerate(range(0, len(grid), columns))
    ]


def _cell_texts(table: Table, runs: dict[int, list[Run]]) -> list[str]:
    texts = [""] * len(table.spans)
    for cell, cell_runs in runs.items():
        texts[cell] = cell_text(cell_runs, table.xs[table.spans[cell][3] + 1])
    return texts


def _free_rows(runs: list[Run]) -> list[tuple[BBox, list[tuple[str, BBox]]]]:
    """Lines of text outside tables: each line's box and its cells' texts and boxes."""
    rows = []
    for line in _lines(runs):
        pieces: list[list[Run]] = [[line[0]]]
        for prev, run in pairwise(line):
            if run.x0 - prev.x1 > FREE_GAP * _size(run):
                pieces.append([])
            pieces[-1].append(run)
        rows.append((_bbox(line), [(_line_text(piece), _bbox(piece)) for piece in pieces]))
    return rows


def cell_text(runs: list[Run], right: float) -> str:
    """The text of a cell: its lines, wrapped ones joined, paragraphs on lines of their own."""
    if len(runs) <= 1:
        return runs[0].text if runs else ""
    lines = _lines(runs)
    parts = [_line_text(lines[0])]
    for prev, line in pairwise(lines):
        end = prev[-1]
        if right - end.x1 > PARAGRAPH_GAP * _size(end):
            parts.append("\n")
        elif not (_wide(end.text[-1]) or _wide(line[0].text[0])):
            parts.append(" ")
        parts.append(_line_text(line))
    return "".join(parts)


def _lines(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped into lines (by their vertical centre), each sorted left to right, a run
    printed twice on the same spot (a bold effect) kept once."""
    ordered = sorted(runs, key=lambda r: r.top + r.bottom)
    lines: list[list[Run]] = []
    line_middle = 0.0
    for run in ordered:
        middle = (run.top + run.bottom) / 2
        if not lines or middle - line_middle > _size(run) / 2:
            lines.append([])
            line_middle = middle
        lines[-1].append(run)
    for index, line in enumerate(lines):
        if len(line) > 1:
            line.sort(key=_left)
            lines[index] = [line[0]] + [
                run
                for prev, run in pairwise(line)
                if not (run.text == prev.text and abs(run.x0 - prev.x0) < 1)
            ]
    return lines


def _line_text(line: list[Run]) -> str:
    """A line's runs with a space wherever the gap is one. Between two CJK characters a gap is
    a space only in a line that is not letter-spaced (均等割り付け, ``指　標``)."""
    parts = [line[0].text]
    if len(line) == 1:
        return parts[0]
    gaps = [run.x0 - prev.x1 > SPACE_GAP * _size(run) for prev, run in pairwise(line)]
    between_wide = [_wide(prev.text[-1]) and _wide(run.text[0]) for prev, run in pairwise(line)]
    wide_gaps = sum(gap and wide for gap, wide in zip(gaps, between_wide, strict=True))
    # Letter-spaced: more than half of the line's pairs of neighbouring CJK characters, those
    # between runs and those inside them, have a gap between them.
    most_touching = wide_gaps * 2 - sum(between_wide)
    letter_spaced = most_touching > 0 and _touching_fewer(line, most_touching)
    for run, gap, wide in zip(line[1:], gaps, between_wide, strict=True):
        if gap and not (wide and letter_spaced):
            parts.append(" ")
        parts.append(run.text)
    return "".join(parts)


def _touching_fewer(line: list[Run], most: int) -> bool:
    """Whether fewer than ``most`` pairs of neighbouring characters inside the line's runs are
    both CJK (counted only as far as ``most``: a line of prose has dozens)."""
    touching = 0
    for run in line:
        for a, b in pairwise(run.text):
            if _wide(a) and _wide(b):
                touching += 1
                if touching == most:
                    return False
    return True


_left = attrgetter("x0")


def _size(run: Run) -> float:
    return max(run.size, 1.0)


@cache  # asked for most characters of a page, of which there are few distinct ones
def _wide(char: str) -> bool:
    """A CJK (full-width) character: lines and gaps between two of them take no space."""
    return unicodedata.east_asian_width(char) in "WF"


def _bbox(runs: list[Run]) -> tuple[float, float, float, float]:
    return (
        round(min(r.x0 for r in runs), 2),
        round(min(r.top for r in runs), 2),
        round(max(r.x1 for r in runs), 2),
        round(max(r.bottom for r in runs), 2),
    )
