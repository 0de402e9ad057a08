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
  # Fonts, so that rendered charts have the same glyphs everywhere, CJK included; locales, so
  # that the app can be tried in Chinese and with English digit grouping
  fonts-cantarell fonts-noto-cjk locales
)

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"

# The locales the README and the screenshots use; others can be added the same way.
for locale in en_US.UTF-8 zh_CN.UTF-8; do
  sed -i "s/^# *\($locale UTF-8\)/\1/" /etc/locale.gen
done
locale-gen
