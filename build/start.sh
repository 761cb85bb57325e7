#!/usr/bin/env bash
# Start Tambon Desktop from a checkout: installs uv and the locked dependencies if needed,
# then opens the app on the per-user workspace (a demo workspace when there is none yet).
set -euo pipefail
cd "$(dirname "$0")/.."
uv="$(bash build/uv.sh)"
"$uv" sync --frozen --quiet --compile-bytecode  # compiled once: faster starts
exec "$uv" run --frozen tambon-desktop --demo "$@"
