"""The reference reader: characters and drawn rules through pdfplumber (pdfminer.six).

Slower than PDFium (pdfminer parses in Python) but the reference the fast reader is tested
against, and the one that draws the debug images. Select it with
``SHAKYO_EVAL_PDF_READER=pdfplumber``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from shakyo_eval import limits
from shakyo_eval.extract.pdf.page import (
    PageContent,
    PathPoint,
    is_ink,
    path_segments,
    quarter_turns,
    runs,
    turner,
)
from shakyo_eval.extract.pdf.pdfium import password_problem
from shakyo_eval.grid import ExtractError
from shakyo_eval.limits import MAX_PAGE_CHARS, MAX_PAGE_OBJECTS

NAME = "pdfplumber"


class Document:
    def __init__(self, source: Path | bytes, password: str | None) -> None:
        if isinstance(source, bytes):  # a salvaged file (salvage.py)
            source = io.BytesIO(source)
        try:
            self.pdf = pdfplumber.open(source, password=password or "")
        except Exception as error:
            cause = error.args[0] if error.args else error
            if isinstance(cause, PDFPasswordIncorrect):
                raise ExtractError(password_problem(password)) from None
            raise ExtractError("pdf.damaged", detail=_describe(cause)) from None

    def __len__(self) -> int:
        return len(self.pdf.pages)

    def pages(self, start: int = 0, stop: int | None = None) -> Iterator[PageContent]:
        for page in self.pdf.pages[start:stop]:
            try:
                content = read_page(page)
            except ExtractError:
                page.close()
                raise
            except Exception as error:
                page.close()
                raise ExtractError(
                    "pdf.damaged_page", page=page.page_number, detail=_describe(error)
                ) from None
            try:
                yield content
            finally:
                page.close()

    def close(self) -> None:
        self.pdf.close()


def read_page(page: pdfplumber.page.Page) -> PageContent:
    limits.check(len(page.chars), MAX_PAGE_CHARS, "limit.page_chars", page=page.page_number)
    drawn = sum(len(objects) for objects in page.objects.values())
    limits.check(drawn, MAX_PAGE_OBJECTS, "limit.page_objects", page=page.page_number)
    chars = [c for c in page.chars if is_ink(c["text"])]
    glyphs = [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"]) for c in chars]
    subpaths = []
    for kind in ("line", "rect", "curve"):
        for obj in page.objects.get(kind, []):
            path = _subpaths(obj.get("path") or [])
            subpaths.append((path, bool(obj.get("stroke")), bool(obj.get("fill"))))
    width, height = page.width, page.height
    turns = _text_turns(chars)
    if turns:
        glyphs, subpaths, width, height = _turned(turns, glyphs, subpaths, width, height)
    segments = [s for path, stroke, fill in subpaths for s in path_segments(path, stroke, fill)]
    return PageContent(page.page_number, width, height, runs(glyphs), segments, page)


def _text_turns(chars: list[dict]) -> int:
    """How many quarter turns (counterclockwise) most of the text runs from upright."""
    votes = [0, 0, 0, 0]
    for char in chars[:_TURN_VOTES]:
        votes[quarter_turns(char["matrix"][0], char["matrix"][1])] += 1
    return votes.index(max(votes))


_TURN_VOTES = 25


def _turned(turns: int, glyphs, subpaths, width: float, height: float):
    """Glyphs and paths as on the page turned upright (what the PDFium reader does to the
    page's objects), and the page's size then."""
    turn, width, height = turner(turns, width, height)
    upright = []
    for text, x0, x1, top, bottom, _size in glyphs:
        (ax, ay), (bx, by) = turn((x0, top)), turn((x1, bottom))
        x0, x1, top, bottom = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
        upright.append((text, x0, x1, top, bottom, bottom - top))  # (its height: its size)
    paths = [
        ([(*turn(point[:2]), point[2]) for point in path_points], closed)
        for path, _, _ in subpaths
        for path_points, closed in path
    ]
    turned_subpaths = []
    position = 0
    for path, stroke, fill in subpaths:
        turned_subpaths.append((paths[position : position + len(path)], stroke, fill))
        position += len(path)
    return upright, turned_subpaths, width, height


def _subpaths(path: list[tuple]) -> list[tuple[list[PathPoint], bool]]:
    """pdfminer's path operators (m, l, c, v, y, h) as subpaths of points."""
    subpaths: list[tuple[list[PathPoint], bool]] = []
    points: list[PathPoint] = []
    closed = False
    for op, *coords in path:
        if op == "m":
            if points:
                subpaths.append((points, closed))
            points, closed = [(*coords[0], False)], False
        elif op == "l":
            points.append((*coords[0], True))
        elif op in ("c", "v", "y"):
            points.append((*coords[-1], False))
        elif op == "h":
            closed = True
    if points:
        subpaths.append((points, closed))
    return subpaths


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
