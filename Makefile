# Two commands do everything on a fresh clone with only Python 3.11+ present: `make run` and `make test`.
# Both create (once) and reuse a virtualenv at .venv: `make run` installs the runtime dependencies only
# (from requirements.lock), `make test` (and `make install`) adds the test tools.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run lock bundle test chromium torch-if-local bench load-test docker compose-config clean

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (none found on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Runtime dependencies come from requirements.lock: exact versions with their hashes (pip refuses any
# file whose hash differs) and wheels only (nothing is compiled). `make run` installs these alone.
RUNTIME := $(VENV)/.runtime
$(RUNTIME): requirements.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes --only-binary=:all: -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(RUNTIME)

# The test tools on top: pyproject's `test` extra, the one list of them; the versions installed are
# read back from the installed package's metadata (its requirements marked extra == "test").
TEST_TOOLS_INSTALLED := import re; from importlib.metadata import requires, version; \
	tools = [re.match(r"[A-Za-z0-9._-]+", r)[0] for r in requires("backprop-explorer") if "extra == \"test\"" in r]; \
	print("test tools:", " ".join(f"{t}=={version(t)}" for t in tools))
$(STAMP): $(RUNTIME) pyproject.toml
	@echo "installing the test tools (pyproject.toml [project.optional-dependencies] test)"
	$(PY) -m pip install --quiet -e '.[test]'
	@$(PY) -c '$(TEST_TOOLS_INSTALLED)'
	touch $(STAMP)

install: $(STAMP)

# BACKPROP_WORKERS (default: one per CPU core) and every other BACKPROP_* variable apply; see README.
run: $(RUNTIME)
	BACKPROP_HOST=$(HOST) BACKPROP_PORT=$(PORT) $(PY) -m app

# Regenerates requirements.lock from pyproject.toml's dependencies (after changing them): every runtime
# dependency pinned, with the hashes of all its published files (so the lock serves every platform).
lock: | $(PY)
	$(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml

# Rebuilds static/bundle/ from static/js/ after a module is edited; commit the result (app/scripts.py,
# tools/bundle.mjs). Needs Node and npm, as the JavaScript unit tests do; running the app needs neither.
# npm ci installs exactly package-lock.json's esbuild and d3 (esbuild's install script only checks its
# binary, which npm installs as a package of its own).
bundle:
	npm ci --ignore-scripts --no-audit --no-fund
	node tools/bundle.mjs

# Browser tests need a Chromium. Prefer the system one: Debian's package where apt is available (these
# machines reach no browser download); elsewhere Playwright's own download.
chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then \
		echo "chromium: $$(command -v chromium || echo /usr/bin/chromium)"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian's chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then \
		echo "installing Debian's chromium (sudo)"; \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	else \
		$(PY) -m playwright install chromium; \
	fi

# The PyTorch parity tests need torch, but a plain `pip install torch` pulls a multi-GB CUDA build. So
# install it only where a CPU wheel of the pinned version is found without any index (these machines keep
# one in pip's find-links folder); elsewhere those tests skip cleanly. --no-compile: byte-compiling all of
# torch at install took 16 of its 30 s here, and the tests import a small part of it (Python compiles
# what is imported, ~1 s per process).
TORCH_WHEELS := $(VENV)/.torch-wheel
torch-if-local: install
	@if $(PY) -c 'import torch' 2>/dev/null; then \
		echo "torch: $$($(PY) -c 'import torch; print(torch.__version__)')"; \
	elif $(PY) -m pip download --quiet --no-index --no-deps 'torch==2.13.0' -d $(TORCH_WHEELS) >/dev/null 2>&1 \
		&& ls $(TORCH_WHEELS)/torch-2.13.0+cpu-*.whl >/dev/null 2>&1; then \
		echo "installing the local CPU build of torch 2.13.0 for the parity tests"; \
		$(PY) -m pip install --quiet --no-compile $(TORCH_WHEELS)/torch-2.13.0+cpu-*.whl || echo "torch install failed: parity tests will skip"; \
	else \
		echo "no local CPU build of torch 2.13.0: the PyTorch parity tests will skip"; \
	fi

# One pytest process per CPU core (pytest-xdist): much of the suite is waiting (a browser on the server,
# paced training streams), which another process fills. Each test file stays whole in one process
# (--dist loadfile), so its browser, live server and module fixtures are its process's own; files go
# out in collection order (--no-loadscope-reorder; pyproject's testpaths: big files first), so each process
# runs its browser files in a row and starts Chromium once, not at every switch between app and browser
# files (tests/browser/conftest.py).
test: install chromium torch-if-local
	$(PY) -m pytest -q -n auto --dist loadfile --no-loadscope-reorder

# Benchmarks need the `bench` extra (micrograd, threadpoolctl) and torch 2.13.0's CPU build, which PyPI
# does not carry for Linux (its `torch` is the multi-GB CUDA build): the local wheel if there is one, else
# PyTorch's own CPU index. OpenBLAS variables that some machines set slow numpy down; they are unset for
# the benchmarks only.
TORCH_CPU_INDEX := https://download.pytorch.org/whl/cpu
bench: install torch-if-local
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -c 'import torch' 2>/dev/null || $(PY) -m pip install --index-url $(TORCH_CPU_INDEX) 'torch==2.13.0'
	for b in benchmarks/bench_*.py; do env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(PY) $$b || exit 1; done
	$(PY) benchmarks/load_test.py

load-test: install
	$(PY) benchmarks/load_test.py

docker:
	docker build -t backprop-explorer .

# Checks compose.yaml the way Docker reads it (Compose v2 plugin or the standalone docker-compose).
compose-config:
	@if docker compose version >/dev/null 2>&1; then docker compose config --quiet; \
	else docker-compose config --quiet; fi && echo "compose.yaml is valid"

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
