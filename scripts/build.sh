#!/usr/bin/env bash
# Installs whatever is missing, then builds the release into dist/ (what you deploy).
# Extra arguments go to `trunk build`.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_build_tools
cd "$ROOT"
trunk build --release --locked "$@"
node scripts/measure-size.mjs
