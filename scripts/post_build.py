#!/usr/bin/env python3
"""Trunk post-build hook (release builds only).

Trunk injects its wasm loader as an inline <script type="module">. A strict
Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval', no 'unsafe-inline') forbids
inline scripts, so this hook moves the loader into a content-hashed file beside index.html
and adds the CSP <meta> as the first element of <head>. Debug builds (`trunk serve`) are left
as Trunk made them: its live-reload script is inline and talks to a websocket.
"""
import hashlib
import os
import pathlib
import re
import sys

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
    if os.environ.get("TRUNK_PROFILE") != "release":
        return 0
    staging = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
    index = staging / "index.html"
    html = index.read_text(encoding="utf-8")

    inline = re.findall(r"<script type=\"module\"[^>]*>(.*?)</script>", html, flags=re.S)
    inline = [body for body in inline if body.strip()]
    if len(inline) != 1:
        print(f"post_build: expected one inline loader script, found {len(inline)}", file=sys.stderr)
        return 1
    loader = inline[0].strip() + "\n"
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
    if 'http-equiv="Content-Security-Policy"' not in html:
        html = html.replace(
            "<head>",
            f'<head>\n    <meta http-equiv="Content-Security-Policy" content="{CSP}"/>',
            1,
        )
    index.write_text(html, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
