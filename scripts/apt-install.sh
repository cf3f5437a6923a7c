#!/usr/bin/env bash
# Installs Debian packages where this user may (root, or passwordless sudo); says nothing and
# fails quietly otherwise. The ensure-* scripts check first, call this, and explain what is missing.
set -u
[ $# -gt 0 ] || exit 2
command -v apt-get >/dev/null || exit 1
if [ "$(id -u)" = 0 ]; then
  apt_get="apt-get"
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  apt_get="sudo -n apt-get"
else
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Try from the package lists the machine has; refresh them only if that fails.
$apt_get install -y -qq "$@" >/dev/null 2>&1 \
  || { $apt_get update -qq >/dev/null 2>&1 && $apt_get install -y -qq "$@" >/dev/null 2>&1; }
