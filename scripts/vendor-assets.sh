#!/usr/bin/env bash
# Fetch the pinned front-end assets with `npm pack` and copy them, with their
# licences, into internal/web/static/vendor/. The output is committed, so no
# build step needs npm. Re-run only when changing a pinned version.
#
#   scripts/vendor-assets.sh                     refresh internal/web/static/vendor/
#   scripts/vendor-assets.sh --echarts-bar OUT   build only the bar-chart ECharts into OUT
#
# --echarts-bar leaves the vendor directory alone. It bundles ECharts with
# only what the progress page uses (bar series, grid, tooltip, canvas
# renderer) through its tree-shakable imports, minifies it with esbuild and
# writes OUT plus OUT.LICENSE. Every package in that build is pinned exactly
# (echarts pins zrender and tslib itself), so the bytes are the same on any
# machine; the script checks them against bar_sha256 below.
set -euo pipefail

usage() {
  echo "usage: scripts/vendor-assets.sh [--echarts-bar OUT.js]" >&2
  exit 2
}

bar_out=""
while (($#)); do
  case $1 in
    --echarts-bar)
      [[ $# -ge 2 && -n $2 ]] || usage
      # Resolve before the cd below, so OUT is relative to the caller.
      bar_out=$(realpath -m -- "$2")
      shift 2
      ;;
    *) usage ;;
  esac
done

cd "$(dirname "$0")/.."
dest=internal/web/static/vendor

echarts_version=6.1.0

# name           npm spec               asset inside the package
pkgs=(
  "htmx    htmx.org@2.0.11        dist/htmx.min.js"
  "pico    @picocss/pico@2.1.1    css/pico.min.css"
)
# ECharts is no longer served: the progress page's charts are SVG drawn on the
# server (internal/office/chart.go). The full bundle was 368 KB gzipped for two
# bar charts; --echarts-bar still builds the bar-only alternative that was
# measured against them (168 KB gzipped).

# The bar-only build. zrender and tslib are the exact versions that
# echarts ${echarts_version} requires; the build fails if npm installs others.
bar_esbuild_version=0.28.2
bar_deps=("zrender 6.1.0" "tslib 2.3.0")
bar_sha256=7b61c2758c83690a67cd81c0f5bdf7a0383ec01732401bbdd1b57bf940f9d21a

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# build_echarts_bar OUT: bundle, minify, check the checksum, add licences.
build_echarts_bar() {
  local out=$1 work="$tmp/echarts-bar"
  mkdir -p "$work" "$(dirname "$out")"
  printf '{"name": "xuezuo-echarts-bar", "private": true, "version": "0.0.0",\n "dependencies": {"echarts": "%s", "esbuild": "%s"}}\n' \
    "$echarts_version" "$bar_esbuild_version" >"$work/package.json"
  # app.js calls only echarts.init; the other three are the usual global's
  # handy calls. Importing names rather than the whole echarts/core
  # namespace lets esbuild drop the rest of core (14 KB).
  printf '%s\n' \
    "import { use, init, getInstanceByDom, dispose, version } from 'echarts/core';" \
    "import { BarChart } from 'echarts/charts';" \
    "import { GridComponent, TooltipComponent } from 'echarts/components';" \
    "import { CanvasRenderer } from 'echarts/renderers';" \
    "use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);" \
    "window.echarts = { init: init, getInstanceByDom: getInstanceByDom, dispose: dispose, version: version };" \
    >"$work/entry.js"

  echo "== npm install echarts@${echarts_version} esbuild@${bar_esbuild_version}"
  # --ignore-scripts: esbuild's postinstall only re-checks its binary, which
  # npm has already taken from the pinned @esbuild/<platform> package.
  (cd "$work" && npm install --silent --ignore-scripts --no-audit --no-fund --no-package-lock)
  local dep name want got
  for dep in "${bar_deps[@]}"; do
    read -r name want <<<"$dep"
    got=$(node -p "require('$work/node_modules/$name/package.json').version")
    if [[ $got != "$want" ]]; then
      echo "vendor-assets: npm installed $name $got, want $want" >&2
      exit 1
    fi
  done

  echo "== esbuild $out"
  # process.env.NODE_ENV must be defined: ECharts' lib files test it around
  # dev-only checks, and a browser has no `process`.
  "$work/node_modules/.bin/esbuild" "$work/entry.js" --bundle --minify --format=iife \
    --target=es2017 --legal-comments=none --log-level=warning \
    --define:process.env.NODE_ENV='"production"' \
    --banner:js="/*! Apache ECharts ${echarts_version}: bar, grid, tooltip, canvas only; built by scripts/vendor-assets.sh --echarts-bar with esbuild ${bar_esbuild_version}. Licences in $(basename "$out").LICENSE */" \
    --outfile="$out"

  local sum
  sum=$(sha256sum "$out" | cut -d' ' -f1)
  if [[ $sum != "$bar_sha256" ]]; then
    echo "vendor-assets: $out has sha256 $sum, want $bar_sha256" >&2
    echo "  (after changing a pinned version or the entry, put the new sum in bar_sha256)" >&2
    exit 1
  fi

  # The bundle holds ECharts (Apache-2.0, with a NOTICE), zrender
  # (BSD-3-Clause) and tslib (0BSD): ship all three licences with it.
  local pkg
  for pkg in echarts zrender tslib; do
    echo "===== $pkg $(node -p "require('$work/node_modules/$pkg/package.json').version") ====="
    cat "$work/node_modules/$pkg/LICENSE"*
    echo
  done >"$out.LICENSE"
  {
    echo "===== echarts NOTICE ====="
    cat "$work/node_modules/echarts/NOTICE"
  } >>"$out.LICENSE"
  echo "== wrote $out: $(wc -c <"$out") bytes, $(gzip -9 -c "$out" | wc -c) gzipped (gzip -9), sha256 $sum"
}

if [[ -n $bar_out ]]; then
  build_echarts_bar "$bar_out"
  exit 0
fi

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
