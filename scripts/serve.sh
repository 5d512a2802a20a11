#!/usr/bin/env bash
# Installs whatever is missing, then builds and serves Relance on http://127.0.0.1:8080
# (rebuilding on every change). Extra arguments go to `trunk serve` (e.g. --release).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_build_tools
cd "$ROOT"
exec trunk serve "$@"
