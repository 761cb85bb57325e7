"""Fixtures for the USB exchange tests live in usb_harness.py (importable by the tests under a
name no other folder uses); pytest finds them here."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from usb_harness import engine, pc, server  # noqa: E402, F401
