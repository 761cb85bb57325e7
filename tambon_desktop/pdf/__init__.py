"""PDF output: the official Thai minutes (แบบที่ ๑๑) and the SBPAC monthly progress report.

Plain data in, PDF bytes out. This package never imports the store, services, ui or server
layers (an import-linter contract checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tambon_desktop.pdf.fonts import ShapingUnavailable, check_shaping
from tambon_desktop.pdf.warmup import prepare

if TYPE_CHECKING:
    from tambon_desktop.pdf.minutes import MinutesOptions
    from tambon_desktop.pdf.monthly import MonthlyReport, MonthlyRow

__all__ = [
    "MinutesOptions", "MonthlyReport", "MonthlyRow", "ShapingUnavailable", "check_shaping",
    "prepare", "render_minutes", "render_monthly_report",
]


def render_minutes(meeting: dict, *, options: MinutesOptions | None = None, draft: bool = True) -> bytes:
    _start_dictionary()
    from tambon_desktop.pdf.minutes import render_minutes as _render

    return _render(meeting, options=options, draft=draft)


def render_monthly_report(report, *, options=None) -> bytes:
    _start_dictionary()
    from tambon_desktop.pdf.monthly import render_monthly_report as _render

    return _render(report, options=options)


def _start_dictionary() -> None:
    """Start loading the word dictionary before the layout modules are imported (overlap)."""
    from tambon_desktop.pdf import words

    words.start_loading()


def __getattr__(name: str):
    if name == "MinutesOptions":
        from tambon_desktop.pdf.minutes import MinutesOptions

        return MinutesOptions
    if name in ("MonthlyReport", "MonthlyRow"):
        from tambon_desktop.pdf import monthly

        return getattr(monthly, name)
    raise AttributeError(name)
