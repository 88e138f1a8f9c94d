#!/usr/bin/env bash
# Rebuild the vendored GOV.UK Frontend assets (see frontend/README.md).
# Needs Node.js + npm; installing or running Civic Desk does not.
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$FRONTEND_DIR/.." && pwd)"
STATIC_DIR="$REPO_DIR/civicdesk/core/static/civicdesk"
AXE_DIR="$REPO_DIR/tests/browser/vendor"
GOVUK_DIST="$FRONTEND_DIR/node_modules/govuk-frontend/dist/govuk"

cd "$FRONTEND_DIR"

npm ci --no-audit --no-fund

mkdir -p "$STATIC_DIR" "$AXE_DIR"

# 1. CSS: GOV.UK Frontend + our rules, Arial, no @font-face, no crown/crest.
npx --no-install sass \
  --style=compressed \
  --no-source-map \
  --no-error-css \
  --load-path=node_modules \
  civicdesk.scss "$STATIC_DIR/civicdesk.css"

# 2. JS: GOV.UK Frontend's ES module bundle. The trailing sourceMappingURL
#    comment is dropped because the .map is not shipped (Django's
#    ManifestStaticFilesStorage would fail on the missing file).
sed '/^\/\/# sourceMappingURL=/d; s|//# sourceMappingURL=[^[:space:]]*$||' \
  "$GOVUK_DIST/govuk-frontend.min.js" > "$STATIC_DIR/govuk-frontend.min.js"

# 3. Images: every file in GOV.UK Frontend 6.3.0's assets/images is the crown
#    or the royal crest (favicon.ico/.svg, govuk-icon-*.png, govuk-icon-mask.svg,
#    govuk-opengraph-image.png, govuk-crest.svg), so none are copied. Fonts
#    (GDS Transport) are never copied. Remove anything left from older builds.
rm -rf "$STATIC_DIR/images" "$STATIC_DIR/fonts" "$STATIC_DIR/assets"
expected_images="favicon.ico favicon.svg govuk-crest.svg govuk-icon-180.png govuk-icon-192.png govuk-icon-512.png govuk-icon-mask.svg govuk-opengraph-image.png"
actual_images="$(cd "$GOVUK_DIST/assets/images" && ls | sort | tr '\n' ' ' | sed 's/ $//')"
if [ "$actual_images" != "$expected_images" ]; then
  echo "build.sh: govuk-frontend assets/images changed: '$actual_images'." >&2
  echo "Check the new files for the crown before deciding whether to ship them." >&2
  exit 1
fi

# 4. axe-core for the browser accessibility tests.
cp "$FRONTEND_DIR/node_modules/axe-core/axe.min.js" "$AXE_DIR/axe.min.js"

# 5. Checks: no GDS Transport, no font files, no url() that would not resolve.
css="$STATIC_DIR/civicdesk.css"
if grep -q 'GDS Transport' "$css"; then
  echo "build.sh: civicdesk.css mentions GDS Transport" >&2; exit 1
fi
if grep -qiE 'woff|\.ttf|\.otf|\.eot|@font-face' "$css"; then
  echo "build.sh: civicdesk.css references a font file" >&2; exit 1
fi
status=0
while IFS= read -r ref; do
  [ -n "$ref" ] || continue
  case "$ref" in
    data:*) continue ;;
    /static/civicdesk/*) target="$STATIC_DIR/${ref#/static/civicdesk/}" ;;
    /*|http:*|https:*) echo "build.sh: url($ref) in civicdesk.css is outside static/civicdesk" >&2; status=1; continue ;;
    *) target="$STATIC_DIR/$ref" ;;
  esac
  if [ ! -f "$target" ]; then
    echo "build.sh: url($ref) in civicdesk.css does not exist" >&2; status=1
  fi
done < <(grep -oE 'url\([^)]*\)' "$css" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' | sort -u)
[ "$status" -eq 0 ] || exit 1

echo "Built:"
ls -l "$STATIC_DIR" "$AXE_DIR"
