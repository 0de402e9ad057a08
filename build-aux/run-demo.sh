#!/usr/bin/env bash
# Builds Live Concurrency, installs it into _install inside this checkout (nothing outside it is
# touched), and starts the desktop app in demo mode: a built-in stand-in for the POLYV API on
# loopback, with demo credentials, so no account and no network are needed. Installing, rather
# than running from the build tree, is what makes the translations, icons and settings schema
# available, exactly as in a real installation.
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir=_build-demo
prefix="$PWD/_install"

if [ ! -f "$build_dir/build.ninja" ]; then
  meson setup "$build_dir" --buildtype=debugoptimized --prefix="$prefix"
fi
meson compile -C "$build_dir"
meson install -C "$build_dir" --quiet

export GSETTINGS_SCHEMA_DIR="$prefix/share/glib-2.0/schemas"
export XDG_DATA_DIRS="$prefix/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
exec "$prefix/bin/live-concurrency" --demo "$@"
