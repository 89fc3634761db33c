"""The reference reader: characters and drawn rules through pdfplumber (pdfminer.six).

Slower than PDFium (pdfminer parses in Python) but the reference the fast reader is tested
against, and the one that draws the debug images. Select it with
``SHAKYO_EVAL_PDF_READER=pdfplumber``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from shakyo_eval.extract.pdf.page import (
    PageContent,
    PathPoint,
    Segment,
    is_ink,
    path_segments,
    runs,
)
from shakyo_eval.extract.pdf.pdfium import password_problem
from shakyo_eval.grid import ExtractError

NAME = "pdfplumber"


class Document:
    def __init__(self, path: Path, password: str | None) -> None:
        try:
            self.pdf = pdfplumber.open(path, password=password or "")
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
    chars = [c for c in page.chars if is_ink(c["text"])]
    texts = [c["text"] for c in chars]
    boxes = [value for c in chars for value in (c["x0"], c["top"], c["x1"], c["bottom"])]
    sizes = [c["size"] for c in chars]
    segments: list[Segment] = []
    for kind in ("line", "rect", "curve"):
        for obj in page.objects.get(kind, []):
            subpaths = _subpaths(obj.get("path") or [])
            segments += path_segments(subpaths, bool(obj.get("stroke")), bool(obj.get("fill")))
    found = runs(texts, boxes, sizes.__getitem__)
    return PageContent(page.page_number, page.width, page.height, found, segments, page)


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
