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

# The daemon claims its bus name a moment after it forks. A test that called before then
# would have the bus start a second, locked daemon, so wait for the name (ten seconds at most).
tries=0
until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null \
    | grep -q true; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ]; then
    echo "gnome-keyring-daemon did not claim org.freedesktop.secrets" >&2
    exit 1
  fi
  sleep 0.1
done

export LC_TEST_SECRET_SERVICE=available
"$@"
