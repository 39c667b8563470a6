#!/usr/bin/env bash
# Installs, from Debian's packages, what the full test suite needs and a fresh machine may lack:
# PostgreSQL, Redis, Chromium (for Playwright; never a downloaded browser), WeasyPrint's
# libraries and a font with Cyrillic. Does nothing when everything is already there.
set -euo pipefail

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
ldconfig -p | grep -q libpangoft2-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing Debian packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
