#!/bin/sh
# Runs a test program inside a private D-Bus session with gnome-keyring's Secret Service,
# unlocked with a throwaway password, and a throwaway home, so no real keyring is touched.
# Usage: dbus-run-session -- run-with-keyring.sh TEST-PROGRAM [ARGS...]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

scratch=$(mktemp -d)
keyring_pid=""
trap 'kill "$keyring_pid" 2>/dev/null || true; rm -rf "$scratch"' EXIT INT TERM
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" XDG_DATA_HOME="$scratch/data"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME"
chmod 700 "$XDG_RUNTIME_DIR"

# --unlock reads the login keyring's password on standard input and creates the keyring; the
# daemon forks into the background and prints its environment.
# The daemon is not under test: it runs without the allocator checks the test suite turns on.
keyring_env=$(printf 'test' | env -u MALLOC_PERTURB_ -u MALLOC_CHECK_ -u G_DEBUG \
  gnome-keyring-daemon --unlock --components=secrets)
eval "$keyring_env"
keyring_pid=${GNOME_KEYRING_PID:-}

export LC_TEST_SECRET_SERVICE=available
"$@"
