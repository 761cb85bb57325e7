"""Emit Qt signals from Python through one helper.

PySide6 6.12.0's `Signal.emit()` returns `True` without taking a reference for it, so every
Python-side emit drops the refcount of `True` by one; after a few thousand emits (a clerk
typing) the interpreter dies at exit with "bool_dealloc: deallocating True or False".
`emit()` checks once whether this PySide has the bug and, if so, gives the reference back."""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def _emit_leaks_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:  # give back what the probe itself took
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= 8


LEAKS = _emit_leaks_true()


def emit(signal: Any, *args: Any) -> None:
    result = signal.emit(*args)
    if LEAKS and result is True:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
