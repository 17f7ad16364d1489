#!/usr/bin/env bash
# Start-up time: the Release build's `traas-ci --version` against `openstack --version` (Debian's
# python3-openstackclient, installed when missing), median of 21 runs each.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v openstack >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-openstackclient >/dev/null; }
dotnet build -c Release src/Traas.Tool -o .bench/tool --nologo -v quiet >/dev/null
/usr/bin/python3 bench/startup.py .bench/tool/traas-ci
