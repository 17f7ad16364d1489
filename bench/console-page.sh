#!/usr/bin/env bash
# How usable console.html is for a big log, the page of this tree beside main's before compressed
# blocks (b2807a0): generates logs of SIZE_MB (default 20 and 200), reports each with both tools,
# then loads each page in headless Chromium and jumps to a line 99% of the way in.
# usage: bench/console-page.sh [SIZE_MB ...]
set -euo pipefail
cd "$(dirname "$0")/.."
before=b2807a0
if [ $# -eq 0 ]; then set -- 20 200; fi
mkdir -p .bench
dotnet build -c Release src/Traas.Tool -o .bench/tool --nologo -v quiet >/dev/null
if [ ! -f ".bench/tool-$before/traas-ci.dll" ]; then
  rm -rf ".bench/src-$before" && mkdir -p ".bench/src-$before"
  git archive "$before" | tar -x -C ".bench/src-$before"
  dotnet build -c Release ".bench/src-$before/src/Traas.Tool" -o ".bench/tool-$before" --nologo -v quiet >/dev/null
fi
printf '%-12s %7s %8s %6s %7s %7s %7s %7s %7s %8s %7s %7s\n' page 'log MiB' 'page MiB' ratio 'paint s' 'FCP s' \
  'load s' 'ready s' 'DOM' 'jump ms' 'find s' 'again s'
for size in "$@"; do
  log=.bench/traas-${size}mb.log
  [ -s "$log" ] || /usr/bin/python3 bench/generate_log.py "$log" "$size"
  line=$(( $(wc -l < "$log") * 99 / 100 ))
  for tool in "tool-$before" tool; do
    out=".bench/console-$tool-$size"
    dotnet ".bench/$tool/traas-ci.dll" report "$log" --out "$out" 2>/dev/null || true
    label=$([ "$tool" = tool ] && echo "compressed" || echo "main $before")
    node --experimental-websocket --no-warnings bench/console-page.mjs "$out/console.html" "$log" "$line" "$label"
  done
done
echo "jump: to the line 99% of the way in, until it is shown and a frame is drawn; find: a search for" \
  "the last line (the first inflates every block), again: the same search once more." \
  "Targets: ratio <= 0.3; at 200 MiB, first paint <= 3 s; jump <= 1000 ms."
