"""The fast reader: characters and drawn rules through PDFium (pypdfium2's raw API).

PDFium parses the page in C; Python only walks its character table and path objects. Each
page is closed as soon as its content is read, so memory stays flat however long the file.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from shakyo_eval import limits
from shakyo_eval.extract.pdf.page import (
    GLYPH_TOUCH,
    UNMAPPED,
    Glyph,
    PageContent,
    PathPoint,
    Run,
    Segment,
    path_segments,
    quarter_turns,
    runs,
    upright_matrix,
)
from shakyo_eval.grid import ExtractError
from shakyo_eval.limits import MAX_PAGE_CHARS, MAX_PAGE_OBJECTS

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
    def __init__(self, source: Path | bytes, password: str | None) -> None:
        try:  # (bytes: a salvaged file, salvage.py)
            self.pdf = pdfium.PdfDocument(source, password=password)
        except pdfium.PdfiumError as error:
            if error.err_code == raw.FPDF_ERR_PASSWORD:
                raise ExtractError(password_problem(password)) from None
            key, params = _LOAD_ERRORS.get(error.err_code, ("pdf.damaged", {"detail": error}))
            raise ExtractError(key, **params) from None

    def __len__(self) -> int:
        return len(self.pdf)

    def pages(self, start: int = 0, stop: int | None = None) -> Iterator[PageContent]:
        for index in range(start, len(self.pdf) if stop is None else stop):
            try:
                page = self.pdf[index]
            except pdfium.PdfiumError:
                raise ExtractError("pdf.damaged_page", page=index + 1, detail="PDFium") from None
            try:
                turn_upright(page)
                yield read_page(page, index + 1)
            finally:
                page.close()

    def close(self) -> None:
        self.pdf.close()


def password_problem(password: str | None) -> str:
    """The error of an encrypted PDF: no password given, or a wrong one."""
    return "pdf.password_needed" if password is None else "pdf.wrong_password"


def turn_upright(page: pdfium.PdfPage) -> None:
    """Turns a page whose text runs up, down or upside down (content drawn rotated, as a
    landscape sheet often is, whatever its /Rotate says) so that it reads left to right:
    every object is transformed in place (in memory), and the box with them."""
    turns = _text_turns(page.raw)
    if turns == 0:
        return
    left, bottom, right, top = page.get_mediabox()
    matrix, width, height = upright_matrix(turns, right - left, top - bottom)
    a, b, c, d, e, f = matrix
    e, f = e - (a * left + c * bottom), f - (b * left + d * bottom)
    for index in range(raw.FPDFPage_CountObjects(page.raw)):
        raw.FPDFPageObj_Transform(raw.FPDFPage_GetObject(page.raw, index), a, b, c, d, e, f)
    raw.FPDFPage_SetMediaBox(page.raw, 0, 0, width, height)


def _text_turns(page) -> int:
    """How many quarter turns (counterclockwise) most of the page's text is drawn with,
    judged from its first text objects."""
    votes = [0, 0, 0, 0]
    matrix = (ctypes.c_float * 6)()
    for index in range(_count_objects(page)):
        obj = _get_object(page, index)
        if _object_type(obj) != raw.FPDF_PAGEOBJ_TEXT or not _object_matrix(obj, matrix):
            continue
        votes[quarter_turns(matrix[0], matrix[1])] += 1
        if sum(votes) >= _TURN_VOTES:
            break
    return votes.index(max(votes))


_TURN_VOTES = 25


def read_page(page: pdfium.PdfPage, number: int) -> PageContent:
    left, bottom, right, top = page.get_mediabox()
    limits.check(_count_objects(page.raw), MAX_PAGE_OBJECTS, "limit.page_objects", page=number)
    textpage = page.get_textpage()
    try:
        chars = raw.FPDFText_CountChars(textpage.raw)
        limits.check(chars, MAX_PAGE_CHARS, "limit.page_chars", page=number)
        # Runs are joined in PDF space (y up), then turned to pdfplumber's (top down): a few
        # hundred conversions a page instead of some thousand.
        found = [
            Run(r.text, r.x0 - left, r.x1 - left, top - r.top, top - r.bottom, r.size)
            for r in runs(_glyphs(textpage.raw))
        ]
    finally:
        textpage.close()
    paths = _PathReader(left, top)
    try:
        paths.collect(page.raw, None, _IDENTITY)
    except _TooManyObjects:
        raise ExtractError("limit.page_objects", page=number, limit=MAX_PAGE_OBJECTS) from None
    return PageContent(number, right - left, top - bottom, found, paths.segments)


def _unchecked(function):
    """``function`` without pypdfium2's declared argument types: ctypes then passes each
    argument as it is, where the declared types first convert every one, at twice the cost
    of the call itself (measured: 0.57 µs → 0.21 µs a call); this matters for the calls made
    per character and per page object. Pass only ints, handles, arrays and ``byref()``s: a
    ctypes Structure would be passed by value, and a float as nothing PDFium expects."""
    return ctypes.CFUNCTYPE(function.restype)(ctypes.cast(function, ctypes.c_void_p).value)


_char_box = _unchecked(raw.FPDFText_GetLooseCharBox)
_font_size = _unchecked(raw.FPDFText_GetFontSize)


def _glyphs(textpage) -> list[Glyph]:
    """Each character's text, loose box (in PDF space) and font size; spaces left out."""
    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    # An FS_RECTF (left, top, right, bottom) as an array: passed as a pointer, read at once.
    box = (ctypes.c_float * 4)()
    floats = memoryview(box).cast("B").cast("f")
    char_box, font_size = _char_box, _font_size
    glyphs = []
    # Asking the font size costs a call: ask it for the first glyph of a run only (a glyph that
    # does not touch the one before); a touching glyph is taken to share its size.
    size = right = base = 0.0
    for index, char in enumerate(_all_text(textpage, count)):
        if char.isspace() or char in UNMAPPED:  # is_ink(), inlined: this runs per character
            continue
        char_box(textpage, index, box)
        left, b_top, b_right, bottom = floats.tolist()
        slack = GLYPH_TOUCH * size
        if not (-slack < left - right < slack and -slack < b_top - base < slack):
            size = font_size(textpage, index)
        right, base = b_right, b_top
        glyphs.append((char, left, right, b_top, bottom, size))
    return glyphs


_SURROGATE = re.compile("[\ud800-\udfff]")


def _all_text(textpage, count: int) -> list[str]:
    """One string per character index (one call for the page, not one per character)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = raw.FPDFText_GetText(
        textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    units = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(units) == count and not _SURROGATE.search(units):
        return list(units)
    # A character outside the BMP takes two UTF-16 units, a glyph without Unicode none: then
    # the string no longer lines up with the character indexes, so ask one by one.
    return [chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count)]


_count_objects = _unchecked(raw.FPDFPage_CountObjects)
_get_object = _unchecked(raw.FPDFPage_GetObject)
_count_form_objects = _unchecked(raw.FPDFFormObj_CountObjects)
_get_form_object = _unchecked(raw.FPDFFormObj_GetObject)
_object_type = _unchecked(raw.FPDFPageObj_GetType)
_object_bounds = _unchecked(raw.FPDFPageObj_GetBounds)
_object_matrix = _unchecked(raw.FPDFPageObj_GetMatrix)
_draw_mode = _unchecked(raw.FPDFPath_GetDrawMode)
_count_segments = _unchecked(raw.FPDFPath_CountSegments)
_get_segment = _unchecked(raw.FPDFPath_GetPathSegment)
_segment_point = _unchecked(raw.FPDFPathSegment_GetPoint)
_segment_type = _unchecked(raw.FPDFPathSegment_GetType)
_segment_closes = _unchecked(raw.FPDFPathSegment_GetClose)
_MOVETO, _BEZIERTO = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_BEZIERTO


class _TooManyObjects(Exception):
    pass


class _PathReader:
    """The rules drawn by a page's path objects (as :func:`path_segments` defines them), with
    a shortcut for a filled rectangle, the shape nearly every shaded table is made of. Holds
    its ctypes out-parameters once per page: arrays of numbers, read at once."""

    def __init__(self, left: float, top: float) -> None:
        self.left, self.top = left, top
        self.segments: list[Segment] = []
        self.objects_left = MAX_PAGE_OBJECTS
        self.modes = (ctypes.c_int * 2)()  # fill mode, stroke
        self.modes_ref = (ctypes.byref(self.modes, 0), ctypes.byref(self.modes, 4))
        self.floats = (ctypes.c_float * 6)()  # a point (x, y), bounds (4) or a matrix (6)
        self.float_view = memoryview(self.floats).cast("B").cast("f")
        self.float_refs = [ctypes.byref(self.floats, 4 * i) for i in range(4)]

    def collect(self, page, form, outer: Matrix) -> None:
        if form:
            owner, count, get = form, _count_form_objects(form), _get_form_object
        else:
            owner, count, get = page, _count_objects(page), _get_object
        # each drawing of a form counts its objects again: forms that draw forms many times
        # grow exponentially
        self.objects_left -= max(count, 0)
        if self.objects_left < 0:
            raise _TooManyObjects
        path, form_kind = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
        for index in range(count):
            obj = get(owner, index)
            kind = _object_type(obj)
            if kind == path:
                self.path(obj, outer)
            elif kind == form_kind:
                self.collect(page, obj, _compose(self.matrix(obj), outer))

    def path(self, obj, outer: Matrix) -> None:
        _draw_mode(obj, *self.modes_ref)
        fill, stroke = self.modes
        if not (stroke or fill):
            return  # a clipping path or an invisible one
        count = _count_segments(obj)
        if not stroke and count <= 5:
            # A filled rectangle (or less): its bounds are its shape; only a thin one is a rule.
            _object_bounds(obj, *self.float_refs)
            x0, y0, x1, y1 = self.float_view.tolist()[:4]
            corners = [self.point(*_apply(outer, x0, y0), True)]
            corners.append(self.point(*_apply(outer, x1, y1), True))
            self.segments += path_segments([(corners, False)], False, True)
            return
        matrix = _compose(self.matrix(obj), outer)
        left, top, view = self.left, self.top, self.float_view
        x_ref, y_ref = self.float_refs[:2]
        subpaths: list[tuple[list[PathPoint], bool]] = []
        points: list[PathPoint] = []
        closed = False
        pending_curve = 0
        for index in range(count):
            segment = _get_segment(obj, index)
            _segment_point(segment, x_ref, y_ref)
            kind = _segment_type(segment)
            x, y = _apply(matrix, view[0], view[1])
            if kind == _MOVETO:
                if points:
                    subpaths.append((points, closed))
                points, closed = [(x - left, top - y, False)], False
            elif kind == _BEZIERTO:
                # a curve is three points (two controls, then the end); only its end is kept
                pending_curve = (pending_curve + 1) % 3
                if pending_curve == 0:
                    points.append((x - left, top - y, False))
            else:
                points.append((x - left, top - y, True))
            if count > 2 and _segment_closes(segment):
                closed = True  # (closing a single line adds nothing)
        if points:
            subpaths.append((points, closed))
        self.segments += path_segments(subpaths, bool(stroke), bool(fill))

    def point(self, x: float, y: float, straight: bool) -> PathPoint:
        """A point in PDF space as a point of pdfplumber's page space."""
        return (x - self.left, self.top - y, straight)

    def matrix(self, obj) -> Matrix:
        """The object's own matrix (an FS_MATRIX: a, b, c, d, e, f)."""
        if not _object_matrix(obj, self.floats):
            return _IDENTITY
        values = tuple(self.float_view.tolist())
        return _IDENTITY if values == _IDENTITY else values


def _apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    if matrix is _IDENTITY:
        return x, y
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


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
