#!/usr/bin/env python3
"""Cuts the app's wasm into a core module and lazily loaded chunks (called by post_build.py).

Pages marked `#[lazy]` (feature `split`, see src/ui/pages.rs) are compiled as split points.
Trunk has already run cargo and wasm-bindgen; this redoes the last steps from the RAW cargo
wasm, because the splitter needs its relocations (`--emit-relocs`, build.rs) and wasm-bindgen's
output keeps stale ones:

  wasm-split-cli (core + one chunk per split point + shared chunks + a small JS loader)
  -> wasm-bindgen --keep-lld-exports on the core (the chunks import its function table)
  -> wasm-opt -Oz --converge (producers and debug sections stripped) on the core and on every
     chunk (release only; Trunk's is off: index.html)
  -> terser on the JS glue and the split loader (release only: ~2.6 KB gzip of the first visit)
  -> the shared chunks that a visit with stored books needs (those of the ledger's decoder and
     of the dashboard, PACK_ROOTS) merged into ONE module, `chunk_books` (binaryen's wasm-merge):
     wasm-split-cli cuts the shared code into one chunk per set of split points using it, which
     made such a visit fetch and compile 69 small files (a repeat visit with 10,000 invoices:
     ~150 ms of requests before the first figure; docs/performance.md, issue #19);
  -> the loader's callback runtime replaced (RELANCE_CALLBACK): a chunk that cannot be fetched
     is told to the page (scripts/rescue.js), never reported to the `#[lazy]` wrappers, which
     would panic;
  -> content-hashed chunk and loader names (an old chunk must never meet a new core: their
     table and memory layouts must match exactly), then Trunk's files are replaced and the
     `integrity` hashes in index.html recomputed.

Chunk names start with `split_` or `chunk_` (never `relance-`): how the size check tells them
from the core.
"""
import base64
import hashlib
import os
import pathlib
import re
import shutil
import subprocess
import tempfile


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def run(*command: str) -> None:
    subprocess.run(list(command), check=True)


def minify(script: str, tmp: pathlib.Path) -> str:
    """An ES module minified by terser (tools/: npm). Local names only are shortened: imports,
    exports and property names (the wasm imports are looked up by name) are kept."""
    source = tmp / "minify-in.js"
    target = tmp / "minify-out.js"
    source.write_text(script, encoding="utf-8")
    run("terser", str(source), "--module", "--compress", "--mangle", f"--output={target}")
    return target.read_text(encoding="utf-8")


# wasm-split-cli's runtime reports a chunk that cannot be fetched or instantiated (a new
# deployment removed it, the network is off before it was cached) to the Rust side, whose
# wrappers (those `#[lazy]` generates) unwrap the load: a panic, a frozen page. Replaced by a
# runtime that tells the page instead (scripts/rescue.js listens for `relance-chunk-failed`:
# "Relance was updated: reload to continue", with the download of the stored texts) and never
# calls back, so the waiting page stays as it is under the message and nothing panics. The
# split points declared `fallible` (FALLIBLE_SPLITS: their wrapper returns the failure as an
# error and the app goes on without them) keep the original runtime: called back with `false`.
RUNTIME_CALLBACK = """function wrapAsyncCb(callee) {
    return async (callbackIndex, callbackData) => {
        let success;
        try {
            await callee();
            success = true;
        } catch (e) {
            console.error(e);
            success = false;
        } finally {
            const sharedImports = getSharedImports();
            sharedImports.__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);
        }
    }
}
"""
RELANCE_CALLBACK = """function wrapFallibleCb(callee) {
    return async (callbackIndex, callbackData) => {
        let success;
        try {
            await callee();
            success = true;
        } catch (e) {
            console.error(e);
            success = false;
        }
        getSharedImports().__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);
    }
}
function wrapAsyncCb(callee) {
    return async (callbackIndex, callbackData) => {
        try {
            await callee();
        } catch (e) {
            console.error(e);
            dispatchEvent(new CustomEvent("relance-chunk-failed"));
            return;
        }
        getSharedImports().__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, true);
    }
}
"""
FALLIBLE_SPLITS = ("keep_asking",)


def never_panic_on_load(loader: str) -> str:
    """The loader with RELANCE_CALLBACK in place of wasm-split-cli's callback runtime, and the
    FALLIBLE_SPLITS loaded through the one that reports the failure to their wrapper."""
    if loader.count(RUNTIME_CALLBACK) != 1:
        raise SystemExit("split_wasm: wasm-split-cli's wrapAsyncCb changed: review RELANCE_CALLBACK")
    loader = loader.replace(RUNTIME_CALLBACK, RELANCE_CALLBACK)
    for name in FALLIBLE_SPLITS:
        export = f"export const __wasm_split_load_{name} = wrapAsyncCb("
        if loader.count(export) != 1:
            raise SystemExit(f"split_wasm: no loader for the fallible split point {name}")
        loader = loader.replace(export, f"export const __wasm_split_load_{name} = wrapFallibleCb(")
    return loader


# The split points (by name, before their hash) whose shared chunks are merged into chunk_books.
PACK_ROOTS = ("open_books", "board_view")
PACK_NAME = "chunk_books"
# The imports every chunk takes from the core (wasm-split-cli's `__wasm_split` namespace),
# re-exported by a hub module so that wasm-merge gives the merged module ONE of each (merging
# the chunks alone would import the memory and the table once per chunk: multi-memory).
HUB_WAT = """(module
 (import "hub" "memory" (memory {memory}))
 (import "hub" "__indirect_function_table" (table {table} funcref))
 (import "hub" "__wasm_split_shared0" (global (mut i32)))
 (export "memory" (memory 0))
 (export "__indirect_function_table" (table 0))
 (export "__wasm_split_shared0" (global 0)))
"""
CHUNK_DEFINITION = re.compile(
    r"/\* (?P<users>[^*]*) \*/\nconst __chunk_(?P<index>\d+) = makeLoad\(\(\) => \{\n"
    r"(?:.*\n)*?, \[\]\);\n")


def pack_members(loader: str) -> list[str]:
    """The shared chunks (`chunk_N`) used by any of PACK_ROOTS, from the comments of the loader
    that wasm-split-cli wrote (each chunk's definition names the split points that use it)."""
    found = set()
    members = []
    for match in CHUNK_DEFINITION.finditer(loader):
        users = [user.strip() for user in match["users"].split(",")]
        roots = {root for root in PACK_ROOTS for user in users if re.fullmatch(rf"{root}_\d+", user)}
        found |= roots
        if roots:
            members.append(f"chunk_{match['index']}")
    if found != set(PACK_ROOTS):
        raise SystemExit(f"split_wasm: no shared chunk names the split points {set(PACK_ROOTS) - found}"
                         " (renamed? update PACK_ROOTS)")
    return members


def pack_loader(loader: str, members: list[str]) -> str:
    """The loader with every member's definition replaced by the one pack: each split point that
    needs a member now awaits the pack (makeLoad memoises it: fetched and instantiated once)."""
    member_set = set(members)
    first = None

    def replace(match: re.Match) -> str:
        nonlocal first
        name = f"chunk_{match['index']}"
        if name not in member_set:
            return match[0]
        definition = f"const __chunk_{match['index']} = __{PACK_NAME};\n"
        if first is None:
            first = name
            return (f"/* {PACK_NAME}: {', '.join(members)} */\n"
                    f"const __{PACK_NAME} = makeLoad(() => {{\n"
                    f'    const src = fetch(new URL("./{PACK_NAME}.wasm", import.meta.url));\n'
                    f"    src.catch(() => {{}});\n"
                    f"    return async (imports) => (WebAssembly.instantiateStreaming(src, "
                    f"{{ hub: imports.__wasm_split }}));\n"
                    f"}}\n, []);\n" + definition)
        return definition

    packed = CHUNK_DEFINITION.sub(replace, loader)
    for member in members:
        if f'"./{member}.wasm"' in packed:
            raise SystemExit(f"split_wasm: {member} is still fetched on its own by the loader")
    return packed


def features_of(module: pathlib.Path) -> list[str]:
    """The wasm features a module declares (its target_features section, which rustc writes and
    wasm-merge does not keep), as binaryen flags: the merged module is read with these."""
    printed = subprocess.run(["wasm-opt", "--print-features", str(module)], check=True,
                             capture_output=True, text=True).stdout
    return [line.strip() for line in printed.splitlines() if line.startswith("--enable-")]


def merge(members: list[pathlib.Path], target: pathlib.Path, tmp: pathlib.Path) -> list[str]:
    """Merges the members into one module that imports the core's memory, table and global once
    (from `hub`: the loader passes the core's `__wasm_split` imports under that name). Returns
    the features to read it with."""
    # The hub must declare the limits the chunks import (read from the smallest one).
    smallest = min(members, key=lambda member: member.stat().st_size)
    text = subprocess.run(["wasm-dis", str(smallest)], check=True, capture_output=True,
                          text=True).stdout
    memory = re.search(r'\(import "__wasm_split" "memory" \(memory \$\S+ (\d+)\)\)', text)
    table = re.search(r'\(import "__wasm_split" "__indirect_function_table" '
                      r'\(table \$\S+ (\d+) funcref\)\)', text)
    if not memory or not table:
        raise SystemExit(f"split_wasm: {smallest.name} does not import the core's memory and table")
    features = features_of(smallest)
    hub_text = tmp / "hub.wat"
    hub = tmp / "hub.wasm"
    hub_text.write_text(HUB_WAT.format(memory=memory[1], table=table[1]), encoding="utf-8")
    run("wasm-as", *features, str(hub_text), f"--output={hub}")
    inputs = [str(hub), "__wasm_split"]
    for member in members:
        inputs += [str(member), member.stem]
    # wasm-merge warns once per input about a name subsection it does not know: shown on failure.
    merged = subprocess.run(["wasm-merge", *features, *inputs, f"--output={target}"],
                            capture_output=True, text=True)
    if merged.returncode != 0:
        raise SystemExit(f"split_wasm: wasm-merge failed:\n{merged.stderr}")
    # The loader gives the merged module only the hub's three imports: anything else it asked
    # for would fail to link on every visit with stored books. Refuse such a build.
    printed = subprocess.run(["wasm-dis", *features, str(target)], check=True,
                             capture_output=True, text=True).stdout
    allowed = {("hub", "memory"), ("hub", "__indirect_function_table"),
               ("hub", "__wasm_split_shared0")}
    found = set(re.findall(r'\(import "([^"]*)" "([^"]*)"', printed))
    if found - allowed:
        raise SystemExit(f"split_wasm: the merged chunk imports {sorted(found - allowed)}, "
                         "which the loader does not provide")
    return features


def split(staging: pathlib.Path, source: pathlib.Path, release: bool) -> list[str]:
    target_dir = pathlib.Path(os.environ.get("CARGO_TARGET_DIR") or source / "target")
    raw = target_dir / "wasm32-unknown-unknown" / ("release" if release else "debug") / "relance.wasm"
    if not raw.is_file():
        raise SystemExit(f"split_wasm: {raw} not found (cargo's output for this profile)")
    bg = sorted(staging.glob("relance-*_bg.wasm"))
    if len(bg) != 1:
        raise SystemExit(f"split_wasm: expected one relance-*_bg.wasm in {staging}, found {bg}")
    stem = bg[0].name[: -len("_bg.wasm")]
    chunks = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        out = tmp / "split"
        out.mkdir()
        run("wasm-split-cli", str(raw), str(out), "--target", "web", "--out-name", stem)
        bindgen = tmp / "bindgen"
        run("wasm-bindgen", "--target=web", f"--out-dir={bindgen}", f"--out-name={stem}",
            "--no-typescript", "--keep-lld-exports", str(out / f"{stem}.wasm"))

        features = {}  # per module name: flags for a module without its target_features

        def optimise(source_file: pathlib.Path, target_file: pathlib.Path) -> None:
            if release:
                run("wasm-opt", *features.get(source_file.name, []), "-Oz", "--converge",
                    "--strip-producers", "--strip-debug", str(source_file),
                    f"--output={target_file}")
            else:
                shutil.copyfile(source_file, target_file)

        optimise(bindgen / f"{stem}_bg.wasm", staging / f"{stem}_bg.wasm")
        keep = os.environ.get("RELANCE_SPLIT_KEEP")
        if keep:  # for size investigations (twiggy): the named wasm before wasm-opt
            shutil.copytree(tmp, keep, dirs_exist_ok=True)
        loader = (out / "__wasm_split.js").read_text(encoding="utf-8")
        members = pack_members(loader)
        loader = pack_loader(loader, members)
        loader = never_panic_on_load(loader)
        features[f"{PACK_NAME}.wasm"] = merge([out / f"{member}.wasm" for member in members],
                                              out / f"{PACK_NAME}.wasm", tmp)
        for member in members:
            (out / f"{member}.wasm").unlink()
        for chunk in sorted(out.glob("*.wasm")):
            if chunk.name == f"{stem}.wasm":
                continue
            optimised = tmp / f"opt-{chunk.name}"
            optimise(chunk, optimised)
            hashed = f"{chunk.stem}-{short_hash(optimised.read_bytes())}.wasm"
            shutil.copyfile(optimised, staging / hashed)
            quoted = f'"./{chunk.name}"'
            if quoted not in loader:
                raise SystemExit(f"split_wasm: the loader does not name {chunk.name}")
            loader = loader.replace(quoted, f'"./{hashed}"')
            chunks.append(hashed)
        if release:
            loader = minify(loader, tmp)
        loader_name = f"__wasm_split-{short_hash(loader.encode('utf-8'))}.js"
        (staging / loader_name).write_text(loader, encoding="utf-8")
        glue = (bindgen / f"{stem}.js").read_text(encoding="utf-8")
        if 'from "./__wasm_split.js"' not in glue:
            raise SystemExit("split_wasm: the wasm-bindgen glue does not import the split loader")
        glue = glue.replace('from "./__wasm_split.js"', f'from "./{loader_name}"')
        if release:
            glue = minify(glue, tmp)
        (staging / f"{stem}.js").write_text(glue, encoding="utf-8")

    # Trunk put integrity hashes on the files it linked: recompute them for the replaced ones.
    index = staging / "index.html"
    html = index.read_text(encoding="utf-8")
    for name in (f"{stem}.js", f"{stem}_bg.wasm"):
        digest = sri((staging / name).read_bytes())
        html = re.sub(rf'(href="\./{re.escape(name)}"[^>]*integrity=")[^"]*(")',
                      rf"\g<1>{digest}\g<2>", html)
    index.write_text(html, encoding="utf-8")
    return sorted(chunks)
