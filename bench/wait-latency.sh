#!/usr/bin/env bash
# Wait latency: from the job's exit marker being written (traas.rc's modification time) to
# `traas-ci run` leaving the wait stage (the moment its "the job ended" line reaches us), over
# several end-to-end runs on the local sandbox. Prints each run and the median. Target: < 5 s median.
#
#   bench/wait-latency.sh [RUNS]     (default 7; the sandbox here has its own folder and ports)
set -euo pipefail
cd "$(dirname "$0")/.."
export TRAAS_SANDBOX_DIR=/tmp/traas-sandbox-bench TRAAS_PG_PORT=35432 TRAAS_KEYSTONE_PORT=35000 TRAAS_HEAT_PORT=38004 \
  TRAAS_SSH_PORT=32222 TRAAS_STANDIN_SECONDS=3
bash scripts/sandbox.sh up
trap 'bash scripts/sandbox.sh down' EXIT
dotnet build -c Release src/Traas.Tool -o .bench/tool --nologo -v quiet >/dev/null
mapfile -t options < <(bash scripts/sandbox.sh env)
OS_CLIENT_CONFIG_FILE=$TRAAS_SANDBOX_DIR/clouds.yaml TRAAS_POLL_SECONDS=1 \
  python3 bench/wait_latency.py "${1:-7}" .bench/tool/traas-ci -t templates/traas.yaml "${options[@]}"
