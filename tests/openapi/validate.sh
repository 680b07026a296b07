#!/usr/bin/env bash
# ctest: the OpenAPI document the gateway serves is valid against the OpenAPI 3.0 schema,
# checked with @apidevtools/swagger-parser from the npm registry (installed from the committed
# package-lock.json into the build tree).
set -euo pipefail
gateway=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/validate.mjs" "$work/"
cd "$work"
if [ ! -d node_modules/@apidevtools/swagger-parser ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
"$gateway" --print-openapi > openapi.json
node validate.mjs openapi.json
