"""Lines of text filled to a width in terminal cells, broken where Japanese may break.

Japanese is written without spaces, so a line may break between two characters where
either is wide (two cells, as rich counts them), but not before closing punctuation, small
kana or ー, nor after opening punctuation: the usual kinsoku rules. A run of narrow
characters breaks only at a space, so a number (6,886,700, ▲12, 98.7%), a letter such as
(c), a rule id or a path is never split; only a run wider than the whole line is cut.

This is the part of the Unicode line breaking algorithm (UAX #14) that our messages need.
uniseg implements all of it, but took 6.8 ms a message here: seconds for a large report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rich.cells import cell_len, chop_cells

# Never at the start of a line: closing brackets, punctuation, small kana, iteration marks.
_NO_BREAK_BEFORE = frozenset(
    "、。，．・：；？！ー－～…‥）」』】〕〉》］｝〙〗’”ゝゞヽヾ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    ")]},.:;!?%/"
)
# Never at the end of a line: opening brackets and the signs that lead a number.
_NO_BREAK_AFTER = frozenset("（「『【〔〈《［｛〘〖‘“([{¥￥$＄▲△")

_WORD = re.compile(r"\S+\s*|\s+")


def _may_break(before: str, after: str) -> bool:
    # a counter stays with its number: 8名, 12事業所, 2024年
    if after in _NO_BREAK_BEFORE or before in _NO_BREAK_AFTER or before.isdigit():
        return False
    return cell_len(before) == 2 or cell_len(after) == 2


def units(text: str) -> Iterator[str]:
    """The pieces of ``text`` between which a line may break, each with the spaces after it."""
    for word in _WORD.findall(text):
        start = 0
        end = len(word.rstrip())
        for index in range(1, end):
            if _may_break(word[index - 1], word[index]):
                yield word[start:index]
                start = index
        yield word[start:]


def fill(pieces: Iterable[str], width: int, first: str = "", rest: str = "") -> list[str]:
    """``pieces`` (kept whole where they fit) set in lines of at most ``width`` cells, the
    first line led by ``first``, the others by ``rest``. A piece wider than a line is broken
    where :func:`units` allows, and a unit wider than a line is cut."""
    lines: list[str] = []
    line = first
    lead = first

    def fits(text: str) -> bool:
        return cell_len(text.rstrip()) <= width

    def place(piece: str) -> None:
        nonlocal line, lead
        if fits(line + piece):
            line += piece
            return
        if line.strip():  # something besides the lead: start a new line
            lines.append(line.rstrip())
            line = lead = rest
            piece = piece.lstrip()
            if fits(line + piece):
                line += piece
                return
        parts = list(units(piece))
        if len(parts) > 1:
            for part in parts:
                place(part)
            return
        room = max(width - cell_len(lead), 1)
        *whole, last = chop_cells(piece.rstrip(), room)
        for chunk in whole:
            lines.append(line + chunk)
            line = lead = rest
        line += last + piece[len(piece.rstrip()) :]

    for piece in pieces:
        place(piece)
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken where Japanese may break."""
    return fill(units(text), width, first, rest)
