# Two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install run test chromium bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	@echo "Backprop Explorer on http://127.0.0.1:8000"
	$(PY) -m uvicorn app.main:app --host 127.0.0.1 --port 8000

# Browser tests need a Chromium. Prefer the system one (no browser download works on machines without
# internet); fall back to Playwright's own download elsewhere.
chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then \
		echo "chromium: $$(command -v chromium || echo /usr/bin/chromium)"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	else \
		$(PY) -m playwright install chromium; \
	fi

test: install chromium
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache
