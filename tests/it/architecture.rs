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
// The layout (ARCHITECTURE.md, "Module map"): who may import whom. The rules read every path a
// file names (`crate::…`, `super::…` chains, `self::…`, and a `use` of a child module from a
// folder's `mod.rs`) once comments, string literals and `#[cfg(test)]` items are taken out.
// ---------------------------------------------------------------------------------------------

use std::collections::{BTreeMap, BTreeSet};

/// `text` without comments (line, block, nested, doc) and with every string and character
/// literal emptied: what is left is code, so `"https://…"` or a `// crate::ui` note names nothing.
fn strip_comments_and_literals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = |index: usize| chars.get(index).copied();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while let Some(character) = at(index) {
        let next = at(index + 1);
        let after_ident =
            index > 0 && at(index - 1).is_some_and(|c| c.is_alphanumeric() || c == '_');
        match (character, next) {
            ('/', Some('/')) => {
                while at(index).is_some_and(|c| c != '\n') {
                    index += 1;
                }
            }
            ('/', Some('*')) => {
                let mut depth = 0usize;
                while let Some(c) = at(index) {
                    if c == '/' && at(index + 1) == Some('*') {
                        depth += 1;
                        index += 2;
                    } else if c == '*' && at(index + 1) == Some('/') {
                        depth -= 1;
                        index += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        index += 1;
                    }
                }
            }
            ('r', Some('"' | '#')) if !after_ident => {
                let mut end = index + 1;
                let mut hashes = 0;
                while at(end) == Some('#') {
                    hashes += 1;
                    end += 1;
                }
                if at(end) != Some('"') {
                    out.push(character);
                    index += 1;
                    continue;
                }
                end += 1;
                while let Some(c) = at(end) {
                    if c == '"' && (0..hashes).all(|k| at(end + 1 + k) == Some('#')) {
                        end += 1 + hashes;
                        break;
                    }
                    end += 1;
                }
                out.push_str("\"\"");
                index = end;
            }
            ('"', _) => {
                let mut end = index + 1;
                while let Some(c) = at(end) {
                    end += if c == '\\' { 2 } else { 1 };
                    if c == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
                index = end;
            }
            // A character literal (`'a'`, `'\n'`, `'\u{a0}'`), not a lifetime (`'a`).
            ('\'', Some('\\')) => {
                let mut end = index + 2;
                while at(end).is_some_and(|c| c != '\'') {
                    end += 1;
                }
                out.push_str("' '");
                index = end + 1;
            }
            ('\'', Some(_)) if at(index + 2) == Some('\'') => {
                out.push_str("' '");
                index += 3;
            }
            _ => {
                out.push(character);
                index += 1;
            }
        }
    }
    out
}

/// `code` without the item that follows each `#[cfg(test)]` (a `mod tests { … }`, a
/// `mod tests;`, a `use …;`, a test helper): test code may reach anything.
fn without_test_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(start) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..start]);
        let item = &rest[start + "#[cfg(test)]".len()..];
        let semicolon = item.find(';');
        let brace = item.find('{');
        let end = match (semicolon, brace) {
            (Some(semicolon), Some(brace)) if semicolon < brace => semicolon + 1,
            (Some(semicolon), None) => semicolon + 1,
            (_, Some(brace)) => {
                let mut depth = 0usize;
                let mut end = item.len();
                for (offset, c) in item[brace..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = brace + offset + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// `code` with `pub(in path)` read as `pub`: a visibility names a module, it imports nothing.
fn without_visibility_paths(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(start) = rest.find("pub(in ") {
        out.push_str(&rest[..start]);
        out.push_str("pub");
        let after = &rest[start..];
        rest = &after[after.find(')').map_or(after.len(), |end| end + 1)..];
    }
    out.push_str(rest);
    out
}

/// The code the layout rules read: no comments, no literals, no test items, no visibility
/// paths.
fn code_of(text: &str) -> String {
    without_visibility_paths(&without_test_items(&strip_comments_and_literals(text)))
}

fn is_ident_char(character: char) -> bool {
    character.is_ascii_alphanumeric() || character == '_'
}

/// Reads a path starting at `text` (segments, maybe ending in a `{…}` group, nested groups
/// included) and pushes each full path: `domain::{Ledger, interest::Rate}` gives
/// `domain::Ledger` and `domain::interest::Rate`.
fn read_path(text: &str, prefix: Vec<String>, found: &mut Vec<Vec<String>>) {
    let mut segments = prefix;
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        if let Some(group) = trimmed.strip_prefix('{') {
            let mut depth = 0usize;
            let mut start = 0usize;
            for (index, character) in group.char_indices() {
                match character {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        read_path(&group[start..index], segments.clone(), found);
                        return;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        read_path(&group[start..index], segments.clone(), found);
                        start = index + 1;
                    }
                    _ => {}
                }
            }
            return;
        }
        let length = trimmed
            .find(|character: char| !is_ident_char(character))
            .unwrap_or(trimmed.len());
        if length == 0 {
            break;
        }
        segments.push(trimmed[..length].to_string());
        match trimmed[length..].trim_start().strip_prefix("::") {
            Some(next) => rest = next,
            None => break,
        }
    }
    if !segments.is_empty() {
        found.push(segments);
    }
}

/// Makes a path read in `module`'s file absolute (from the crate root): `crate::a` → `a`;
/// `super::super::b` and `self::c` against `module`; a path starting with one of the
/// module's children (a folder's `mod.rs`: `use accrual::Accrual`) under the module.
/// `None` for other crates' paths (`std::`, `leptos::`…).
fn absolute(
    module: &[String],
    path: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let first = path.first()?;
    match first.as_str() {
        "crate" => Some(path[1..].to_vec()),
        "self" | "super" => {
            // Any chain of `self` and `super` (`super::super::x`, `self::super::x`).
            let mut base = module.to_vec();
            let mut rest = path;
            while let Some(segment) = rest.first() {
                match segment.as_str() {
                    "self" => {}
                    "super" => {
                        base.pop()?;
                    }
                    _ => break,
                }
                rest = &rest[1..];
            }
            base.extend_from_slice(rest);
            Some(base)
        }
        _ => {
            let mut child = module.to_vec();
            child.push(first.clone());
            modules.contains(&child).then(|| {
                let mut absolute = module.to_vec();
                absolute.extend_from_slice(path);
                absolute
            })
        }
    }
}

/// Every path `code` (in `module`'s file) names, made absolute: paths from `crate`, `super`
/// and `self` anywhere in the code, and the paths of its `use` items (which may start with a
/// child module).
fn paths_named(module: &[String], code: &str, modules: &BTreeSet<Vec<String>>) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for root in ["crate", "super", "self"] {
        let needle = format!("{root}::");
        for (start, _) in code.match_indices(&needle) {
            // Not the middle of a path (`super::super::x` is read once, from its start).
            let inside_a_path = code[..start]
                .chars()
                .next_back()
                .is_some_and(|character| is_ident_char(character) || character == ':');
            if !inside_a_path {
                read_path(
                    &code[start + needle.len()..],
                    vec![root.to_string()],
                    &mut found,
                );
            }
        }
    }
    for (start, _) in code.match_indices("use ") {
        let preceded_by_ident = code[..start].chars().next_back().is_some_and(is_ident_char);
        if !preceded_by_ident {
            let item = &code[start + 4..];
            let item = &item[..item.find(';').unwrap_or(item.len())];
            read_path(item, Vec::new(), &mut found);
        }
    }
    found
        .into_iter()
        .filter_map(|path| absolute(module, &path, modules))
        .collect()
}

/// One source file as the layout rules see it.
struct SourceFile {
    path: PathBuf,
    /// `src/domain/interest/engine/mod.rs` → `["domain", "interest", "engine"]`.
    module: Vec<String>,
    code: String,
}

/// Every file under `src/`, with its module.
fn source_files() -> Vec<SourceFile> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    rust_files_under("src")
        .into_iter()
        .map(|(path, text)| {
            let relative = path.strip_prefix(&source).unwrap_or(&path);
            let mut module: Vec<String> = relative
                .iter()
                .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if module
                .last()
                .is_some_and(|last| last == "mod" || last == "lib" || last == "main")
            {
                module.pop();
            }
            SourceFile {
                path,
                module,
                code: code_of(&text),
            }
        })
        .collect()
}

/// The crate's modules and what each file names, resolved: each path to the module that
/// defines what it names (through the `pub use` re-exports of the module it goes through).
struct Crate {
    files: Vec<SourceFile>,
    modules: BTreeSet<Vec<String>>,
    /// (module, name) → the absolute path it re-exports.
    reexports: BTreeMap<(Vec<String>, String), Vec<String>>,
}

impl Crate {
    fn read() -> Crate {
        let files = source_files();
        let modules: BTreeSet<Vec<String>> = files.iter().map(|file| file.module.clone()).collect();
        let mut reexports = BTreeMap::new();
        for file in &files {
            for statement in file.code.split(';') {
                let statement = statement.trim();
                let Some(visible) = statement.strip_prefix("pub") else {
                    continue;
                };
                // `pub use`, `pub(crate) use`, `pub(super) use`, `pub(in …) use`.
                let visible = visible.trim_start();
                let visible = match visible.strip_prefix('(') {
                    Some(restricted) => {
                        &restricted[restricted.find(')').map_or(0, |end| end + 1)..]
                    }
                    None => visible,
                };
                let Some(used) = visible.trim_start().strip_prefix("use ") else {
                    continue;
                };
                let mut paths = Vec::new();
                read_path(used, Vec::new(), &mut paths);
                for path in paths {
                    let Some(target) = absolute(&file.module, &path, &modules) else {
                        continue;
                    };
                    if let Some(name) = path.last()
                        && name != "*"
                    {
                        reexports.insert((file.module.clone(), name.clone()), target);
                    }
                }
            }
        }
        Crate {
            files,
            modules,
            reexports,
        }
    }

    /// The module that defines what `path` (absolute) names: the longest module prefix, or,
    /// when the next segment is re-exported there, where it comes from.
    fn resolve(&self, path: &[String]) -> Option<Vec<String>> {
        self.resolve_within(path, 8)
    }

    fn resolve_within(&self, path: &[String], hops: usize) -> Option<Vec<String>> {
        let longest = (1..=path.len())
            .rev()
            .find(|&length| self.modules.contains(&path[..length]))?;
        let module = path[..longest].to_vec();
        if let (Some(name), Some(hops)) = (path.get(longest), hops.checked_sub(1))
            && let Some(target) = self.reexports.get(&(module.clone(), name.clone()))
            && target.as_slice() != path
        {
            return self.resolve_within(target, hops).or(Some(module));
        }
        Some(module)
    }

    /// The modules `file` names, as written (a type the state re-exports from storage is the
    /// state's to the layer rules: the screen depends on the state's API).
    fn modules_named_by(&self, file: &SourceFile) -> BTreeSet<Vec<String>> {
        paths_named(&file.module, &file.code, &self.modules)
            .iter()
            .filter_map(|path| self.resolve_within(path, 0))
            .filter(|target| *target != file.module)
            .collect()
    }

    /// The modules that define what `file` names, through re-exports (its own module left
    /// out): the edges of the module graphs, where a folder's `mod.rs` that only re-exports
    /// must not look like a dependency of everything.
    fn modules_reached_by(&self, file: &SourceFile) -> BTreeSet<Vec<String>> {
        paths_named(&file.module, &file.code, &self.modules)
            .iter()
            .filter_map(|path| self.resolve(path))
            .filter(|target| *target != file.module)
            .collect()
    }

    fn files_under<'a>(&'a self, prefix: &'a [&'a str]) -> impl Iterator<Item = &'a SourceFile> {
        self.files.iter().filter(move |file| {
            file.module.len() >= prefix.len()
                && file
                    .module
                    .iter()
                    .zip(prefix)
                    .all(|(segment, wanted)| segment == wanted)
        })
    }

    /// The graph of one tree (`domain`, `storage`, `state`): an edge from each module to every
    /// module of the same tree it names. A folder's `mod.rs` is a module like any other (its
    /// re-exports are edges to where they come from).
    fn graph(&self, tree: &str) -> BTreeMap<String, BTreeSet<String>> {
        let mut graph = BTreeMap::new();
        for file in self.files_under(&[tree]) {
            let edges: BTreeSet<String> = self
                .modules_reached_by(file)
                .into_iter()
                .filter(|target| target.first().map(String::as_str) == Some(tree))
                .map(|target| target.join("::"))
                .collect();
            graph.insert(file.module.join("::"), edges);
        }
        graph
    }
}

/// The modules a file names, as rules talk of them: `domain`, `storage`, `format`…, with the
/// second segment for `ui` and `state` (`ui::simulator`, `state::books`).
fn layer_of(target: &[String]) -> String {
    match (target.first().map(String::as_str), target.get(1)) {
        (Some(first @ ("ui" | "state")), Some(second)) => format!("{first}::{second}"),
        (Some(first), _) => first.to_string(),
        (None, _) => "crate root".to_string(),
    }
}

fn layers_named(krate: &Crate, file: &SourceFile) -> BTreeSet<String> {
    krate
        .modules_named_by(file)
        .iter()
        .map(|target| layer_of(target))
        .collect()
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
    let krate = Crate::read();
    for file in krate.files_under(&["state"]) {
        for named in layers_named(&krate, file) {
            assert!(
                !named.starts_with("ui") && named != "app",
                "\n{} imports `crate::{named}`.\nsrc/state holds what the app keeps in context; it never imports a component or a component's texts: the UI calls the state, not the other way round (ARCHITECTURE.md).\n",
                file.path.display()
            );
        }
    }
}

#[test]
fn screens_ask_the_state_never_storage() {
    let krate = Crate::read();
    for file in krate
        .files_under(&["ui"])
        .chain(krate.files_under(&["export"]))
        .chain(krate.files_under(&["import"]))
    {
        for named in layers_named(&krate, file) {
            assert!(
                named != "storage",
                "\n{} imports `crate::storage`.\nScreens (and the exports) ask the state (src/state), which calls storage: move the call behind a command of the state.\n",
                file.path.display()
            );
        }
    }
}

#[test]
fn a_feature_imports_no_other_feature() {
    let krate = Crate::read();
    let features = feature_folders();
    assert!(
        features.len() >= 4,
        "src/ui should hold its feature folders: {features:?}"
    );
    // `import` (the mirror of `export`: reading CSV and e-invoice files) once it exists.
    let allowed_outside_ui = [
        "state", "domain", "format", "i18n", "export", "import", "routes", "clock",
    ];
    for feature in &features {
        for file in krate.files_under(&["ui", feature.as_str()]) {
            for named in layers_named(&krate, file) {
                let top = named.split("::").next().unwrap_or_default();
                let allowed = match named.strip_prefix("ui::") {
                    Some(inner) => inner == feature || inner == "components" || inner == "shell",
                    None => allowed_outside_ui.contains(&top),
                };
                assert!(
                    allowed,
                    "\n{} (feature `{feature}`) imports `crate::{named}`.\nA feature folder imports only components/, shell/, state/, domain/, format, i18n, export/, import/, routes and clock. What two features need moves to src/ui/components/ (or down to the domain).\n",
                    file.path.display()
                );
            }
        }
    }
}

#[test]
fn shared_ui_imports_no_feature() {
    let krate = Crate::read();
    let features = feature_folders();
    for file in krate
        .files_under(&["ui", "components"])
        .chain(krate.files_under(&["ui", "shell"]))
    {
        for named in layers_named(&krate, file) {
            let feature = named.strip_prefix("ui::").unwrap_or_default();
            assert!(
                !features.iter().any(|known| known == feature) && feature != "pages",
                "\n{} imports `crate::{named}`.\ncomponents/ and shell/ are what features share: they import no feature (the route → page table is src/ui/pages.rs).\n",
                file.path.display()
            );
        }
    }
}

#[test]
fn domain_imports_nothing_above_it() {
    let krate = Crate::read();
    let above = [
        "ui", "state", "storage", "export", "import", "app", "routes", "clock",
    ];
    for file in krate.files_under(&["domain"]) {
        for named in layers_named(&krate, file) {
            let top = named.split("::").next().unwrap_or_default();
            assert!(
                !above.contains(&top),
                "\n{} imports `crate::{named}`.\nsrc/domain is the bottom layer: it may use only itself, format and i18n.\n",
                file.path.display()
            );
        }
    }
}

#[test]
fn imports_are_pure_like_exports() {
    // The mirror of `export`: files in, plain values out; the books change through the
    // state's command, which the interface calls.
    let krate = Crate::read();
    let forbidden = ["ui", "state", "storage", "app", "clock"];
    for file in krate.files_under(&["import"]) {
        for named in layers_named(&krate, file) {
            let top = named.split("::").next().unwrap_or_default();
            assert!(
                !forbidden.contains(&top),
                "\n{} imports `crate::{named}`.\nsrc/import is pure like src/export: it reads files into plain values and may use only the domain, format, i18n and export; the books change through a command of src/state.\n",
                file.path.display()
            );
        }
    }
}

/// A cycle of the graph, if there is one (depth-first search).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
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
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

#[test]
fn the_checker_reads_what_code_names_and_only_that() {
    let code = code_of(
        r##"
        use super::super::money::Money; // crate::ui in a comment
        use self::inner::Thing;
        /* crate::storage /* nested */ still a comment */
        let url = "https://example.org crate::storage";
        let raw = r#"crate::ui"#;
        let quote = '"'; let lifetime: &'static str = "";
        fn call() { crate::export::download::download_text(); }
        #[cfg(test)]
        use crate::ui::only_in_tests;
        #[cfg(test)]
        mod tests { use crate::ui::shell; }
        pub(crate) use crate::format::money;
        "##,
    );
    let modules = BTreeSet::from([vec!["domain".to_string(), "interest".to_string()]]);
    let module = vec![
        "domain".to_string(),
        "interest".to_string(),
        "engine".to_string(),
    ];
    let named: BTreeSet<String> = paths_named(&module, &code, &modules)
        .into_iter()
        .map(|path| path.join("::"))
        .collect();
    let expected: BTreeSet<String> = [
        "domain::money::Money",
        "domain::interest::engine::inner::Thing",
        "export::download::download_text",
        "format::money",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(named, expected);
}

#[test]
fn the_module_graph_sees_the_edges_it_should() {
    // The checker on the real tree: if it found no edge, the tests below could not fail.
    let krate = Crate::read();
    let domain = krate.graph("domain");
    let ledger = domain
        .get("domain::ledger")
        .expect("domain::ledger is a node");
    assert!(
        ledger.contains("domain::invoice") && ledger.contains("domain::money"),
        "the ledger's edges: {ledger:?}"
    );
    // Through a re-export of a folder's mod.rs: `crate::domain::interest::Rate` is rate.rs's.
    let engine_rates = domain
        .get("domain::interest::engine::rates")
        .expect("the engine's rates step is a node");
    assert!(
        engine_rates.contains("domain::interest::tables"),
        "{engine_rates:?}"
    );
    let storage = krate.graph("storage");
    assert!(
        storage["storage::repository"].contains("storage::key_value"),
        "storage's edges: {storage:?}"
    );
    let state = krate.graph("state");
    assert!(
        state["state::session"].contains("state::vault"),
        "state's edges: {state:?}"
    );
    let looped = BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]);
    assert_eq!(
        find_cycle(&looped),
        Some(vec!["a".to_string(), "b".to_string(), "a".to_string()])
    );
}

fn assert_no_circle(tree: &str, advice: &str) {
    let graph = Crate::read().graph(tree);
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "\nsrc/{tree} has an import circle: {}.\n{advice}\n",
            cycle.join(" → ")
        );
    }
}

#[test]
fn no_module_circle_inside_the_domain() {
    assert_no_circle(
        "domain",
        "Move the type both need down to where it belongs (a module of its own if need be), so the data's path reads one way.",
    );
}

#[test]
fn no_module_circle_inside_storage() {
    assert_no_circle(
        "storage",
        "Give what both need a module of its own (as `KeyValue` has).",
    );
}

#[test]
fn no_module_circle_inside_the_state() {
    assert_no_circle(
        "state",
        "The vault is a leaf and the session the one module that calls up into the vault, the books and the rates; a helper they all need goes in a leaf module (as `state::context`).",
    );
}
