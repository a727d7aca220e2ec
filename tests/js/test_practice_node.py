"""Runs the practice view's pure-JS unit tests (tolerance rule, questions, hints, session, progress)
with node's built-in test runner, so `make test` covers them."""
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FILES = sorted(HERE.glob("test_practice_*.mjs"))


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_practice_js(path):
    run = subprocess.run(["node", "--test", str(path)], cwd=HERE.parents[1], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout
