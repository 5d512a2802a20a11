//! Architecture rules, checked on the source text (ARCHITECTURE.md, "Invariants").
//! Crude substring checks on purpose: cheap, obvious, and the failure message teaches the rule.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files_under(dir: &str) -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, found: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let text = fs::read_to_string(&path)
                    .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
                found.push((path, text));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut found = Vec::new();
    walk(&root, &mut found);
    found
}

#[test]
fn domain_does_no_io_and_knows_no_ui() {
    let forbidden = [
        "leptos",
        "web_sys",
        "web-sys",
        "gloo",
        "wasm_bindgen",
        "js_sys",
        "Local::now",
        "Utc::now",
        "SystemTime",
        "Instant::now",
        "f64",
        "f32",
        "crate::storage",
        "crate::ui",
        "crate::clock",
    ];
    let files = rust_files_under("src/domain");
    assert!(files.len() > 1, "src/domain should hold the domain modules");
    for (path, text) in files {
        for word in forbidden {
            assert!(
                !text.contains(word),
                "\n{} mentions `{word}`.\nsrc/domain is pure: no UI, no browser, no clock, no storage, no float.\nPass dates in (`as_of`), return values out (see ARCHITECTURE.md).\n",
                path.display()
            );
        }
    }
}

#[test]
fn only_clock_rs_reads_the_clock() {
    for (path, text) in rust_files_under("src") {
        if path.ends_with("clock.rs") {
            continue;
        }
        for word in ["Local::now", "Utc::now", "Date::now", "SystemTime::now"] {
            assert!(
                !text.contains(word),
                "\n{} reads the clock (`{word}`); only src/clock.rs may. Take `as_of` as input.\n",
                path.display()
            );
        }
    }
}

#[test]
fn only_storage_local_rs_touches_browser_storage() {
    for (path, text) in rust_files_under("src") {
        if path.ends_with("storage/local.rs") {
            continue;
        }
        for word in ["local_storage", "LocalStorage", "session_storage"] {
            assert!(
                !text.contains(word),
                "\n{} touches browser storage (`{word}`); only src/storage/local.rs may.\n",
                path.display()
            );
        }
    }
}

#[test]
fn release_profile_is_small_and_aborts() {
    let manifest = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .expect("Cargo.toml is readable");
    let release = manifest
        .split("[profile.release]")
        .nth(1)
        .expect("Cargo.toml has a [profile.release]");
    for setting in [
        "opt-level = \"z\"",
        "lto = true",
        "codegen-units = 1",
        "panic = \"abort\"",
    ] {
        assert!(
            release.contains(setting),
            "[profile.release] lacks `{setting}`"
        );
    }
}
