"""Runs every pure-JS unit test file (tests/js/test_*.mjs: explorer, export, network form, practice,
training) with node's built-in test runner, so `make test` covers them. One pytest case per file."""
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FILES = sorted(HERE.glob("test_*.mjs"))


def test_every_view_has_js_unit_tests():
    names = {p.name for p in FILES}
    for prefix in ("test_explorer_", "test_export", "test_network_form", "test_practice_", "test_training_"):
        assert any(n.startswith(prefix) for n in names), f"no {prefix}*.mjs found"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_js_unit_file(path):
    # A file run by node directly runs its node:test tests and reports them, exiting non-zero on a
    # failure: what `node --test <file>` does in a child process it starts for the file, without that
    # second node process (~0.1 s a file). TAP is asked for by name: from Node 23 the default is spec.
    run = subprocess.run(["node", "--test-reporter=tap", str(path)], cwd=HERE.parents[1], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout
