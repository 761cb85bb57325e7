"""What the frozen desktop app leaves out: shared by tambon-desktop.spec and bare-window.spec,
so the bench compares the app with a bare PySide6 window frozen exactly the same way."""

from __future__ import annotations

import sys

# Never used by the desktop: the server stack, other toolkits, test tools, unused Qt modules.
EXCLUDES = [
    "tambon_desktop.server", "fastapi", "starlette", "uvicorn", "alembic", "argon2",
    "psycopg", "psycopg_binary", "pydantic_settings", "tkinter", "_tkinter", "unittest",
    "pytest", "hypothesis", "IPython", "numpy", "pandas", "matplotlib", "readline",
    # Nothing imports these at run time, but their runtime hook costs ~150 ms at every start.
    "setuptools", "pkg_resources", "distutils", "_distutils_hack",
    # The app uses threads, never processes; the multiprocessing runtime hook alone imports
    # socket, pickle, select and more before the first line of the app runs.
    "multiprocessing",
    # ReportLab imports PIL.Image; Pillow's font, colour, AVIF/WebP and GUI parts are unused.
    "PIL.ImageFont", "PIL._imagingft", "PIL.ImageCms", "PIL._imagingcms", "PIL._avif",
    "PIL._webp", "PIL.AvifImagePlugin", "PIL.WebPImagePlugin", "PIL.ImageQt", "PIL.ImageTk",
    "PIL._imagingtk", "PIL.ImageShow",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtSql", "PySide6.QtTest",
    "PySide6.QtDBus", "PySide6.QtConcurrent", "PySide6.QtXml", "PySide6.QtDesigner",
    "PySide6.QtHelp", "PySide6.QtUiTools", "PySide6.QtSvgWidgets",
]

# pythainlp ships 63 MB of corpora and models; line breaking reads only these.
KEEP_PYTHAINLP = {"words_th.txt", "stopwords_th.txt", "default_db.json", "corpus_license.md"}

DROP_QT = (
    "/sqldrivers/", "/translations/", "/platformthemes/", "/wayland", "/virtualkeyboard/",
    "/qmltooling/", "/designer/", "/networkinformation/", "/tls/", "/position/", "/multimedia/",
    "/webview/", "/egldeviceintegrations/", "/generic/", "platforms/libqeglfs",
    "platforms/libqlinuxfb", "platforms/libqvnc", "platforms/libqwayland",
    "platforms/libqvkkhrdisplay", "platforms/libqminimalegl", "xcbglintegrations/libqxcb-glx",
    "imageformats/libqtiff", "imageformats/libqwebp", "imageformats/libqicns",
    "imageformats/libqtga", "imageformats/libqwbmp", "imageformats/libqsvg",
    "iconengines/libqsvgicon",  # the app draws no SVG
)

# Libraries only dropped modules and plugins need (found by following NEEDED entries from
# what stays), and Linux desktop base libraries taken from the system instead of bundled:
# X11/xcb, glib, systemd, the CUPS printing stack (libcups with its TLS and Kerberos
# libraries: printing on Linux needs CUPS installed anyway), and OpenSSL 3 (every distribution
# with the glibc 2.34 that the Qt wheels need ships it). libthai/libdatrie stay: Qt loads
# them at run time for Thai line breaking. The README lists the system packages.
DROP_LIBS = (
    "Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6OpenGL.", "Qt6Sql", "Qt6Test", "Qt6VirtualKeyboard",
    "Qt6Designer", "Qt6EglFSDeviceIntegration", "Qt6EglFsKmsSupport", "Qt6WaylandClient",
    "Qt6WlShellIntegration", "libatk-1.0", "libcairo", "libgdk_pixbuf", "libpango",
    "libpixman", "libfribidi", "libgraphite2", "libharfbuzz.so", "libgio-2.0", "libgmodule-2.0",
    "libgobject-2.0", "libmount.so", "libblkid.so", "libselinux.so", "libbsd.so", "libmd.so",
    "libXext.so", "libXrender.so", "libxcb-glx.so", "libXau.so", "libXdmcp.so",
    "libX11.so", "libX11-xcb.so", "libglib-2.0.so", "libpcre2-8.so", "libsystemd.so",
    "libgcrypt.so", "libgpg-error.so", "liblz4.so", "libcap.so", "libcups.so", "libgnutls.so",
    "libkrb5.so", "libk5crypto.so", "libkrb5support.so", "libgssapi_krb5.so", "libkeyutils.so",
    "libp11-kit.so", "libunistring.so", "libtasn1.so", "libnettle.so", "libhogweed.so",
    "libgmp.so", "libidn2.so", "libavahi-common.so", "libavahi-client.so", "libdbus-1.so",
    "libtinfo.so", "libreadline.so", "libssl.so.3", "libcrypto.so.3", "Qt6Svg",
)


# The Windows bundle's counterparts: Qt's software OpenGL (widgets never use it), Qt6Network
# (nothing left links to it), and the plugins dropped on Linux, named the Windows way.
DROP_WINDOWS = (
    "opengl32sw.dll", "Qt6Network.dll", "Qt6Svg.dll", "platforms/qdirect2d", "platforms/qminimal",
    "imageformats/qtiff", "imageformats/qwebp", "imageformats/qicns", "imageformats/qtga",
    "imageformats/qwbmp", "imageformats/qsvg", "iconengines/qsvgicon",
)


# Linux libraries the app takes from the build host (not from a wheel): only these. Whatever
# else the host happens to have and PyInstaller finds (libgtk-3 and its companions, through
# the GTK platform-theme plugin that is dropped above) stays out, so the bundle does not depend
# on the build machine (build/bundle_libs.py checks the result).
HOST_LIBS = (
    "libpython3", "libffi.so", "libsqlite3.so", "libexpat.so", "libz.so", "libbz2.so",
    "liblzma.so", "libzstd.so", "libstdc++.so", "libgcc_s.so", "libfontconfig.so",
    "libfreetype.so", "libpng16.so", "libbrotlicommon.so", "libbrotlidec.so", "libuuid.so",
    "libjpeg.so", "libthai.so", "libdatrie.so", "libxkbcommon.so", "libxkbcommon-x11.so",
    "libxcb-",
)


def _from_host(src: str) -> bool:
    """A shared library from the build host, not from a wheel or Python's own extension
    modules."""
    s = src.replace("\\", "/")
    return ".so" in s and "/site-packages/" not in s and "/lib-dynload/" not in s


def _name(dest: str) -> str:
    return dest.replace("\\", "/")


def keep(dest: str) -> bool:
    d = _name(dest)
    if d.startswith("pythainlp/corpus/") and d.rsplit("/", 1)[-1] not in KEEP_PYTHAINLP:
        return False
    if "PySide6/" in d and any(part in d for part in DROP_QT):
        return False
    if sys.platform == "win32" and any(part in d for part in DROP_WINDOWS):
        return False
    if sys.platform.startswith("linux"):
        base = d.rsplit("/", 1)[-1]
        if any(lib in base for lib in DROP_LIBS):
            return False
    return True


def keep_binary(dest: str, src: str) -> bool:
    if not keep(dest):
        return False
    if sys.platform.startswith("linux") and _from_host(src):
        return _name(dest).rsplit("/", 1)[-1].startswith(HOST_LIBS)
    return True


def prune(analysis) -> None:
    analysis.datas = [e for e in analysis.datas if keep(e[0])]
    analysis.binaries = [e for e in analysis.binaries if keep_binary(e[0], e[1])]


def build_version(root) -> str:
    """$TAMBON_BUILD_VERSION (build/windows.sh --version), else pyproject.toml's version."""
    import os
    import tomllib

    return os.environ.get("TAMBON_BUILD_VERSION") or \
        tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def windows_version_info(root):
    """The exe's version resource (Explorer's Details tab, the installer's upgrade check)."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    version = build_version(root)
    numbers = tuple((([int(x) for x in version.split(".") if x.isdigit()]) + [0, 0, 0, 0])[:4])
    strings = [StringStruct("CompanyName", "Tambon Desktop"),
               StringStruct("FileDescription", "Tambon Desktop"),
               StringStruct("FileVersion", version),
               StringStruct("ProductName", "Tambon Desktop"),
               StringStruct("ProductVersion", version),
               StringStruct("LegalCopyright", "MIT License")]
    return VSVersionInfo(ffi=FixedFileInfo(filevers=numbers, prodvers=numbers),
                         kids=[StringFileInfo([StringTable("040904B0", strings)]),
                               VarFileInfo([VarStruct("Translation", [0x0409, 1200])])])
