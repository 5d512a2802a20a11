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

// ---------------------------------------------------------------------------------------------
// The layout (ARCHITECTURE.md, "Module map"): who may import whom.
// ---------------------------------------------------------------------------------------------

/// The code of a source file, without comments and without its tests (everything from the first
/// `#[cfg(test)]` on): what the rules below read.
fn code_of(text: &str) -> String {
    let before_tests = text.split("#[cfg(test)]").next().unwrap_or_default();
    before_tests
        .lines()
        .map(|line| match line.find("//") {
            Some(start) => &line[..start],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path the code names from `root` (`crate` or `super`), expanded over one or more levels
/// of `{…}` groups: `use crate::domain::{Ledger, interest::Rate}` gives `domain::Ledger` and
/// `domain::interest::Rate`.
fn paths_from(code: &str, root: &str) -> Vec<Vec<String>> {
    fn is_ident(character: char) -> bool {
        character.is_ascii_alphanumeric() || character == '_'
    }
    /// Reads a path (segments, maybe ending in a group) starting at `text`; pushes each one.
    fn read(text: &str, prefix: Vec<String>, found: &mut Vec<Vec<String>>) {
        let mut segments = prefix;
        let mut rest = text;
        loop {
            let rest_trimmed = rest.trim_start();
            if let Some(group) = rest_trimmed.strip_prefix('{') {
                // Split the group at its top-level commas.
                let mut depth = 0usize;
                let mut start = 0usize;
                for (index, character) in group.char_indices() {
                    match character {
                        '{' => depth += 1,
                        '}' if depth == 0 => {
                            read(&group[start..index], segments.clone(), found);
                            return;
                        }
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            read(&group[start..index], segments.clone(), found);
                            start = index + 1;
                        }
                        _ => {}
                    }
                }
                return;
            }
            let length = rest_trimmed
                .find(|character: char| !is_ident(character))
                .unwrap_or(rest_trimmed.len());
            if length == 0 {
                break;
            }
            segments.push(rest_trimmed[..length].to_string());
            match rest_trimmed[length..].strip_prefix("::") {
                Some(next) => rest = next,
                None => break,
            }
        }
        if !segments.is_empty() {
            found.push(segments);
        }
    }
    let needle = format!("{root}::");
    let mut found = Vec::new();
    for (start, _) in code.match_indices(&needle) {
        let preceded_by_ident = code[..start].chars().next_back().is_some_and(is_ident);
        if !preceded_by_ident {
            read(&code[start + needle.len()..], Vec::new(), &mut found);
        }
    }
    found
}

/// The module path of a file under `src/` (`src/domain/interest/engine.rs` →
/// `["domain", "interest", "engine"]`; a `mod.rs` names its folder).
fn module_of(path: &Path) -> Vec<String> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let relative = path.strip_prefix(&source).unwrap_or(path);
    let mut segments: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if segments
        .last()
        .is_some_and(|last| last == "mod" || last == "lib")
    {
        segments.pop();
    }
    segments
}

/// The top-level `crate::…` modules a file names (`domain`, `storage`, `ui`…), with the second
/// segment for `ui` and `state` (`ui::simulator`, `state::books`).
fn crate_modules_named(text: &str) -> Vec<String> {
    let mut named: Vec<String> = paths_from(&code_of(text), "crate")
        .into_iter()
        .filter_map(|path| {
            let first = path.first()?.clone();
            Some(match (first.as_str(), path.get(1)) {
                ("ui" | "state", Some(second)) => format!("{first}::{second}"),
                _ => first,
            })
        })
        .collect();
    named.sort();
    named.dedup();
    named
}

/// The feature folders under `src/ui/`: every folder but `components/` and `shell/`.
fn feature_folders() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut folders: Vec<String> = fs::read_dir(&root)
        .unwrap_or_else(|error| panic!("cannot read src/ui: {error}"))
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().to_string())
        .filter(|name| name != "components" && name != "shell")
        .collect();
    folders.sort();
    folders
}

#[test]
fn state_imports_no_component_and_no_component_text() {
    for (path, text) in rust_files_under("src/state") {
        for named in crate_modules_named(&text) {
            assert!(
                !named.starts_with("ui") && named != "app",
                "\n{} imports `crate::{named}`.\nsrc/state holds what the app keeps in context; it never imports a component or a component's texts: the UI calls the state, not the other way round (ARCHITECTURE.md).\n",
                path.display()
            );
        }
    }
}

#[test]
fn screens_ask_the_state_never_storage() {
    for dir in ["src/ui", "src/export"] {
        for (path, text) in rust_files_under(dir) {
            for named in crate_modules_named(&text) {
                assert!(
                    named != "storage",
                    "\n{} imports `crate::storage`.\nScreens (and the exports) ask the state (src/state), which calls storage: move the call behind a command of the state.\n",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn a_feature_imports_no_other_feature() {
    let features = feature_folders();
    assert!(
        features.len() >= 4,
        "src/ui should hold its feature folders: {features:?}"
    );
    let allowed_outside_ui = [
        "state", "domain", "format", "i18n", "export", "routes", "clock",
    ];
    for feature in &features {
        for (path, text) in rust_files_under(&format!("src/ui/{feature}")) {
            for named in crate_modules_named(&text) {
                let top = named.split("::").next().unwrap_or_default();
                let allowed = match named.strip_prefix("ui::") {
                    Some(inner) => inner == feature || inner == "components" || inner == "shell",
                    None => top == "state" || allowed_outside_ui.contains(&top),
                };
                assert!(
                    allowed,
                    "\n{} (feature `{feature}`) imports `crate::{named}`.\nA feature folder imports only components/, shell/, state/, domain/, format, i18n, export/, routes and clock. What two features need moves to src/ui/components/ (or down to the domain).\n",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn shared_ui_imports_no_feature() {
    let features = feature_folders();
    for dir in ["src/ui/components", "src/ui/shell"] {
        for (path, text) in rust_files_under(dir) {
            for named in crate_modules_named(&text) {
                let feature = named.strip_prefix("ui::").unwrap_or_default();
                assert!(
                    !features.iter().any(|known| known == feature),
                    "\n{} imports the feature `crate::{named}`.\ncomponents/ and shell/ are what features share: they import no feature (the route → page table is src/ui/pages.rs).\n",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn domain_imports_nothing_above_it() {
    let above = ["ui", "state", "storage", "export", "app", "routes", "clock"];
    for (path, text) in rust_files_under("src/domain") {
        for named in crate_modules_named(&text) {
            let top = named.split("::").next().unwrap_or_default();
            assert!(
                !above.contains(&top),
                "\n{} imports `crate::{named}`.\nsrc/domain is the bottom layer: it may use only itself, format and i18n.\n",
                path.display()
            );
        }
    }
}

/// The module graph of one tree (`src/domain`, `src/storage`): an edge from each file's module
/// to every module of the same tree it names (through `crate::…`, `super::…` or a re-export of
/// a folder's `mod.rs`). A folder's `mod.rs` is a façade (module list, re-exports): not a node.
fn module_graph(
    tree: &str,
) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    use std::collections::{BTreeMap, BTreeSet};
    let files = rust_files_under(&format!("src/{tree}"));
    let mut facades: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let mut modules: BTreeSet<Vec<String>> = BTreeSet::new();
    for (path, text) in &files {
        let module = module_of(path);
        if path.ends_with("mod.rs") {
            facades.insert(module, code_of(text));
        } else {
            modules.insert(module);
        }
    }
    // A façade's re-exports: `pub use money::{Currency, Money}` → Currency is money's.
    let mut reexports: BTreeMap<(Vec<String>, String), Vec<String>> = BTreeMap::new();
    for (facade, code) in &facades {
        for line in code.split(';') {
            let Some(used) = line.trim().strip_prefix("pub use ") else {
                continue;
            };
            for path in paths_from(&format!("self::{used}"), "self") {
                if let Some((name, source)) = path.split_last() {
                    let mut absolute = facade.clone();
                    absolute.extend(source.iter().cloned());
                    reexports.insert((facade.clone(), name.clone()), absolute);
                }
            }
        }
    }
    // The module of the tree a path lands in, if any.
    let resolve = |path: &[String]| -> Option<Vec<String>> {
        let mut current: Vec<String> = Vec::new();
        for segment in path {
            current.push(segment.clone());
            if modules.contains(&current) {
                return Some(current);
            }
            if !facades.contains_key(&current) {
                let (name, facade) = current.split_last()?;
                let target = reexports.get(&(facade.to_vec(), name.clone()))?;
                return modules.contains(target).then(|| target.clone());
            }
        }
        None
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in &files {
        if path.ends_with("mod.rs") || path.ends_with("tests.rs") {
            continue;
        }
        let module = module_of(path);
        let code = code_of(text);
        let mut named = paths_from(&code, "crate");
        let parent = &module[..module.len() - 1];
        for path in paths_from(&code, "super") {
            let mut absolute = parent.to_vec();
            absolute.extend(path);
            named.push(absolute);
        }
        let edges = graph.entry(module.join("::")).or_default();
        for path in named {
            if path.first().map(String::as_str) != Some(tree) {
                continue;
            }
            if let Some(target) = resolve(&path)
                && target != module
            {
                edges.insert(target.join("::"));
            }
        }
    }
    graph
}

/// A cycle of the graph, if there is one (depth-first search).
fn find_cycle(
    graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        done: &mut std::collections::BTreeSet<String>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = stack.iter().position(|on_stack| on_stack == node) {
            let mut cycle = stack[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = std::collections::BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

#[test]
fn the_module_graph_sees_the_edges_it_should() {
    // The checker itself: if it found no edge, the two tests below could not fail.
    let domain = module_graph("domain");
    let ledger = domain
        .get("domain::ledger")
        .expect("domain::ledger is a node");
    assert!(
        ledger.contains("domain::invoice") && ledger.contains("domain::money"),
        "the ledger's edges: {ledger:?}"
    );
    let storage = module_graph("storage");
    assert!(
        storage.values().map(|edges| edges.len()).sum::<usize>() >= 5,
        "storage's edges: {storage:?}"
    );
    let mut looped = std::collections::BTreeMap::new();
    looped.insert(
        "a".to_string(),
        std::collections::BTreeSet::from(["b".to_string()]),
    );
    looped.insert(
        "b".to_string(),
        std::collections::BTreeSet::from(["a".to_string()]),
    );
    assert_eq!(
        find_cycle(&looped),
        Some(vec!["a".to_string(), "b".to_string(), "a".to_string()])
    );
}

#[test]
fn no_module_circle_inside_the_domain() {
    let graph = module_graph("domain");
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "\nsrc/domain has an import circle: {}.\nMove the type both need down to where it belongs (a module of its own if need be), so the data's path reads one way.\n",
            cycle.join(" → ")
        );
    }
}

#[test]
fn no_module_circle_inside_storage() {
    let graph = module_graph("storage");
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "\nsrc/storage has an import circle: {}.\nGive what both need a module of its own (as `KeyValue` has).\n",
            cycle.join(" → ")
        );
    }
}
