#!/usr/bin/env bash
# Installs whatever the tests need, then runs every check and test layer, stopping at the
# first failure: lints, native tests, browser tests (wasm-bindgen-test), the release build
# and its size budget, and the end-to-end tests (Playwright) against that build.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_test_tools
cd "$ROOT"
export CHROMEDRIVER=/usr/bin/chromedriver

say "1/7 Formatting (cargo fmt --check)"
cargo fmt --all --check

say "2/7 Lints, native (cargo clippy --all-targets)"
cargo clippy --all-targets --locked -- -D warnings

say "3/7 Lints, wasm32 (cargo clippy --target wasm32-unknown-unknown --features split --all-targets)"
# With `split`: the lazy pages as Trunk builds them.
cargo clippy --target wasm32-unknown-unknown --features split --all-targets --locked -- -D warnings

say "4/7 Native tests (cargo test)"
cargo test --locked

say "5/7 Browser tests in headless Chromium (wasm-bindgen-test)"
cargo test --locked --target wasm32-unknown-unknown --test web --test web_storage --test web_panic

say "6/7 Release build and first-visit size budget"
trunk build --release --locked
node scripts/measure-size.mjs --check

say "7/7 End-to-end tests (Playwright) against the release build"
(cd tests/e2e && npm test)
(cd tests/e2e && npm run test:engines) # the same flows in Chromium, Firefox and WebKit (~1 min)

say "All test layers passed."
