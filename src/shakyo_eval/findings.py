"""Findings and reports: what rules say, in a form every reporter reads the same way."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from shakyo_eval.messages import render, render_error
from shakyo_eval.model import Location, Number, Sheet, Text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Problem(BaseModel):
    """What a rule yields; the checker adds the rule id, the severity and the sheet."""

    model_config = {"arbitrary_types_allowed": True}

    field: str
    year: str | None = None
    written: Number | Text | Decimal | str | None = None
    expected: Decimal | str | None = None
    comparable: bool = True  # False when written and expected are in different units
    message_id: str  # a key of the message catalogue (messages.py)
    params: dict[str, Any] = Field(default_factory=dict)
    location: Location | None = None
    sheet: Sheet | None = None  # set by document-level rules; sheet rules leave it to the checker

    @classmethod
    def at(
        cls,
        field: str,
        year: str | None,
        number: Number,
        message_id: str,
        expected: Decimal | None = None,
        **params: Any,
    ) -> Problem:
        """A problem with a printed number: it is the written value, its cell the location,
        and ``field``, ``year``, ``written`` and ``expected`` are passed on to the message."""
        return cls(
            field=field,
            year=year,
            written=number,
            expected=expected,
            message_id=message_id,
            params={
                "field": field,
                "year": year,
                "written": number.value,
                "expected": expected,
                **params,
            },
            location=number.location,
        )


class Unchecked(BaseModel):
    """What a rule could not check, and why: reported beside the findings, never as one."""

    field: str
    year: str | None = None
    message_id: str
    params: dict[str, Any] = Field(default_factory=dict)
    location: Location | None = None
    sheet: int | str | None = None
    sheet_name: str | None = None
    rule: str = ""

    def text(self, lang: str = "ja") -> str:
        return render(self.message_id, self.params, lang)


class Finding(BaseModel):
    rule: str
    severity: Severity
    sheet: int | str | None = None
    sheet_name: str | None = None
    sheet_index: int | None = None  # place in the document (printed numbers may repeat)
    year: str | None = None
    field: str
    written: Decimal | str | None = None
    written_decimals: int | None = None
    expected: Decimal | str | None = None
    comparable: bool = True
    message_id: str
    params: dict[str, Any] = Field(default_factory=dict)
    location: Location | None = None
    also: list[Finding] = Field(default_factory=list)  # other findings about the same cell
    accepted: str | None = None  # the reason, when the config accepts this finding on its sheet

    @property
    def page(self) -> int | None:
        return self.location.page if self.location else None

    def all(self) -> list[Finding]:
        return [self, *self.also]

    def text(self, lang: str = "ja") -> str:
        return render(self.message_id, self.params, lang)


class SheetTitle(BaseModel):
    number: int | str | None = None
    name: str = ""
    template: str = ""  # the id of the template that read the sheet


class DocumentReport(BaseModel):
    path: str
    format: str | None = None
    sheets: int = 0
    titles: list[SheetTitle] = Field(default_factory=list)  # every sheet read, in order
    error: str | None = None  # why the file could not be read, in English
    error_id: str | None = None  # the same as a key of messages.ERRORS …
    error_params: dict[str, Any] = Field(default_factory=dict)  # … and its parameters
    notes: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    unchecked: list[Unchecked] = Field(default_factory=list)

    def unreadable(self, error_id: str, **params: Any) -> None:
        self.error_id, self.error_params = error_id, params
        self.error = render_error(error_id, params, "en")

    def error_text(self, lang: str = "ja") -> str | None:
        """Why the file could not be read, in the user's language."""
        return render_error(self.error_id, self.error_params, lang) if self.error_id else None

    def all_findings(self) -> list[Finding]:
        """Every finding, those grouped under another on the same cell included."""
        return [item for finding in self.findings for item in finding.all()]


class Summary(BaseModel):
    documents: int = 0
    sheets: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    accepted: int = 0
    unreadable: int = 0


class Report(BaseModel):
    documents: list[DocumentReport] = Field(default_factory=list)

    def summary(self) -> Summary:
        summary = Summary(documents=len(self.documents))
        for document in self.documents:
            summary.sheets += document.sheets
            summary.unreadable += document.error is not None
            for finding in document.findings:
                if finding.accepted is not None:
                    summary.accepted += 1
                    continue
                match finding.severity:
                    case Severity.ERROR:
                        summary.errors += 1
                    case Severity.WARNING:
                        summary.warnings += 1
                    case Severity.INFO:
                        summary.infos += 1
        return summary

    def exit_code(self, strict: bool = False) -> int:
        """0 clean, 1 an error-level finding (or a warning with ``strict``), 2 a file unread.

        Accepted findings do not count: the config vouches for them."""
        summary = self.summary()
        if summary.unreadable:
            return 2
        if summary.errors or (strict and summary.warnings):
            return 1
        return 0
