#!/usr/bin/env bash
# How usable console.html is for a big log: generates a SIZE_MB log (default 200), reports it,
# then loads the page in headless Chromium and jumps to a line 60% of the way in.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-200}
mkdir -p .bench
dotnet build -c Release src/Traas.Tool -o .bench/tool --nologo -v quiet >/dev/null
log=.bench/traas-${size}mb.log
[ -s "$log" ] || /usr/bin/python3 bench/generate_log.py "$log" "$size"
dotnet .bench/tool/traas-ci.dll report "$log" --out ".bench/out-$size" 2>/dev/null || true
lines=$(wc -l < "$log")
node --experimental-websocket --no-warnings bench/console-page.mjs ".bench/out-$size/console.html" $((lines * 6 / 10))
