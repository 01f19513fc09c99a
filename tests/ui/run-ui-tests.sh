#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one UI test (a Python file beside this script) against the real app
# in a private X server and a private session bus, where AT-SPI runs:
#
#   run-ui-tests.sh test_sign_in.py [BUILD_DIR]
#
# BUILD_DIR (or HELPDESK_BUILD_DIR) is the meson build directory holding
# src/gui/helpdesk and src/server/helpdesk-server. Exit status: 0 passed,
# 1 failed, 77 skipped (something the test needs is not installed).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
test_file=${1:?usage: run-ui-tests.sh TEST.py [BUILD_DIR]}
case $test_file in
  /*) ;;
  *) test_file=$here/$test_file ;;
esac
if [ $# -ge 2 ]; then
  HELPDESK_BUILD_DIR=$2
fi
HELPDESK_BUILD_DIR=${HELPDESK_BUILD_DIR:-$(pwd)}
export HELPDESK_BUILD_DIR

# Debian's interpreter: it is the one with python3-pyatspi.
python=/usr/bin/python3

skip () {
  echo "1..0 # SKIP $*"
  echo "SKIP: $*" >&2
  exit 77
}

command -v xvfb-run >/dev/null 2>&1 || skip "xvfb-run is not installed (Debian package xvfb)"
command -v xauth >/dev/null 2>&1 || skip "xauth, which xvfb-run needs, is not installed (Debian package xauth)"
command -v dbus-run-session >/dev/null 2>&1 || skip "dbus-run-session is not installed (Debian package dbus-daemon)"
command -v import >/dev/null 2>&1 || skip "import is not installed (Debian package imagemagick)"
command -v glib-compile-schemas >/dev/null 2>&1 || skip "glib-compile-schemas is not installed (Debian package libglib2.0-bin)"
[ -x "$python" ] || skip "$python is missing"
"$python" -c 'import pyatspi' 2>/dev/null || skip "pyatspi is not installed (Debian package python3-pyatspi)"
[ -x /usr/libexec/at-spi-bus-launcher ] || command -v at-spi-bus-launcher >/dev/null 2>&1 ||
  skip "the AT-SPI bus is not installed (Debian package at-spi2-core)"
for program in src/gui/helpdesk src/server/helpdesk-server; do
  [ -x "$HELPDESK_BUILD_DIR/$program" ] || {
    echo "no $program in $HELPDESK_BUILD_DIR: build first" >&2
    exit 1
  }
done

# Nothing of the caller's desktop leaks in: its display, bus and a11y bus.
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS AT_SPI_BUS_ADDRESS GTK_A11Y NO_AT_BRIDGE
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" PYTHONDONTWRITEBYTECODE=1

# The X server first, then the bus inside it: the AT-SPI registry, which the
# bus starts on demand, must see DISPLAY to synthesize keys and clicks.
# -noreset: by default Xvfb resets when its last client leaves, and a
# program that connects during the reset is told "cannot open display".
# xvfb-run -a takes the first free display from -n on; starting the search
# at a number of this run's own makes two runs at once unlikely to race
# for the same one.
exec xvfb-run -a -n $((200 + $$ % 700)) -s "-screen 0 1280x1024x24 -noreset" \
  dbus-run-session -- \
  "$python" -u "$test_file"
