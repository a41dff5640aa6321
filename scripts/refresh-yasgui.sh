#!/usr/bin/env bash
# Refreshes the vendored YASGUI (vendor/yasgui/), the SPARQL editor and results viewer of the
# home page, from npm: `scripts/refresh-yasgui.sh [VERSION]` (default: the version in
# vendor/yasgui/VERSION). The server embeds the built files (src/server/ui.rs, include_bytes!),
# so the editor works offline; rebuild kyoto-kg afterwards and run the browser tests
# (`cargo test --release --test browser`).
#
# What it writes:
#   yasgui.min.js, yasgui.min.css   @zazuko/yasgui's build, without its source-map comment (the
#                                   map is not shipped, so browsers would ask for it in vain)
#   LICENSE                         YASGUI's licence (MIT), from the package or its repository
#   THIRD-PARTY-LICENSES.txt        the licence of every package the build bundles, as npm
#                                   installed them
#   VERSION                         the version vendored, and the SHA-256 of the npm tarball
set -euo pipefail
cd "$(dirname "$0")/.."
out=vendor/yasgui
version="${1:-$(sed -n 's/^version=//p' "$out/VERSION" 2>/dev/null || true)}"
if [ -z "$version" ]; then
  echo "usage: $0 VERSION (e.g. 4.6.2)" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== installing @zazuko/yasgui@$version from npm into $work"
(cd "$work" && npm init -y >/dev/null && npm install --no-fund --no-audit --ignore-scripts --omit=dev \
  "@zazuko/yasgui@$version" >/dev/null)
pkg="$work/node_modules/@zazuko/yasgui"
[ "$(node -p "require('$pkg/package.json').version")" = "$version" ]
integrity="$(cd "$work" && npm view "@zazuko/yasgui@$version" dist.integrity)"

mkdir -p "$out"
sed '/^\/\/# sourceMappingURL=/d' "$pkg/build/yasgui.min.js" > "$out/yasgui.min.js"
sed 's|/\*# sourceMappingURL=[^*]*\*/||' "$pkg/build/yasgui.min.css" > "$out/yasgui.min.css"
if [ -f "$pkg/LICENSE" ]; then
  cp "$pkg/LICENSE" "$out/LICENSE"
elif [ ! -f "$out/LICENSE" ]; then
  echo "the package has no LICENSE file and $out/LICENSE is missing: copy it from https://github.com/rdfjs/Yasgui/blob/main/LICENSE" >&2
  exit 1
fi

# Every installed package (the build bundles its dependencies), with its licence text.
node - "$work/node_modules" > "$out/THIRD-PARTY-LICENSES.txt" <<'JS'
const fs = require("fs");
const path = require("path");
const root = process.argv[2];
const seen = [];
function visit(dir) {
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (name.startsWith("@")) { visit(full); continue; }
    const manifest = path.join(full, "package.json");
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, "utf8"));
    const files = fs.readdirSync(full).filter((f) => /^(licen[cs]e|copying|notice)/i.test(f)).sort();
    seen.push({ pkg, texts: files.map((f) => fs.readFileSync(path.join(full, f), "utf8").trim()) });
    const nested = path.join(full, "node_modules");
    if (fs.existsSync(nested)) visit(nested);
  }
}
visit(root);
console.log("The licences of the packages npm installed with @zazuko/yasgui, whose build");
console.log("(yasgui.min.js, yasgui.min.css) bundles them. Written by scripts/refresh-yasgui.sh.\n");
for (const { pkg, texts } of seen) {
  const licence = typeof pkg.license === "string" ? pkg.license : JSON.stringify(pkg.license || pkg.licenses || "unknown");
  console.log("=".repeat(78));
  console.log(`${pkg.name} ${pkg.version} (${licence})${pkg.homepage ? " " + pkg.homepage : ""}`);
  console.log("=".repeat(78));
  console.log((texts.length ? texts.join("\n\n") : `No licence file in the package; package.json says: ${licence}.`) + "\n");
}
JS

{
  echo "version=$version"
  echo "integrity=$integrity"
  echo "source=https://www.npmjs.com/package/@zazuko/yasgui/v/$version"
} > "$out/VERSION"
ls -l "$out"
