"""Hybrid logical clock: wall time in ms plus a counter, so stamps order causally even
when a PC's clock is behind. Stamps are strings that sort as they compare."""

from __future__ import annotations

import time
from dataclasses import dataclass


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass
class HybridClock:
    last_ms: int = 0
    counter: int = 0

    def tick(self) -> str:
        wall = now_ms()
        if wall > self.last_ms:
            self.last_ms, self.counter = wall, 0
        else:
            self.counter += 1
        return format_stamp(self.last_ms, self.counter)

    def observe(self, stamp: str) -> None:
        """Move past a stamp seen from another device."""
        ms, counter = parse_stamp(stamp)
        if (ms, counter) > (self.last_ms, self.counter):
            self.last_ms, self.counter = ms, counter


def format_stamp(ms: int, counter: int) -> str:
    return f"{ms:015d}-{counter:05d}"


def parse_stamp(stamp: str) -> tuple[int, int]:
    ms, _, counter = stamp.partition("-")
    return int(ms), int(counter or 0)


def utc_now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
