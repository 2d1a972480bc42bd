"""Tests of ``warta serve`` (issue 9; issue 11 item 5): the JSON API and pages over a store
ingested, with the real pipeline, from the first rows of ../shared/data/news.

The store is built once per session (``web_store``; tests/test_browser.py reuses it). Every
filter gets SQL-injection strings; static paths get traversal attempts; bodies over the limit
get 413, trickling bodies 408, bad parameters 422/400, all as JSON ``{"error": ...}``.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="warta serve needs the web extra: pip install 'warta[web]'")

from fastapi.testclient import TestClient

from conftest import NEWS_CSV, need
from warta.web import create_app

#: Rows of the Detik corpus ingested into the sample store.
SAMPLE_ROWS = 25


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the first SAMPLE_ROWS Detik articles, extracted by the real pipeline.

    ``WARTA_WEB_TEST_STORE`` names a store built earlier to reuse while developing."""
    from warta.store.ingest import ingest

    if os.environ.get("WARTA_WEB_TEST_STORE"):
        return Path(os.environ["WARTA_WEB_TEST_STORE"])
    src = need(NEWS_CSV)
    folder = tmp_path_factory.mktemp("web")
    sample = folder / "sample.csv"
    with src.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = [row for _, row in zip(range(SAMPLE_ROWS), reader, strict=False)]
        fields = reader.fieldnames or []
    with sample.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    db = folder / "web.duckdb"
    stats = ingest([str(sample)], db, workers=1, log=lambda line: None)
    assert stats.stored >= SAMPLE_ROWS - 2, stats.to_dict()
    return db


def _pipeline_of_ingest() -> Any:
    """The pipeline the in-process ingest loaded (so /api/extract does not load a second)."""
    from warta.store.ingest import loaded_pipeline

    return loaded_pipeline()


@pytest.fixture(scope="module")
def client(web_store: Path) -> Iterator[TestClient]:
    app = create_app(web_store, max_body=20_000, max_text=10_000, pipeline=_pipeline_of_ingest())
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _json_error(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert isinstance(body.get("error"), str) and body["error"]
    assert "Traceback" not in r.text
    return body


# ---------------------------------------------------------------------------- the API


def test_articles_search_and_paging(client: TestClient) -> None:
    everything = client.get("/api/articles", params={"limit": 500}).json()
    assert everything["total"] == len(everything["items"]) >= SAMPLE_ROWS - 2
    first = client.get("/api/articles", params={"limit": 5}).json()
    second = client.get("/api/articles", params={"limit": 5, "offset": 5}).json()
    assert len(first["items"]) == len(second["items"]) == 5
    assert not {a["hash"] for a in first["items"]} & {a["hash"] for a in second["items"]}
    assert [a["hash"] for a in everything["items"][5:10]] == [a["hash"] for a in second["items"]]
    # a word of a real title finds that article, and every hit contains the word
    target = everything["items"][0]
    word = max(target["snippet"].split(), key=len).strip(",.:;()\"'")
    hits = client.get("/api/articles", params={"q": word, "limit": 500}).json()
    assert target["hash"] in {a["hash"] for a in hits["items"]}
    for hit in hits["items"]:
        text = client.get(f"/api/articles/{hit['hash']}").json()["record"]["text"]
        assert word.casefold() in text.casefold()


def test_one_article_record(client: TestClient) -> None:
    item = client.get("/api/articles", params={"limit": 1}).json()["items"][0]
    found = client.get(f"/api/articles/{item['hash']}").json()
    record = found["record"]
    assert found["hash"] == item["hash"] and record["text"]
    for ent in record["entities"]:
        for m in ent["mentions"]:
            assert record["text"][m["start"] : m["end"]] == m["text"]
    by_id = client.get(f"/api/articles/{urllib.parse.quote(item['id'], safe='')}").json()
    assert by_id["hash"] == item["hash"]
    _json_error(client.get("/api/articles/no-such-article"), 404)


def test_entities_and_one_entity(client: TestClient) -> None:
    page = client.get("/api/entities", params={"limit": 10}).json()
    assert page["columns"][-1] == "key" and page["items"]
    top = page["items"][0]
    url = "/api/entities/" + urllib.parse.quote(top["key"], safe="")
    one = client.get(url).json()
    assert one["key"] == top["key"] and one["articles"] == top["articles"]
    days = client.get(url + "/mentions", params={"limit": 500}).json()
    assert days["total"] == len(days["items"]) == one["over_time"]["total"]
    assert sum(d["mentions"] for d in days["items"]) == top["mentions"]
    assert {"roles", "quotes", "as_actor", "as_target", "as_place"} <= set(one)
    per = client.get("/api/entities", params={"type": "per"}).json()["items"]
    assert per and all(e["type"] == "PER" for e in per)
    _json_error(client.get("/api/entities/PER%3Ano%20such%20person"), 404)


def test_entity_events_as_actor(client: TestClient) -> None:
    events = client.get("/api/events", params={"by_article": True, "limit": 500}).json()
    actors = list(dict.fromkeys(e["actor"] for e in events["items"] if e["actor"]))
    assert actors, "the sample has events with an actor"
    # an actor may be a group kept as text ("Tiga Badan Usaha Milik Daerah (BUMD)"), not an
    # entity: the entity pages must list the actors that are entities
    listed = []
    for name in actors[:20]:
        ents = client.get("/api/entities", params={"entity": name, "limit": 50}).json()["items"]
        for e in ents:
            one = client.get("/api/entities/" + urllib.parse.quote(e["key"], safe="")).json()
            if any(ev["actor"] == name for ev in one["as_actor"]["items"]):
                listed.append(name)
                break
    assert listed, f"no entity page lists any of {actors[:20]!r} as actor"


def test_events_filters(client: TestClient) -> None:
    stories = client.get("/api/events").json()
    assert stories["columns"][:3] == ["first_day", "last_day", "type"] and stories["items"]
    kind = stories["items"][0]["type"]
    same = client.get("/api/events", params={"type": kind.lower(), "limit": 500}).json()
    assert same["items"] and all(e["type"] == kind for e in same["items"])
    rows = client.get("/api/events", params={"by_article": True, "limit": 500}).json()["items"]
    assert len(rows) >= len(same["items"])
    day = next(r["day"] for r in rows if r["day"])
    since = client.get("/api/events", params={"by_article": True, "since": day, "limit": 500})
    assert all(r["day"] is None or r["day"] >= day for r in since.json()["items"])
    country = client.get("/api/events", params={"country": "id", "limit": 500}).json()["items"]
    assert all(r["country"] == "ID" for r in country)


@pytest.mark.parametrize("path", ["/api/quotes", "/api/counts", "/api/conflicts"])
def test_list_endpoints(client: TestClient, path: str) -> None:
    page = client.get(path, params={"limit": 3}).json()
    assert page["limit"] == 3 and len(page["items"]) <= 3 and page["columns"]


def test_quotes_and_counts_have_rows(client: TestClient) -> None:
    quotes = client.get("/api/quotes", params={"limit": 500}).json()["items"]
    counts = client.get("/api/counts", params={"limit": 500}).json()["items"]
    assert quotes and counts
    speaker = next(q["speaker"] for q in quotes if q["speaker"])
    theirs = client.get("/api/quotes", params={"entity": speaker, "limit": 500}).json()["items"]
    assert theirs and all(speaker.casefold() in (q["speaker"] or "").casefold() for q in theirs)


#: Every paged list of the API, with parameters that give it rows in the sample store.
LISTS = [
    ("/api/articles", {}),
    ("/api/entities", {}),
    ("/api/events", {}),
    ("/api/events", {"by_article": "true"}),
    ("/api/events", {"source": "detik"}),
    ("/api/quotes", {}),
    ("/api/counts", {}),
    ("/api/conflicts", {}),
    ("/api/timeline", {}),
    ("/api/places", {}),
]
ENVELOPE = {"columns", "items", "total", "limit", "offset", "next"}


def _walk(client: TestClient, url: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every item of a list, following ``next`` from the first page; checks each envelope."""
    page = client.get(url, params=params).json()
    items: list[dict[str, Any]] = []
    while True:
        assert set(page) == ENVELOPE, sorted(page)
        assert page["offset"] == len(items)
        items += page["items"]
        if page["next"] is None:
            assert len(items) == page["total"]
            return items
        assert len(page["items"]) == page["limit"]
        page = client.get(page["next"]).json()


@pytest.mark.parametrize(("path", "params"), LISTS, ids=[f"{p}{q}" for p, q in LISTS])
def test_every_list_pages_alike(client: TestClient, path: str, params: dict[str, Any]) -> None:
    whole = client.get(path, params={**params, "limit": 500}).json()
    assert set(whole) == ENVELOPE and whole["offset"] == 0 and whole["next"] is None
    assert whole["total"] == len(whole["items"]) and whole["limit"] == 500
    assert whole["columns"] and all(list(i) == whole["columns"] for i in whole["items"])
    # pages of 3 following ``next`` give the same rows in the same order
    assert _walk(client, path, {**params, "limit": 3}) == whole["items"]
    # an offset past the end: no rows, the right total, no next page
    past = client.get(path, params={**params, "offset": whole["total"] + 5}).json()
    assert past["items"] == [] and past["total"] == whole["total"] and past["next"] is None
    if whole["total"] > 2:
        middle = client.get(path, params={**params, "limit": 2, "offset": 1}).json()
        assert middle["items"] == whole["items"][1:3] and middle["total"] == whole["total"]


def test_lists_have_rows_to_page(client: TestClient) -> None:
    """The sample store is big enough for the paging tests to page (conflicts may be empty)."""
    for path, params in LISTS:
        if path != "/api/conflicts":
            total = client.get(path, params=params).json()["total"]
            assert total > 3, (path, params, total)


def test_next_links_keep_the_filters(client: TestClient) -> None:
    kind = client.get("/api/events").json()["items"][0]["type"]
    page = client.get("/api/events", params={"type": kind.lower(), "by_article": True, "limit": 1})
    body = page.json()
    if body["total"] > 1:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(body["next"]).query)
        assert query == {
            "type": [kind.lower()],
            "by_article": ["true"],
            "limit": ["1"],
            "offset": ["1"],
        }
    weird = "a&b=c d#e"
    body = client.get("/api/articles", params={"q": weird, "limit": 1}).json()
    assert body["total"] == 0 and body["next"] is None


def test_entity_lists_page(client: TestClient) -> None:
    entities = client.get("/api/entities", params={"limit": 500}).json()["items"]
    checked = set()
    for e in entities:
        url = "/api/entities/" + urllib.parse.quote(e["key"], safe="")
        one = client.get(url, params={"limit": 1}).json()
        for field, sub, role in (
            ("over_time", "mentions", None),
            ("quotes", "quotes", None),
            ("as_actor", "events", "actor"),
            ("as_target", "events", "target"),
            ("as_place", "events", "place"),
        ):
            first = one[field]
            assert set(first) == ENVELOPE and first["limit"] == 1
            params = {"role": role} if role else {}
            whole = client.get(f"{url}/{sub}", params={**params, "limit": 500}).json()
            assert whole["total"] == first["total"] == len(whole["items"])
            assert whole["items"][:1] == first["items"]
            if first["total"] > 1:
                assert first["next"] and first["next"].startswith(url + "/" + sub)
                assert (
                    _walk(client, first["next"].split("?")[0], {**params, "limit": 1})
                    == (whole["items"])
                )
                checked.add(field)
        if checked >= {"over_time", "quotes"}:
            break
    assert {"over_time", "quotes"} <= checked, checked
    _json_error(client.get("/api/entities/PER%3Anobody/quotes"), 404)
    _json_error(client.get("/api/entities/PER%3Anobody/events", params={"role": "actor"}), 404)
    key = urllib.parse.quote(entities[0]["key"], safe="")
    _json_error(client.get(f"/api/entities/{key}/events", params={"role": "' OR 1=1"}), 422)


@pytest.mark.parametrize("path", sorted({p for p, _ in LISTS}))
def test_paging_parameters_are_checked(client: TestClient, path: str) -> None:
    for params in (
        {"limit": 0},
        {"limit": 501},
        {"limit": -1},
        {"limit": "1; DROP TABLE articles"},
        {"offset": -1},
        {"offset": 10**12},
        {"offset": "' OR '1'='1"},
        {"offset": 1.5},
    ):
        _json_error(client.get(path, params=params), 422)


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/articles",
        "/api/articles/{ident}",
        "/api/entities",
        "/api/entities/{key}",
        "/api/events",
        "/api/quotes",
        "/api/counts",
        "/api/conflicts",
        "/api/timeline",
        "/api/places",
        "/api/entities/{key}/mentions",
        "/api/entities/{key}/quotes",
        "/api/entities/{key}/events",
        "/api/extract",
    ):
        assert path in spec["paths"], path
    # every list documents its paging parameters and the one envelope
    for path, item in spec["paths"].items():
        get = item.get("get") or {}
        schema = str(get.get("responses", {}).get("200", {}))
        if "Page" in schema and "{ident}" not in path:
            names = {p["name"] for p in get.get("parameters", [])}
            assert {"limit", "offset"} <= names, (path, names)


def test_extract_returns_a_record_without_storing(client: TestClient) -> None:
    with need(NEWS_CSV).open(encoding="utf-8", newline="") as fh:
        row = [r for _, r in zip(range(SAMPLE_ROWS + 1), csv.DictReader(fh), strict=False)][-1]
    text = row["isi_berita"][:3000]
    before = client.get("/api/articles").json()["total"]
    r = client.post("/api/extract", json={"text": text, "published": "2025-10-20"})
    assert r.status_code == 200, r.text[:300]
    record = r.json()
    assert record["text"] == text and record["entities"]
    assert client.get("/api/articles").json()["total"] == before


def test_extract_loads_the_pipeline_once(web_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import warta

    loads = []

    class Fake:
        def extract(self, text: str, **kwargs: Any) -> Any:
            class R:
                def to_dict(self) -> dict[str, Any]:
                    return {"text": text}

            return R()

    def fake_load(*args: Any, **kwargs: Any) -> Fake:
        loads.append(1)
        return Fake()

    monkeypatch.setattr(warta, "load", fake_load)
    with TestClient(create_app(web_store)) as c:
        assert not loads
        for _ in range(3):
            assert c.post("/api/extract", json={"text": "Banjir di Medan."}).json()["text"]
    assert len(loads) == 1


# ---------------------------------------------------------------------------- hostile input

INJECTIONS = [
    "' OR '1'='1",
    "'; DROP TABLE articles; --",
    '" OR 1=1 --',
    "x') UNION SELECT hash, text FROM articles --",
    "%' AND 1=0 UNION SELECT * FROM duckdb_settings() --",
    "1; COPY articles TO '/tmp/x.csv'",
    "\\'; ATTACH '/tmp/evil.db'; --",
    "\x00",
]
FILTERS = {
    "/api/articles": ["q", "title", "source", "search"],
    "/api/entities": ["type", "entity", "actor", "country", "source", "search"],
    "/api/events": ["type", "actor", "entity", "country", "source", "search"],
    "/api/quotes": ["type", "entity", "actor", "source", "search"],
    "/api/counts": ["type", "entity", "actor", "source", "search"],
    "/api/conflicts": ["type", "source"],
    "/api/timeline": ["type", "country", "source", "search"],
    "/api/places": ["type", "country", "source", "search"],
}
#: Typed parameters of every list endpoint: an attack string is never a valid value (422).
TYPED = ["since", "until", "limit", "offset", "duplicates"]


@pytest.mark.parametrize("path", sorted(FILTERS))
def test_sql_injection_in_every_filter(client: TestClient, path: str) -> None:
    total = client.get("/api/articles").json()["total"]
    for name in FILTERS[path]:
        for attack in INJECTIONS:
            r = client.get(path, params={name: attack})
            # a free-text filter matches nothing; a typed one (type, country) refuses the value
            assert r.status_code in (200, 422), (path, name, attack, r.status_code)
            if r.status_code == 422:
                _json_error(r, 422)
                continue
            body = r.json()
            items = body["items"] if isinstance(body, dict) else body
            assert items == [], (path, name, attack, items[:1])
    for name in TYPED + (["by_article"] if path == "/api/events" else []):
        for attack in INJECTIONS:
            _json_error(client.get(path, params={name: attack}), 422)
    assert client.get("/api/articles").json()["total"] == total


@pytest.mark.parametrize("page", ["/", "/entities", "/timeline", "/map", "/conflicts"])
def test_sql_injection_in_page_filters(client: TestClient, page: str) -> None:
    for name in ("q", "entity", "source", "type"):
        r = client.get(page, params={name: "' OR '1'='1"})
        assert r.status_code in (200, 422), (page, name, r.status_code)
        assert "Traceback" not in r.text


def test_injection_in_path_parameters(client: TestClient) -> None:
    for attack in INJECTIONS[:6]:
        quoted = urllib.parse.quote(attack, safe="")
        _json_error(client.get(f"/api/articles/{quoted}"), 404)
        _json_error(client.get(f"/api/entities/{quoted}"), 404)
        for sub in ("mentions", "quotes", "events"):
            _json_error(client.get(f"/api/entities/{quoted}/{sub}"), 404)
        for page in (f"/articles/{quoted}", f"/entities/{quoted}"):
            r = client.get(page)
            assert r.status_code == 404 and "Error 404" in r.text, page


#: Path-like values for the path parameters (article id or hash, entity key).
PATHS_IN_PARAMETERS = [
    "../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/etc/passwd",
    "/etc/passwd",
    "..\\..\\etc\\passwd",
    "....//....//etc/passwd",
    "file:///etc/passwd",
    "%00",
]


def test_path_traversal_in_path_parameters(client: TestClient) -> None:
    """An article id or entity key is only ever a bound SQL value: path-like ones are
    unknown ids (404 JSON), never a file read."""
    for value in PATHS_IN_PARAMETERS:
        # fully encoded, then with "/" left as is (the client may resolve "..": the server
        # then sees another path, which must not read a file either)
        for quoted in (urllib.parse.quote(value, safe=""), urllib.parse.quote(value, safe="/%")):
            for url in (
                f"/api/articles/{quoted}",
                f"/api/entities/{quoted}",
                f"/api/entities/{quoted}/quotes",
            ):
                r = client.get(url)
                assert r.status_code in (404, 422), (url, r.status_code)
                assert "root:" not in r.text
                if "/" not in quoted:
                    _json_error(r, r.status_code)
            for url in (f"/articles/{quoted}", f"/entities/{quoted}"):
                r = client.get(url)
                assert r.status_code in (400, 404, 422) and "root:" not in r.text, url


TRAVERSALS = [
    "/static/../../etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/static/%252e%252e/%252e%252e/etc/passwd",
    "/static/....//....//etc/passwd",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/..\\..\\etc\\passwd",
    "/static/warta.css/../../app.py",
]


def _raw_get(port: int, path: str) -> tuple[int, bytes]:
    """GET ``path`` byte for byte (no client-side normalisation of ``..``)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


@contextlib.contextmanager
def live_server(app: Any, **config: Any) -> Iterator[int]:
    """Run ``app`` on uvicorn, configured as ``warta serve`` does (``config``: keywords of
    :func:`warta.web.serve.server_config`), on a free loopback port in a thread; yield the
    port."""
    import uvicorn

    from warta.web.serve import server_config

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(server_config(app, "127.0.0.1", port, log_level="error", **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


#: The live server's deadlines for request headers and idle keep-alive connections (short, so
#: that the slow-client tests are quick).
HEADER_SECONDS = 1.0
KEEP_ALIVE = 2


@pytest.fixture(scope="module")
def live(web_store: Path) -> Iterator[int]:
    app = create_app(web_store, max_body=20_000, body_seconds=1.0)
    with live_server(app, header_seconds=HEADER_SECONDS, keep_alive=KEEP_ALIVE) as port:
        yield port


def test_path_traversal(client: TestClient, live: int) -> None:
    assert client.get("/static/warta.css").status_code == 200
    for path in TRAVERSALS:
        status, data = _raw_get(live, path)
        assert status in (400, 404), (path, status)
        assert b"root:" not in data and b"def create_app" not in data, path
        r = client.get(path)
        assert r.status_code in (400, 404) and "root:" not in r.text, path


def test_oversized_body(client: TestClient) -> None:
    _json_error(client.post("/api/extract", json={"text": "a" * 30_000}), 413)
    # the same without Content-Length (chunked), counted as it arrives
    chunks = (b'{"text": "' + b"a" * 5000 for _ in range(8))
    r = client.post("/api/extract", content=chunks, headers={"content-type": "application/json"})
    _json_error(r, 413)
    # under the byte limit but over the text limit
    _json_error(client.post("/api/extract", json={"text": "kata " * 2500}), 413)


def test_slow_client_gets_408(live: int) -> None:
    with socket.create_connection(("127.0.0.1", live), timeout=10) as s:
        s.sendall(
            b"POST /api/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"text": "pelan'
        )
        started = time.monotonic()
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.1 408"), data[:200]
    assert json.loads(data.split(b"\r\n\r\n", 1)[1])["error"]
    assert time.monotonic() - started < 8


def _stall(port: int, sent: bytes) -> tuple[float, bytes]:
    """Open a connection, send ``sent`` (part of a request) and wait: (seconds until the
    server closed the connection, what it answered)."""
    with socket.create_connection(("127.0.0.1", port), timeout=HEADER_SECONDS * 10) as s:
        if sent:
            s.sendall(sent)
        started = time.monotonic()
        data = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := s.recv(65536):
                data += chunk
    return time.monotonic() - started, data


@pytest.mark.parametrize(
    "sent",
    [
        b"",  # connects and says nothing
        b"GET /api/ev",  # half a request line
        b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",  # headers never end
    ],
    ids=["silent", "request-line", "headers"],
)
def test_slow_headers_are_cut_off_and_others_still_served(live: int, sent: bytes) -> None:
    results: list[tuple[float, bytes]] = []
    stalled = [
        threading.Thread(target=lambda: results.append(_stall(live, sent))) for _ in range(5)
    ]
    for t in stalled:
        t.start()
    time.sleep(0.1)
    # while five connections stall, other clients are answered at once
    for _ in range(5):
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", live), timeout=5) as s:
            s.sendall(b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        assert data.startswith(b"HTTP/1.1 200"), data[:100]
        assert time.monotonic() - started < HEADER_SECONDS / 2
    for t in stalled:
        t.join(HEADER_SECONDS * 10)
    assert len(results) == 5
    for waited, data in results:
        # closed at the header deadline, with a JSON 408
        assert HEADER_SECONDS * 0.8 < waited < HEADER_SECONDS * 4, waited
        assert data.startswith(b"HTTP/1.1 408"), data[:100]
        assert json.loads(data.split(b"\r\n\r\n", 1)[1])["error"]


def test_oversized_headers_get_431(live: int) -> None:
    """A request head over MAX_HEAD bytes is refused (431 JSON, closed) instead of being
    buffered; a body that arrives in the same read as its headers is not counted as head."""
    from warta.web.serve import MAX_HEAD

    with socket.create_connection(("127.0.0.1", live), timeout=10) as s:
        s.sendall(b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
        sent = 0
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            while sent < 50 * MAX_HEAD:
                s.sendall(b"a" * 8192)
                sent += 8192
        data = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := s.recv(65536):
                data += chunk
    assert sent < 50 * MAX_HEAD or data, "the server read 50 heads' worth of bytes"
    assert data.startswith(b"HTTP/1.1 431"), data[:100]
    assert json.loads(data.split(b"\r\n\r\n", 1)[1])["error"]
    # headers and a big body in one send: the body limit answers (413), not the head limit
    body = b'{"text": "' + b"a" * (2 * MAX_HEAD) + b'"}'
    head = (
        b"POST /api/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body)
    )
    status, data = _raw_send(live, head + body)
    assert status == 413, data[:200]


def _raw_send(port: int, request: bytes) -> tuple[int, bytes]:
    """Send ``request`` in one write and read the answer until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            s.sendall(request)
        data = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := s.recv(65536):
                data += chunk
    return int(data.split(b" ", 2)[1]), data


def test_trickled_headers_are_cut_off(live: int) -> None:
    """A client that keeps sending one header byte at a time still meets the deadline."""
    request = b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 1000
    with socket.create_connection(("127.0.0.1", live), timeout=10) as s:
        started = time.monotonic()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for byte in request:
                s.send(bytes([byte]))
                time.sleep(0.02)
        assert time.monotonic() - started < HEADER_SECONDS * 4


def test_idle_keep_alive_is_closed(live: int) -> None:
    """After a response, an idle kept-alive connection is closed after KEEP_ALIVE s, and a
    second request that stalls half-way gets 408 at the header deadline."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", live, timeout=KEEP_ALIVE * 5)
    conn.request("GET", "/api/events")
    assert conn.getresponse().read()
    started = time.monotonic()
    assert conn.sock.recv(10) == b""
    assert KEEP_ALIVE * 0.8 < time.monotonic() - started < KEEP_ALIVE * 3
    conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", live, timeout=KEEP_ALIVE * 5)
    conn.request("GET", "/api/events")
    assert conn.getresponse().read()
    conn.sock.sendall(b"GET /api/eve")
    started = time.monotonic()
    assert conn.sock.recv(100).startswith(b"HTTP/1.1 408")
    assert time.monotonic() - started < HEADER_SECONDS * 3
    conn.close()


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/events", {"limit": 0}, 422),
        ("/api/events", {"limit": 100_000}, 422),
        ("/api/events", {"limit": "many"}, 422),
        ("/api/events", {"since": "yesterday"}, 422),
        ("/api/events", {"country": "Indonesia"}, 422),
        ("/api/events", {"by_article": "perhaps"}, 422),
        ("/api/articles", {"offset": -1}, 422),
        ("/api/quotes", {"entity": "x" * 500}, 422),
        ("/timeline", {"since": "kemarin"}, 400),
        ("/", {"limit": "many"}, 400),
    ],
)
def test_bad_parameters(client: TestClient, path: str, params: dict[str, Any], status: int) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status, (r.status_code, r.text[:200])
    assert "Traceback" not in r.text
    if path.startswith("/api"):
        _json_error(r, status)


def test_bad_bodies(client: TestClient) -> None:
    _json_error(
        client.post(
            "/api/extract", content=b"{not json", headers={"content-type": "application/json"}
        ),
        422,
    )
    _json_error(client.post("/api/extract", json={"text": ""}), 422)
    _json_error(client.post("/api/extract", json={"txt": "Banjir"}), 422)
    _json_error(client.post("/api/extract", json={"text": "x", "published": "soon"}), 422)
    _json_error(client.get("/api/extract"), 405)
    _json_error(client.get("/api/nothing"), 404)


def test_query_timeout_is_503(web_store: Path) -> None:
    from warta.web.app import QueryTimeout

    app = create_app(web_store, query_seconds=0.2)
    reader = app.state.reader
    slow = "SELECT count(*) FROM range(100000000000) a"
    with pytest.raises(QueryTimeout):
        reader.run(lambda con: con.execute(slow).fetchall())
    with TestClient(app) as c:
        assert c.get("/api/events").status_code == 200


def test_store_is_read_only(client: TestClient) -> None:
    reader = client.app.state.reader  # type: ignore[attr-defined]
    from warta.errors import WartaError

    with pytest.raises(WartaError):
        reader.run(lambda con: con.execute("DELETE FROM articles"))
    with pytest.raises(WartaError):
        reader.run(lambda con: con.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall())


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    from warta.errors import WartaError

    with pytest.raises(WartaError, match="no such store"):
        create_app(tmp_path / "none.duckdb")


# ---------------------------------------------------------------------------- pages


def test_pages_render_real_data(client: TestClient) -> None:
    items = client.get("/api/articles", params={"limit": 500}).json()["items"]
    home = client.get("/")
    assert home.status_code == 200 and items[0]["title"] in home.text
    art = client.get(f"/articles/{items[0]['hash']}")
    assert art.status_code == 200 and 'class="ent ent-' in art.text
    with_quotes = next(
        a["hash"]
        for a in items
        if client.get(f"/api/articles/{a['hash']}").json()["record"].get("quotes")
    )
    assert 'class="speaker"' in client.get(f"/articles/{with_quotes}").text
    top = client.get("/api/entities").json()["items"][0]
    ent = client.get("/entities/" + urllib.parse.quote(top["key"], safe=""))
    assert ent.status_code == 200 and top["name"] in ent.text
    timeline = client.get("/timeline").text
    assert "<svg" in timeline and "<rect" in timeline
    world = client.get("/map").text
    assert 'class="land"' in world and 'class="place"' in world
    assert client.get("/conflicts").status_code == 200
    for page in ("/", "/timeline", "/map", "/conflicts", "/entities"):
        html = client.get(page).text
        assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")
        assert "https://" not in html


def _next_link(html: str) -> str | None:
    """The href of the page's rel="next" link (unescaped), if any."""
    import html as htmllib
    import re

    found = re.search(r'<a rel="next" href="([^"]*)"', html)
    return htmllib.unescape(found.group(1)) if found else None


@pytest.mark.parametrize(
    ("page", "api", "row"),
    [
        ("/", "/api/articles", 'class="title"'),
        ("/entities", "/api/entities", "<td><a href="),
        ("/timeline", "/api/events", "<tr><td>"),
        ("/map", "/api/places", "<tr><td>"),
    ],
)
def test_pages_link_to_the_next_page(client: TestClient, page: str, api: str, row: str) -> None:
    """Following rel="next" links (plain HTML, no script) shows every row once."""
    total = client.get(api).json()["total"]
    url: str | None = f"{page}?limit=4"
    seen = 0
    while url:
        html = client.get(url if url.startswith("/") else page + url).text
        rows = html.count(row)
        assert 0 < rows <= 4, (url, rows)
        seen += rows
        url = _next_link(html)
    assert seen == total


def test_entity_page_lists_link_on(client: TestClient) -> None:
    entities = client.get("/api/entities", params={"limit": 500}).json()["items"]
    key = next(
        e["key"]
        for e in entities
        if client.get(
            "/api/entities/" + urllib.parse.quote(e["key"], safe="") + "/mentions"
        ).json()["total"]
        > 1
    )
    base = "/entities/" + urllib.parse.quote(key, safe="")
    html = client.get(base, params={"offset_days": 0}).text
    days = client.get("/api/entities/" + urllib.parse.quote(key, safe="") + "/mentions").json()
    assert str(days["items"][0]["day"]) in html
    second = client.get(base, params={"offset_days": 1}).text
    assert str(days["items"][1]["day"]) in second and 'rel="prev"' in second
    assert client.get(base, params={"offset_days": "x"}).status_code == 400
    assert client.get(base, params={"offset_quotes": -3}).status_code == 400


def test_pager_links_escape_the_query(client: TestClient) -> None:
    html = client.get("/", params={"q": "a&b", "limit": 1, "source": "<x>"}).text
    assert "<x>" not in html
    link = _next_link(html)
    if link:
        assert urllib.parse.parse_qs(link[1:])["q"] == ["a&b"]


def test_page_errors_are_html(client: TestClient) -> None:
    r = client.get("/articles/none")
    assert r.status_code == 404 and "Error 404" in r.text and "Traceback" not in r.text


def test_serve_warns_off_loopback() -> None:
    from warta.web.serve import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_serve_command_on_a_missing_store(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "warta", "serve", "--db", str(tmp_path / "none.duckdb")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "no such store" in done.stderr and "Traceback" not in done.stderr


def test_cached_answers_equal_fresh_ones(web_store: Path) -> None:
    with (
        TestClient(create_app(web_store, cache_entries=0)) as fresh,
        TestClient(create_app(web_store, cache_entries=2)) as cached,
    ):
        urls = [
            "/api/events",
            "/api/events?by_article=true",
            "/api/entities?type=PER",
            "/api/quotes?limit=7",
            "/api/counts",
        ]
        for _ in range(2):  # the second round is answered from the (small, evicting) cache
            for url in urls:
                assert cached.get(url).json() == fresh.get(url).json(), url
        assert len(cached.app.state.reader._cache) == 2  # type: ignore[attr-defined]


def test_small_store_skips_late_materialization(client: TestClient) -> None:
    """The sample store is small: its sorted pages are planned without late materialization
    (same rows, ~1 ms less per query; see ``warta.web.app.SMALL_TABLE_ROWS``)."""
    from warta.web.app import SMALL_TABLE_ROWS

    reader = client.app.state.reader  # type: ignore[attr-defined]
    assert 0 < reader.rows < SMALL_TABLE_ROWS
    setting = reader.run(
        lambda con: con.execute(
            "SELECT current_setting('late_materialization_max_rows')"
        ).fetchone()[0]
    )
    assert setting == 0


@pytest.mark.parametrize(
    "filters",
    [{}, {"type": "PROTEST"}, {"source": "detik"}, {"search": "a"}, {"duplicates": True}],
    ids=["none", "type", "source", "search", "duplicates"],
)
def test_store_queries_page_and_count(web_store: Path, filters: dict[str, Any]) -> None:
    """``warta.store.query``: ``total`` is the number of rows without a limit, and
    ``limit``/``offset`` cut that same list (the CLI's queries, used by the API)."""
    from warta.errors import WartaError
    from warta.store import query

    con = query.open_read_only(web_store)
    try:
        for name in ("events", "entities", "quotes", "counts", "conflicts"):
            for extra in [{}, {"by_article": True}] if name == "events" else [{}]:
                fn = getattr(query, name)
                everything = fn(con, query.Filters(limit=None, **filters), **extra)[1]
                total = query.total(con, name, query.Filters(limit=3, offset=2, **filters), **extra)
                assert total == len(everything), (name, extra)
                page = fn(con, query.Filters(limit=2, offset=1, **filters), **extra)[1]
                # entities: mode() picks among equally frequent spellings ('Medan'/'medan')
                # as it likes, so two runs may name a row differently; compare the sizes only
                assert len(page) == len(everything[1:3]), (name, extra)
                if name != "entities":
                    assert page == everything[1:3], (name, extra)
        with pytest.raises(WartaError):
            query.total(con, "nothing", query.Filters())
        with pytest.raises(WartaError):
            query.Filters(offset=-1)
    finally:
        con.close()


def test_too_many_connections_get_503(web_store: Path) -> None:
    """Past ``max_connections`` open connections a new request is refused at once (503),
    so stalled clients cannot make the server hold sockets without bound."""
    with live_server(create_app(web_store), header_seconds=5.0, max_connections=3) as port:
        stalled = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(3)]
        try:
            time.sleep(0.2)
            status, _ = _raw_send(
                port, b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
            assert status == 503
        finally:
            for s in stalled:
                s.close()
        time.sleep(0.2)
        status, _ = _raw_send(
            port, b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        assert status == 200
