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

        def optimise(source_file: pathlib.Path, target_file: pathlib.Path) -> None:
            if release:
                run("wasm-opt", "-Oz", "--converge", "--strip-producers", "--strip-debug",
                    str(source_file), f"--output={target_file}")
            else:
                shutil.copyfile(source_file, target_file)

        optimise(bindgen / f"{stem}_bg.wasm", staging / f"{stem}_bg.wasm")
        keep = os.environ.get("RELANCE_SPLIT_KEEP")
        if keep:  # for size investigations (twiggy): the named wasm before wasm-opt
            shutil.copytree(tmp, keep, dirs_exist_ok=True)
        loader = (out / "__wasm_split.js").read_text(encoding="utf-8")
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
