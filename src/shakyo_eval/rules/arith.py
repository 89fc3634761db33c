"""Arithmetic that several rule families share: rounding as sheets round, and slips of the pen.

A printed number with k decimals stands for an interval: it holds when the recomputed value,
rounded half-up to k decimals (as Excel's ROUND does), equals it.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from shakyo_eval.model import Number

ZERO = Decimal(0)


def unit(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(unit(decimals), rounding=ROUND_HALF_UP)


def truncate(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(unit(decimals), rounding=ROUND_DOWN)


def shown(value: Decimal, decimals: int) -> Decimal:
    """A computed value with a few more decimals than printed, for messages."""
    return round_half_up(value, decimals + 2)


def rounding_slack(number: Number) -> Decimal:
    """How far the true amount may lie from a printed one: none for whole yen, half a unit
    of the last printed place for anything rounded (千円, decimals)."""
    if number.scale == 1 and number.decimals == 0:
        return ZERO
    return unit(number.decimals) * number.scale / 2


def amount(number: Number | None) -> Decimal:
    """An empty cell counts as zero in a sum whose other cells are printed."""
    return ZERO if number is None else number.amount


def digit_slip(written: Decimal, needed: Decimal) -> str | None:
    """Name the slip that turns ``needed`` into ``written``: 6,886,700 → 688,670 dropped a digit."""
    if written < 0 or needed <= 0 or written != written.to_integral_value():
        return None
    if needed != needed.to_integral_value():
        return None
    w, n = str(int(written)), str(int(needed))
    if len(w) == len(n) - 1 and any(n[:i] + n[i + 1 :] == w for i in range(len(n))):
        return "dropped_digit"
    if len(w) == len(n) + 1 and any(w[:i] + w[i + 1 :] == n for i in range(len(w))):
        return "extra_digit"
    if len(w) == len(n):
        differ = [i for i in range(len(w)) if w[i] != n[i]]
        if len(differ) == 1:
            return "mistyped_digit"
        if (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and w[differ[0]] == n[differ[1]]
            and w[differ[1]] == n[differ[0]]
        ):
            return "swapped_digits"
    return None
