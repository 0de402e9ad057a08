#!/usr/bin/env bash
# Builds Live Concurrency in _build and starts the desktop app in demo mode: a built-in stand-in
# for the POLYV API on loopback, with demo credentials. Nothing is installed and nothing leaves
# this machine.
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir=${1:-_build}

if [ ! -f "$build_dir/build.ninja" ]; then
  meson setup "$build_dir" --buildtype=debugoptimized
fi
meson compile -C "$build_dir"

# The app's settings schema is compiled into the build tree; point GSettings at it.
export GSETTINGS_SCHEMA_DIR="$PWD/$build_dir/data"
exec "$build_dir/src/app/live-concurrency" --demo
