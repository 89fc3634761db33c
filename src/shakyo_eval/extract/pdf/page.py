"""What a PDF reader hands the cell finder for one page: runs of text and ruling segments.

Coordinates follow pdfplumber: points from the page's top-left corner, ``top`` growing down.
Both readers (pdfium, pdfplumber) build runs with :func:`runs` and turn drawn paths into
segments with :func:`path_segments`, so that they disagree on nothing but floating-point noise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, NamedTuple


class Run(NamedTuple):
    """Glyphs that touch on one line: a word, or a whole line of CJK text. The cell finder
    places runs, not single characters: a page holds a few hundred runs and some thousand
    characters, and no gap inside a run is ever a space."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    # The font size: what gaps and line pitch are measured in. The readers' boxes differ in
    # height (each library has its own idea of a glyph's ascent), the font size does not.
    size: float


# (text, x0, x1, top, bottom, font size) of one character, as a reader sees it.
Glyph = tuple[str, float, float, float, float, float]

# What a glyph without a Unicode mapping reads as; such characters are dropped.
UNMAPPED = frozenset({"", "\x00", "\ufffe", "\uffff"})
# Glyphs closer than this (in font sizes) touch: well below any gap that is a space.
GLYPH_TOUCH = 0.1


def is_ink(text: str) -> bool:
    """A character worth keeping. Spaces are not: PDFium reports even a printed space as one it
    guessed, so both readers drop them and the cell finder puts spaces where the gaps are."""
    return text not in UNMAPPED and not text.isspace()


def runs(glyphs: Iterable[Glyph]) -> list[Run]:
    """The glyphs of a page (ink only, see :func:`is_ink`), in the order they were drawn,
    joined into runs. A glyph printed twice on the same spot (a bold effect) counts once."""
    found: list[Run] = []
    parts: list[str] = []
    x0 = x1 = top = bottom = size = last_x0 = 0.0
    last = ""
    for text, g_x0, g_x1, g_top, g_bottom, g_size in glyphs:
        if parts:
            # (chained comparisons: abs() would cost a call per glyph)
            if text == last and -1 < g_x0 - last_x0 < 1:
                continue
            slack = GLYPH_TOUCH * size
            if g_size == size and -slack < g_top - top < slack and -slack < g_x0 - x1 < slack:
                parts.append(text)
                x1, last, last_x0 = g_x1, text, g_x0
                continue
            found.append(Run("".join(parts), x0, x1, top, bottom, size))
        parts = [text]
        x0, x1, top, bottom, size, last, last_x0 = g_x0, g_x1, g_top, g_bottom, g_size, text, g_x0
    if parts:
        found.append(Run("".join(parts), x0, x1, top, bottom, size))
    return found


class Segment(NamedTuple):
    """A horizontal (``top == bottom``) or vertical (``x0 == x1``) piece of a drawn rule."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    runs: list[Run]
    segments: list[Segment]
    source: Any = field(default=None, repr=False)  # the reader's own page (for debug images)


# A point of a subpath and whether a straight line leads to it (False after a move or a curve).
PathPoint = tuple[float, float, bool]

# A stroke this far from horizontal or vertical still counts as a rule.
_SLANT = 0.5
# A filled shape at most this thin is a rule drawn as a rectangle (a common way to draw borders).
_THIN = 2.0


def path_segments(
    subpaths: Iterable[tuple[Sequence[PathPoint], bool]], stroke: bool, fill: bool
) -> list[Segment]:
    """The axis-aligned rules a path draws: the straight sides of a stroked path, or the centre
    line of a thin filled bar. Curves and large fills (cell shading) draw no rule."""
    segments: list[Segment] = []
    for points, closed in subpaths:
        if len(points) < 2:
            continue
        if stroke:
            pairs = list(pairwise(points))
            if closed:
                pairs.append((points[-1], (*points[0][:2], True)))
            for (x0, y0, _), (x1, y1, straight) in pairs:
                if straight:
                    segment = _axis_segment(x0, y0, x1, y1)
                    if segment:
                        segments.append(segment)
        elif fill and all(straight for _, _, straight in points[1:]):
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
            if bottom - top <= _THIN < right - left:
                middle = (top + bottom) / 2
                segments.append(Segment(left, middle, right, middle))
            elif right - left <= _THIN < bottom - top:
                middle = (left + right) / 2
                segments.append(Segment(middle, top, middle, bottom))
    return segments


def _axis_segment(x0: float, y0: float, x1: float, y1: float) -> Segment | None:
    if abs(y1 - y0) <= _SLANT and x0 != x1:
        y = (y0 + y1) / 2
        return Segment(min(x0, x1), y, max(x0, x1), y)
    if abs(x1 - x0) <= _SLANT and y0 != y1:
        x = (x0 + x1) / 2
        return Segment(x, min(y0, y1), x, max(y0, y1))
    return None


def quarter_turns(a: float, b: float) -> int:
    """The quarter turns (counterclockwise, 0 to 3) nearest to the rotation of a matrix whose
    first column is (a, b): text drawn with it runs that way."""
    return round(math.atan2(b, a) / (math.pi / 2)) % 4


def upright_matrix(turns: int, width: float, height: float) -> tuple[tuple, float, float]:
    """The matrix that undoes ``turns`` quarter turns of a page ``width`` × ``height`` (origin
    at 0, 0) and keeps it at the origin, and the page's size afterwards."""
    back = (4 - turns) % 4
    if back == 1:
        return (0.0, 1.0, -1.0, 0.0, height, 0.0), height, width
    if back == 2:
        return (-1.0, 0.0, 0.0, -1.0, width, height), width, height
    if back == 3:
        return (0.0, -1.0, 1.0, 0.0, 0.0, width), height, width
    return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), width, height


Point = tuple[float, float]


def turner(
    turns: int, width: float, height: float
) -> tuple[Callable[[Point], Point], float, float]:
    """For a page in page space (top down) whose text runs ``turns`` quarter turns from
    upright: the function that moves a point to where it is on the page turned upright, and
    the size of that page."""
    (a, b, c, d, e, f), new_width, new_height = upright_matrix(turns, width, height)

    def turn(point: Point) -> Point:
        x, y = point[0], height - point[1]  # (PDF space: y up)
        return a * x + c * y + e, new_height - (b * x + d * y + f)

    return turn, new_width, new_height
