"""The fast reader: characters and drawn rules through PDFium (pypdfium2's raw API).

PDFium parses the page in C; Python only walks its character table and path objects. Each
page is closed as soon as its content is read, so memory stays flat however long the file.
"""

from __future__ import annotations

import ctypes
import re
from collections import deque
from collections.abc import Iterator
from itertools import repeat
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from shakyo_eval import limits
from shakyo_eval.extract.pdf.page import (
    NOT_INK,
    PageContent,
    PathPoint,
    Run,
    Segment,
    axis_segment,
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
        found = _runs(textpage.raw, chars, (left, top))
    finally:
        textpage.close()
    paths = _PathReader(left, top)
    try:
        paths.collect(page.raw, None, _IDENTITY)
    except _TooManyObjects:
        raise ExtractError("limit.page_objects", page=number, limit=MAX_PAGE_OBJECTS) from None
    return PageContent(number, right - left, top - bottom, found, paths.segments)


def _unchecked(function, result: bool = True):
    """``function`` without pypdfium2's declared argument types, and holding the GIL: ctypes
    then passes each argument as it is, where the declared types first convert every one,
    at twice the cost of the call itself (measured: 0.57 µs → 0.21 µs a call), and it does
    not release and take back the GIL around a call that lasts a fraction of a microsecond
    (0.06 µs less a call; nothing else runs Python meanwhile: PDFium is not thread-safe
    anyway). This matters for the calls made per character and per page object. Pass only
    ints, handles, arrays and ``byref()``s: a ctypes Structure would be passed by value, and a
    float as nothing PDFium expects. Without ``result``, what the function returns is not
    converted (a tenth of the call's instructions) but dropped."""
    restype = function.restype if result else None
    return ctypes.PYFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)


def _argument(handle):
    """``handle`` made into a ctypes argument once, for a handle passed thousands of times:
    ctypes makes one anew from a pointer object at each call (measured: 6% of the call)."""
    return ctypes.c_void_p.from_param(ctypes.cast(handle, ctypes.c_void_p).value)


_char_box = _unchecked(raw.FPDFText_GetLooseCharBox, result=False)
_font_size = _unchecked(raw.FPDFText_GetFontSize)


class _CharBoxes:
    """One FS_RECTF (left, top, right, bottom) per character of a page, in one array that
    grows to the longest page, with a pointer to each slot made once (for the first
    :data:`_KEPT_SLOTS`: a longer page makes its other pointers anew): PDFium fills a slot a
    call, and Python reads the page's boxes at once, as one list of numbers. One per
    process, as PDFium is used from one thread only."""

    def __init__(self) -> None:
        self._grow(2048)

    def _grow(self, count: int) -> None:
        self.array = (ctypes.c_float * (4 * count))()
        self.floats = memoryview(self.array).cast("B").cast("f")
        self.slots = [ctypes.byref(self.array, 16 * k) for k in range(min(count, _KEPT_SLOTS))]

    def read(self, textpage, indexes: list[int]) -> list[float]:
        """The boxes of the characters at ``indexes``, in PDF space, four numbers each."""
        count = len(indexes)
        if 4 * count > len(self.floats):
            self._grow(count)
        slots = self.slots
        if count > len(slots):
            slots = slots + [ctypes.byref(self.array, 16 * k) for k in range(len(slots), count)]
        # one call a character, made by map() (no Python loop), the results (none) dropped
        # by an empty deque; zip() stops at the last character (there are more slots)
        deque(map(_char_box, repeat(textpage, count), indexes, slots), 0)
        return self.floats[: 4 * count].tolist()


# Pointers kept for this many characters: a sheet's page holds about 2,000 (a pointer costs
# 90 bytes; the limit of 200,000 characters a page would hold 18 MB of them).
_KEPT_SLOTS = 8192
_BOXES = _CharBoxes()


def _runs(textpage, count: int, pdf_corner: tuple[float, float]) -> list[Run]:
    """The page's runs (:func:`runs`), from each of its ``count`` characters' text and loose
    box (the box pdfminer gives too: advance width × font ascent and descent); spaces left
    out."""
    if count <= 0:
        return []
    chars = _all_text(textpage, count)
    ink = [index for index, char in enumerate(chars) if char not in NOT_INK]
    textpage = _argument(textpage)
    boxes = _BOXES.read(textpage, ink)
    texts = [chars[index] for index in ink]
    return runs(texts, boxes, lambda k: _font_size(textpage, ink[k]), pdf_corner)


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
_MOVETO, _LINETO, _BEZIERTO = (
    raw.FPDF_SEGMENT_MOVETO,
    raw.FPDF_SEGMENT_LINETO,
    raw.FPDF_SEGMENT_BEZIERTO,
)


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
        modes = (ctypes.c_int * 2)()  # fill mode, stroke
        self.mode_refs = (ctypes.byref(modes, 0), ctypes.byref(modes, 4))
        self.mode_view = memoryview(modes).cast("B").cast("i")
        # two points (x, y), bounds (left, bottom, right, top) or a matrix (a, b, c, d, e, f)
        self.floats = (ctypes.c_float * 6)()
        self.float_view = memoryview(self.floats).cast("B").cast("f")
        refs = [ctypes.byref(self.floats, 4 * i) for i in range(4)]
        self.bounds_refs, self.first_point_refs, self.second_point_refs = refs, refs[:2], refs[2:]

    def collect(self, page, form, outer: Matrix) -> None:
        if form:
            owner, count, get = form, _count_form_objects(form), _get_form_object
        else:
            owner, count, get = page, _count_objects(page), _get_object
        owner = _argument(owner)
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
        _draw_mode(obj, *self.mode_refs)
        fill, stroke = self.mode_view.tolist()
        if not (stroke or fill):
            return  # a clipping path or an invisible one
        count = _count_segments(obj)
        view = self.float_view
        if not stroke and count <= 5:
            # A filled rectangle (or less): its bounds are its shape; only a thin one is a rule.
            _object_bounds(obj, *self.bounds_refs)
            x0, y0, x1, y1 = view[:4].tolist()
            corners = [self.point(*_apply(outer, x0, y0), True)]
            corners.append(self.point(*_apply(outer, x1, y1), True))
            self.segments += path_segments([(corners, False)], False, True)
            return
        matrix = _compose(self.matrix(obj), outer)
        left, top = self.left, self.top
        if count == 2 and stroke:
            # One straight line, the way most borders are drawn: its two points, no lists.
            start, end = _get_segment(obj, 0), _get_segment(obj, 1)
            if _segment_type(end) == _LINETO and _segment_type(start) != _BEZIERTO:
                _segment_point(start, *self.first_point_refs)
                _segment_point(end, *self.second_point_refs)
                x0, y0, x1, y1 = view[:4].tolist()
                if matrix is not _IDENTITY:
                    x0, y0 = _apply(matrix, x0, y0)
                    x1, y1 = _apply(matrix, x1, y1)
                segment = axis_segment(x0 - left, top - y0, x1 - left, top - y1)
                if segment:
                    self.segments.append(segment)
            return
        subpaths: list[tuple[list[PathPoint], bool]] = []
        points: list[PathPoint] = []
        closed = False
        pending_curve = 0
        for index in range(count):
            segment = _get_segment(obj, index)
            _segment_point(segment, *self.first_point_refs)
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
