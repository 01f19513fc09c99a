#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Lint data/openapi.yaml with Redocly CLI (its built-in "recommended"
# rules). build-aux/quickstart test installs the linter from npm into
# build/npm; pass another node_modules folder as $1.
# Exits 77 (skipped) when node or the linter is missing, else with the
# linter's status: 0 when the description has no errors (warnings are
# printed but do not fail).

set -u

node_modules=${1:-$(cd "$(dirname "$0")/.." && pwd)/build/npm/node_modules}
spec="$(cd "$(dirname "$0")/.." && pwd)/data/openapi.yaml"
redocly="$node_modules/.bin/redocly"

if ! command -v node >/dev/null 2>&1; then
  echo "SKIP: node is not installed" >&2
  exit 77
fi
if [ ! -x "$redocly" ]; then
  echo "SKIP: Redocly CLI is not installed in $node_modules" >&2
  exit 77
fi
if [ ! -f "$spec" ]; then
  echo "ERROR: $spec is missing" >&2
  exit 1
fi

# No telemetry or update checks: tests must not need the network.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true

"$redocly" --version
exec "$redocly" lint --extends recommended --format stylish "$spec"
