"""Standard streams that never raise on user text.

A redirected stdout on Windows is encoded with the ANSI code page (1252 on an English PC), which
has no Thai: printing a Thai title or path would raise UnicodeEncodeError after the work was done.
The CLI and the app keep the stream's encoding and write what it cannot encode as \\uXXXX."""

from __future__ import annotations

import sys


def tolerant_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "") == "strict":
            reconfigure(errors="backslashreplace")


def json_ascii() -> bool:
    """ensure_ascii for JSON printed to stdout: plain UTF-8 where the stream can hold Thai, else
    \\uXXXX escapes, so the JSON stays valid and exact in any code page."""
    try:
        "ก".encode(getattr(sys.stdout, "encoding", None) or "ascii")
    except (LookupError, UnicodeEncodeError):
        return True
    return False
