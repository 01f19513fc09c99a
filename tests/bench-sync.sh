#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The client against a demo district of N tickets (default 100,000) on
# loopback: the first full sync (wall time of both processes together),
# a sync with nothing new, searches, and the cache's size.
# Usage: tests/bench-sync.sh [BUILD_DIR] [TICKETS]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
tickets=${2:-100000}
server=$build/src/server/helpdesk-server
cli=$build/src/cli/helpdesk-cli
plan=$top/data/plans/example-district.plan

dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
export XDG_CONFIG_HOME=$dir/config XDG_DATA_HOME=$dir/data HELPDESK_CREDENTIALS=file

echo "== demo district: $tickets tickets"
"$server" demo --db "$dir/server.db" --plan "$plan" --tickets "$tickets" --seed 1 >/dev/null
# the demo's writes reach the disk now, not during the sync measured
sync
"$server" serve --plan "$plan" --db "$dir/server.db" --listen 127.0.0.1:0 >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 50); do grep -q Listening "$dir/out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's|^Listening on \(.*\)$|\1|p' "$dir/out")
echo demo-tomasz | "$cli" login --server "$url" --user tomasz >/dev/null

echo "== first full sync"
start=$(date +%s.%N)
"$cli" sync
end=$(date +%s.%N)
echo "wall: $(echo "$end - $start" | bc) s"

echo "== in process"
"$build/tests/bench-client" "$(ls "$dir"/data/helpdesk/*.db)" "$url" tomasz
