#!/usr/bin/env bash
# Checks and installs what the test suite needs outside npm, on Debian/Ubuntu:
#   - a JDK 21+ (the Conductor server needs it; we only check, and say what to install)
#   - Maven (fetches the server jar from the user's configured repositories)
#   - Debian's Chromium (browser tests drive it with playwright-core; never a downloaded browser)
#   - PostgreSQL 15+ server binaries and HAProxy (LocalConductorCluster: the cluster failure test and bench)
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

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
apt_updated=""
apt_install() {
  command -v apt-get >/dev/null || fail "$1 is missing and apt-get is not available: install it."
  [ -n "$apt_updated" ] || { $SUDO apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x /usr/bin/chromium ]; then
  echo "chromium: installing Debian's package ..."
  apt_install chromium
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo unknown)"

pg_bin=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
  if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && [ -x "$dir/pg_isready" ]; then pg_bin=$dir; break; fi
done
if [ -z "$pg_bin" ] && ! command -v initdb >/dev/null; then
  echo "postgresql: installing Debian's postgresql-15 ..."
  apt_install postgresql-15
  pg_bin=/usr/lib/postgresql/15/bin
fi
echo "postgresql: ${pg_bin:-$(dirname "$(command -v initdb)")}"

if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then
  echo "haproxy: installing Debian's package ..."
  apt_install haproxy
fi
echo "haproxy: $( (command -v haproxy || echo /usr/sbin/haproxy) | xargs -I{} sh -c '{} -v | head -n1')"
