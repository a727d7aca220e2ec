"""`python -m app`: serve the app with uvicorn on BACKPROP_HOST:BACKPROP_PORT (one worker; the app bounds
its own concurrency). `make run` does the same with its HOST/PORT variables."""
import uvicorn

from app.settings import get_settings


def main() -> None:
    settings = get_settings()
    print(f"Backprop Explorer on http://{settings.host}:{settings.port}", flush=True)
    uvicorn.run("app.main:app", host=settings.host, port=settings.port, workers=1, proxy_headers=True)


if __name__ == "__main__":
    main()
