#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the browser tests.
# Installs it where this user may; otherwise says so loudly. Under CI=true a missing browser fails.
set -u
[ -x /usr/bin/chromium ] && exit 0
echo "Installing Debian's chromium for the browser tests..."
"$(dirname "$0")/apt-install.sh" chromium
if [ ! -x /usr/bin/chromium ]; then
  echo "#############################################################"
  echo "# chromium is missing and could not be installed:           #"
  echo "# the browser tests (end-to-end, accessibility) will SKIP.  #"
  echo "# Install Debian's 'chromium' package to run them.          #"
  echo "#############################################################"
  [ "${CI:-}" = true ] && exit 1
fi
exit 0
