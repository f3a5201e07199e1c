#!/usr/bin/env bash
# End-to-end memory benchmark (release binary, whole processes) beside translate-toolkit's
# pretranslate, same run. Not a test: prints figures. See bench/memory-e2e.py.
#   bench/memory-e2e.sh              # 70k, 100k and 1M TUs
#   bench/memory-e2e.sh 70000 100000 # chosen sizes
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/corpus ]; then
  echo "skipped: ../shared/corpus not found"
  exit 0
fi
cargo build --release --quiet
exec python3 bench/memory-e2e.py "$@"
