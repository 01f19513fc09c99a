#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Load and soak: CLIENTS simulated people (tests/soak-client.c, each a
# process with its own cache and token, signed in as the app signs in)
# file tickets, comment and change statuses, each followed by a sync, for
# SECONDS against one helpdesk-server on loopback with the example
# district's plan. Every fifth person is front office staff (a
# requester), every tenth a supervisor, the rest technicians.
#
# Usage: tests/soak.sh [BUILD_DIR] [CLIENTS] [SECONDS]   (default 50 clients, 600 s)
#
# At the end the server's change feed is compared with what the clients
# made: every ticket and comment exactly once, each status the one its
# client left; no sync may have failed. The server's memory (VmRSS) is
# sampled every 5 s; on runs of 2 minutes or more it must end no more
# than 25 % above where it stood after the first minute. Prints
# throughput and sync latency (p50, p99). Exits 0 when all holds.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
clients=${2:-50}
seconds=${3:-600}
server=$build/src/server/helpdesk-server
soak=$build/tests/soak-client
for program in "$server" "$soak"; do
  [ -x "$program" ] || { echo "soak: $program is missing; build first" >&2; exit 2; }
done

dir=$(mktemp -d)
pid=
sampler=
cleanup() {
  [ -z "$sampler" ] || kill "$sampler" 2>/dev/null || true
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

role_of() {
  if [ $(($1 % 10)) -eq 0 ]; then echo supervisor
  elif [ $(($1 % 5)) -eq 0 ]; then echo requester
  else echo technician; fi
}

echo "soak: $clients clients for $seconds s; adding their accounts"
for i in $(seq "$clients") auditor; do
  if [ "$i" = auditor ]; then role=supervisor; else role=$(role_of "$i"); fi
  echo "soak-pass-$i" | "$server" user add "soak$i" --db "$dir/server.db" --role "$role" \
    --name "Soak Person $i" --email "soak$i@springfield.example" --password-stdin >/dev/null
done

"$server" serve --plan "$top/data/plans/example-district.plan" --db "$dir/server.db" \
  --listen 127.0.0.1:0 >"$dir/server.out" 2>"$dir/server.err" &
pid=$!
for _ in $(seq 300); do grep -q Listening "$dir/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's|^Listening on ||p' "$dir/server.out")
[ -n "$url" ] || { echo "soak: the server did not start" >&2; cat "$dir/server.err" >&2; exit 1; }

# VmRSS in kB, every 5 s: "SECONDS KB"
(
  start=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$rss" ] && echo "$(($(date +%s) - start)) $rss" >>"$dir/rss"
    sleep 5
  done
) &
sampler=$!

client_pids=()
for i in $(seq "$clients"); do
  mkdir -p "$dir/c$i"
  XDG_DATA_HOME="$dir/c$i/data" XDG_CONFIG_HOME="$dir/c$i/config" HELPDESK_CREDENTIALS=file \
    "$soak" run --server "$url" --user "soak$i" --password "soak-pass-$i" --seconds "$seconds" \
    --out "$dir/c$i.log" 2>>"$dir/clients.err" &
  client_pids+=($!)
done
failed_clients=0
for p in "${client_pids[@]}"; do
  wait "$p" || failed_clients=$((failed_clients + 1))
done

status=0
"$soak" check --server "$url" --user soakauditor --password soak-pass-auditor --seconds "$seconds" \
  "$dir"/c*.log || status=1
if [ -s "$dir/clients.err" ]; then
  echo "client errors:"; sed 's/^/  /' "$dir/clients.err" | head -20
fi
[ "$failed_clients" -eq 0 ] || { echo "soak: $failed_clients clients failed"; status=1; }

kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sampler=
kill -TERM "$pid"
wait "$pid" || { echo "soak: the server did not stop cleanly"; status=1; }
pid=
if [ -s "$dir/server.err" ]; then
  echo "server errors:"; sed 's/^/  /' "$dir/server.err" | head -20
  status=1
fi

# The server's memory: at the start, after the first minute, at the end.
awk -v seconds="$seconds" '
  { t[NR] = $1; kb[NR] = $2; if ($2 > max) max = $2; if (warm == 0 && $1 >= 60) warm = $2 }
  END {
    if (NR == 0) { print "server memory: not sampled"; exit 1 }
    printf "server memory (VmRSS, every 5 s): start %.1f MiB, ", kb[1] / 1024
    if (warm > 0) printf "after 1 min %.1f MiB, ", warm / 1024
    printf "end %.1f MiB, highest %.1f MiB\n", kb[NR] / 1024, max / 1024
    printf "server memory by minute (MiB):"
    for (i = 1; i <= NR; i++) if (t[i] >= 60 * m) { printf " %.1f", kb[i] / 1024; m++ }
    printf "\n"
    if (seconds >= 120) {
      if (kb[NR] > warm * 1.25) { print "soak: the server memory grew more than 25 % after the first minute"; exit 1 }
      print "server memory: flat"
    }
  }' "$dir/rss" || status=1

[ "$status" -eq 0 ] && echo "soak: passed" || echo "soak: FAILED"
exit "$status"
