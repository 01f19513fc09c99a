#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the configured systemd unit: verify-unit.sh UNIT SERVER [MANDIR]
#
# UNIT is the configured helpdesk-server.service, SERVER the built
# helpdesk-server (the unit's ExecStart points at the install path, which
# does not exist yet, so a copy in a temporary directory runs SERVER
# instead), MANDIR the source tree's data/man (its pages stand in for the
# installed ones when the Documentation= lines are checked).
#
# Fails when "systemd-analyze verify" fails or has anything to say about
# the unit, or when "systemd-analyze security --offline=yes" rates its
# exposure above 2.0 ("OK" or better). Exits 77 (skipped) without
# systemd-analyze.

set -u

unit=${1:?usage: verify-unit.sh UNIT SERVER [MANDIR]}
server=${2:?usage: verify-unit.sh UNIT SERVER [MANDIR]}
mandir=${3:-}
threshold=20   # tenths: 2.0

if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "SKIP: systemd-analyze is not installed" >&2
  exit 77
fi
if [ ! -f "$unit" ] || [ ! -x "$server" ]; then
  echo "ERROR: $unit or $server is missing" >&2
  exit 1
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
copy="$tmp/helpdesk-server.service"

case $server in
  /*) ;;
  *) server="$(pwd)/$server" ;;
esac

# Only the program's path changes; its arguments stay as installed.
server_sed=$(printf '%s\n' "$server" | sed 's/[|&\\]/\\&/g')
sed "s|^ExecStart=[^ ]*/helpdesk-server |ExecStart=$server_sed |" "$unit" >"$copy" || exit 1
if ! grep -qF "ExecStart=$server " "$copy"; then
  echo "ERROR: no ExecStart=.../helpdesk-server line in $unit" >&2
  exit 1
fi

# The Documentation= man pages are checked against the source tree's pages
# when man(1) is there, else not at all.
man_check=--man=no
if [ -n "$mandir" ] && [ ! -d "$mandir" ]; then
  echo "ERROR: $mandir is not a directory" >&2
  exit 1
fi
if [ -n "$mandir" ] && command -v man >/dev/null 2>&1; then
  for page in "$mandir"/*.[0-9]; do
    section=${page##*.}
    mkdir -p "$tmp/man/man$section" && cp "$page" "$tmp/man/man$section/" || exit 1
  done
  MANPATH="$tmp/man"
  export MANPATH
  man_check=--man=yes
fi

status=0

echo "# systemd-analyze verify $man_check $copy"
systemd-analyze verify "$man_check" "$copy" >"$tmp/verify.log" 2>&1
verify_status=$?
cat "$tmp/verify.log"
if [ "$verify_status" -ne 0 ]; then
  echo "FAIL: systemd-analyze verify exited with $verify_status" >&2
  status=1
elif grep -q "helpdesk-server" "$tmp/verify.log"; then
  # Other units on the host may draw warnings; those about ours fail.
  echo "FAIL: systemd-analyze verify has warnings about the unit" >&2
  status=1
else
  echo "verify: OK"
fi

echo "# systemd-analyze security --offline=yes --threshold=$threshold $copy"
systemd-analyze security --no-pager --offline=yes --threshold="$threshold" "$copy" >"$tmp/security.log" 2>&1
security_status=$?
grep -E "^(✗|→)|exposure level" "$tmp/security.log" || cat "$tmp/security.log"
if [ "$security_status" -ne 0 ]; then
  echo "FAIL: exposure above $((threshold / 10)).$((threshold % 10)), or systemd-analyze security failed" >&2
  status=1
fi

exit $status
