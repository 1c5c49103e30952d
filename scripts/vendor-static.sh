#!/usr/bin/env bash
# Copies the few front-end files planwerk needs from npm packages into the
# static folder, so that the app never needs Node at run time.
# Run it after changing versions in package.json: `make vendor`.
set -euo pipefail
cd "$(dirname "$0")/.."
# --ignore-scripts: nothing of a package runs here (swagger-ui-dist pulls in an
# analytics package whose install script would phone home).
npm install --no-audit --no-fund --silent --ignore-scripts
dest=src/planwerk/core/static/vendor
rm -rf "$dest"
mkdir -p "$dest/kern/fonts" "$dest/htmx" "$dest/swagger-ui"
kern=node_modules/@kern-ux/native
cp "$kern/dist/kern.min.css" "$kern/dist/kern-utilities.min.css" "$dest/kern/"
cp "$kern/LICENSE.md" "$dest/kern/LICENSE.md"
cp "$kern/dist/fonts/fira-sans.css" "$dest/kern/fonts/"
mkdir -p "$dest/kern/fonts/fira-sans"
# Only the font files the stylesheet refers to.
for font in $(grep -o 'fira-sans/[A-Za-z-]*\.woff2' "$kern/dist/fonts/fira-sans.css" | sort -u); do
  cp "$kern/dist/fonts/$font" "$dest/kern/fonts/$font"
done
cp scripts/OFL.txt "$dest/kern/fonts/fira-sans/OFL.txt"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/htmx.org/LICENSE "$dest/htmx/LICENSE" 2>/dev/null || true
# Swagger UI for the API's documentation page (/api/v1/docs).
swagger=node_modules/swagger-ui-dist
cp "$swagger/swagger-ui-bundle.js" "$swagger/swagger-ui.css" "$dest/swagger-ui/"
# Without their source maps, which are not shipped: collectstatic's manifest would
# look for them and fail.
sed -i '/sourceMappingURL=/d' "$dest/swagger-ui/swagger-ui.css" "$dest/swagger-ui/swagger-ui-bundle.js"
cp "$swagger/LICENSE" "$swagger/NOTICE" "$swagger/swagger-ui-bundle.js.LICENSE.txt" "$dest/swagger-ui/"
node -e 'const p=require("./package.json");const v={};for(const n of Object.keys(p.dependencies)){v[n]=require("./node_modules/"+n+"/package.json").version}console.log(JSON.stringify(v,null,2))' > "$dest/VERSIONS.json"
echo "vendored into $dest:"; cat "$dest/VERSIONS.json"
