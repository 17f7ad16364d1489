#!/usr/bin/env bash
# Benchmark of `traas-ci report`: builds the tool in Release, installs the reference converters
# (Debian's ansifilter and aha) when missing, and prints MiB/s and peak RSS for 50 and 500 MiB logs.
# usage: bench/run.sh [--long-line] [SIZE_MB ...]   (default: 50 500; --long-line: the log is one
#        unterminated line of that size)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in ansifilter aha; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ansifilter aha >/dev/null; }
done
dotnet build -c Release src/Traas.Tool -o .bench/tool --nologo -v quiet >/dev/null
mkdir -p .bench
if [ $# -eq 0 ] || [ "$*" = --long-line ]; then set -- "$@" 50 500; fi
/usr/bin/python3 bench/report-benchmark.py .bench/tool/traas-ci.dll .bench "$@"
