"""Getting the PDF layer ready: fonts, shaping check, extraction patch, word dictionary. Its
own module, so the layout modules (minutes, monthly, province, sheet) ask it without importing
the package that imports them."""

from __future__ import annotations


def prepare(wait: bool = True) -> None:
    """Register fonts, check shaping, patch extraction and load the word dictionary (once).
    Call it early (e.g. in a background thread at start-up) to make the first print fast.
    `wait=False` leaves the dictionary loading in the background (the first segmentation
    waits for it): what a render does, overlapping the load with its layout work."""
    from tambon_desktop.pdf import extract_fix, fonts, words

    words.start_loading()
    fonts.register_fonts()
    extract_fix.install()
    if wait:
        words.base_dict()
