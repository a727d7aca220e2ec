"""The bundle (static/bundle/, `make bundle`): built from the modules as they are, run by the page while
it is, and carrying the d3 the modules as written get from the vendored build (app/scripts.py)."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from app.scripts import D3_BUILD, MANIFEST, changed_source, missing_output, page_scripts
from app.static import STATIC_DIR, module_graph

ROOT = STATIC_DIR.parent
PRELOADS = re.compile(r'<link rel="modulepreload" href="/static/[0-9a-f]+/([^"]+)"')
SCRIPTS = re.compile(r'<script[^>]* src="/static/[0-9a-f]+/([^"]+)"')


def manifest() -> dict:
    return json.loads((STATIC_DIR / MANIFEST).read_text(encoding="utf-8"))


def test_the_committed_bundle_is_built_from_the_modules_as_they_are():
    changed = changed_source(manifest())
    assert changed is None, f"static/{changed} changed after static/bundle was built: run `make bundle` and commit it"


def test_the_bundle_is_as_make_bundle_wrote_it():
    # Edited by hand (or by a merge), the bundle would no longer be the modules' build.
    import hashlib

    written = manifest()["outputs"]
    on_disk = {f"bundle/{p.name}" for p in (STATIC_DIR / "bundle").iterdir() if p.name != "manifest.json"}
    assert set(written) == on_disk, "static/bundle holds other files than make bundle wrote: run it again"
    for path, digest in written.items():
        assert hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest() == digest, \
            f"static/{path} differs from what make bundle wrote: run it again"


def test_every_module_the_page_runs_went_into_the_bundle():
    # A module added to the page's import graph without `make bundle` would leave the bundle behind.
    sources = set(manifest()["sources"])
    for entry in ("js/main.js", "js/explorer/index.js", "js/training/index.js", "js/practice/index.js"):
        missing = set(module_graph(entry)) - sources
        assert not missing, f"not in the bundle: {sorted(missing)}; run `make bundle`"


def test_the_page_runs_the_bundle_one_file_for_every_view(client):
    entry = manifest()["entries"]["js/main.js"]
    for view in ("explorer", "training", "practice"):
        page = client.get(f"/?view={view}").text
        assert SCRIPTS.findall(page) == [entry] and PRELOADS.findall(page) == [entry]  # and no separate d3


def test_the_bundle_setting_off_runs_the_modules_as_written(client_with):
    page = client_with(bundle=False).get("/").text
    assert SCRIPTS.findall(page) == [D3_BUILD, "js/main.js"]
    assert not any(path.startswith("bundle/") for path in PRELOADS.findall(page))


@pytest.fixture
def static_copy(tmp_path) -> Path:
    """A copy of what the page's scripts are made of: static/js/, the bundle and what else went into it."""
    for folder in {"js", "bundle"} | {str(Path(source).parent) for source in manifest()["sources"]}:
        shutil.copytree(STATIC_DIR / folder, tmp_path / folder, dirs_exist_ok=True)
    assert page_scripts(tmp_path).entry == "bundle/main.js"
    return tmp_path


def test_an_edited_module_is_run_as_written_until_the_bundle_is_rebuilt(static_copy):
    narrate = static_copy / "js/explorer/narrate.js"
    narrate.write_text(narrate.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    scripts = page_scripts(static_copy)
    assert scripts.entry == "js/main.js" and scripts.classic == (D3_BUILD,)
    assert ("js/explorer/narrate.js", "script") in scripts.preloads["explorer"]


def test_a_bundle_with_a_file_missing_or_an_unreadable_manifest_is_not_run(static_copy):
    (static_copy / "bundle/main.js").unlink()
    assert page_scripts(static_copy).entry == "js/main.js"
    (static_copy / MANIFEST).write_text("<<<<<<< HEAD\n", encoding="utf-8")
    assert page_scripts(static_copy).entry == "js/main.js"


def test_every_file_of_the_bundle_is_committed():
    # A fresh clone runs what is committed: a manifest committed without the file it describes would
    # leave it the modules as written (app/scripts.py checks the file is there).
    assert missing_output(manifest()) is None, "run `make bundle`"
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    run = subprocess.run(["git", "ls-files", "--", "static/bundle"], cwd=ROOT, capture_output=True, text=True)
    if run.returncode:
        pytest.skip("not a git checkout")
    untracked = set(manifest()["outputs"]) - {path.removeprefix("static/") for path in run.stdout.split()}
    assert not untracked, f"not committed: {sorted(untracked)}; `git add static/bundle`"


def test_static_js_d3_hands_the_modules_every_d3_function_they_call():
    # The modules as written read these from the vendored build; a name missing from the list would
    # be undefined there, and left out of the bundle.
    d3_module = (STATIC_DIR / "js/d3.js").read_text(encoding="utf-8")
    exported = {name.strip() for name in re.search(r"export const \{([^}]*)\}", d3_module)[1].split(",") if name.strip()}
    called = set()
    for path in (STATIC_DIR / "js").rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        if "from '../d3.js'" in text or "from './d3.js'" in text:
            called |= set(re.findall(r"(?<![./])\bd3\.(\w+)", text))  # not the path ../d3.js
    assert called and called <= exported, sorted(called - exported)
    assert not any("globalThis.d3" in p.read_text(encoding="utf-8") for p in (STATIC_DIR / "js").rglob("*.js")
                   if p.name != "d3.js")


def test_the_bundle_takes_d3_at_the_vendored_version():
    vendored = Path(D3_BUILD).parts[2]  # vendor/d3/<version>/d3.min.js
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["d3"] == vendored == lock["packages"]["node_modules/d3"]["version"]
