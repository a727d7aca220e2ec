"""Settings every test process shares, set before the app is first imported (app.main reads the
environment once). Starlette's TestClient and schemathesis call the app as http://testserver/, a host
name a deployment never answers to; the trusted-host check itself is tested with explicit settings."""
import os

os.environ.setdefault("BACKPROP_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
