# shellcheck shell=bash
# Installs what Relance needs, idempotently: seconds when everything is present.
# Sourced by scripts/serve.sh and scripts/test.sh. Nothing here downloads from GitHub:
# Rust tools come from crates.io, wasm-opt and Playwright from npm, Chromium from Debian.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
WASM_SPLIT_VERSION="0.2.4"
export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The wasm-bindgen version that Cargo.lock resolved: the CLI must equal it.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_target() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "Adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

ensure_wasm_bindgen() {
    local wanted
    if [ ! -f "$ROOT/Cargo.lock" ]; then (cd "$ROOT" && cargo generate-lockfile); fi
    wanted="$(wasm_bindgen_version)"
    if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wanted" ]; then
        say "Installing wasm-bindgen-cli $wanted (about 2 minutes)"
        # Not --locked: its lockfile wants a crate version the registry lacks (toolchain.md).
        cargo install wasm-bindgen-cli --version "$wanted" --force
    fi
}

ensure_trunk() {
    if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
        say "Installing trunk $TRUNK_VERSION (about 8 minutes)"
        cargo install trunk --version "$TRUNK_VERSION" --locked --force
    fi
}

# `npm ci` in a folder, skipped when its lockfile has not changed since the last install.
ensure_npm_folder() {
    local folder="$1" stamp lock_hash
    stamp="$folder/node_modules/.relance-lock-sha256"
    lock_hash="$(sha256sum "$folder/package-lock.json" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null || true)" != "$lock_hash" ]; then
        say "Installing the npm packages of ${folder#"$ROOT"/}"
        (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error)
        echo "$lock_hash" > "$stamp"
    fi
}

# Cuts the wasm into lazily loaded chunks (scripts/split_wasm.py); the Leptos `#[lazy]` tool.
ensure_wasm_split() {
    # The tool has no --version: ask cargo which version it installed.
    if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:" \
        || ! command -v wasm-split-cli >/dev/null; then
        say "Installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes)"
        cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --force \
            --features build-binary
    fi
}

ensure_build_tools() {
    ensure_wasm_target
    ensure_wasm_bindgen
    ensure_trunk
    ensure_wasm_split
    ensure_npm_folder "$ROOT/tools"
}

ensure_chromium() {
    if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
        say "Installing Debian's chromium and chromium-driver"
        local sudo=""
        if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver
    fi
}

# The other two engines of tests/e2e/engines, from Debian too: Firefox ESR (driven headless
# through WebDriver BiDi), and WebKit's WebKitWebDriver with libwebkit2gtk's MiniBrowser, run
# in a virtual X display (xvfb-run).
ensure_engines() {
    if [ ! -x /usr/bin/firefox-esr ] || [ ! -x /usr/bin/WebKitWebDriver ] || [ ! -x /usr/bin/xvfb-run ]; then
        say "Installing Debian's firefox-esr, webkit2gtk-driver and xvfb"
        local sudo=""
        if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq firefox-esr webkit2gtk-driver xvfb
    fi
}

# The build needs room: from a fresh clone the native and wasm32 targets and the release build
# take about 3 GB (2.8 GB measured), and compiling the tools a few GB more for a while. Say so up front rather than fail half-way with "No space left".
check_disk() {
    local free_kb
    free_kb="$(df -Pk "$ROOT" | awk 'NR == 2 { print $4 }')"
    say "Free disk where the build runs: $((free_kb / 1024)) MB"
    if [ "$free_kb" -lt 4000000 ]; then
        say "Warning: less than 4 GB free; the build may fail with 'No space left on device'"
    fi
}

ensure_test_tools() {
    check_disk
    ensure_build_tools
    ensure_chromium
    ensure_engines
    ensure_npm_folder "$ROOT/tests/e2e"
}
