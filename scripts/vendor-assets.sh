#!/usr/bin/env bash
# Fetch the pinned front-end assets with `npm pack` and copy them, with their
# licences, into internal/web/static/vendor/. The output is committed, so no
# build step needs npm. Re-run only when changing a pinned version.
set -euo pipefail

cd "$(dirname "$0")/.."
dest=internal/web/static/vendor

# name           npm spec               asset inside the package
pkgs=(
  "htmx    htmx.org@2.0.11        dist/htmx.min.js"
  "pico    @picocss/pico@2.1.1    css/pico.min.css"
  "echarts echarts@6.1.0          dist/echarts.min.js"
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$dest"
assets=()
for line in "${pkgs[@]}"; do
  read -r name spec asset <<<"$line"
  work="$tmp/$name"
  mkdir -p "$work"
  echo "== npm pack $spec"
  tgz=$(cd "$work" && npm pack --silent --ignore-scripts "$spec" | tail -n1)
  tar -xzf "$work/$tgz" -C "$work"
  pkg="$work/package"

  if [[ ! -f "$pkg/$asset" ]]; then
    echo "vendor-assets: $spec has no $asset" >&2
    exit 1
  fi
  cp "$pkg/$asset" "$dest/$(basename "$asset")"
  assets+=("$(basename "$asset")")

  lic=$(find "$pkg" -maxdepth 1 -type f \( -iname 'LICENSE' -o -iname 'LICENSE.*' -o -iname 'LICENCE*' -o -iname 'COPYING*' \) | sort | head -n1)
  if [[ -z "$lic" ]]; then
    echo "vendor-assets: $spec has no LICENSE file" >&2
    exit 1
  fi
  cp "$lic" "$dest/$name.LICENSE"

  notice=$(find "$pkg" -maxdepth 1 -type f -iname 'NOTICE*' | sort | head -n1)
  if [[ -n "$notice" ]]; then
    cp "$notice" "$dest/$name.NOTICE"
  fi
done

(cd "$dest" && sha256sum "${assets[@]}" > SHA256SUMS)
echo "== wrote $dest:"
ls -l "$dest"
