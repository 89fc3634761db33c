"""Normalisation of printed numbers and years, in one place.

``"1,724,813"``, ``"１，７２４，８１３"``, ``"▲12"``, ``"0.987"``, ``"1,724,813円"`` become a
Decimal with the number of decimals that was printed; ``令和6年度`` becomes 2024.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

from shakyo_eval.model import Location, Number

# Cells that print "nothing here" rather than a number.
_PLACEHOLDERS = frozenset({"", "-", "－", "ー", "―", "—", "‐", "−", "…", "＊", "*", "/"})
_NEGATIVE_MARKS = "▲△-−"
_NUMBER = re.compile(
    r"^(?P<sign>[▲△\-−])?\s*(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\s*"
    r"(?P<unit>千円|円|%|人|名|件|回|日|箇所|団体|支部)?"
    # a breakdown in brackets after the figure, 9.90人 (うち地方機関 0人): not checked
    r"(?:\s*\([^()]*\))?$"
)
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
THOUSAND_YEN = "千円"  # a unit the number regex reads; labels.py has the others
_ERA_BASE = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988, "S": 1925}
_ERA_YEAR = re.compile(r"(令和|平成|昭和|R|H|S)\s*(\d{1,2}|元)\s*(?:年度?)?")
_WESTERN_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_SPACES = re.compile(r"[ \t\u3000]+")


class ParsedNumber(NamedTuple):
    value: Decimal
    decimals: int
    unit: str | None


class NotANumber(ValueError):
    """The text was expected to be a number and is not."""


def nfkc(text: str) -> str:
    """Unicode NFKC: full-width digits, letters and brackets become their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def clean_text(text: str) -> str:
    """Free text as printed (①, ㈱ and full-width signs kept), with runs of spaces collapsed
    and empty lines dropped."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def parse_number(text: str) -> ParsedNumber | None:
    """The number a cell prints, None for an empty cell; NotANumber for anything else."""
    if text.isascii():  # most cells: a data file's digits, a printed sheet's 1,724,813
        if text.isdigit():
            return ParsedNumber(Decimal(text), 0, None)
        if _GROUPED.fullmatch(text):
            return ParsedNumber(Decimal(text.replace(",", "")), 0, None)
    normal = nfkc(text).strip()
    if normal in _PLACEHOLDERS:
        return None
    match = _NUMBER.match(normal)
    if not match:
        raise NotANumber(text)
    integer = match["int"].replace(",", "")
    frac = match["frac"] or ""
    value = Decimal(f"{integer}.{frac}" if frac else integer)
    if match["sign"] and match["sign"] in _NEGATIVE_MARKS:
        value = -value
    return ParsedNumber(value, len(frac), match["unit"])


def number_at(
    parsed: ParsedNumber, text: str, location: Location, scale: int = 1, decimals: int = 0
) -> Number:
    """A parsed cell as the record's Number: a figure printed with 千円 is in thousands
    whatever the row's ``scale``; ``decimals`` at least those a column states (0.5 stored
    for a 0.50 the format prints)."""
    return Number(
        text=text.strip(),
        value=parsed.value,
        decimals=max(parsed.decimals, decimals),
        scale=1000 if parsed.unit == THOUSAND_YEN else scale,
        location=location,
    )


def fiscal_year(text: str) -> int | None:
    """``令和6年度`` → 2024, ``平成21年度`` → 2009, ``R4`` → 2022, ``2024年度`` → 2024."""
    normal = nfkc(text)
    match = _ERA_YEAR.search(normal)
    if match:
        number = 1 if match[2] == "元" else int(match[2])
        return _ERA_BASE[match[1]] + number
    match = _WESTERN_YEAR.search(normal)
    return int(match[1]) if match else None
