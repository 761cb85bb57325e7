#!/usr/bin/env bash
# The Windows installer under Wine, as a clerk's PC would meet it:
#   bash build/windows/check.sh dist/tambon-desktop-X.Y.Z-setup.exe [OLDER-setup.exe]
# 1. (with OLDER) install the older version, make records with its tambon.exe in the default
#    data folder (%LOCALAPPDATA%\tambon-desktop), then install this version over it;
# 2. silent install: program files, Start-menu and desktop shortcuts, uninstall entry;
# 3. the installed app's --smoke-test on a Thai data folder with a space, screenshot kept in
#    dist/windows/smoke-window.png; (with OLDER) the records are still there, the store at the
#    newest schema step;
# 4. silent uninstall: program, shortcuts and entry gone, the clerk's data folder kept;
#    then /REMOVEDATA removes it.
# Prints one line per step with its time. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
SETUP="$(realpath "$1")" OLDER="${2:+$(realpath "$2")}"
CACHE="${TAMBON_WINDOWS_CACHE:-$HOME/.cache/tambon-windows}"
source build/windows/wine-env.sh "$CACHE"
T0=$SECONDS
log() { echo "windows check: $* [$((SECONDS - T0)) s]"; }
fail() { echo "windows check: FAILED: $*" >&2; exit 1; }

C="$WINEPREFIX/drive_c"
user_dir="$(ls -d "$C"/users/*/AppData/Local 2>/dev/null | grep -v /Public/ | head -1)"
[ -n "$user_dir" ] || fail "no user profile in the Wine prefix"
INSTDIR="$user_dir/Programs/Tambon Desktop"
DATA="$user_dir/tambon-desktop"
THAI_NAME="ระบบบันทึกการประชุมและโครงการ"
start_menu="$(dirname "$user_dir")/Roaming/Microsoft/Windows/Start Menu/Programs"
desktop="$(dirname "$(dirname "$user_dir")")/Desktop"
KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\TambonDesktop'

uninstall_all() {  # a clean start: no earlier install, no data from an earlier run
  if [ -x "$INSTDIR/uninstall.exe" ] || [ -f "$INSTDIR/uninstall.exe" ]; then
    wine_run "$INSTDIR/uninstall.exe" /S /REMOVEDATA >/dev/null || true
    wineserver -w
  fi
  rm -rf "$INSTDIR" "$DATA"
}

install() {  # silent install; NSIS's uninstaller copies itself and returns at once: wait
  local t=$SECONDS
  wine_run "$1" /S || fail "installer $(basename "$1") exited non-zero"
  wineserver -w
  [ -f "$INSTDIR/tambon-desktop.exe" ] || fail "no tambon-desktop.exe in $INSTDIR"
  log "installed $(basename "$1") silently in $((SECONDS - t)) s: $(du -sm "$INSTDIR" | cut -f1) MiB in %LOCALAPPDATA%\\Programs\\Tambon Desktop"
}

cli() { wine_run "$INSTDIR/tambon.exe" "$@"; }
# The CLI writes in the console's ANSI code page (874 here, the Thai one: see wine-env.sh).
count_json() { python3 -c 'import json,sys; print(len(json.loads(sys.stdin.buffer.read().decode("cp874"))))'; }

uninstall_all
if [ -n "$OLDER" ]; then
  install "$OLDER"
  cli init --district 9501 --user "สมศรี ใจดี" --demo | tail -1
  id="$(cli import "$ROOT/resources/samples/seed-project.json" | tr -d '\r' | tail -1)"
  before="$(cli list --form meeting --json | count_json)"
  [ -f "$DATA/tambon.sqlite3" ] || fail "the older version made no store in %LOCALAPPDATA%\\tambon-desktop"
  log "older version: workspace with $before meeting(s) and project $id in %LOCALAPPDATA%\\tambon-desktop"
fi

install "$SETUP"
[ -f "$start_menu/$THAI_NAME.lnk" ] || fail "no Start-menu shortcut '$THAI_NAME'"
[ -f "$desktop/$THAI_NAME.lnk" ] || fail "no desktop shortcut"
wine reg query "$KEY" /v DisplayVersion </dev/null 2>/dev/null | tr -d '\r' | grep -q "$(basename "$SETUP" | sed 's/tambon-desktop-\(.*\)-setup.exe/\1/')" ||
  fail "the uninstall entry does not carry this version"
log "Start-menu and desktop shortcuts '$THAI_NAME', uninstall entry in HKCU"

if [ -n "$OLDER" ]; then
  after="$(cli list --form meeting --json | count_json)"
  [ "$after" = "$before" ] || fail "meetings before the upgrade $before, after $after"
  cli export "$id" | tr -d '\r' | grep -q '"tambon-record/1"' || fail "project $id lost in the upgrade"
  step="$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$DATA/tambon.sqlite3")"
  latest="$(python3 -c 'import sys; sys.path.insert(0, "."); from tambon_desktop.store.migrations import LATEST; print(LATEST)')"
  [ "$step" = "$latest" ] || fail "store at schema step $step after the upgrade, expected $latest"
  log "upgrade kept the data: $after meeting(s), project $id, store at schema step $step (newest)"
fi

t=$SECONDS
smoke_dir="$C/ข้อมูล ทดสอบ อำเภอ"
rm -rf "$smoke_dir" && mkdir -p "$smoke_dir"
out="$(wine_run "$INSTDIR/tambon-desktop.exe" --data-dir 'C:\ข้อมูล ทดสอบ อำเภอ\ที่ทำงาน' \
  --smoke-test 'C:\ข้อมูล ทดสอบ อำเภอ\หน้าต่าง.png')" || { echo "$out" >&2; fail "smoke test exited non-zero"; }
echo "$out" | iconv -f CP874 -t UTF-8 -c | tr -d '\r' | grep -v -e '^$' -e propagateSizeHints |
  sed 's/^/  app: /'
echo "$out" | grep -a -q "smoke test passed" || fail "the smoke test did not pass"
! echo "$out" | grep -a -q -e Traceback -e "Error:" || fail "the smoke test printed an error"
png="$smoke_dir/หน้าต่าง.png"
[ -s "$png" ] && [ "$(stat -c %s "$png")" -gt 10000 ] || fail "no screenshot"
mkdir -p "$ROOT/dist/windows" && cp "$png" "$ROOT/dist/windows/smoke-window.png"
log "installed app's smoke test on 'C:\\ข้อมูล ทดสอบ อำเภอ\\ที่ทำงาน' passed in $((SECONDS - t)) s; screenshot dist/windows/smoke-window.png ($(stat -c %s "$png") bytes)"
rm -rf "$smoke_dir"

t=$SECONDS
mkdir -p "$DATA" && touch "$DATA/keep-me"
wine_run "$INSTDIR/uninstall.exe" /S || fail "uninstaller exited non-zero"
wineserver -w
for _ in $(seq 30); do [ -e "$INSTDIR/tambon-desktop.exe" ] || break; sleep 1; done  # Au_.exe runs on
[ ! -e "$INSTDIR/tambon-desktop.exe" ] || fail "the program is still installed"
[ ! -e "$start_menu/$THAI_NAME.lnk" ] && [ ! -e "$desktop/$THAI_NAME.lnk" ] || fail "shortcuts left behind"
! wine reg query "$KEY" </dev/null >/dev/null 2>&1 || fail "uninstall entry left behind"
[ -f "$DATA/keep-me" ] || fail "the uninstaller removed the clerk's data folder"
log "uninstalled silently in $((SECONDS - t)) s: program, shortcuts and entry gone, data folder kept"
install "$SETUP" >/dev/null
wine_run "$INSTDIR/uninstall.exe" /S /REMOVEDATA >/dev/null || fail "uninstall /REMOVEDATA exited non-zero"
wineserver -w
for _ in $(seq 30); do [ -e "$DATA" ] || break; sleep 1; done
[ ! -e "$DATA" ] || fail "/REMOVEDATA left the data folder"
log "uninstall /REMOVEDATA also removed the data folder"
