"""Errors a user can cause. Each carries a one-line message fit to show as is."""

from __future__ import annotations


class CfdeskError(Exception):
    """Base class: anything raised as a CfdeskError is shown to the user as its message."""

    exit_code = 1


class WorkbookError(CfdeskError):
    """The file cannot be read or written as a workbook."""


class SheetError(CfdeskError):
    """A missing, empty or oversized sheet, or a target outside it."""


class FormulaSyntaxError(CfdeskError):
    """The formula text does not parse."""


class RuleError(CfdeskError):
    """A conditional-formatting rule that does not parse or does not fit its range."""


class UsageError(CfdeskError):
    exit_code = 2
