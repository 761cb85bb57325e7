"""Emit Qt signals from Python through one helper.

PySide6 6.12.0's `Signal.emit()` returns `True` without taking a reference for it, so every
Python-side emit drops the refcount of `True` by one; after a few thousand emits (a clerk
typing) the interpreter dies at exit with "bool_dealloc: deallocating True or False".
`emit()` checks once, at the first emit, whether this PySide has the bug and, if so, gives the
reference back (checked lazily: ctypes stays out of the start-up path)."""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def _incref_true() -> None:
    import ctypes

    ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))


def _emit_leaks_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:  # give back what the probe itself took
        for _ in range(lost):
            _incref_true()
    return lost >= 8


@cache
def leaks() -> bool:
    """Whether this PySide's emit loses a reference to True. Probed once: by the task pools on
    the GUI thread before the first worker starts, or by the first emit (GUI thread, since no
    worker runs yet), so no other thread moves True's refcount during the probe."""
    return _emit_leaks_true()


def emit(signal: Any, *args: Any) -> None:
    fix = leaks()
    result = signal.emit(*args)
    if fix and result is True:
        _incref_true()


def guard_none() -> None:
    """PySide6 6.12.0 also drops a reference to None on every signal it delivers to a Python
    slot (any slot, any return value: one per keystroke in a field, more through chained
    signals). None starts with a few thousand references, so a long day of typing would end in
    "none_dealloc: deallocating None" — a crash. Python 3.12 made None immortal; on 3.11 we
    give it references enough for any session (2**40: the count is a 64-bit integer)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < 1 << 40:
        count.value += 1 << 40
