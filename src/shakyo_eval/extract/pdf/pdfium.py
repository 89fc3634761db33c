"""The fast reader: characters and drawn rules through PDFium (pypdfium2's raw API).

PDFium parses the page in C; Python only walks its character table and path objects. Each
page is closed as soon as its content is read, so memory stays flat however long the file.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from shakyo_eval.extract.pdf.page import (
    Char,
    PageContent,
    PathPoint,
    Segment,
    is_ink,
    path_segments,
)
from shakyo_eval.grid import ExtractError

NAME = "pdfium"

_LOAD_ERRORS = {
    raw.FPDF_ERR_FILE: "cannot open the file",
    raw.FPDF_ERR_FORMAT: "not a PDF, or a damaged one (PDFium cannot parse it)",
    raw.FPDF_ERR_SECURITY: "encrypted with an unsupported security scheme",
}
# Affine matrix (a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f.
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Document:
    def __init__(self, path: Path, password: str | None) -> None:
        try:
            self.pdf = pdfium.PdfDocument(path, password=password)
        except pdfium.PdfiumError as error:
            if error.err_code == raw.FPDF_ERR_PASSWORD:
                raise ExtractError(password_message(password)) from None
            reason = _LOAD_ERRORS.get(error.err_code, f"cannot read the PDF ({error})")
            raise ExtractError(reason) from None

    def __len__(self) -> int:
        return len(self.pdf)

    def pages(self) -> Iterator[PageContent]:
        for index in range(len(self.pdf)):
            try:
                page = self.pdf[index]
            except pdfium.PdfiumError:
                raise ExtractError(f"page {index + 1} cannot be read (damaged PDF)") from None
            try:
                yield read_page(page, index + 1)
            finally:
                page.close()

    def close(self) -> None:
        self.pdf.close()


def password_message(password: str | None) -> str:
    if password is None:
        return "the PDF is encrypted: give its password with --password"
    return "wrong password for this encrypted PDF"


def read_page(page: pdfium.PdfPage, number: int) -> PageContent:
    left, bottom, right, top = page.get_mediabox()
    width, height = right - left, top - bottom
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage.raw, left, top)
    finally:
        textpage.close()
    segments: list[Segment] = []
    _collect_segments(page.raw, None, _IDENTITY, left, top, segments)
    return PageContent(number, width, height, chars, segments)


def _chars(textpage, left: float, top: float) -> list[Char]:
    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    text = _all_text(textpage, count)
    box = raw.FS_RECTF()
    chars = []
    # A run of characters in one font and size has one box height: ask the size only when the
    # height changes (a call per character would cost more than reading the boxes).
    height, size = None, 0.0
    for index, char in enumerate(text):
        if not is_ink(char):
            continue
        raw.FPDFText_GetLooseCharBox(textpage, index, box)
        if box.top - box.bottom != height:
            height = box.top - box.bottom
            size = raw.FPDFText_GetFontSize(textpage, index)
        chars.append(
            Char(char, box.left - left, box.right - left, top - box.top, top - box.bottom, size)
        )
    return chars


def _all_text(textpage, count: int) -> list[str]:
    """One string per character index (one call for the page, not one per character)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = raw.FPDFText_GetText(
        textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    units = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(units) == count and not any("\ud800" <= u <= "\udfff" for u in units):
        return list(units)
    # A character outside the BMP takes two UTF-16 units, a glyph without Unicode none: then
    # the string no longer lines up with the character indexes, so ask one by one.
    return [chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count)]


def _collect_segments(page, form, matrix: Matrix, left: float, top: float, out: list[Segment]):
    count = raw.FPDFFormObj_CountObjects(form) if form else raw.FPDFPage_CountObjects(page)
    for index in range(count):
        obj = (
            raw.FPDFFormObj_GetObject(form, index) if form else raw.FPDFPage_GetObject(page, index)
        )
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            out += _path_segments(obj, _compose(_matrix(obj), matrix), left, top)
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            _collect_segments(page, obj, _compose(_matrix(obj), matrix), left, top, out)


def _path_segments(obj, matrix: Matrix, left: float, top: float) -> list[Segment]:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
    if not (stroke.value or fill_mode.value):
        return []  # a clipping path or an invisible one
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[tuple[list[PathPoint], bool]] = []
    points: list[PathPoint] = []
    closed = False
    pending_curve = 0
    for index in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        kind = raw.FPDFPathSegment_GetType(segment)
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        point = (px - left, top - py)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if points:
                subpaths.append((points, closed))
            points, closed = [(*point, False)], False
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            # a curve is three points (two controls, then the end); only its end is kept
            pending_curve = (pending_curve + 1) % 3
            if pending_curve == 0:
                points.append((*point, False))
        else:
            points.append((*point, True))
        if raw.FPDFPathSegment_GetClose(segment):
            closed = True
    if points:
        subpaths.append((points, closed))
    return path_segments(subpaths, bool(stroke.value), bool(fill_mode.value))


def _matrix(obj) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies ``inner`` then ``outer``."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )
