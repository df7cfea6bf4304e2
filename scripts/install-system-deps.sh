#!/usr/bin/env bash
# Checks and installs what the test suite needs outside npm, on Debian/Ubuntu:
#   - a JDK 21+ (the Conductor server needs it; we only check, and say what to install)
#   - Maven (fetches the server jar from the user's configured repositories)
#   - Debian's Chromium (browser tests drive it with playwright-core; never a downloaded browser)
set -euo pipefail

fail() { echo "install-system-deps: $*" >&2; exit 1; }

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)\(\.[^"]*\)\?".*/\1/p' | head -n1; }
found_java=""
for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java "$(command -v java || true)"; do
  [ -x "$candidate" ] || continue
  major=$(java_major "$candidate")
  if [ -n "$major" ] && [ "$major" -ge 21 ]; then found_java="$candidate ($major)"; break; fi
done
[ -n "$found_java" ] || fail "no JDK 21+ found (checked JAVA_HOME, /usr/lib/jvm, PATH). Install one, e.g. 'apt-get install temurin-21-jdk' or 'openjdk-21-jdk', or set JAVA_HOME."
echo "java: $found_java"

command -v mvn >/dev/null || fail "Maven (mvn) is missing: it fetches the Conductor server jar. Install it: 'apt-get install maven'."
echo "maven: $(mvn -v 2>/dev/null | head -n1 | sed 's/\x1b\[[0-9;]*m//g')"

if [ ! -x /usr/bin/chromium ]; then
  command -v apt-get >/dev/null || fail "Chromium is missing at /usr/bin/chromium and apt-get is not available: install Chromium."
  echo "chromium: installing Debian's package ..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo unknown)"
