#!/usr/bin/env bash
# Builds Live Concurrency in _build and runs every test suite, widget tests included (they
# start their own Xvfb). Pass a build directory as the first argument to use another one.
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir=${1:-_build}

if [ ! -f "$build_dir/build.ninja" ]; then
  meson setup "$build_dir" --buildtype=debugoptimized
fi
meson compile -C "$build_dir"

status=0
meson test -C "$build_dir" --print-errorlogs --num-processes 2 || status=$?

# One closing line that any CI reads the same way: how many suites passed and failed.
build-aux/summarize-tests.py "$build_dir/meson-logs/testlog.json" || true

exit $status
