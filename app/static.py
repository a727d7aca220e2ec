"""Static files with cache headers that fit how they are named.

Vendored libraries live under a versioned path (static/vendor/<name>/<version>/), so a browser may keep
them for a year without asking again; the app's own modules keep their names across releases, so the
browser revalidates them (a cheap 304 thanks to the ETag) and never runs a stale one. StaticFiles
already refuses paths that leave its folder.
"""
from __future__ import annotations

import os

from starlette.staticfiles import StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class CachedStaticFiles(StaticFiles):
    def file_response(self, full_path, stat_result: os.stat_result, scope: Scope, status_code: int = 200):
        response = super().file_response(full_path, stat_result, scope, status_code)
        versioned = self.get_path(scope).replace("\\", "/").startswith("vendor/")
        response.headers["cache-control"] = IMMUTABLE if versioned else REVALIDATE
        return response
