#!/usr/bin/env bash
# Makes sure Debian's wrk (the HTTP load generator) is installed for `make bench`.
# Installs it where this user may; otherwise says so, and bench/run.py falls back to its own
# (slower) Python load generator and says so in bench/results.md.
set -u
command -v wrk >/dev/null && exit 0
echo "Installing Debian's wrk for the benchmark..."
"$(dirname "$0")/../scripts/apt-install.sh" wrk
if ! command -v wrk >/dev/null; then
  echo "bench: wrk is missing and could not be installed; using the built-in Python load"
  echo "bench: generator instead (install Debian's 'wrk' package for the usual figures)."
fi
exit 0
