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


def _name(dest: str) -> str:
    return dest.replace("\\", "/")


def keep(dest: str) -> bool:
    d = _name(dest)
    if d.startswith("pythainlp/corpus/") and d.rsplit("/", 1)[-1] not in KEEP_PYTHAINLP:
        return False
    if "PySide6/" in d and any(part in d for part in DROP_QT):
        return False
    if sys.platform.startswith("linux"):
        base = d.rsplit("/", 1)[-1]
        if any(lib in base for lib in DROP_LIBS):
            return False
    return True


def prune(analysis) -> None:
    analysis.datas = [e for e in analysis.datas if keep(e[0])]
    analysis.binaries = [e for e in analysis.binaries if keep(e[0])]
