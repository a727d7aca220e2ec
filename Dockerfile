# Backprop Explorer: a slim image with only the runtime (no compilers, no test tools, no browser).
#   docker build -t backprop-explorer . && docker run --rm -p 8000:8000 backprop-explorer
# Stage 1 builds wheels and a virtualenv (with build tools if a dependency must compile); stage 2 copies
# only that virtualenv and the app's files onto a fresh slim base.
ARG PYTHON_VERSION=3.11

FROM python:${PYTHON_VERSION}-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY engine/__init__.py engine/__init__.py
COPY app/__init__.py app/__init__.py
# Install the runtime dependencies only: the app itself runs from its source tree in stage 2.
RUN pip install --upgrade pip && pip install . && pip uninstall -y backprop-explorer

FROM python:${PYTHON_VERSION}-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    BACKPROP_HOST=0.0.0.0 BACKPROP_PORT=8000
RUN groupadd --system app && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The app finds templates/ and static/ next to its package directory, so run it from the source tree.
COPY --chown=root:root engine ./engine
COPY --chown=root:root app ./app
COPY --chown=root:root templates ./templates
COPY --chown=root:root static ./static
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request, sys; port = os.environ.get('BACKPROP_PORT', '8000'); sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=2).status == 200 else 1)"]
# One worker: the app bounds its own concurrency (BACKPROP_WORKER_THREADS); scale with more containers.
CMD ["python", "-m", "app"]
