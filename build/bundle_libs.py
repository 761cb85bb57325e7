"""The bundle's shared libraries against an allow-list, so a build does not depend on what the
build host happens to have installed (a Debian desktop would add libgtk-3 and its companions).

    python3 build/bundle_libs.py APP_DIR        (prints the count; exit 1 on a surprise)

Python extension modules (.pyd, *.cpython-*.so, *.abi3.so) come with the packages the app
imports and are not listed. Everything else must match a pattern below: a new library in the
bundle is a decision (add it here), not an accident of the build machine."""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

LINUX = (
    # from the PySide6 wheels: Qt, its ICU, the plugins the spec keeps
    "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6Gui.so.6",
    "PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/lib/libQt6PrintSupport.so.6",
    "PySide6/Qt/lib/libQt6DBus.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    "PySide6/Qt/lib/libicu*.so.*",
    "PySide6/Qt/plugins/platforms/libq{xcb,offscreen,minimal}.so",
    "PySide6/Qt/plugins/imageformats/libq{gif,ico,jpeg}.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-egl-integration.so",
    "PySide6/Qt/plugins/platforminputcontexts/lib*platforminputcontextplugin.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    # from other wheels
    "PySide6/libpyside6.abi3.so.*", "shiboken6/libshiboken6.abi3.so.*",
    "pillow.libs/lib*.so*", "pypdfium2_raw/libpdfium.so",
    # from the build host (spec_common.HOST_LIBS), or links to the libraries above
    "libpython3.*.so*", "libffi.so.*", "libsqlite3.so.*", "libexpat.so.*", "libz.so.*",
    "libbz2.so.*", "liblzma*.so.*", "libzstd*.so.*", "libstdc++.so.*", "libgcc_s.so.*",
    "libfontconfig.so.*", "libfreetype.so.*", "libpng16.so.*", "libbrotli{common,dec}.so.*",
    "libuuid.so.*", "libjpeg*.so.*", "libthai.so.*", "libdatrie.so.*", "libxkbcommon*.so.*",
    "libxcb*.so*", "libXau*.so*", "libtiff*.so*", "libopenjp2*.so*", "libQt6*.so.6",
    "libicu*.so.*", "libpdfium.so", "lib{pyside6,shiboken6}.abi3.so.*",
)
WINDOWS = (
    # the embeddable CPython
    "python3.dll", "python312.dll", "VCRUNTIME140.dll", "VCRUNTIME140_1.dll", "libffi-8.dll",
    "libcrypto-3.dll", "libssl-3.dll", "sqlite3.dll",
    # the PySide6 and shiboken6 wheels
    "PySide6/Qt6{Core,Gui,Widgets,PrintSupport}.dll", "PySide6/pyside6.abi3.dll",
    "PySide6/MSVCP140*.dll", "PySide6/VCRUNTIME140*.dll",
    "PySide6/plugins/platforms/q{windows,offscreen}.dll",
    "PySide6/plugins/imageformats/q{gif,ico,jpeg}.dll",
    "PySide6/plugins/styles/qmodernwindowsstyle.dll",
    "shiboken6/shiboken6.abi3.dll", "shiboken6/MSVCP140*.dll", "shiboken6/VCRUNTIME140*.dll",
    "pypdfium2_raw/pdfium.dll",
)


def _expand(pattern: str) -> list[str]:
    """fnmatch with one {a,b} group."""
    if "{" not in pattern:
        return [pattern]
    head, rest = pattern.split("{", 1)
    options, tail = rest.split("}", 1)
    return [head + o + tail for o in options.split(",")]


def is_extension(name: str) -> bool:
    return name.endswith(".pyd") or ".cpython-" in name or name.endswith(".abi3.so")


def shared_libraries(app: Path) -> list[str]:
    """Paths under _internal of every shared library that is not an extension module."""
    internal = app / "_internal"
    out = []
    for p in internal.rglob("*"):
        name = p.name
        if (name.endswith(".dll") or ".so" in name) and not is_extension(name) and \
                (p.is_file() or p.is_symlink()):
            out.append(p.relative_to(internal).as_posix())
    return sorted(out)


def unexpected(app: Path, allowed: tuple[str, ...]) -> list[str]:
    patterns = [x for a in allowed for x in _expand(a)]
    return [rel for rel in shared_libraries(app)
            if not any(fnmatch.fnmatchcase(rel, pat) for pat in patterns)]


def allow_list_for(app: Path) -> tuple[str, ...]:
    return WINDOWS if any(app.glob("*.exe")) else LINUX


def main(argv: list[str]) -> int:
    app = Path(argv[1])
    libs = shared_libraries(app)
    surprises = unexpected(app, allow_list_for(app))
    size = sum(p.stat().st_size for p in app.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"bundle: {len(libs)} shared libraries, all on the allow-list"
          if not surprises else f"bundle: {len(surprises)} of {len(libs)} shared libraries "
          "are not on the allow-list (build/bundle_libs.py):", f"({size / 2**20:.0f} MiB)")
    for rel in surprises:
        print(f"  {rel}", file=sys.stderr)
    return 1 if surprises else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
