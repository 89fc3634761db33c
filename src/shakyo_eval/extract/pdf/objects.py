"""A PDF's objects as its bytes hold them, found by scanning, without the cross-reference table.

Two things a reader's own parsing cannot do for us: measure what the streams decompress to
before PDFium decodes them (a zip bomb is refused, never inflated in memory), and find the
objects of a file whose end is lost, to salvage its pages (salvage.py).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from shakyo_eval.grid import ExtractError
from shakyo_eval.limits import MAX_DECODED_BYTES, MAX_STREAM_BYTES

_HEADER = rb"(?<![0-9])(\d{1,10})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+obj\b"
# what can end the part of an object before its stream data: the stream, its end, the next object
_NEXT = re.compile(rb"\b(stream)(?:\r\n|\n|\r)?|\b(endobj)\b|" + _HEADER)
_HEADER_ONLY = re.compile(_HEADER)
_ENDSTREAM = re.compile(rb"endstream")
_LENGTH = re.compile(rb"/Length[ \t\r\n]+(\d+)(?![ \t\r\n]+\d+[ \t\r\n]+R)")
_FILTERS = re.compile(rb"/Filter[ \t\r\n]*(\[[^\]]*\]|/[^\s/\[<>(]+)")
_IMAGE = re.compile(rb"/Subtype[ \t\r\n]*/Image\b")
_OBJECT_STREAM = re.compile(rb"/Type[ \t\r\n]*/ObjStm\b")
_FIRST = re.compile(rb"/First[ \t\r\n]+(\d+)")


@dataclass(slots=True)
class RawObject:
    number: int
    generation: int
    offset: int  # of its header in the file (-1: inside an object stream)
    dictionary: bytes  # the text between ``obj`` and ``stream``/``endobj``
    data: bytes | None  # a stream's bytes as stored (still encoded)
    complete: bool  # its end was found: nothing of it is cut off


def scan(data: bytes) -> Iterator[RawObject]:
    """Every object of the file in the order stored, complete or cut off; the objects of
    object streams follow the stream that holds them."""
    match = _HEADER_ONLY.search(data)
    while match:
        number, generation = int(match[1]), int(match[2])
        found = _NEXT.search(data, match.end())
        if found is None:  # the file ends inside the object
            yield RawObject(number, generation, match.start(), data[match.end() :], None, False)
            return
        dictionary = data[match.end() : found.start()]
        if found[2]:  # endobj
            yield RawObject(number, generation, match.start(), dictionary, None, True)
            match = _HEADER_ONLY.search(data, found.end())
        elif found[1]:  # stream
            start = found.end()
            end = _stream_end(data, start, dictionary)
            complete = end is not None
            stream = data[start:end] if complete else data[start:]
            raw = RawObject(number, generation, match.start(), dictionary, stream, complete)
            yield raw
            if complete and _OBJECT_STREAM.search(dictionary):
                yield from _contained(raw)
            match = _HEADER_ONLY.search(data, end) if complete else None
        else:  # the next header: this object has no end
            yield RawObject(number, generation, match.start(), dictionary, None, False)
            match = _HEADER_ONLY.search(data, found.start())


def _stream_end(data: bytes, start: int, dictionary: bytes) -> int | None:
    length = _LENGTH.search(dictionary)
    if length:
        end = start + int(length[1])
        if data[end : end + 20].lstrip().startswith(b"endstream"):
            return end
    found = _ENDSTREAM.search(data, start)
    return found.start() if found else None


def _contained(stream: RawObject) -> Iterator[RawObject]:
    """The objects an object stream holds (PDF 1.5: ``n₁ offset₁ n₂ offset₂ …`` then them)."""
    try:
        content = decode(stream)
        first = int(_FIRST.search(stream.dictionary)[1])
    except (ExtractError, TypeError, ValueError):
        return
    if content is None:
        return
    numbers = content[:first].split()
    pairs = [(int(numbers[i]), int(numbers[i + 1])) for i in range(0, len(numbers) - 1, 2)]
    for index, (number, offset) in enumerate(pairs):
        end = pairs[index + 1][1] if index + 1 < len(pairs) else len(content) - first
        body = content[first + offset : first + end]
        yield RawObject(number, 0, -1, body, None, True)


def filters(dictionary: bytes) -> list[bytes]:
    found = _FILTERS.search(dictionary)
    return re.findall(rb"/([^\s/\[\]<>(]+)", found[1]) if found else []


def decode(stream: RawObject, limit: int = MAX_STREAM_BYTES) -> bytes | None:
    """The stream decoded (ASCII hex, ASCII85, Flate), or None when it uses another filter
    or does not decode (an encrypted file's streams: PDFium decrypts them itself);
    ExtractError ``limit.stream`` when it would be beyond ``limit`` bytes."""
    content = stream.data or b""
    for name in filters(stream.dictionary):
        try:
            if name in (b"ASCIIHexDecode", b"AHx"):
                digits = re.sub(rb"[^0-9A-Fa-f]", b"", content.split(b">")[0])
                content = binascii.unhexlify(digits + b"0" * (len(digits) % 2))
            elif name in (b"ASCII85Decode", b"A85"):
                text = content.strip().removeprefix(b"<~").split(b"~>")[0]
                content = base64.a85decode(text, ignorechars=b" \t\r\n\f\x00")
            elif name in (b"FlateDecode", b"Fl"):
                # at most limit + 1 bytes are ever inflated
                content = zlib.decompressobj().decompress(content, limit + 1)
            else:
                return None
        except (ValueError, binascii.Error, zlib.error):
            return None
        if len(content) > limit:
            raise ExtractError("limit.stream", offset=stream.offset, limit=limit)
    return content


def check_decoded_size(data: bytes) -> None:
    """ExtractError when a stream that PDFium would decode to read the text (a page's
    content, a font; not an image) decodes beyond :data:`MAX_STREAM_BYTES`, or all of them
    together beyond :data:`MAX_DECODED_BYTES`."""
    total = 0
    for raw in scan(data):
        if raw.data is None or not filters(raw.dictionary) or _IMAGE.search(raw.dictionary):
            continue
        decoded = decode(raw)
        total += len(decoded) if decoded is not None else 0
        if total > MAX_DECODED_BYTES:
            raise ExtractError("limit.decoded", limit=MAX_DECODED_BYTES)
