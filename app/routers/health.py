"""GET /healthz: the process is up and answering (used by Docker's HEALTHCHECK and the tests)."""
from fastapi import APIRouter
from pydantic import BaseModel

from app.responses import ORJSONBytes

router = APIRouter(tags=["health"])
_OK = b'{"status":"ok"}'


class Health(BaseModel):
    status: str = "ok"


@router.get("/healthz", response_model=Health, summary="Liveness check")
async def healthz() -> ORJSONBytes:
    return ORJSONBytes(_OK)


@router.head("/healthz", include_in_schema=False)
async def healthz_head() -> ORJSONBytes:
    # Load balancers and `curl -I` probe with HEAD; the server sends the headers without the body.
    return ORJSONBytes(_OK)
