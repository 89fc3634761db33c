"""What a PDF reader hands the cell finder for one page: runs of text and ruling segments.

Coordinates follow pdfplumber: points from the page's top-left corner, ``top`` growing down.
Both readers (pdfium, pdfplumber) build runs with :func:`runs` and turn drawn paths into
segments with :func:`path_segments`, so that they disagree on nothing but floating-point noise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, count, pairwise, repeat
from operator import eq, sub
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


# What a glyph without a Unicode mapping reads as; such characters are dropped.
UNMAPPED = frozenset({"", "\x00", "\ufffe", "\uffff"})
# Every character that is not ink (see :func:`is_ink`): one set lookup per character for a
# reader that sees single characters. (No whitespace character lies above U+3000.)
NOT_INK = UNMAPPED | frozenset(c for c in map(chr, range(0x3001)) if c.isspace())
# Glyphs closer than this (in font sizes) touch: well below any gap that is a space.
GLYPH_TOUCH = 0.1


def is_ink(text: str) -> bool:
    """A character worth keeping. Spaces are not: PDFium reports even a printed space as one it
    guessed, so both readers drop them and the cell finder puts spaces where the gaps are."""
    return text not in UNMAPPED and not text.isspace()


def runs(
    texts: Sequence[str],
    boxes: Sequence[float],
    size_of: Callable[[int], float],
    pdf_corner: tuple[float, float] | None = None,
) -> list[Run]:
    """The glyphs of a page (ink only, see :func:`is_ink`), in the order they were drawn,
    joined into runs. A glyph printed twice on the same spot (a bold effect) counts once.

    The glyphs come as arrays, not objects: ``texts[k]`` is glyph k's text and ``boxes``
    holds its x0, top, x1, bottom at 4k … 4k + 3. ``size_of(k)`` is its font size, asked for
    the first glyph of each run only (a glyph that touches the run is taken to share its
    size: the one call a run costs PDFium instead of one per glyph). Boxes in PDF space
    (y up, as PDFium gives them) are joined there and the runs turned to page space from
    ``pdf_corner``, the page's top-left corner in PDF space."""
    if not texts:
        return []
    x0s, tops, x1s, bottoms = boxes[0::4], boxes[1::4], boxes[2::4], boxes[3::4]
    kept = _not_reprinted(texts, x0s)
    if kept is not None:
        texts, x0s, tops, x1s, bottoms = (
            [values[k] for k in kept] for values in (texts, x0s, tops, x1s, bottoms)
        )
        size_of = _through(kept, size_of)
    # A glyph joins the run when it lies within a fraction of the run's font size of the
    # run's line and of the glyph before it: one loop over the glyphs' positions finds where
    # the runs start and end, and the runs are made from those columns without a loop.
    starts = [0]
    sizes = [size_of(0)]
    run_x1s = []
    top = tops[0]
    slack = GLYPH_TOUCH * sizes[0]
    unslack = -slack
    for index, glyph_x0, x1_before, glyph_top in zip(count(1), x0s[1:], x1s, tops[1:]):
        # (chained comparisons: abs() would cost a call per glyph)
        if unslack < glyph_x0 - x1_before < slack and unslack < glyph_top - top < slack:
            continue
        run_x1s.append(x1_before)
        starts.append(index)
        sizes.append(size_of(index))
        top = tops[index]
        slack = GLYPH_TOUCH * sizes[-1]
        unslack = -slack
    run_x1s.append(x1s[-1])
    run_texts = map("".join, map(texts.__getitem__, map(slice, starts, [*starts[1:], None])))
    x0, x1 = map(x0s.__getitem__, starts), run_x1s
    top, bottom = map(tops.__getitem__, starts), map(bottoms.__getitem__, starts)
    if pdf_corner is not None:
        left, page_top = pdf_corner
        x0, x1 = map(sub, x0, repeat(left)), map(sub, x1, repeat(left))
        top, bottom = map(sub, repeat(page_top), top), map(sub, repeat(page_top), bottom)
    # (tuple.__new__ is what Run._make calls, less a Python call per run)
    return list(
        map(tuple.__new__, repeat(Run), zip(run_texts, x0, x1, top, bottom, sizes, strict=True))
    )


def _not_reprinted(texts: Sequence[str], x0s: Sequence[float]) -> list[int] | None:
    """The indexes of the glyphs that are not a reprint of the glyph kept before them (its
    text again, less than a point to either side, however far up or down), or None when
    every glyph is kept. Only a glyph with its predecessor's text can be a reprint: the one
    kept before it has that text too (the predecessor, or the glyph the predecessor
    reprints), so one pass over the texts finds the few glyphs to look at."""
    repeated = list(map(eq, texts[1:], texts))
    if True not in repeated:
        return None
    reprints = set()
    anchor = 0
    for index in compress(count(1), repeated):
        if index - 1 not in reprints:
            anchor = index - 1
        if -1 < x0s[index] - x0s[anchor] < 1:
            reprints.add(index)
    if not reprints:
        return None
    return [index for index in range(len(texts)) if index not in reprints]


def _through(kept: list[int], size_of: Callable[[int], float]) -> Callable[[int], float]:
    """``size_of`` for the glyphs numbered as in ``kept``."""
    return lambda index: size_of(kept[index])


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
                    segment = axis_segment(x0, y0, x1, y1)
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


def axis_segment(x0: float, y0: float, x1: float, y1: float) -> Segment | None:
    """The rule a straight stroke from (x0, y0) to (x1, y1) draws, if it is one."""
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
