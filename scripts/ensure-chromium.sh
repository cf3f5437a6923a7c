#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the browser tests.
# Installs it where this user may; otherwise says so loudly. Under CI=true a missing browser fails.
set -u
[ -x /usr/bin/chromium ] && exit 0

if [ "$(id -u)" = 0 ]; then
  apt_get="apt-get"
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  apt_get="sudo -n apt-get"
else
  apt_get=""
fi

if [ -n "$apt_get" ]; then
  echo "Installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  $apt_get update -qq >/dev/null && $apt_get install -y -qq chromium >/dev/null
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "#############################################################"
  echo "# chromium is missing and could not be installed:           #"
  echo "# the browser tests (end-to-end, accessibility) will SKIP.  #"
  echo "# Install Debian's 'chromium' package to run them.          #"
  echo "#############################################################"
  [ "${CI:-}" = true ] && exit 1
fi
exit 0
