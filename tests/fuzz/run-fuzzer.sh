#!/bin/sh
# run-fuzzer.sh: one time-boxed libFuzzer run of a Live Concurrency harness
#
# Usage: run-fuzzer.sh FUZZER WORK_DIR SEED_DIR DICTIONARY SECONDS [libFuzzer options...]
#
# New inputs the fuzzer finds go to WORK_DIR/corpus and crashes to WORK_DIR/artifacts, never
# into the seed directory of the source tree, which is only read. A finding worth keeping is
# copied into the seed directory by hand, under a name that says what it broke.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

if [ "$#" -lt 5 ]; then
  echo "usage: $0 FUZZER WORK_DIR SEED_DIR DICTIONARY SECONDS [libFuzzer options...]" >&2
  exit 2
fi

fuzzer=$1
work_dir=$2
seed_dir=$3
dictionary=$4
seconds=$5
shift 5

mkdir -p "$work_dir/corpus" "$work_dir/artifacts"

# Undefined behaviour and leaks are findings like crashes: stop at the first one, with a trace.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

# A body of a day's answer is tens of kilobytes; longer inputs only slow the search down.
exec "$fuzzer" \
  -max_total_time="$seconds" \
  -timeout=10 \
  -rss_limit_mb=2048 \
  -max_len=65536 \
  -dict="$dictionary" \
  -artifact_prefix="$work_dir/artifacts/" \
  -print_final_stats=1 \
  "$@" \
  "$work_dir/corpus" "$seed_dir"
