#!/usr/bin/env python3
"""Trunk post-build hook.

0. (Every build) Cut the wasm into a core and lazily loaded chunks: scripts/split_wasm.py.

1. Trunk injects its wasm loader as an inline <script type="module">. A strict
   Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval', no 'unsafe-inline') forbids
   inline scripts, so this hook moves the loader into a content-hashed file beside index.html
   (after the error screen, scripts/rescue.js, and with the service-worker registration,
   scripts/sw-register.js, appended) and adds the CSP
   <meta> as the first element of <head>.
2. It writes sw.js from scripts/sw.template.js: the list of every file of this build, and a
   VERSION that is a hash of all of them, so any change to any file is a new version.

Steps 1 and 2 are for release builds only. Debug builds (`trunk serve`) are otherwise left as
Trunk made them: its live-reload script is inline and talks to a websocket, and a service
worker would only get in the way of reloading.
"""
import hashlib
import json
import os
import pathlib
import re
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import split_wasm  # noqa: E402  (beside this script)

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
])


def main() -> int:
    staging = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
    release = os.environ.get("TRUNK_PROFILE") == "release"
    # Both profiles: a `split` build does not start until its lazy chunks exist.
    source = pathlib.Path(os.environ["TRUNK_SOURCE_DIR"])
    split_wasm.split(staging, source, release)
    index = staging / "index.html"
    html = index.read_text(encoding="utf-8")
    html = add_feature_styles(staging, source, html)
    if not release:
        index.write_text(html, encoding="utf-8")
        return 0

    inline = re.findall(r"<script type=\"module\"[^>]*>(.*?)</script>", html, flags=re.S)
    inline = [body for body in inline if body.strip()]
    if len(inline) != 1:
        print(f"post_build: expected one inline loader script, found {len(inline)}", file=sys.stderr)
        return 1
    scripts = pathlib.Path(__file__).resolve().parent
    # The error screen first (it must listen before the wasm starts), then Trunk's loader and
    # the service worker's registration.
    loader = (
        (scripts / "rescue.js").read_text(encoding="utf-8")
        + "\n"
        + inline[0].strip()
        + "\n"
        + (scripts / "sw-register.js").read_text(encoding="utf-8")
    )
    with tempfile.TemporaryDirectory() as tmp:
        loader = split_wasm.minify(loader, pathlib.Path(tmp))
    digest = hashlib.sha256(loader.encode("utf-8")).hexdigest()[:16]
    name = f"boot-{digest}.js"
    (staging / name).write_text(loader, encoding="utf-8")
    html = re.sub(
        r"<script type=\"module\"[^>]*>.*?</script>",
        f'<script type="module" src="./{name}"></script>',
        html,
        count=1,
        flags=re.S,
    )
    # WebKit never hands a <link rel="preload" as="fetch"> to the app's own fetch() of the wasm,
    # whatever its integrity/crossorigin/type (measured: tests/e2e/engines): Safari downloaded
    # the main wasm twice. Without it every engine fetches the wasm once, when the app starts.
    html, dropped = re.subn(r'<link rel="preload" href="\./[^"]*_bg\.wasm"[^>]*>', "", html)
    if dropped != 1:
        print(f"post_build: expected one preload of the wasm, found {dropped}", file=sys.stderr)
        return 1
    if 'http-equiv="Content-Security-Policy"' not in html:
        html = html.replace(
            "<head>",
            f'<head>\n    <meta http-equiv="Content-Security-Policy" content="{CSP}"/>',
            1,
        )
    index.write_text(html, encoding="utf-8")
    write_service_worker(staging, scripts)
    return 0


def add_feature_styles(staging: pathlib.Path, source: pathlib.Path, html: str) -> str:
    """The pages' own stylesheet (style/records.css), off the critical path: copied under a
    content-hashed name and named in a <meta> that the pages' chunks read
    (src/ui/components/stylesheet.rs); not a <link>, so a first visit does not fetch it."""
    css = (source / "style" / "records.css").read_bytes()
    name = f"records-{hashlib.sha256(css).hexdigest()[:16]}.css"
    (staging / name).write_bytes(css)
    meta = f'<meta name="relance-feature-css" content="./{name}"/>'
    if 'name="relance-feature-css"' in html:
        return re.sub(r'<meta name="relance-feature-css"[^>]*/>', meta, html)
    return html.replace("</head>", f"    {meta}\n</head>", 1)


def write_service_worker(staging: pathlib.Path, scripts: pathlib.Path) -> None:
    files = sorted(
        path for path in staging.iterdir()
        if path.is_file() and path.name != "sw.js" and not path.name.startswith(".")
    )
    version = hashlib.sha256()
    for path in files:
        version.update(path.name.encode("utf-8"))
        version.update(path.read_bytes())
    assets = ["./" + path.name for path in files]
    template = (scripts / "sw.template.js").read_text(encoding="utf-8")
    worker = template.replace("__VERSION__", version.hexdigest()[:16]).replace(
        "__ASSETS__", json.dumps(assets)
    )
    (staging / "sw.js").write_text(worker, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
