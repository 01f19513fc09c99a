#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Load benchmark of helpdesk-server on loopback with wrk: requests per
# second and latency percentiles, 32 connections, for
#   - GET /changes with nothing new (what every idle client polls), and
#   - POST /tickets (each request a new ticket).
# Usage: tests/bench-server.sh [BUILD_DIR] [SECONDS]   (needs wrk and curl)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
seconds=${2:-10}
server=$build/src/server/helpdesk-server
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench-server: $tool is needed (apt-get install $tool)" >&2; exit 2; }
done

dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
echo bench-pass | "$server" user add bench --db "$dir/server.db" --role technician \
  --name "Bench Mark" --email bench@springfield.example --password-stdin >/dev/null
"$server" serve --plan "$top/data/plans/example-district.plan" --db "$dir/server.db" \
  --listen 127.0.0.1:0 >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 50); do grep -q Listening "$dir/out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's|^Listening on \(.*\)/$|\1|p' "$dir/out")/api/v1

token=$(curl -sf -X POST "$base/session" -H 'Content-Type: application/json' \
  -d '{"username": "bench", "password": "bench-pass"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
cursor=$(curl -sf "$base/changes" -H "Authorization: Bearer $token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cursor"])')

cat >"$dir/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
local function hex(n) return string.format("%0" .. n .. "x", math.random(0, 16 ^ n - 1)) end
function request()
  local id = hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-8" .. hex(3) .. "-" .. hex(6) .. hex(6)
  local body = '{"id": "' .. id .. '", "subject": "Projector in room 12 shows no picture",'
    .. ' "description": "No signal on the classroom projector.", "location": "Lincoln Elementary",'
    .. ' "topic": "classroom-av", "scope": "few", "effect": "workaround", "channel": "phone",'
    .. ' "requester": {"name": "Ms. Rivera", "email": "rivera@springfield.example"}}'
  return wrk.format(nil, nil, nil, body)
end
LUA

echo "== GET /changes, nothing new, 32 connections, ${seconds}s"
wrk -t2 -c32 -d"${seconds}s" --latency -H "Authorization: Bearer $token" \
  "$base/changes?after=$cursor" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors"
echo "== POST /tickets, 32 connections, ${seconds}s"
wrk -t2 -c32 -d"${seconds}s" --latency -s "$dir/post.lua" "$base/tickets" \
  | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors"
echo "== tickets stored: $(curl -sf "$base/changes?limit=1" -H "Authorization: Bearer $token" >/dev/null && \
  python3 -c "import sqlite3; print(sqlite3.connect('$dir/server.db').execute('select count(*) from tickets').fetchone()[0])")"
