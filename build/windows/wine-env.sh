# Sourced by build/windows.sh and build/windows/check.sh: the Wine environment of the build.
#   source build/windows/wine-env.sh CACHE_DIR
# 64-bit prefix in CACHE_DIR/prefix, no Mono/Gecko prompts, no WMI (wbemprox: Python's
# platform.system() would query it and Wine aborts in propsys), Thai ANSI code page (874) so
# Thai command-line arguments arrive intact, offscreen Qt (Wine passes WINEQT_X on as QT_X).
_cache="$1"
export WINEPREFIX="$_cache/prefix" WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;wbemprox="
export WINEQT_QPA_PLATFORM=offscreen WINEQT_QPA_FONTDIR='C:\windows\Fonts' WINEQT_SCALE_FACTOR=1
if [ ! -f "$_cache/locale/th_TH.UTF-8/LC_CTYPE" ]; then
  mkdir -p "$_cache/locale"
  localedef -i th_TH -f UTF-8 "$_cache/locale/th_TH.UTF-8" 2>/dev/null || true
fi
{ export LOCPATH="$_cache/locale" LC_ALL=th_TH.UTF-8 LANG=th_TH.UTF-8; } 2>/dev/null

# Python under Wine dies at start ("can't initialize sys standard streams") when stdout is a
# file or stdin is not redirected: stdin from /dev/null, output through a pipe. Keeps the
# program's exit status; a program that hangs is stopped after $WINE_TIMEOUT seconds (900).
wine_run() {
  timeout --kill-after=20 "${WINE_TIMEOUT:-900}" wine "$@" </dev/null 2>&1 | cat
  return "${PIPESTATUS[0]}"
}
