"""Excel number formats: a stored value and its format code → the text Excel displays.

A workbook stores 1234567 and prints ``1,234,567``, ``1,235千円`` or ``▲1,234,567``
depending on the cell's format; the shared number parser downstream must read what a
reader of the printed sheet reads, so the xlsx extractor renders every value here.

What is rendered: up to four sections (positive; negative; zero; text) and ``[<0]``-style
conditions; digit placeholders ``0 # ?`` with grouping (``#,##0``), scaling by trailing
commas (``#,##0,`` shows thousands) and ``%`` (×100); quoted and escaped literals
(``"千円"``, ``\\▲``), ``_x`` as a space, ``*x`` fills and colours dropped, ``[$¥-411]`` as
its symbol; ``General`` and ``@``; scientific ``0.00E+00``; dates and times from the serial
value (``yyyy/m/d``, ``h:mm``, ``aaa``) with the Japanese era (``ggge"年"``: 令和6年).
Rounding is Excel's: half away from zero on the value's 15 significant digits (2.675 with
``0.00`` shows 2.68, where binary floating point alone would give 2.67). ``General`` shows
at most 15 significant digits; Excel shows fewer when the column is too narrow for them,
which a file does not record. What cannot be rendered (fractions ``# ?/?``, a format that
does not parse) falls back to ``General``; leading and trailing padding is stripped, as a
PDF's text would be.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

_CONDITION = re.compile(r"^(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)$")
_CURRENCY = re.compile(r"^\$([^-]*)(?:-[0-9A-Fa-f]+)?$")
_DATE_LETTERS = frozenset("ymdhsgea")
# (first day, era name); the initial letter of an era is its romanised name's.
_ERAS = (
    (dt.date(2019, 5, 1), "令和", "R"),
    (dt.date(1989, 1, 8), "平成", "H"),
    (dt.date(1926, 12, 25), "昭和", "S"),
    (dt.date(1912, 7, 30), "大正", "T"),
    (dt.date(1868, 1, 25), "明治", "M"),
)
_WEEKDAYS_JA = "月火水木金土日"
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_EN = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


# The built-in formats a Japanese Excel means by these ids (the file names only the id);
# ECMA-376 leaves them to the locale. From LibreOffice's import tables (sc/source/filter).
_ERA_DATE = "[$-411]ge.m.d"
_ERA_LONG = '[$-411]ggge"年"m"月"d"日"'
_YEAR_MONTH = 'yyyy"年"m"月"'
_MONTH_DAY = 'm"月"d"日"'
JAPANESE_BUILTIN_FORMATS = {
    14: "yyyy/m/d",
    22: "yyyy/m/d h:mm",
    27: _ERA_DATE,
    28: _ERA_LONG,
    29: _ERA_LONG,
    30: "m/d/yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"時"mm"分"',
    33: 'h"時"mm"分"ss"秒"',
    34: _YEAR_MONTH,
    35: _MONTH_DAY,
    36: _ERA_DATE,
    50: _ERA_DATE,
    51: _ERA_LONG,
    52: _YEAR_MONTH,
    53: _MONTH_DAY,
    54: _ERA_LONG,
    55: _YEAR_MONTH,
    56: _MONTH_DAY,
    57: _ERA_DATE,
    58: _ERA_LONG,
}


class _Token(NamedTuple):
    kind: str  # literal pad digit point comma percent exponent general text date
    text: str


class _Section(NamedTuple):
    tokens: tuple[_Token, ...]
    condition: tuple[str, Decimal] | None
    is_date: bool


class Unrenderable(ValueError):
    """A format code this module does not render; the value is shown as General."""


def display(value: object, code: str | None, epoch: dt.datetime = WINDOWS_EPOCH) -> str:
    """The text Excel displays for ``value`` (as openpyxl reads it) under format ``code``."""
    if value is None:
        return ""
    if code in (None, "General", "@") and type(value) in (str, int):  # most cells: no format
        return str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return _text(value, code or "General")
    if not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return "#NUM!"
    try:
        sections = _sections(code or "General")
        return _number(value, sections, epoch).strip()
    except (Unrenderable, InvalidOperation, OverflowError, ValueError):
        return general(value)


def general(value: int | float) -> str:
    """A number in Excel's General format (at most 15 significant digits)."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}E{exponent[0]}{int(exponent[1:]):02d}"
    return text


# --- parsing a format code ---------------------------------------------------------------


@lru_cache(maxsize=512)
def _sections(code: str) -> tuple[_Section, ...]:
    sections = tuple(_section(part) for part in _split_sections(code))
    if not sections or len(sections) > 4:
        raise Unrenderable(code)
    return sections


def _split_sections(code: str) -> list[str]:
    """The code split at its semicolons, except inside quotes and brackets or escaped."""
    parts, current, index = [], [], 0
    while index < len(code):
        char = code[index]
        if char in '"[':
            end = code.find('"' if char == '"' else "]", index + 1)
            end = len(code) if end < 0 else end + 1
            current.append(code[index:end])
            index = end
            continue
        if char in "\\_*" and index + 1 < len(code):
            current.append(code[index : index + 2])
            index += 2
            continue
        if char == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def _section(text: str) -> _Section:
    tokens: list[_Token] = []
    condition = None
    index = 0
    while index < len(text):
        char = text[index]
        if char == '"':
            end = text.find('"', index + 1)
            end = len(text) if end < 0 else end
            tokens.append(_Token("literal", text[index + 1 : end]))
            index = end + 1
        elif char == "\\" and index + 1 < len(text):
            tokens.append(_Token("literal", text[index + 1]))
            index += 2
        elif char == "_" and index + 1 < len(text):
            tokens.append(_Token("pad", " "))  # room as wide as the next character
            index += 2
        elif char == "*" and index + 1 < len(text):
            index += 2  # a fill: as many of the character as the column has room for
        elif char == "[":
            end = text.find("]", index)
            end = len(text) if end < 0 else end
            inside = text[index + 1 : end]
            index = end + 1
            if match := _CONDITION.match(inside):
                condition = (match[1], Decimal(match[2]))
            elif match := _CURRENCY.match(inside):
                tokens.append(_Token("literal", match[1]))
            elif inside.lower() in ("h", "hh", "m", "mm", "s", "ss"):
                tokens.append(_Token("date", "[" + inside.lower() + "]"))
            # anything else is a colour or a locale/numeral-system switch: not printed
        elif text[index : index + 7].lower() == "general":
            tokens.append(_Token("general", "General"))
            index += 7
        elif char in "0#?":
            tokens.append(_Token("digit", char))
            index += 1
        elif char in ".,%@":
            kind = {".": "point", ",": "comma", "%": "percent", "@": "text"}[char]
            tokens.append(_Token(kind, char))
            index += 1
        elif char in "Ee" and text[index + 1 : index + 2] in ("+", "-"):
            tokens.append(_Token("exponent", text[index : index + 2]))
            index += 2
        elif text[index : index + 5].upper() == "AM/PM":
            tokens.append(_Token("date", "AM/PM"))
            index += 5
        elif text[index : index + 3].upper() == "A/P":
            tokens.append(_Token("date", "A/P"))
            index += 3
        elif char.lower() in _DATE_LETTERS:
            end = index
            while end < len(text) and text[end].lower() == char.lower():
                end += 1
            tokens.append(_Token("date", text[index:end].lower()))
            index = end
        elif char == "/" and any(t.kind == "digit" for t in tokens):
            raise Unrenderable(text)  # a fraction
        else:
            tokens.append(_Token("literal", char))
            index += 1
    is_date = any(t.kind == "date" for t in tokens)
    return _Section(tuple(tokens), condition, is_date)


# --- rendering -----------------------------------------------------------------------------


def _text(value: str, code: str) -> str:
    """A text value: the fourth section if there is one (``@`` where the text goes), else
    the first section when it has an ``@``, else the text itself."""
    try:
        sections = _sections(code)
    except Unrenderable:
        return value
    section = sections[3] if len(sections) == 4 else sections[0]
    if len(sections) < 4 and not any(t.kind == "text" for t in section.tokens):
        return value
    # padding is left out rather than stripped, so that the text keeps its own spaces
    parts = (value if t.kind == "text" else _literal(t) for t in section.tokens if t.kind != "pad")
    return "".join(parts)


def _choose(value: Decimal, sections: tuple[_Section, ...]) -> tuple[_Section, bool]:
    """The section that shows ``value`` and whether a minus sign goes before it (the
    negative section prints its own sign, or none)."""
    numeric = sections[:3]
    if any(s.condition for s in numeric):
        for section in numeric:
            if section.condition is None or _holds(value, *section.condition):
                return section, True
        raise Unrenderable("no section for the value")
    if value < 0 and len(numeric) >= 2:
        return numeric[1], False
    if value == 0 and len(numeric) >= 3:
        return numeric[2], False
    return numeric[0], True


def _holds(value: Decimal, operator: str, bound: Decimal) -> bool:
    return {
        "<": value < bound,
        "<=": value <= bound,
        ">": value > bound,
        ">=": value >= bound,
        "=": value == bound,
        "<>": value != bound,
    }[operator]


def _number(value: int | float, sections: tuple[_Section, ...], epoch: dt.datetime) -> str:
    exact = Decimal(value) if isinstance(value, int) else Decimal(f"{value:.15g}")
    section, signed = _choose(exact, sections)
    if section.is_date:
        return _date(value, section, epoch)
    tokens = section.tokens
    sign = "-" if signed and exact < 0 else ""
    if any(t.kind == "text" for t in tokens):  # a text format ("@"): numbers show as General
        return general(value)
    if any(t.kind == "digit" for t in tokens):
        return sign + _placed(abs(exact), tokens)
    if any(t.kind == "general" for t in tokens):
        magnitude = general(abs(value) if sign else value)
        return sign + "".join(magnitude if t.kind == "general" else _literal(t) for t in tokens)
    return "".join(_literal(t) for t in tokens)  # only literals: "-" for zero, say


def _literal(token: _Token) -> str:
    return token.text if token.kind in ("literal", "pad", "percent", "comma", "point") else ""


def _placed(value: Decimal, tokens: tuple[_Token, ...]) -> str:
    """``value`` (not negative) written into the section's digit placeholders, with the
    literals around them."""
    digit_at = [i for i, t in enumerate(tokens) if t.kind == "digit"]
    point_at = [i for i, t in enumerate(tokens) if t.kind == "point"]
    first, last = min(digit_at[:1] + point_at[:1]), digit_at[-1]  # ".00" starts at its point
    # commas right after the last placeholder scale by 1000 each (#,##0, shows thousands)
    scale = 0
    while last + 1 + scale < len(tokens) and tokens[last + 1 + scale].kind == "comma":
        scale += 1
    percents = sum(t.kind == "percent" for t in tokens)
    value = value.scaleb(2 * percents - 3 * scale)
    body = tokens[first : last + 1]
    exponent = _index(body, "exponent")
    mantissa = body if exponent is None else body[:exponent]
    point = _index(mantissa, "point")
    integer_part = mantissa if point is None else mantissa[:point]
    places = [] if point is None else [t.text for t in mantissa[point:] if t.kind == "digit"]
    power = 0
    if exponent is not None and value:
        power = value.adjusted() - max(sum(t.kind == "digit" for t in integer_part) - 1, 0)
        value = value.scaleb(-power)
    rounded = value.quantize(Decimal(1).scaleb(-len(places)), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:f}".partition(".")
    number = _integer(whole, integer_part)
    if point is not None:
        number += "." + _fraction(fraction, places)
    if exponent is not None:
        number += f"{body[exponent].text[0]}{'-' if power < 0 else '+'}{abs(power):02d}"
    before = "".join(_literal(t) for t in tokens[:first])
    after = "".join(_literal(t) for t in tokens[last + 1 + scale :])
    return before + number + after


def _index(tokens: tuple[_Token, ...], kind: str) -> int | None:
    return next((i for i, t in enumerate(tokens) if t.kind == kind), None)


def _fraction(digits: str, places: list[str]) -> str:
    """The fraction's digits: trailing zeros dropped where ``#`` allows, blank for ``?``."""
    chars = list(digits)
    for index in range(len(places) - 1, -1, -1):
        if chars[index] != "0" or places[index] == "0":
            break
        chars[index] = " " if places[index] == "?" else ""
    return "".join(chars)


def _integer(whole: str, part: tuple[_Token, ...]) -> str:
    placeholders = [t.text for t in part if t.kind == "digit"]
    if whole == "0" and "0" not in placeholders:
        whole = ""  # "#.00" shows 0.5 as .50
    if not any(t.kind == "literal" for t in part):
        digits = whole.rjust(placeholders.count("0"), "0")
        if any(t.kind == "comma" for t in part):
            groups = [digits[max(i - 3, 0) : i] for i in range(len(digits), 0, -3)]
            digits = ",".join(reversed(groups))
        return digits
    # literals between the placeholders (000-0000): the digits fill in from the right, the
    # leftmost placeholder takes all that remain
    out: list[str] = []
    remaining = list(whole)
    leftmost = next(i for i, t in enumerate(part) if t.kind == "digit")
    for index in range(len(part) - 1, -1, -1):
        token = part[index]
        if token.kind == "literal":
            out.append(token.text)
        elif token.kind != "digit":
            continue
        elif index == leftmost:
            out.append("".join(remaining) or ("0" if token.text == "0" else ""))
        elif remaining:
            out.append(remaining.pop())
        elif token.text == "0":
            out.append("0")
    return "".join(reversed(out))


def _date(value: int | float, section: _Section, epoch: dt.datetime) -> str:
    moment = from_excel(value, epoch)
    if isinstance(moment, dt.time):
        moment = dt.datetime.combine(dt.date(1899, 12, 31), moment)
    if isinstance(moment, dt.timedelta) or moment is None:
        raise Unrenderable("not a date")
    tokens = section.tokens
    twelve_hour = any(t.text in ("AM/PM", "A/P") for t in tokens)
    out: list[str] = []
    for index, token in enumerate(tokens):
        if token.kind != "date":
            out.append(_literal(token))
            continue
        out.append(_date_part(token.text, index, tokens, moment, value, twelve_hour))
    return "".join(out)


def _date_part(
    part: str,
    index: int,
    tokens: tuple[_Token, ...],
    moment: dt.datetime,
    serial: float,
    twelve_hour: bool,
) -> str:
    letter = part[0]
    if letter == "y":
        return f"{moment.year:04d}" if len(part) > 2 else f"{moment.year % 100:02d}"
    if letter == "m":
        if _is_minute(index, tokens):
            return f"{moment.minute:02d}" if len(part) >= 2 else str(moment.minute)
        if len(part) <= 2:
            return f"{moment.month:0{len(part)}d}"
        name = _MONTHS_EN[moment.month - 1]
        return name if len(part) == 4 else name[:3] if len(part) == 3 else name[0]
    if letter == "d":
        if len(part) <= 2:
            return f"{moment.day:0{len(part)}d}"
        name = _WEEKDAYS_EN[moment.weekday()]
        return name if len(part) >= 4 else name[:3]
    if letter == "a":
        day = _WEEKDAYS_JA[moment.weekday()]
        return day + "曜日" if len(part) >= 4 else day
    if letter == "h":
        hour = (moment.hour % 12 or 12) if twelve_hour else moment.hour
        return f"{hour:0{min(len(part), 2)}d}"
    if letter == "s":
        return f"{moment.second:0{min(len(part), 2)}d}"
    if letter == "g":
        era, initial, _ = _era(moment.date())
        return initial if len(part) == 1 else era[:1] if len(part) == 2 else era
    if letter == "e":
        return f"{_era(moment.date())[2]:0{min(len(part), 2)}d}"
    if part == "AM/PM":
        return "AM" if moment.hour < 12 else "PM"
    if part == "A/P":
        return "A" if moment.hour < 12 else "P"
    if part.startswith("["):  # elapsed time: [h], [m], [s]
        seconds = round(float(serial) * 86400)
        unit = {"h": 3600, "m": 60, "s": 1}[part[1]]
        return str(seconds // unit)
    return part


def _is_minute(index: int, tokens: tuple[_Token, ...]) -> bool:
    """``m`` means minutes right after an hour or right before a second."""
    before = [t.text[0] for t in tokens[:index] if t.kind == "date"]
    after = [t.text[0] for t in tokens[index + 1 :] if t.kind == "date"]
    return (bool(before) and before[-1] in "h[") or (bool(after) and after[0] == "s")


def _era(day: dt.date) -> tuple[str, str, int]:
    for start, name, initial in _ERAS:
        if day >= start:
            return name, initial, day.year - start.year + 1
    return "", "", day.year
