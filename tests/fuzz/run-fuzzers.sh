#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every fuzz target of tests/fuzz for DURATION seconds each, one
# after the other, from its corpus (tests/fuzz/corpus/TARGET) and its
# dictionary, and prints the outcome as TAP, one test per target:
#
#   tests/fuzz/run-fuzzers.sh DURATION [BUILD_DIR [TARGET...]]
#
# BUILD_DIR (default build-fuzz) is a build configured with
# "CC=clang meson setup BUILD_DIR -Dfuzzing=true"; the script builds the
# targets there first. What a run finds new stays in BUILD_DIR/fuzz-work,
# not in the corpus; a crashing input goes to BUILD_DIR/fuzz-artifacts,
# and the target's log to BUILD_DIR/fuzz-logs. Exit status: 0 when every
# target ran clean.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
duration=${1:?usage: run-fuzzers.sh DURATION [BUILD_DIR [TARGET...]]}
build=${2:-build-fuzz}
[ $# -ge 2 ] && shift 2 || shift $#
targets=${*:-plan ticket changes calendar server}

meson compile -C "$build" fuzzers >&2

# The same suppressions as the sanitizer build; intercept_tls_get_addr=0
# for the reason tests/meson.build gives. UBSan aborts: the targets are
# built with -fno-sanitize-recover.
export ASAN_OPTIONS="intercept_tls_get_addr=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$here/../lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

mkdir -p "$build/fuzz-artifacts" "$build/fuzz-logs"
n=0
for target in $targets; do
  n=$((n + 1))
done
echo "1..$n"

status=0
i=0
for target in $targets; do
  i=$((i + 1))
  binary=$build/tests/fuzz/fuzz-$target
  work=$build/fuzz-work/$target
  log=$build/fuzz-logs/$target.log
  mkdir -p "$work"
  set -- -max_total_time="$duration" -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$target-"
  [ -f "$here/$target.dict" ] && set -- "$@" -dict="$here/$target.dict"
  if "$binary" "$@" "$work" "$here/corpus/$target" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    last=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1)
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.* corp: \([^ ]*\).*/\1/p')
    echo "ok $i - fuzz-$target: ${duration} s, $runs runs ($speed/s), cov $cov, ft $ft, corpus $corp"
  else
    status=1
    echo "not ok $i - fuzz-$target: see $log"
    sed 's/^/# /' "$log" | tail -n 60
  fi
done
exit "$status"
