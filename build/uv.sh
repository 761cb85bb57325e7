#!/usr/bin/env bash
# Prints the path of a uv executable, installing uv into a private venv if there is none.
# Used by the README's two commands so they work on a fresh machine.
set -euo pipefail
if command -v uv >/dev/null 2>&1; then command -v uv; exit 0; fi
home="${XDG_DATA_HOME:-$HOME/.local/share}/tambon-uv"
if [ ! -x "$home/bin/uv" ]; then
  python3 -m venv "$home" >&2 || {
    echo "python3 -m venv failed: on Debian/Ubuntu run: sudo apt-get install python3-venv" >&2
    exit 1
  }
  "$home/bin/python" -m pip install --quiet --disable-pip-version-check uv >&2
fi
echo "$home/bin/uv"
