"""Static files under a content-hashed prefix, and the page's ES-module graph for preloading.

At start-up the whole static tree is hashed once (`tree_version`) and served twice:

* `/static/<version>/…` (route name `static`, what the page links to): immutable for a year. The prefix
  changes whenever any file changes, so a browser never runs a stale module and never asks again for
  a current one. The whole tree shares one prefix so that the modules' relative imports
  (`import … from './graph.js'`, `../vendor/…`) resolve inside it with no rewriting and no build step.
* `/static/…` (route name `static-unversioned`, for old links and hand-written URLs): revalidated on
  every use (a cheap 304 thanks to the ETag), except the vendored libraries, whose path carries their
  version (static/vendor/<name>/<version>/).

StaticFiles already refuses paths that leave its folder. Text files are sent gzip-compressed to clients
that accept it, compressed once per file version and kept (`GZIP_CACHE`): a classroom's first visits
then cost no compression at all (d3 alone took ~25 ms at level 9 on every uncached request). Other
answers are compressed by the app's GZip middleware, which leaves an already encoded response alone.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import re
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
COMPRESSIBLE = {".js", ".mjs", ".css", ".svg", ".json", ".html", ".txt", ".md", ".map"}
MIN_COMPRESS_BYTES = 1024  # below a packet, compression saves nothing
GZIP_CACHE: dict[tuple[str, int, int], bytes] = {}  # (path, mtime_ns, size) -> gzip bytes
VERSION_CHARS = 12  # hex digits of the tree's SHA-256 in the prefix: collisions between releases are out of reach


def tree_version(directory: Path = STATIC_DIR) -> str:
    """SHA-256 over every file's relative path and bytes, in a fixed order (~20 ms for the tree)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:VERSION_CHARS]


class CachedStaticFiles(StaticFiles):
    def __init__(self, *, directory: Path, immutable: bool = False):
        super().__init__(directory=directory)
        self.immutable = immutable

    def file_response(self, full_path, stat_result: os.stat_result, scope: Scope, status_code: int = 200):
        response = super().file_response(full_path, stat_result, scope, status_code)
        versioned = self.immutable or self.get_path(scope).replace("\\", "/").startswith("vendor/")
        response.headers["cache-control"] = IMMUTABLE if versioned else REVALIDATE
        if response.status_code != 200 or not _wants_gzip(scope, full_path, stat_result):
            return response
        key = (str(full_path), stat_result.st_mtime_ns, stat_result.st_size)
        if key not in GZIP_CACHE:
            GZIP_CACHE[key] = gzip.compress(Path(full_path).read_bytes(), compresslevel=9, mtime=0)
        headers = {k: v for k, v in response.headers.items() if k not in ("content-length", "accept-ranges")}
        headers.update({"content-encoding": "gzip", "vary": "Accept-Encoding"})
        return Response(GZIP_CACHE[key], status_code=200, headers=headers)


def _wants_gzip(scope: Scope, full_path, stat_result: os.stat_result) -> bool:
    headers = Headers(scope=scope)
    return ("gzip" in headers.get("accept-encoding", "") and "range" not in headers
            and Path(full_path).suffix in COMPRESSIBLE and stat_result.st_size >= MIN_COMPRESS_BYTES)


def mount_static(application, directory: Path = STATIC_DIR) -> str:
    """Mounts both URL forms (the versioned one first: Starlette matches mounts in order)."""
    version = tree_version(directory)
    application.mount(f"/static/{version}", CachedStaticFiles(directory=directory, immutable=True), name="static")
    application.mount("/static", CachedStaticFiles(directory=directory), name="static-unversioned")
    return version


# A static import or re-export with a relative specifier, across lines (`import {\n a,\n} from './x.js'`);
# `import('./x.js')` (dynamic, loaded on demand) has a parenthesis and is left out on purpose.
STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^'"();]*?['"](\.{1,2}/[^'"]+)['"]""", re.M)


def module_graph(entry: str, directory: Path = STATIC_DIR) -> list[str]:
    """Every module `entry` (a path under `directory`) imports statically, directly or not, entry
    first, JSON modules included: the page preloads them all (`<link rel="modulepreload">`), so the
    browser fetches the whole graph at once instead of discovering it one import level per round trip."""
    root = directory.resolve()
    order, seen, todo = [], set(), [entry]
    while todo:
        rel = todo.pop(0)
        if rel in seen:
            continue
        seen.add(rel)
        order.append(rel)
        if rel.endswith(".json"):  # data: imports nothing
            continue
        text = (root / rel).read_text(encoding="utf-8")
        base = (root / rel).parent
        for spec in STATIC_IMPORT.findall(text):
            target = (base / spec).resolve()
            if target.is_file() and target.is_relative_to(root) and target.suffix in MODULE_TYPES:
                todo.append(target.relative_to(root).as_posix())
    return order


# What each kind of module file is preloaded as (`<link rel="modulepreload" as=…>`): the string tables
# are JSON modules (`import … with { type: 'json' }`), which a preload must announce as "json" or the
# browser fetches them again, one import level late, when the importing module runs.
MODULE_TYPES = {".js": "script", ".json": "json"}


def preload_as(module: str) -> str:
    return MODULE_TYPES[Path(module).suffix]
