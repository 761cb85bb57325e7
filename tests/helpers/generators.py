"""Realistic meetings and monthly reports for property tests: seeded generators (one integer
seed → one document) and Hypothesis strategies over them.

Names come from Thai and Malay-Thai name lists (with ๊ and ๋), representatives are written
without spaces ("ผู้แทนกำนันตำบลคอลอตันหยง"), places are real geothai names of the SBPAC area,
positions can be long ("ประธานสภาองค์การบริหารส่วนตำบลบองอ"), money and Latin acronyms appear
in the text. `meeting_texts` and `monthly_texts` list every generated text as it should print,
so a test can look for each of them in the PDF."""

from __future__ import annotations

import random
from functools import lru_cache

from hypothesis import strategies as st

GIVEN = (
    "อับดุลเล๊าะ", "มะรอนิง", "แวอาแซ", "ยูโซ๊ะ", "เจ๊ะฮะ", "มะยูโซ๊ะ", "ซูไฮมี", "อาแว", "ฮาซัน",
    "ตีเยาะ", "รอฮีม๊ะ", "ก๊ะนะ", "นูรีฮัน", "อามีเนาะ", "แวฮามะ", "สะแปอิง", "อุสมาน", "รอซีดะห์",
    "สมศักดิ์", "ธีรพงษ์", "อำนวย", "สุภาพร", "กัญญ์ณัฏฐ์", "ปิ๋ว", "จุ๋มจิ๋ม", "เก๋", "ต๋อย",
    "ศักดิ์ชัย", "ประเสริฐ", "วิไลวรรณ", "ณัฐพงศ์", "พิมพ์ใจ", "เกื้อกูล", "ก๋วยเตี๋ยว",
)
FAMILY = (
    "ดือราแม", "สาแม", "แวดือราแม", "ดอเลาะ", "สาและ", "เจ๊ะแว", "หะยีสาแม", "บินอับดุลเลาะ",
    "ยูโซ๊ะ", "มะแซ", "อาแวกาจิ", "ศรีระแก้ว", "ญาณวุฒิ", "ทองคำ", "บุญเกื้อ", "จิ๋วสุวรรณ",
    "เต๋จ๊ะ", "ก๋งสวัสดิ์", "ศรีสุวรรณวงศ์", "นิเฮาะ", "กาเด็ง",
)
PREFIX = ("นาย", "นาง", "นางสาว", "ว่าที่ร้อยตรี", "ดร.", "")
ROLES = ("ประธาน", "รองประธาน", "กรรมการ", "กรรมการ", "กรรมการ", "กรรมการและเลขานุการ",
         "ผู้ช่วยเลขานุการ")
POSITIONS = (
    "ประธานสภาองค์การบริหารส่วนตำบล{t}", "นายกองค์การบริหารส่วนตำบล{t}", "กำนันตำบล{t}",
    "ผู้ใหญ่บ้านหมู่ที่ {n} ตำบล{t}", "ปลัดอำเภอผู้เป็นหัวหน้าประจำตำบล{t}", "พัฒนากรประจำตำบล{t}",
    "ผอ.รพ.สต.{t}", "ครู กศน. ตำบล{t}", "ผู้ช่วยเลขาธิการ ศอ.บต.", "ผู้แทน SBPAC",
    "อิหม่ามประจำมัสยิด{t}", "ผู้บังคับกองร้อยทหารพรานที่ {n}", "สารวัตรใหญ่ สภ.{a}",
    "หัวหน้าส่วนราชการประจำจังหวัด{c}", "ปลัด อบต.{t}", "สมาชิกสภาสันติสุขตำบล{t}",
)
REPRESENTATIVES = ("ผู้แทนกำนันตำบล{t}", "ตัวแทนกำนัน{t}", "ผู้แทนนายกองค์การบริหารส่วนตำบล{t}",
                   "ผู้แทนปลัดอำเภอ{a}")
REASONS = ("ติดราชการ", "ลาป่วย", "ลากิจ", "ติดภารกิจประชุม ศอ.บต.", "")
PHRASES = (
    "ที่ประชุมได้พิจารณาโครงการเสริมสร้างความเข้มแข็งให้กับตำบล{t} อำเภอ{a} จังหวัด{c}",
    "งบประมาณที่ได้รับอนุมัติ {money} บาท เบิกจ่ายแล้ว {money2} บาท คิดเป็นร้อยละ {pct}",
    "ศอ.บต. และ SBPAC ได้สนับสนุนกลุ่มอาชีพสตรีในหมู่ที่ {n} จำนวน {n2} ครัวเรือน",
    "{person} ชี้แจงว่า อบต.{t} ได้ประสานกับ รพ.สต. และ กศน. เรียบร้อยแล้ว",
    "สถานการณ์ความไม่สงบในพื้นที่ตำบล{t} โดยรวมอยู่ในระดับปกติ ไม่มีเหตุรุนแรง",
    "ขอให้ทุกหน่วยงานรายงานผลการดำเนินงานภายในวันที่ {n} ของทุกเดือน ผ่านระบบ e-Report",
    "ประชาชนในพื้นที่ได้รับประโยชน์ทั้งด้านเศรษฐกิจ สังคม และความมั่นคง อย่างยั่งยืน",
    "การประชุมครั้งที่ {n}/2565 ที่ผ่านมา ได้มีมติให้จัดซื้อวัสดุอุปกรณ์ เป็นเงิน {money} บาท",
    "กลุ่มเป้าหมายประกอบด้วยผู้สูงอายุ ผู้พิการ และเด็กที่หลุดจากระบบการศึกษา",
)
TITLES = ("เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "เรื่องรับรองรายงานการประชุมครั้งที่แล้ว",
          "เรื่องสืบเนื่อง", "เรื่องเพื่อพิจารณา", "เรื่องอื่น ๆ",
          "ด้านความมั่นคงและรักษาความสงบเรียบร้อย", "โครงการเสริมสร้างความเข้มแข็งให้กับตำบล (ศอ.บต.)",
          "การพัฒนาการศึกษา ศาสนาและวัฒนธรรม", "สถานการณ์ยาเสพติดในตำบล{t}")
RESOLUTIONS = ("ที่ประชุมรับทราบ", "ที่ประชุมรับรองรายงานการประชุม",
               "ที่ประชุมมีมติเห็นชอบ/อนุมัติ ตามที่เสนอ", "ที่ประชุมมีมติอนุมัติงบประมาณ {money} บาท")
PROJECTS = ("โครงการส่งเสริมอาชีพการเลี้ยงแพะตำบล{t}", "โครงการปรับปรุงภูมิทัศน์มัสยิด{t}",
            "กิจกรรมฝึกอบรมการทำขนมพื้นบ้าน (ก๋วยเตี๋ยว, ข้าวยำ)", "โครงการ SBPAC สานสัมพันธ์ชุมชน",
            "โครงการพัฒนาศักยภาพกลุ่มเป้าหมายผู้ด้อยโอกาสตำบล{t}")
TARGETS = ("กลุ่มเป้าหมายสตรีหม้าย", "เยาวชนนอกระบบการศึกษา", "เกษตรกร", "ผู้สูงอายุและผู้พิการ")


@lru_cache(maxsize=1)
def places() -> tuple[tuple[str, str, str, str, str], ...]:
    """(changwat code, amphoe code, changwat, amphoe, tambon) of the SBPAC area, from geothai."""
    import geothai

    out = []
    for code in ("94", "95", "96"):
        province = geothai.province(code).name_th
        for district in geothai.districts(code):
            for tambon in geothai.subdistricts(district.code):
                out.append((code, district.code, province, district.name_th, tambon.name_th))
    return tuple(out)


class _Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.place = self.r.choice(places())

    def fmt(self, template: str) -> str:
        r, (_, _, c, a, t) = self.r, self.place
        if r.random() < 0.5:  # another tambon of the area
            t = r.choice(places())[4]
        money = f"{r.randint(1, 2_000_000):,}" + r.choice(("", ".00", ".50"))
        return template.format(
            t=t, a=a, c=c, n=r.randint(1, 120), n2=r.randint(2, 300), pct=r.randint(1, 100),
            money=money, money2=f"{r.randint(1, 900_000):,}", person=self.name())

    def name(self) -> str:
        return f"{self.r.choice(PREFIX)}{self.r.choice(GIVEN)} {self.r.choice(FAMILY)}"

    def person(self, key: str) -> dict:
        r = self.r
        if r.random() < 0.12:  # a representative: a long name without spaces, no position
            return {"prefix": "", "name": self.fmt(r.choice(REPRESENTATIVES)), "position": "",
                    "role": "กรรมการ"}
        p = {"prefix": r.choice(PREFIX), "name": f"{r.choice(GIVEN)} {r.choice(FAMILY)}",
             "position": self.fmt(r.choice(POSITIONS))}
        if key == "attendees":
            p["role"] = r.choice(ROLES)
            if r.random() < 0.1:
                p["substitute_for"] = self.fmt(r.choice(POSITIONS))
        elif key == "absentees":
            p["reason"] = r.choice(REASONS)
        return p

    def text(self, sentences: int) -> str:
        return " ".join(self.fmt(self.r.choice(PHRASES)) for _ in range(sentences))

    def item(self, number: str, depth: int) -> dict:
        r = self.r
        item = {"number": number, "title": self.fmt(r.choice(TITLES))}
        if r.random() < 0.8:
            item["discussion"] = "\n".join(self.text(r.randint(1, 4)) for _ in range(r.randint(1, 2)))
        if depth == 0 and r.random() < 0.3:
            item["items"] = [self.item(f"{number}.{j}", 1) for j in range(1, r.randint(2, 4))]
        if r.random() < 0.85:
            item["resolution"] = self.fmt(r.choice(RESOLUTIONS))
        return item


def meeting(seed: int, *, attendees: int | None = None, agenda: int | None = None) -> dict:
    """One realistic meeting (`data` of a tambon-record/1 meeting)."""
    g = _Gen(seed)
    r = g.r
    code_c, code_a, _c, _a, t = g.place
    n_att = attendees if attendees is not None else r.choice((r.randint(1, 12), r.randint(10, 40), r.randint(1, 60)))
    n_items = agenda if agenda is not None else r.randint(1, 20)
    m = {
        "committee": r.choice((f"สภาสันติสุขตำบล{t}", "กลไกการขับเคลื่อนตำบลมั่นคง มั่งคั่ง ยั่งยืน",
                               f"คณะกรรมการพัฒนาตำบล{t} (ศอ.บต.)")),
        "number": r.randint(1, 12), "year_be": 2565,
        "date": f"2022-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
        "start_time": "09:30", "end_time": "12:00",
        "venue": g.fmt("ห้องประชุมที่ว่าการอำเภอ{a} จังหวัด{c}"),
        "area": {"changwat": code_c, "amphoe": code_a},
        "attendees": [g.person("attendees") for _ in range(n_att)],
        "agenda": [g.item(str(i), 0) for i in range(1, n_items + 1)],
        "recorder": {"prefix": "นาย", "name": f"{r.choice(GIVEN)} {r.choice(FAMILY)}",
                     "position": g.fmt("ปลัดอำเภอผู้เป็นหัวหน้าประจำตำบล{t}")},
    }
    if r.random() < 0.5:
        m["absentees"] = [g.person("absentees") for _ in range(r.randint(1, 5))]
    if r.random() < 0.4:
        m["participants"] = [g.person("participants") for _ in range(r.randint(1, 6))]
    if r.random() < 0.5:
        m["closing"] = "ประธานกล่าวขอบคุณผู้เข้าร่วมประชุมทุกท่านและกล่าวปิดประชุม"
    if r.random() < 0.4:
        m["checker"] = {"prefix": "นาย", "name": f"{r.choice(GIVEN)} {r.choice(FAMILY)}",
                        "position": "ผู้ช่วยเลขาธิการ ศอ.บต."}
    return m


def monthly(seed: int, *, projects: int | None = None) -> dict:
    """One realistic SBPAC monthly report (the dict form of pdf.MonthlyReport)."""
    g = _Gen(seed)
    r = g.r
    _cc, _ca, c, a, t = g.place
    rows = []
    for _ in range(projects if projects is not None else r.randint(1, 12)):
        approved = r.randint(5_000, 500_000)
        rows.append({
            "name": g.fmt(r.choice(PROJECTS)),
            "approved_baht": f"{approved}.00", "disbursed_baht": str(r.randint(0, approved)),
            "target_group": r.choice(TARGETS), "people_reached": r.randint(1, 400),
            "income_baht": str(r.randint(0, 90_000)) if r.random() < 0.6 else None,
            "quality_of_life": r.choice(("ดีขึ้น", "มีรายได้เพิ่มขึ้นจากการขายผลผลิต", "")),
            "problems": g.text(r.randint(0, 2)), "notes": r.choice(("", "ภาพกิจกรรม 3 ภาพ", "SBPAC")),
        })
    return {"month": f"2022-{r.randint(1, 12):02d}", "tambon": t, "amphoe": a, "changwat": c,
            "meeting_number": f"{r.randint(1, 12)}/2565", "meeting_date": "2022-01-20",
            "meeting_venue": g.fmt("ศาลาประชาคมตำบล{t}"), "missions_done": [r.random() < 0.5 for _ in range(6)],
            "rows": rows, "reporter": {"prefix": "นาย", "name": f"{r.choice(GIVEN)} {r.choice(FAMILY)}",
                                       "position": g.fmt("พัฒนากรประจำตำบล{t}")}}


def meeting_texts(m: dict, *, thai_digits: bool = True) -> list[str]:
    """Every name, position and paragraph of a generated meeting as it should print."""
    from tambon_desktop.pdf.text import render_digits

    out = []
    for key in ("attendees", "absentees", "participants"):
        for p in m.get(key) or []:
            out += [f"{p.get('prefix') or ''}{p['name']}", p.get("position") or "", p.get("substitute_for") or ""]
    for key in ("recorder", "checker"):
        if m.get(key):
            out += [f"{m[key]['prefix']}{m[key]['name']}", m[key]["position"]]

    def walk(items):
        for item in items:
            out.extend([item["title"], item.get("resolution") or "", *(item.get("discussion") or "").split("\n")])
            walk(item.get("items") or [])

    walk(m["agenda"])
    out.append(m.get("closing") or "")
    return [render_digits(x, thai_digits) for x in out if x]


def monthly_texts(rep: dict, *, thai_digits: bool = True) -> list[str]:
    from tambon_desktop.pdf.text import render_digits

    out = [rep["reporter"]["prefix"] + rep["reporter"]["name"], rep["reporter"]["position"]]
    for row in rep["rows"]:
        out += [row["name"], row["target_group"], row["quality_of_life"], row["problems"], row["notes"]]
    return [render_digits(x, thai_digits) for x in out if x]


meetings = st.integers(min_value=0, max_value=2**32).map(meeting)
monthly_reports = st.integers(min_value=0, max_value=2**32).map(monthly)
