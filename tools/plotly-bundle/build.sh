#!/usr/bin/env bash
# Rebuild assets/vendor/plotly-partial.min.js (run once when plotly or the trace types drawn change; the result is
# committed, so neither the app nor the tests need node). Keep plotly.js at the version of the Python package's
# bundle: python -c "import plotly.offline as o; print(o.get_plotlyjs_version())".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
cp "$here/package.json" "$here/entry.js" "$work/"
cd "$work"
npm install --no-audit --no-fund --ignore-scripts >/dev/null
version="$(node -p "require('plotly.js/package.json').version")"
# maplibre's CSS is only for map subplots, which the dashboard does not draw
npx esbuild entry.js --bundle --minify --format=iife --global-name=Plotly --target=es2016 \
  --define:global=window --define:define.amd=false --loader:.css=empty --legal-comments=none \
  --banner:js="/* plotly.js v$version, partial bundle (scatter, bar, heatmap, choropleth, scattergeo). Copyright 2012-2026, Plotly, Inc. MIT License (assets/vendor/LICENSE-plotly). */" \
  --outfile="$here/../../assets/vendor/plotly-partial.min.js"
cp node_modules/plotly.js/LICENSE "$here/../../assets/vendor/LICENSE-plotly"
rm -rf "$work"
