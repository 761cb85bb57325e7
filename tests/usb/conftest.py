"""Fixtures for the USB exchange tests live in tests/helpers/usb_harness.py; pytest finds them
here."""

from tests.helpers.usb_harness import engine, pc, server  # noqa: F401
