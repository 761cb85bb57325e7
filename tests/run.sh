#!/usr/bin/env bash
# The test command: installs uv and the locked dependencies if needed, lints, runs every test.
# System tools the tests read PDFs and run servers with come from Debian (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
uv="$(bash build/uv.sh)"
"$uv" sync --frozen --all-extras --quiet --compile-bytecode
"$uv" run --frozen ruff check .
exec "$uv" run --frozen pytest "$@"
