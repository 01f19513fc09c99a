#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The main window over a cache of N tickets (default 100,000): a demo
# district on loopback, one first sync with helpdesk-cli, then the app
# signed in as a technician under Xvfb, once for each queue it opens on.
# The app times itself (HELPDESK_PROFILE=script in the queue view): from
# its start to the first rows drawn, from each request (a search typed
# letter by letter, a click on a column header, another queue) to the
# first frame painted with its rows, and its resident memory at the end.
#
# Usage: tests/bench-gui.sh [BUILD_DIR] [TICKETS] [QUEUE…]
#   QUEUE: the queue the window opens on (default: mine open closed)
# Xvfb has no GPU: OpenGL there is Mesa's llvmpipe, drawing on the CPU,
# and the app then draws with GTK's cairo renderer (src/gui/hd-renderer.c).
# Run it with GSK_RENDERER=gl in the environment to see GTK's default on
# such a machine; the first rows' line names the renderer that drew.
# Needs xvfb-run (package xvfb). Run by hand; not part of the test suite.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
tickets=${2:-100000}
shift $(( $# > 2 ? 2 : $# ))
queues=("$@")
[ ${#queues[@]} -gt 0 ] || queues=(mine open closed)
server=$build/src/server/helpdesk-server
cli=$build/src/cli/helpdesk-cli
app=$build/src/gui/helpdesk
plan=$top/data/plans/example-district.plan
command -v xvfb-run >/dev/null || { echo "bench-gui: xvfb-run is needed (apt-get install xvfb)" >&2; exit 2; }

dir=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"' EXIT
export XDG_CONFIG_HOME=$dir/config XDG_DATA_HOME=$dir/data HELPDESK_CREDENTIALS=file

echo "== demo district: $tickets tickets"
"$server" demo --db "$dir/server.db" --plan "$plan" --tickets "$tickets" --seed 1 >/dev/null
"$server" serve --plan "$plan" --db "$dir/server.db" --listen 127.0.0.1:0 >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 50); do grep -q Listening "$dir/out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's|^Listening on \(.*\)$|\1|p' "$dir/out")
echo demo-tomasz | "$cli" login --server "$url" --user tomasz >/dev/null
"$cli" sync

# The settings the app signs in with, in a schema compiled here.
mkdir -p "$dir/schemas" "$XDG_CONFIG_HOME/glib-2.0/settings"
cp "$top/data/org.helpdesk.HelpDesk.gschema.xml" "$dir/schemas/"
glib-compile-schemas "$dir/schemas"
export GSETTINGS_SCHEMA_DIR=$dir/schemas GSETTINGS_BACKEND=keyfile GDK_BACKEND=x11

for queue in "${queues[@]}"; do
  printf "[org/helpdesk/HelpDesk]\nserver='%s'\nusername='tomasz'\nlast-queue='%s'\n" "$url" "$queue" \
    >"$XDG_CONFIG_HOME/glib-2.0/settings/keyfile"
  echo "== window opening on queue \"$queue\""
  HELPDESK_PROFILE=script timeout 300 xvfb-run -a -s "-screen 0 1280x1024x24" "$app" 2>"$dir/app.err" || true
  grep -E '^(first rows|search|sort|queue|VmHWM|VmRSS)' "$dir/app.err" || { cat "$dir/app.err" >&2; exit 1; }
done
