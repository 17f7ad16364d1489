#!/usr/bin/env bash
# `dotnet tool run traas-ci` from a checkout: packs the tool into a local feed (./packages), restores
# the tool manifest (.config/dotnet-tools.json) from it, and runs `traas-ci --version`. It uses a
# NuGet folder and a dotnet home of its own (the tool resolver cache lives there), so that an earlier
# restore of the same version can neither stand in for this one nor point at a folder since removed.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/Traas.Tool/Traas.Tool.csproj)
grep -q "\"version\": \"$version\"" .config/dotnet-tools.json \
  || { echo "tool-check: .config/dotnet-tools.json does not name version $version of the tool" >&2; exit 1; }
rm -rf packages
dotnet pack src/Traas.Tool -c Release -o packages --nologo -v quiet >/dev/null
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export DOTNET_CLI_HOME=$home NUGET_PACKAGES=$home/nuget DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore --add-source packages >/dev/null
printed=$(dotnet tool run traas-ci --version)
[ "$printed" = "$version" ] || { echo "tool-check: dotnet tool run traas-ci --version printed '$printed', not $version" >&2; exit 1; }
echo "tool-check: dotnet pack, dotnet tool restore, dotnet tool run traas-ci --version: $printed"
