"""Helpers shared by the benchmarks: medians, a table printer, Thai test data."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

WORDS = ("ประชุม", "โครงการ", "พัฒนา", "ตำบล", "มั่นคง", "มั่งคั่ง", "ยั่งยืน", "เศรษฐกิจ",
         "พอเพียง", "สุขภาพ", "การศึกษา", "สันติสุข", "หมู่บ้าน", "ชุมชน", "เกษตร", "อาชีพ",
         "กลุ่มสตรี", "ผู้สูงอายุ", "เยาวชน", "ตาดีกา", "ประมง", "ยางพารา", "ทุเรียน", "ลองกอง")
NAMES = ("อำนวย", "สมศรี", "มาเรียม", "อับดุลเลาะ", "สุดารัตน์", "ฮาซัน", "วันชัย", "นูรีซัน")
SURNAMES = ("ศรีระแก้ว", "แวมะ", "สาและ", "ทองคำ", "ยูโซะ", "บินหามะ", "ชัยมงคล", "ดอเลาะ")


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def thai_phrase(rng: random.Random, n: int) -> str:
    return " ".join("".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
                    for _ in range(n))


def person(rng: random.Random) -> dict:
    return {"prefix": rng.choice(("นาย", "นาง", "นางสาว")),
            "name": f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}",
            "position": f"ผู้ใหญ่บ้านหมู่ที่ {rng.randint(1, 12)}", "role": "กรรมการ"}


def print_table(title: str, rows: list[tuple], headers: tuple[str, ...]) -> None:
    print(f"\n## {title}\n")
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for row in rows:
        print("| " + " | ".join(_fmt(c) for c in row) + " |")


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
