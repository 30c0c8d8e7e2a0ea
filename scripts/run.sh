#!/usr/bin/env bash
# Set up and start the app on http://localhost:8501 with the demo article loaded (SQLite under db/,
# or WORKBENCH_DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/workbench serve "$@"
