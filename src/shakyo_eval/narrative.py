"""Figures stated in the free text of 実施内容: ``ボランティア活動件数109件 (56件)``.

Reading them is normalisation (what the text says, with this year's value and last year's
in brackets); deciding which figure speaks of which indicator is a rule's business.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import count

from shakyo_eval import labels as L
from shakyo_eval.model import Location, TextFigure
from shakyo_eval.numbers import nfkc

_COUNTER = "|".join(re.escape(c) for c in L.COUNTERS)
# A quantity: a number with a counter, not an ordinal (第2層) nor part of a longer number.
_FIGURE = re.compile(
    rf"(?<![\d.,第])(?P<number>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(?P<frac>\d+))?\s*(?P<unit>{_COUNTER})"
)
_BRACKET = re.compile(r"\(([^()]*)\)")
_HEADING = re.compile(r"^【(?P<heading>[^】]+)】\s*")
_BULLET = re.compile(r"^[・●○◎■□◆◇\-*\u2460-\u2473\u3251-\u325f]+\s*")
_SEPARATORS = " 、,/:;。"
_MODIFIER_ONLY = re.compile("^(?:" + "|".join(L.MODIFIERS) + ")+$")


def read_figures(text: str, location: Location) -> list[TextFigure]:
    """Every figure of a free text, line by line, under the heading (【…】) it falls under."""
    figures: list[TextFigure] = []
    heading = ""
    groups = count(1)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = nfkc(_BULLET.sub("", raw.strip()))
        match = _HEADING.match(line)
        if match:
            heading = match["heading"]
            line = line[match.end() :]
        figures += _line_figures(line, heading, number, location, groups)
    return figures


def _line_figures(
    line: str, heading: str, number: int, location: Location, groups: count
) -> list[TextFigure]:
    brackets = [(m.start(), m.end(), m.group(1)) for m in _BRACKET.finditer(line)]
    found = list(_FIGURE.finditer(line))
    if brackets:
        found = [m for m in found if not any(start < m.start() < end for start, end, _ in brackets)]
    # the figures' fields, as they are worked out: a pydantic model is slow to change
    figures: list[dict] = []
    previous_end = 0
    for index, match in enumerate(found):
        between = _without_brackets(line[previous_end : match.start()])
        if index == 0:
            prefix = between.strip(_SEPARATORS)
            head, _, label = prefix.rpartition(" ") if " " in prefix else (prefix, "", "")
        else:
            head = figures[0]["head"]
            label = between.strip(_SEPARATORS)
        figure = {
            "value": _value(match),
            "unit": match["unit"],
            "text": match.group(),
            "heading": heading,
            "head": head.strip(_SEPARATORS),
            "label": label.strip(_SEPARATORS),
            "line": number,
            "location": location,
        }
        if figures:
            before = figures[-1]
            joined = between.strip()
            if (
                _MODIFIER_ONLY.match(figure["label"])
                and "、" not in joined
                and before["unit"] == figure["unit"]
            ):
                parent = next(f for f in reversed(figures) if not f.get("sub"))
                figure["sub"] = True
                figure["label"] = f"{parent['label']} {figure['label']}".strip()
            elif "/" in between and "、" not in between and before["unit"] == figure["unit"]:
                before["group"] = before.get("group") or next(groups)
                figure["group"] = before["group"]
        figures.append(figure)
        previous_end = _after_bracket(line, match.end(), brackets)
    if brackets:
        _attach_previous(line, found, figures, brackets)
    return [TextFigure(**figure) for figure in figures]


def _value(match: re.Match[str]) -> Decimal:
    integer = match["number"].replace(",", "")
    return Decimal(f"{integer}.{match['frac']}" if match["frac"] else integer)


def _without_brackets(text: str) -> str:
    return _BRACKET.sub(" ", text)


def _after_bracket(line: str, position: int, brackets: list[tuple[int, int, str]]) -> int:
    """Where the text after a figure resumes: past a bracket that follows it directly."""
    for start, end, _ in brackets:
        if start >= position and not line[position:start].strip():
            return end
    return position


def _attach_previous(
    line: str,
    found: list[re.Match[str]],
    figures: list[dict],
    brackets: list[tuple[int, int, str]],
) -> None:
    """A bracket holds last year's values for the figures just before it, as many as it
    holds: ``13名 新規8名(10名 新規0名)``. Units must agree, or nothing is attached."""
    pending: list[int] = []
    following = 0  # the first bracket that does not start before the figure ends
    for index, match in enumerate(found):
        pending.append(index)
        next_start = found[index + 1].start() if index + 1 < len(found) else len(line)
        # figures and brackets are both in order: the brackets passed stay passed
        while following < len(brackets) and brackets[following][0] < match.end():
            following += 1
        if following < len(brackets) and brackets[following][0] < next_start:
            values = list(_FIGURE.finditer(brackets[following][2]))
            owners = pending[-len(values) :] if values else []
            if len(owners) == len(values) and all(
                L.same_unit(v["unit"], figures[i]["unit"])
                for v, i in zip(values, owners, strict=True)
            ):
                for value, i in zip(values, owners, strict=True):
                    figures[i]["previous"] = _value(value)
            pending = []
