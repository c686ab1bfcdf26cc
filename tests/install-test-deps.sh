#!/usr/bin/env bash
# Installs, from Debian packages, what `make test` needs beyond the .NET SDK: the PostgreSQL server binaries
# (the tests start their own throwaway clusters), passlib for Debian's python3 (the PBKDF2 tests compare with
# hashes made by the real passlib), Node.js with npm when missing (a client test installs odoo-await from the
# npm registry), and wrk (the HTTP load generator of `make bench`'s throughput scenario). Does nothing when all are
# present.
set -euo pipefail

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
/usr/bin/python3 -c "import passlib" 2>/dev/null || missing+=(python3-passlib)
command -v python3 >/dev/null || missing+=(python3)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v wrk >/dev/null || missing+=(wrk)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
# The tests never use the package's default cluster on port 5432: do not let the package create one.
$sudo mkdir -p /etc/postgresql-common
echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
