#!/usr/bin/env bash
# Makes sure Debian's wrk (the HTTP load generator) is installed for `make bench`.
# Installs it where this user may; otherwise says so, and bench/run.py falls back to its own
# (slower) Python load generator and says so in bench/results.md.
set -u
command -v wrk >/dev/null && exit 0

if [ "$(id -u)" = 0 ]; then
  apt_get="apt-get"
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  apt_get="sudo -n apt-get"
else
  apt_get=""
fi

if [ -n "$apt_get" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's wrk for the benchmark..."
  export DEBIAN_FRONTEND=noninteractive
  $apt_get install -y -qq wrk >/dev/null 2>&1 \
    || { $apt_get update -qq >/dev/null 2>&1 && $apt_get install -y -qq wrk >/dev/null 2>&1; }
fi

if ! command -v wrk >/dev/null; then
  echo "bench: wrk is missing and could not be installed; using the built-in Python load"
  echo "bench: generator instead (install Debian's 'wrk' package for the usual figures)."
fi
exit 0
