#!/usr/bin/env bash
# Makes docs/images/pr-comment.png: the sticky pull request comment as the publish tests leave it
# (a passing run after a failing one), rendered from its markdown and shot in headless Chromium
# (Debian's chromium and fonts-noto-color-emoji).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
TRAAS_COMMENT_OUT="$work/comment.md" dotnet test tests/Traas.Tool.Tests --nologo -v quiet \
  --filter "FullyQualifiedName~The_comment_is_updated_in_place" >/dev/null
node docs/render-comment.cjs "$work/comment.md" > "$work/comment.html"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$work/profile" --hide-scrollbars --window-size=900,1060 \
  --screenshot="$PWD/docs/images/pr-comment.png" "file://$work/comment.html" 2>/dev/null
echo "docs/images/pr-comment.png"
