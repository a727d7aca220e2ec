"""Which JavaScript the page runs and preloads: the bundle (static/bundle/, built from static/js/ by
`make bundle`) while every file it was built from is unchanged, else the modules as written.

The bundle is what readers get: every view in one minified file, carrying only the parts of d3 the
page uses. On a first visit on 2 cores it draws the first graph ~150 ms sooner than the ~45 modules
and d3's whole build (docs/benchmarks.md, "Loading the page"). The modules stay the
source: after an edit the page runs them at once (the server's log says why) until `make bundle`
rebuilds the bundle, and tests/app/test_bundle.py fails until it has.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.static import STATIC_DIR, module_graph, preload_as

log = logging.getLogger("backprop.scripts")
VIEWS = ("explorer", "training", "practice")
MAIN = "js/main.js"
MANIFEST = "bundle/manifest.json"  # written by tools/bundle.mjs
# The modules as written take d3 from the vendored build (static/js/d3.js), run before them.
D3_BUILD = "vendor/d3/7.9.2/d3.min.js"


@dataclass(frozen=True)
class PageScripts:
    entry: str  # the module the page runs, a path under static/
    classic: tuple[str, ...]  # classic scripts (defer) that run before it
    # Per view: what the page preloads, as (path, what it is preloaded as). The bundle: its one file.
    # The modules as written: main's static imports, then the opened view's (main imports each view
    # when it is first shown; the others are left to then).
    preloads: dict[str, tuple[tuple[str, str], ...]]


def changed_source(manifest: dict, directory: Path = STATIC_DIR) -> str | None:
    """The first file the bundle was built from that has changed or gone since, else None."""
    for path, digest in manifest["sources"].items():
        file = directory / path
        if not file.is_file() or hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            return path
    return None


def missing_output(manifest: dict, directory: Path = STATIC_DIR) -> str | None:
    """The first script of the bundle the manifest names that is not there, else None (a commit of the
    manifest without the file it describes would leave the page a module that does not exist)."""
    scripts = (out for out in manifest["outputs"] if out.endswith(".js"))
    return next((out for out in scripts if not (directory / out).is_file()), None)


def current_bundle(directory: Path = STATIC_DIR) -> dict | None:
    """The bundle's manifest when the bundle was built from the files as they are now and all of it is
    there, else None (and the log says why)."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        log.warning("no static/%s: the page runs the modules as written (`make bundle` builds it)", MANIFEST)
        return None
    except ValueError as error:  # e.g. a merge left conflict markers in it
        log.warning("static/%s is not JSON (%s): the page runs the modules as written until `make bundle`",
                    MANIFEST, error)
        return None
    changed = changed_source(manifest, directory)
    if changed:
        log.warning("static/%s changed after the bundle was built: the page runs the modules as written "
                    "until `make bundle`", changed)
        return None
    missing = missing_output(manifest, directory)
    if missing:
        log.warning("static/%s is missing: the page runs the modules as written until `make bundle`", missing)
        return None
    return manifest


def page_scripts(directory: Path = STATIC_DIR, bundle: bool = True) -> PageScripts:
    manifest = current_bundle(directory) if bundle else None
    if manifest:
        entry = manifest["entries"][MAIN]  # every view is in it (tools/bundle.mjs)
        return PageScripts(entry, (), {view: ((entry, "script"),) for view in VIEWS})
    main = module_graph(MAIN, directory)
    preloads = {}
    for view in VIEWS:
        own = [m for m in module_graph(f"js/{view}/index.js", directory) if m not in main]
        preloads[view] = tuple((m, preload_as(m)) for m in main + own)
    return PageScripts(MAIN, (D3_BUILD,), preloads)


@lru_cache(maxsize=2)
def scripts_for(bundle: bool) -> PageScripts:
    """The page's scripts, worked out once per server (the static files do not change while it runs)."""
    return page_scripts(bundle=bundle)
