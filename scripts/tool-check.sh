#!/usr/bin/env bash
# `dotnet tool run traas-ci` from a checkout: packs the tool into a local feed (./packages), restores
# the tool manifest (.config/dotnet-tools.json) from it, and runs `traas-ci --version`. Uses a
# NuGet folder of its own, so that an earlier restore of the same version cannot stand in for this one.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/Traas.Tool/Traas.Tool.csproj)
grep -q "\"version\": \"$version\"" .config/dotnet-tools.json \
  || { echo "tool-check: .config/dotnet-tools.json does not name version $version of the tool" >&2; exit 1; }
rm -rf packages
dotnet pack src/Traas.Tool -c Release -o packages --nologo -v quiet >/dev/null
export NUGET_PACKAGES
NUGET_PACKAGES=$(mktemp -d)
trap 'rm -rf "$NUGET_PACKAGES"' EXIT
dotnet tool restore --add-source packages >/dev/null
printed=$(dotnet tool run traas-ci --version)
[ "$printed" = "$version" ] || { echo "tool-check: dotnet tool run traas-ci --version printed '$printed', not $version" >&2; exit 1; }
echo "tool-check: dotnet pack, dotnet tool restore, dotnet tool run traas-ci --version: $printed"
