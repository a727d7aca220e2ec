"""`python -m app`: serve the app with uvicorn on BACKPROP_HOST:BACKPROP_PORT with BACKPROP_WORKERS
processes (default: one per CPU core). `make run` and the Docker image run exactly this.

Every feature works with any number of processes (nothing is kept between requests), so the operating
system may hand each connection to any of them. No `Server` header is sent: it only tells an attacker
which server and version to aim at.
"""
import uvicorn

from app.settings import get_settings


def main() -> None:
    settings = get_settings()
    print(f"Backprop Explorer on http://{settings.host}:{settings.port} ({settings.workers} worker processes)",
          flush=True)
    uvicorn.run("app.main:app", host=settings.host, port=settings.port, workers=settings.workers,
                server_header=False)


if __name__ == "__main__":
    main()
