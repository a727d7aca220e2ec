"""The answer cache of /graph and /network: a repeated request is answered from memory with the same
bytes, keyed by the validated request (so spacing, field order and left-out defaults do not matter);
errors, heavy requests and unseeded random initialisations are never cached."""
import json

import anyio
import pytest

import engine
from app.cache import AnswerCache
from app.routers import graph, network

pytestmark = pytest.mark.skipif(not hasattr(engine, "evaluate"), reason="engine.evaluate has not landed")


def test_repeated_request_is_a_hit_with_the_same_answer(client):
    cache = graph.answers
    body = {"source": "L = c*(a + 2*b) + 0*q", "values": {"a": 3, "b": 1, "c": -2, "q": 17}}
    first = client.post("/api/v1/graph", json=body)
    hits = cache.hits
    # The same request written differently: fields in another order, other spacing, a default spelled
    # out, 3.0 for 3. (The order of `values` is kept: it is part of the request.)
    same = json.dumps({"check": False, "values": {"a": 3.0, "b": 1, "c": -2, "q": 17}, "source": body["source"]},
                      indent=2)
    second = client.post("/api/v1/graph", content=same, headers={"content-type": "application/json"})
    assert first.status_code == second.status_code == 200
    assert cache.hits == hits + 1
    assert second.content == first.content
    assert second.headers["content-security-policy"]  # a hit still passes through the middleware


def test_errors_are_not_cached(client):
    cache = graph.answers
    body = {"source": "a + * b + 0*qq", "values": {"a": 1, "b": 2}}
    for _ in range(2):
        hits = cache.hits
        assert client.post("/api/v1/graph", json=body).status_code == 400
        assert cache.hits == hits


def test_heavy_requests_bypass_the_cache(client):
    cache = graph.answers
    body = {"source": "sum(x)", "values": {"x": list(range(2000))}}
    for _ in range(2):
        before = (cache.hits, cache.misses)
        assert client.post("/api/v1/graph", json=body).status_code == 200
        assert (cache.hits, cache.misses) == before


def test_lru_keeps_the_newest():
    cache = AnswerCache(max_entries=2)
    cache.put("a", b"1")
    cache.put("b", b"2")
    assert cache.get("a") == b"1"     # a is now the newest
    cache.put("c", b"3")              # evicts b
    assert cache.get("b") is None and cache.get("c") == b"3"


def test_a_failed_computation_leaves_no_entry():
    cache = AnswerCache()

    async def fails():
        raise ValueError("no")

    with pytest.raises(ValueError):
        anyio.run(cache.answer, "k", fails)
    assert cache.get("k") is None


def test_a_network_without_weights_or_seed_is_not_cached_but_a_seeded_one_is(client):
    cache = network.answers
    body = {"input_size": 2, "layers": [{"units": 1, "activation": "sigmoid"}], "loss": "bce", "x": [1, 2], "y": 1}
    for _ in range(2):
        hits = cache.hits
        assert client.post("/api/v1/network", json=body).status_code == 200
        assert cache.hits == hits
    seeded = {**body, "seed": 7}
    client.post("/api/v1/network", json=seeded)
    hits = cache.hits
    assert client.post("/api/v1/network", json=seeded).status_code == 200
    assert cache.hits == hits + 1


def test_a_cached_body_sent_as_another_content_type_still_gets_its_422(client):
    content = b'{"source": "L = c*(a + 2*b) + 0*qqq", "values": {"a": 3, "b": 1, "c": -2, "qqq": 1}}'
    for _ in range(2):
        assert client.post("/api/v1/graph", content=content, headers={"content-type": "application/json"}).status_code == 200
    r = client.post("/api/v1/graph", content=content, headers={"content-type": "text/plain"})
    assert r.status_code == 422
    assert "Content-Type: application/json" in r.json()["detail"][0]["msg"]
