#!/usr/bin/env bash
# Create .venv and install the project into it: scripts/setup.sh [EXTRAS], e.g. scripts/setup.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
extras=${1:-}
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check uv
fi
spec="."
[ -n "$extras" ] && spec=".[$extras]"
.venv/bin/uv pip install -q -p .venv/bin/python -e "$spec"
