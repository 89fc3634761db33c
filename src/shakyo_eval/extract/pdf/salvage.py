"""The readable pages of a PDF that no reader opens: a download cut off, a damaged end.

A PDF ends with its cross-reference table and trailer, which say where each object is and
which one is the catalog; a file cut short loses them first, and PDFium (like pdfminer)
then refuses it whole. Yet the objects before the cut are intact. This module finds them by
scanning (objects.py), keeps each page whose dictionary and everything it refers to (its
content, its fonts) survived, and writes them into a new, small PDF with a page tree, a
catalog and a cross-reference table of its own, which the readers open as usual.

Where the page tree survived, the pages keep their numbers (a lost page becomes a blank page
in the new file) and the lost ones are named; where it did not (LibreOffice writes it last),
pages are taken in the order stored up to the first one lost, and the report says the file is
cut off after the last page read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shakyo_eval.extract.pdf.objects import RawObject, scan
from shakyo_eval.grid import ExtractError

_REFERENCE = re.compile(rb"(\d+)\s+(\d+)\s+R\b")
_PARENT = re.compile(rb"/Parent\s+\d+\s+\d+\s+R\b")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_PAGES = re.compile(rb"/Type\s*/Pages\b")
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")
_ROOT_PAGES = re.compile(rb"/Pages\s+(\d+)\s+\d+\s+R\b")
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
# what a page may take from the nodes above it (PDF 32000, 7.7.3.4)
_INHERITED = (b"Resources", b"MediaBox", b"CropBox", b"Rotate")
_BLANK = b"<< /Type /Page /MediaBox [0 0 595 842] >>"


@dataclass
class Salvage:
    data: bytes  # a PDF holding the pages read, each at its own number
    problem: ExtractError | None  # which pages were lost; None when none was


def salvage(data: bytes) -> Salvage | None:
    """The pages that survive in ``data``, or None when none does."""
    objects: dict[int, RawObject] = {}
    cut: set[int] = set()
    stored: list[int] = []  # page objects in the order stored
    for raw in scan(data):
        if raw.complete:
            objects[raw.number] = raw  # (a later definition is an update: it wins)
            cut.discard(raw.number)
        elif raw.number not in objects:
            cut.add(raw.number)
        if _PAGE.search(raw.dictionary) and raw.number not in stored:
            stored.append(raw.number)
    tree = _page_tree(objects)
    readable = {n for n in (tree or stored) if _readable(n, objects)}
    if tree:
        pages = tree
        lost = [i for i, n in enumerate(tree, start=1) if n not in readable]
        problem = ExtractError("pdf.pages_lost", pages=_ranges(lost)) if lost else None
    else:
        first_lost = next((i for i, n in enumerate(stored) if n not in readable), len(stored))
        pages = stored[:first_lost]
        problem = ExtractError("pdf.pages_lost_from", read=len(pages))
    if not readable.intersection(pages):
        return None
    return Salvage(_rebuild(pages, readable, objects), problem)


def _page_tree(objects: dict[int, RawObject]) -> list[int] | None:
    """The page objects of the document's page tree, in order; None when it is lost."""
    catalog = next((o for o in objects.values() if _CATALOG.search(o.dictionary)), None)
    found = _ROOT_PAGES.search(catalog.dictionary) if catalog else None
    if found and int(found[1]) in objects:
        root = int(found[1])
    else:
        roots = [
            o.number
            for o in objects.values()
            if _PAGES.search(o.dictionary) and not _PARENT.search(o.dictionary)
        ]
        if len(roots) != 1:
            return None
        root = roots[0]
    pages: list[int] = []
    _walk(root, objects, pages, set())
    return pages or None


def _walk(number: int, objects: dict[int, RawObject], pages: list[int], seen: set[int]) -> None:
    raw = objects.get(number)
    if number in seen:
        return
    seen.add(number)
    if raw is None or _PAGE.search(raw.dictionary):
        pages.append(number)  # a page, or a kid that is lost (counted as one page)
        return
    kids = _KIDS.search(raw.dictionary)
    for kid in _REFERENCE.finditer(kids[1] if kids else b""):
        _walk(int(kid[1]), objects, pages, seen)


def _references(raw: RawObject) -> set[int]:
    return {int(m[1]) for m in _REFERENCE.finditer(_PARENT.sub(b"", raw.dictionary))}


def _needed(number: int, objects: dict[int, RawObject]) -> set[int] | None:
    """Every object a page needs (its ancestors' for what it inherits), or None when one is
    missing."""
    needed: set[int] = set()
    pending = [number, *_ancestors(number, objects)]
    while pending:
        current = pending.pop()
        if current in needed:
            continue
        raw = objects.get(current)
        if raw is None:
            return None
        needed.add(current)
        pending += _references(raw)
    return needed


def _ancestors(number: int, objects: dict[int, RawObject]) -> list[int]:
    """The page tree nodes above a page, when it inherits from them."""
    raw = objects.get(number)
    if raw is None or all(_value(raw.dictionary, key) for key in (b"Resources", b"MediaBox")):
        return []
    found, seen = [], {number}
    while raw is not None and (parent := re.search(rb"/Parent\s+(\d+)\s+\d+\s+R", raw.dictionary)):
        node = int(parent[1])
        if node in seen:
            break
        seen.add(node)
        found.append(node)
        raw = objects.get(node)
    return found


def _readable(number: int, objects: dict[int, RawObject]) -> bool:
    # (a damaged "page" may hold no dictionary at all: fuzzing found one)
    return (
        number in objects
        and b"<<" in objects[number].dictionary
        and _needed(number, objects) is not None
    )


def _rebuild(pages: list[int], readable: set[int], objects: dict[int, RawObject]) -> bytes:
    keep: set[int] = set()
    for number in pages:
        if number in readable:
            keep |= _needed(number, objects) or set()
    top = max(objects, default=0)
    tree, catalog = top + 1, top + 2
    kids: list[int] = []
    body: dict[int, bytes] = {}
    for index, number in enumerate(pages):
        if number in readable:
            body[number] = _page(number, objects, tree)
            kids.append(number)
        else:  # a blank page keeps the numbers of the pages after it
            blank = top + 3 + index
            body[blank] = _BLANK[:-2] + b"/Parent %d 0 R >>" % tree
            kids.append(blank)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, tuple[int, int]] = {}
    for number in sorted(keep | set(body)):
        raw = objects.get(number)
        generation = raw.generation if raw else 0
        offsets[number] = (len(out), generation)
        out += b"%d %d obj\n" % (number, generation)
        out += body.get(number) or raw.dictionary
        if raw is not None and raw.data is not None and number not in body:
            out += b"stream\n" + raw.data + b"\nendstream"
        out += b"\nendobj\n"
    references = b" ".join(b"%d %d R" % (k, offsets[k][1]) for k in kids)
    for number, text in (
        (tree, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (references, len(kids))),
        (catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % tree),
    ):
        offsets[number] = (len(out), 0)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, text)
    size = max(offsets) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        offset, generation = offsets.get(number, (0, 65535))
        out += b"%010d %05d %s \n" % (offset, generation, b"n" if number in offsets else b"f")
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, catalog, xref)
    return bytes(out)


def _page(number: int, objects: dict[int, RawObject], tree: int) -> bytes:
    """The page's dictionary under the new tree, with what it inherited written into it."""
    dictionary = objects[number].dictionary
    inherited = b""
    for key in _INHERITED:
        if _value(dictionary, key):
            continue
        for node in _ancestors(number, objects):
            value = _value(objects[node].dictionary, key)
            if value:
                inherited += b"/%s %s " % (key, value)
                break
    dictionary = _PARENT.sub(b"", dictionary)
    start = dictionary.index(b"<<") + 2
    return dictionary[:start] + b" /Parent %d 0 R %s" % (tree, inherited) + dictionary[start:]


def _value(dictionary: bytes, key: bytes) -> bytes | None:
    """The text of ``key``'s value at the top level of a dictionary (a reference, a number,
    a name, an array or a dictionary)."""
    depth = 0
    index = 0
    text = dictionary
    while index < len(text):
        if text.startswith(b"<<", index):
            depth += 1
            index += 2
        elif text.startswith(b">>", index):
            depth -= 1
            index += 2
        elif text[index : index + 1] == b"(":
            index = _string_end(text, index)
        elif depth == 1 and text[index : index + 1] == b"/" and _name_at(text, index) == key:
            return _object_at(text, index + 1 + len(key))
        else:
            index += 1
    return None


def _name_at(text: bytes, index: int) -> bytes:
    return re.match(rb"/([^\s/\[\]<>()%{}]*)", text[index:])[1]


def _object_at(text: bytes, index: int) -> bytes | None:
    rest = text[index:].lstrip()
    start = len(text) - len(rest)
    reference = re.match(rb"\d+\s+\d+\s+R\b", rest)
    if reference:
        return reference[0]
    if rest.startswith((b"[", b"<<")):
        depth, position = 0, start
        while position < len(text):
            if text.startswith((b"<<", b">>"), position):
                depth += 1 if text[position] == 0x3C else -1
                position += 2
            elif text[position] in b"[]":
                depth += 1 if text[position] == 0x5B else -1
                position += 1
            elif text[position] == 0x28:  # (
                position = _string_end(text, position)
            else:
                position += 1
            if depth == 0:
                return text[start:position]
        return None
    token = re.match(rb"[^\s/\[\]<>()]+|/[^\s/\[\]<>()]*", rest)
    return token[0] if token else None


def _string_end(text: bytes, index: int) -> int:
    """Just after the literal string that opens at ``index`` (nested parentheses, escapes)."""
    depth = 0
    while index < len(text):
        char = text[index : index + 1]
        if char == b"\\":
            index += 2
            continue
        if char == b"(":
            depth += 1
        elif char == b")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return index


def _ranges(numbers: list[int]) -> str:
    """[7, 8, 9, 12] → "7–9, 12"."""
    parts: list[str] = []
    for index, number in enumerate(numbers):
        if index and number == numbers[index - 1] + 1:
            parts[-1] = f"{parts[-1].split('–')[0]}–{number}"
        else:
            parts.append(str(number))
    return ", ".join(parts)
