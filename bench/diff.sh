#!/usr/bin/env bash
# Benchmark of `traas-ci diff`. Builds the tool in Release, then:
#   bench/diff.sh [DATASETS_DIR]          each logjuicer-tests pair: required lines found, reduction, time
#                                         (default ../shared/logjuicer-datasets; exits 1 below the targets)
#   bench/diff.sh --scale [SIZE_MB ...]   time and peak RSS of diff against report on generated logs
#                                         (default: 50 500)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/Traas.Tool -o .bench/tool --nologo -v quiet >/dev/null
mkdir -p .bench
if [ "${1:-}" = "--scale" ]; then
  shift
  if [ $# -eq 0 ]; then set -- 50 500; fi
  exec /usr/bin/python3 bench/diff_scale.py .bench/tool/traas-ci.dll .bench "$@"
fi
exec /usr/bin/python3 bench/diff_datasets.py .bench/tool/traas-ci.dll .bench/diff-datasets "${1:-../shared/logjuicer-datasets}"
