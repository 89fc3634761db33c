"""The printed page behind a finding: a PDF page as an image, and where a cell lies on it.

A finding's Location carries the PDF page (from 1) and the cell's box as the readers give it
(extract/pdf/page.py): points from the media box's top-left corner, ``top`` growing down.
PDF annotations want the same box in PDF user space (origin bottom-left); an image wants it
as fractions of the rendered page, which PDFium computes itself (``FPDF_PageToDevice``), so
a crop box or a page's /Rotate moves the box with the picture.

The report may re-open the checked file (read-only): only a PDF has the page pixels.
"""

from __future__ import annotations

import ctypes
import io
import zlib
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from shakyo_eval.extract.pdf.pdfium import Document

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom: the readers' page space

# 2 × 72 dpi: the 7-pt digits of a cost table stay legible when the auditor zooms in.
SCALE = 2.0
# The grey levels a page image keeps: black, two for anti-aliased edges, the light shading
# of label cells, white. Few levels make long runs, which zlib's run-length strategy packs
# fast: on samples/seed.pdf 63 kB and 16 ms a page, where 256 levels take 97 kB and 31 ms
# (and the grey lets the coloured boxes stand out).
_LEVELS = (0, 85, 170, 238, 255)
_POSTERIZE = [min(_LEVELS, key=lambda level, v=v: abs(level - v)) for v in range(256)]
# PageToDevice answers in whole device pixels: ask on a device this many times the image.
_PRECISION = 64


@dataclass(frozen=True)
class Box:
    """A rectangle as fractions (0 to 1) of the page image's width and height."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class PageImage:
    png: bytes
    width: int  # pixels
    height: int


def user_space(page: pdfium.PdfPage, bbox: BBox) -> BBox:
    """``bbox`` in PDF user space: (left, bottom, right, top), y growing up."""
    left, _, _, top = page.get_mediabox()
    x0, y_top, x1, y_bottom = bbox
    return (x0 + left, top - y_bottom, x1 + left, top - y_top)


class PdfPages:
    """One PDF, opened read-only for the pages that findings point at."""

    def __init__(self, path: Path, password: str | None = None) -> None:
        # The reader's own opening: an unreadable file fails with the same ExtractError.
        self.document = Document(path, password)
        self.pdf = self.document.pdf

    def __len__(self) -> int:
        return len(self.pdf)

    def render(self, number: int, bboxes: list[BBox]) -> tuple[PageImage, list[Box]]:
        """The image of page ``number`` and where each of ``bboxes`` lies on it."""
        page = self.pdf[number - 1]
        try:
            picture = page.render(scale=SCALE, grayscale=True).to_pil().convert("L")
            boxes = [_box(page, picture.width, picture.height, bbox) for bbox in bboxes]
        finally:
            page.close()
        output = io.BytesIO()
        picture.point(_POSTERIZE).save(output, "PNG", compress_type=zlib.Z_RLE)
        return PageImage(output.getvalue(), picture.width, picture.height), boxes

    def close(self) -> None:
        self.document.close()

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def _box(page: pdfium.PdfPage, width: int, height: int, bbox: BBox) -> Box:
    """Where ``bbox`` lies on a ``width`` × ``height`` image of the page."""
    size_x, size_y = width * _PRECISION, height * _PRECISION
    left, bottom, right, top = user_space(page, bbox)
    xs, ys = [], []
    for x, y in ((left, top), (right, bottom)):
        device_x, device_y = ctypes.c_int(), ctypes.c_int()
        raw.FPDF_PageToDevice(
            page.raw, 0, 0, size_x, size_y, 0, x, y, ctypes.byref(device_x), ctypes.byref(device_y)
        )
        xs.append(device_x.value / size_x)
        ys.append(device_y.value / size_y)
    return Box(min(xs), min(ys), abs(xs[1] - xs[0]), abs(ys[1] - ys[0]))
