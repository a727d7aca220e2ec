# Backprop Explorer: a slim image with only the runtime (no compiler, no test tools, no browser).
#   docker build -t backprop-explorer . && docker run --rm -p 8000:8000 backprop-explorer
# Reproducible: the base image is pinned to an exact release, and every Python dependency comes from
# requirements.lock (`make lock`) at its exact version, checked against its hashes, as a prebuilt wheel
# (--only-binary: nothing is compiled, so the image needs no compiler). Stage 1 builds a virtualenv;
# stage 2 copies only that virtualenv and the app's files onto a fresh base.
FROM python:3.11.7-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install --require-hashes --only-binary=:all: -r /tmp/requirements.lock

FROM python:3.11.7-slim-bookworm AS runtime
# BACKPROP_WORKERS is left to its default, one server process per CPU core the container may use.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    BACKPROP_HOST=0.0.0.0 BACKPROP_PORT=8000 BACKPROP_ALLOWED_HOSTS=localhost,127.0.0.1
RUN groupadd --system app && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The app finds templates/ and static/ next to its package directory, so it runs from the source tree.
COPY --chown=root:root engine ./engine
COPY --chown=root:root app ./app
COPY --chown=root:root templates ./templates
COPY --chown=root:root static ./static
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request, sys; port = os.environ.get('BACKPROP_PORT', '8000'); sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=2).status == 200 else 1)"]
CMD ["python", "-m", "app"]
