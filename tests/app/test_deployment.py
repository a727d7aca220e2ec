"""The deployment files: compose.yaml runs replicas behind nginx with its client timeouts set, the image
is built from an exactly pinned base and the hashed lock file with no compiler, and `make run` installs
the runtime dependencies only. Docker's and nginx's own checks run where those tools exist."""
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
NGINX_TEMPLATE = (ROOT / "deploy" / "nginx.conf.template").read_text()
DOCKERFILE = (ROOT / "Dockerfile").read_text()
LOCK = (ROOT / "requirements.lock").read_text()
EXACT_TAG = re.compile(r":\d+\.\d+\.\d+(-[a-z0-9.-]+)?$")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# The test tools: pyproject's `test` extra is their one list (the Makefile and these tests read it).
TEST_TOOLS = [re.match(r"[A-Za-z0-9_.-]+", r).group(0).lower() for r in PYPROJECT["project"]["optional-dependencies"]["test"]]


def tools_named(text: str) -> list[str]:
    """The test tools `text` names as words of their own (pytest-xdist is not pytest; nor is a
    temporary folder called pytest-of-root)."""
    return [t for t in TEST_TOOLS if re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", text)]


def seconds(directive: str) -> int:
    match = re.search(rf"^\s*{directive}\s+(\d+)s;", NGINX_TEMPLATE, re.M)
    assert match, f"{directive} is not set"
    return int(match.group(1))


def test_compose_runs_replicas_of_the_app_behind_the_proxy():
    app, proxy = COMPOSE["services"]["app"], COMPOSE["services"]["proxy"]
    assert app["deploy"]["replicas"] >= 2
    assert "ports" not in app  # reached through the proxy only
    assert "BACKPROP_ALLOWED_HOSTS" in app["environment"]
    assert EXACT_TAG.search(proxy["image"]), proxy["image"]
    assert any("nginx.conf.template:/etc/nginx/templates/" in volume for volume in proxy["volumes"])
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"


def test_the_proxy_cuts_off_slow_clients_and_spreads_requests():
    assert seconds("client_header_timeout") <= 15  # a header a byte a second never gets through
    assert seconds("client_body_timeout") <= 15
    assert seconds("send_timeout") <= 60
    assert re.search(r"^\s*client_max_body_size 1m;", NGINX_TEMPLATE, re.M)
    assert re.search(r"upstream backprop \{[^}]*server app:8000;", NGINX_TEMPLATE)
    assert "proxy_pass http://backprop;" in NGINX_TEMPLATE
    assert "server_name ${SITE_HOST};" in NGINX_TEMPLATE and "return 444;" in NGINX_TEMPLATE


@pytest.mark.skipif(not (shutil.which("docker-compose") or shutil.which("docker")), reason="no Docker here")
def test_docker_accepts_the_compose_file():
    for command in (["docker", "compose", "config", "--quiet"], ["docker-compose", "config", "--quiet"]):
        if shutil.which(command[0]) and subprocess.run(command[:2] + ["version"], capture_output=True).returncode == 0:
            result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
            return
    pytest.skip("Docker has no compose command here")


@pytest.mark.skipif(not shutil.which("nginx"), reason="no nginx here")
def test_nginx_accepts_the_configuration(tmp_path):
    conf = NGINX_TEMPLATE.replace("${SITE_HOST}", "explorer.school.example")
    conf = conf.replace("server app:8000;", "server 127.0.0.1:8000;")  # `nginx -t` resolves host names
    (tmp_path / "default.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy; "
        f"include {tmp_path}/default.conf; }}\n")
    result = subprocess.run(["nginx", "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_image_is_pinned_built_from_the_lock_and_has_no_compiler():
    bases = re.findall(r"^FROM (\S+)", DOCKERFILE, re.M)
    assert bases and all(EXACT_TAG.search(base) for base in bases), bases
    assert re.search(r"pip install --require-hashes --only-binary=:all: -r \S*requirements.lock", DOCKERFILE)
    for compiler in ("build-essential", "gcc", "g++", "clang"):
        assert compiler not in DOCKERFILE
    assert 'CMD ["python", "-m", "app"]' in DOCKERFILE


def test_the_lock_pins_every_runtime_dependency_with_hashes():
    pinned = {}
    for block in re.split(r"\n(?=\S)", LOCK):
        match = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", block)
        if match:
            pinned[match.group(1).lower().replace("_", "-")] = match.group(2)
            assert "--hash=sha256:" in block, match.group(1)
    wanted = PYPROJECT["project"]["dependencies"]
    for requirement in wanted:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower().replace("_", "-")
        assert name in pinned, f"{name} is in pyproject.toml but not in requirements.lock (run make lock)"
    assert not set(TEST_TOOLS) & set(pinned)


@pytest.mark.skipif(not shutil.which("make"), reason="no make here")
def test_make_run_installs_the_lock_and_no_test_tools(tmp_path):
    # -n: print the commands a fresh clone (no virtualenv yet) would run, without running them.
    result = subprocess.run(["make", "-n", "run", f"VENV={tmp_path}/venv"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    commands = result.stdout
    assert "--require-hashes --only-binary=:all: -r requirements.lock" in commands
    assert "[test" not in commands and not tools_named(commands)
    assert re.search(r"-m app$", commands, re.M)


@pytest.mark.skipif(not shutil.which("make"), reason="no make here")
def test_make_install_installs_the_test_extra_and_keeps_no_copy_of_its_list(tmp_path):
    """`make install` (and so `make test`) installs pyproject's `test` extra, and no Makefile line names
    its tools one by one: such a copy (TEST_TOOLS once was) drifts from the list it copies."""
    result = subprocess.run(["make", "-n", "install", f"VENV={tmp_path}/venv"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "pip install --quiet -e '.[test]'" in result.stdout
    copies = [line for line in (ROOT / "Makefile").read_text().splitlines()
              if not line.startswith("#") and len(tools_named(line)) >= 2]
    assert not copies, copies


def test_pytest_collects_every_test_file_and_loads_every_test_tools_plugin():
    # pyproject's testpaths lists tests/' folders in the order make test hands them out: a test file
    # outside them would never run. Plugins load only when named there (--disable-plugin-autoload): a
    # test tool whose plugin is not named would be silently absent (its fixtures, options, marks).
    from importlib.metadata import PackageNotFoundError, distribution
    options = PYPROJECT["tool"]["pytest"]["ini_options"]
    paths = [ROOT / path for path in options["testpaths"]]
    lost = [str(file.relative_to(ROOT)) for file in (ROOT / "tests").rglob("test_*.py")
            if not any(file.is_relative_to(path) for path in paths)]
    assert not lost, f"add their folders to testpaths in pyproject.toml: {lost}"
    named = set(re.findall(r"-p\s+(\S+)", options["addopts"]))
    for tool in TEST_TOOLS:
        try:
            plugins = {e.value for e in distribution(tool).entry_points if e.group == "pytest11"}
        except PackageNotFoundError:
            continue  # not installed here: test_make_install_… checks that make install installs it
        assert not plugins or plugins & named, f"{tool}'s pytest plugin ({sorted(plugins)}) is not loaded: add -p to addopts"
