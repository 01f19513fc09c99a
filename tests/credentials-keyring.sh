#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs test-credentials (given as $1, its options after it) against a real
# GNOME Keyring: a private session bus, a throwaway home, and a login
# keyring unlocked with a known password, so that nothing ever prompts.
set -eu

test_binary=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/run"

export HOME="$tmp" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
       XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run" HD_TEST_KEYRING=1
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL HELPDESK_CREDENTIALS

# gnome-keyring-daemon leaves with the bus when dbus-run-session ends.
dbus-run-session -- sh -c '
  printf "%s" helpdesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' sh "$test_binary" "$@"
