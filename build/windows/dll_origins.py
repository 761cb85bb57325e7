"""Where every DLL and PYD of the Windows bundle comes from: the embedded CPython or a wheel.

    python3 build/windows/dll_origins.py APP_DIR PYTHON_DIR WINE_PREFIX

Matches each file by content (SHA-256) against the Windows CPython folder (its site-packages
holds the wheels) and against the Wine prefix. Fails if a file comes from the Wine prefix
(the build-host stand-ins such as icuuc.dll must never ship) or from nowhere known. Writes the
full listing beside the app folder (dll-origins.txt) and prints a summary by origin."""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from pathlib import Path

SUFFIXES = {".dll", ".pyd"}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def binaries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())


def wheel_of(path: Path, site: Path) -> str:
    """The distribution that installed `path`, from the RECORD files in site-packages."""
    rel = path.relative_to(site).as_posix()
    for record in site.glob("*.dist-info/RECORD"):
        for line in record.read_text("utf-8", errors="replace").splitlines():
            if line.split(",", 1)[0] == rel:
                return record.parent.name.split("-")[0]
    return rel.split("/", 1)[0]


def origins(app: Path, python: Path, prefix: Path) -> list[tuple[str, str]]:
    site = python / "Lib" / "site-packages"
    known: dict[str, Path] = {}
    for p in binaries(python):
        known.setdefault(digest(p), p)
    host = {digest(p): p for p in binaries(prefix / "drive_c" / "windows")}
    host_names = {p.name.lower() for p in (prefix / "drive_c" / "windows" / "system32").glob("*")}
    out = []
    for p in binaries(app):
        h = digest(p)
        rel = p.relative_to(app).as_posix()
        if h in known:
            src = known[h]
            origin = (f"wheel {wheel_of(src, site)}" if site in src.parents
                      else "embedded CPython")
        elif h in host:
            origin = f"WINE PREFIX {host[h].name}"
        elif p.name.lower() in host_names:
            origin = f"UNKNOWN (named like the Wine prefix's {p.name})"
        else:
            origin = "UNKNOWN"
        out.append((rel, origin))
    return out


def main(argv: list[str]) -> int:
    app, python, prefix = (Path(a) for a in argv[1:4])
    rows = origins(app, python, prefix)
    listing = app.parent / "dll-origins.txt"
    listing.write_text("".join(f"{rel}\t{origin}\n" for rel, origin in rows), "utf-8")
    bad = [(rel, o) for rel, o in rows if o.startswith(("WINE", "UNKNOWN"))]
    summary = Counter(o.split(" (", 1)[0] for _, o in rows)
    print(f"windows: {len(rows)} DLL/PYD files in the bundle, listed in {listing.name}: "
          + ", ".join(f"{n} from {o}" for o, n in summary.most_common()))
    for rel, origin in bad:
        print(f"windows: NOT FROM CPYTHON OR A WHEEL: {rel} ({origin})", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
