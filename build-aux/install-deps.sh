#!/usr/bin/env bash
# Installs, on Debian 12, everything Live Concurrency needs to build, run and test.
# Run as root (or through sudo); it only calls apt-get.
set -euo pipefail

packages=(
  # Build
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libsoup-3.0-dev libjson-glib-dev
  libcairo2-dev libpango1.0-dev libsqlite3-dev
  libgtk-4-dev libadwaita-1-dev libsecret-1-dev
  # Tests: a display for the widgets, a Secret Service, validators, the benchmark's reference
  xvfb xauth dbus dbus-x11 gnome-keyring at-spi2-core librsvg2-common
  desktop-file-utils appstream libxml2-utils python3
  # Sanitizer and fuzzing builds
  clang libclang-rt-14-dev valgrind
  # Fonts, so that rendered charts have the same glyphs everywhere, CJK included
  fonts-cantarell fonts-noto-cjk
)

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"
