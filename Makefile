# Two commands do everything on a fresh clone with only Python 3.11+ present: `make run` and `make test`.
# Both create (once) and reuse a virtualenv at .venv; `make install` is their shared step.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run test chromium torch-if-local bench load-test docker clean

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (none found on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	@echo "Backprop Explorer on http://$(HOST):$(PORT)"
	$(PY) -m uvicorn app.main:app --host $(HOST) --port $(PORT)

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
# one in pip's find-links folder); elsewhere those tests skip cleanly.
TORCH_WHEELS := $(VENV)/.torch-wheel
torch-if-local: install
	@if $(PY) -c 'import torch' 2>/dev/null; then \
		echo "torch: $$($(PY) -c 'import torch; print(torch.__version__)')"; \
	elif $(PY) -m pip download --quiet --no-index --no-deps 'torch==2.13.0' -d $(TORCH_WHEELS) >/dev/null 2>&1 \
		&& ls $(TORCH_WHEELS)/torch-2.13.0+cpu-*.whl >/dev/null 2>&1; then \
		echo "installing the local CPU build of torch 2.13.0 for the parity tests"; \
		$(PY) -m pip install --quiet $(TORCH_WHEELS)/torch-2.13.0+cpu-*.whl || echo "torch install failed: parity tests will skip"; \
	else \
		echo "no local CPU build of torch 2.13.0: the PyTorch parity tests will skip"; \
	fi

test: install chromium torch-if-local
	$(PY) -m pytest -q

# Benchmarks need the `bench` extra (micrograd, torch==2.13.0 CPU). OpenBLAS variables that some
# machines set slow numpy down; they are unset for the benchmarks only.
bench: install
	$(PY) -m pip install --quiet -e '.[test,bench]'
	for b in benchmarks/bench_*.py; do env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(PY) $$b || exit 1; done
	$(PY) benchmarks/load_test.py

load-test: install
	$(PY) benchmarks/load_test.py

docker:
	docker build -t backprop-explorer .

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
