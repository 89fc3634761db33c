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
    GLYPH_TOUCH,
    UNMAPPED,
    Glyph,
    PageContent,
    PathPoint,
    Run,
    Segment,
    path_segments,
    runs,
)
from shakyo_eval.grid import ExtractError

NAME = "pdfium"

_LOAD_ERRORS = {
    raw.FPDF_ERR_FILE: ("pdf.unopenable", {}),
    raw.FPDF_ERR_FORMAT: ("pdf.damaged", {"detail": "PDFium cannot parse it"}),
    raw.FPDF_ERR_SECURITY: ("pdf.security", {}),
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
                raise ExtractError(password_problem(password)) from None
            key, params = _LOAD_ERRORS.get(error.err_code, ("pdf.damaged", {"detail": error}))
            raise ExtractError(key, **params) from None

    def __len__(self) -> int:
        return len(self.pdf)

    def pages(self) -> Iterator[PageContent]:
        for index in range(len(self.pdf)):
            try:
                page = self.pdf[index]
            except pdfium.PdfiumError:
                raise ExtractError("pdf.damaged_page", page=index + 1, detail="PDFium") from None
            try:
                yield read_page(page, index + 1)
            finally:
                page.close()

    def close(self) -> None:
        self.pdf.close()


def password_problem(password: str | None) -> str:
    """The error of an encrypted PDF: no password given, or a wrong one."""
    return "pdf.password_needed" if password is None else "pdf.wrong_password"


def read_page(page: pdfium.PdfPage, number: int) -> PageContent:
    left, bottom, right, top = page.get_mediabox()
    textpage = page.get_textpage()
    try:
        # Runs are joined in PDF space (y up), then turned to pdfplumber's (top down): a few
        # hundred conversions a page instead of some thousand.
        found = [
            Run(r.text, r.x0 - left, r.x1 - left, top - r.top, top - r.bottom, r.size)
            for r in runs(_glyphs(textpage.raw))
        ]
    finally:
        textpage.close()
    paths = _PathReader(left, top)
    paths.collect(page.raw, None, _IDENTITY)
    return PageContent(number, right - left, top - bottom, found, paths.segments)


def _glyphs(textpage) -> list[Glyph]:
    """Each character's text, loose box (in PDF space) and font size; spaces left out."""
    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    box = raw.FS_RECTF()
    box_ref = ctypes.byref(box)  # made once: converting the argument on every call costs more
    char_box, font_size = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize
    glyphs = []
    # Asking the font size costs a call: ask it for the first glyph of a run only (a glyph that
    # does not touch the one before); a touching glyph is taken to share its size.
    size = right = base = 0.0
    for index, char in enumerate(_all_text(textpage, count)):
        if char.isspace() or char in UNMAPPED:  # is_ink(), inlined: this runs per character
            continue
        char_box(textpage, index, box_ref)
        left, b_top = box.left, box.top
        slack = GLYPH_TOUCH * size
        if not (-slack < left - right < slack and -slack < b_top - base < slack):
            size = font_size(textpage, index)
        right, base = box.right, b_top
        glyphs.append((char, left, right, b_top, box.bottom, size))
    return glyphs


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


class _PathReader:
    """The rules drawn by a page's path objects (as :func:`path_segments` defines them), with
    shortcuts for the two shapes nearly every ruled table is made of: a stroked line and a
    filled rectangle. Holds its ctypes out-parameters once per page."""

    def __init__(self, left: float, top: float) -> None:
        self.left, self.top = left, top
        self.segments: list[Segment] = []
        self.fill, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.bounds = [ctypes.c_float() for _ in range(4)]

    def collect(self, page, form, outer: Matrix) -> None:
        if form:
            count, get = raw.FPDFFormObj_CountObjects(form), raw.FPDFFormObj_GetObject
        else:
            count, get = raw.FPDFPage_CountObjects(page), raw.FPDFPage_GetObject
        for index in range(count):
            obj = get(form or page, index)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                self.path(obj, outer)
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                self.collect(page, obj, _compose(_matrix(obj), outer))

    def path(self, obj, outer: Matrix) -> None:
        raw.FPDFPath_GetDrawMode(obj, self.fill, self.stroke)
        stroke, fill = bool(self.stroke.value), bool(self.fill.value)
        if not (stroke or fill):
            return  # a clipping path or an invisible one
        count = raw.FPDFPath_CountSegments(obj)
        if not stroke and count <= 5:
            # A filled rectangle (or less): its bounds are its shape; only a thin one is a rule.
            raw.FPDFPageObj_GetBounds(obj, *self.bounds)
            x0, y0, x1, y1 = (c.value for c in self.bounds)
            corners = [self.point(*_apply(outer, x0, y0), True)]
            corners.append(self.point(*_apply(outer, x1, y1), True))
            self.segments += path_segments([(corners, False)], False, True)
            return
        matrix = _compose(_matrix(obj), outer)
        subpaths: list[tuple[list[PathPoint], bool]] = []
        points: list[PathPoint] = []
        closed = False
        pending_curve = 0
        for index in range(count):
            segment = raw.FPDFPath_GetPathSegment(obj, index)
            raw.FPDFPathSegment_GetPoint(segment, self.x, self.y)
            kind = raw.FPDFPathSegment_GetType(segment)
            x, y = _apply(matrix, self.x.value, self.y.value)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                if points:
                    subpaths.append((points, closed))
                points, closed = [self.point(x, y, False)], False
            elif kind == raw.FPDF_SEGMENT_BEZIERTO:
                # a curve is three points (two controls, then the end); only its end is kept
                pending_curve = (pending_curve + 1) % 3
                if pending_curve == 0:
                    points.append(self.point(x, y, False))
            else:
                points.append(self.point(x, y, True))
            if count > 2 and raw.FPDFPathSegment_GetClose(segment):
                closed = True  # (closing a single line adds nothing)
        if points:
            subpaths.append((points, closed))
        self.segments += path_segments(subpaths, stroke, fill)

    def point(self, x: float, y: float, straight: bool) -> PathPoint:
        """A point in PDF space as a point of pdfplumber's page space."""
        return (x - self.left, self.top - y, straight)


def _apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    if matrix is _IDENTITY:
        return x, y
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _matrix(obj) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    values = (m.a, m.b, m.c, m.d, m.e, m.f)
    return _IDENTITY if values == _IDENTITY else values


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies ``inner`` then ``outer``."""
    if outer is _IDENTITY:
        return inner
    if inner is _IDENTITY:
        return outer
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
