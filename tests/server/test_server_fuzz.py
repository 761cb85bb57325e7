"""Issue 13: a fuzz run against the running server (SQLite and PostgreSQL), driven by
Hypothesis over the server's own OpenAPI schema: every endpoint, every field (path, query,
JSON body), with values from the schema and hostile ones (NaN, 1e400, 2^63, 4,001 digits,
lone surrogates, NUL, deep nesting, wrong types), signed in and not; plus properly signed ops
whose fields, form, kind and status are fuzzed, so the apply path is reached. Never a 5xx,
/healthz fine after each example. The counts are printed (run with -s) and kept in
FUZZ_COUNTS. TAMBON_FUZZ_EXAMPLES sets the examples per endpoint (CI default 25; bench runs
more: `TAMBON_FUZZ_EXAMPLES=400 pytest tests/server/test_server_fuzz.py -s`)."""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.sync_harness import FakeDevice, add_user_direct, server_db_url

EXAMPLES = int(os.environ.get("TAMBON_FUZZ_EXAMPLES", "25"))
FUZZ_COUNTS: dict[str, Counter] = {}  # per backend
_n = itertools.count()

_FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                 suppress_health_check=list(HealthCheck))

# -- hostile values ---------------------------------------------------------------------------

RAW_NASTY = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", str(2**63), "9" * 4001,
             '"\\ud800"', '"a\\u0000b"', "[" * 200 + "]" * 200, '{"a":' * 50 + "1" + "}" * 50,
             "true", "null", '""', "[]", "{}", "-0", "1.5", '"' + "ก" * 3000 + '"']
_text = st.one_of(st.text(max_size=30), st.sampled_from(
    ["", "\x00", "a\x00b", "\ud800", "9501", "admin", "../../etc", "ก" * 600, "Аdmin", " "]))
_json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
                       st.floats(allow_nan=False, allow_infinity=False), _text)
_json = st.recursive(_json_leaf, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_text, inner, max_size=4)), max_leaves=12)


def _resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = spec["components"]["schemas"][name]
    return schema


def from_schema(schema: dict, spec: dict, depth: int = 0) -> st.SearchStrategy:
    """Values the schema describes, mixed with values it does not (wrong types, bounds)."""
    schema = _resolve(schema, spec)
    if "anyOf" in schema:
        return st.one_of([from_schema(s, spec, depth + 1) for s in schema["anyOf"]])
    kind = schema.get("type")
    if kind == "string":
        good: st.SearchStrategy = st.text(max_size=20)
        if "pattern" in schema:
            good = st.from_regex(schema["pattern"], fullmatch=True)
        elif "enum" in schema:
            good = st.sampled_from(schema["enum"])
        return st.one_of(good, _text, _json_leaf)
    if kind == "integer":
        low, high = schema.get("minimum", -(2**63)), schema.get("maximum", 2**63)
        return st.one_of(st.integers(low, high), st.integers(), st.sampled_from(
            [2**63, -1, 0, 2**53 + 1, True, "1", 1.5]))
    if kind == "boolean":
        return st.one_of(st.booleans(), _json_leaf)
    if kind == "array" and depth < 4:
        return st.one_of(st.lists(from_schema(schema.get("items", {}), spec, depth + 1),
                                  max_size=3), _json_leaf)
    if kind == "object" and depth < 4:
        props = schema.get("properties", {})
        if not props:
            return st.one_of(_json, st.dictionaries(_text, _json, max_size=3))
        required = schema.get("required", [])
        return st.one_of(
            st.fixed_dictionaries({k: from_schema(props[k], spec, depth + 1) for k in required},
                                  optional={k: from_schema(v, spec, depth + 1)
                                            for k, v in props.items() if k not in required}),
            _json)
    return _json


# -- the run ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def target(server):
    name = f"fuzz{next(_n)}"
    add_user_direct(server_db_url(server), name, district="9501")
    device = FakeDevice(server.url)
    assert device.login(name).status_code == 200
    device.counts = FUZZ_COUNTS.setdefault(server.backend, Counter())
    spec = httpx.get(f"{server.url}/openapi.json").json()
    yield server, device, spec
    device.close()
    counts = device.counts
    print(f"\nfuzz [{server.backend}]: {counts['requests']} requests, "
          f"{counts['2xx']} 2xx, {counts['4xx']} 4xx, {counts['5xx']} 5xx")


def _send(device: FakeDevice, method: str, url: str, *, auth: bool, **kw: Any) -> httpx.Response:
    headers = dict(kw.pop("headers", {}))
    if not auth:
        headers["Authorization"] = ""
    response = device.http.request(method, url, headers=headers, **kw)
    device.counts["requests"] += 1
    device.counts[f"{response.status_code // 100}xx"] += 1
    assert response.status_code < 500, (method, url, response.status_code, response.text[:300])
    health = device.http.get("/healthz")
    assert health.status_code == 200, health.text
    return response


def _quote(value: Any) -> str:
    """Any value as percent-encoded URL text (lone surrogates and control characters too)."""
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


def _operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [(path, method.upper(), op) for path, item in sorted(spec["paths"].items())
            for method, op in sorted(item.items())]


def test_the_schema_lists_every_endpoint(target):
    _, _, spec = target
    paths = {p for p, _, _ in _operations(spec)}
    assert {"/v1/auth/login", "/v1/auth/challenge", "/v1/sync/push", "/v1/sync/pull",
            "/v1/bundles", "/v1/keys", "/v1/devices/me", "/healthz"} <= paths
    assert any(p.startswith("/v1/attachments/") for p in paths)


@pytest.mark.parametrize("index", range(12))
def test_every_endpoint_every_field_never_5xx(target, index):
    _, device, spec = target
    operations = _operations(spec)
    if index >= len(operations):
        pytest.skip("fewer operations than slots")
    path, method, op = operations[index]
    params = op.get("parameters", [])
    body_schema = (op.get("requestBody", {}).get("content", {})
                   .get("application/json", {}).get("schema"))

    @_FUZZ
    @given(data=st.data())
    def run(data):
        url = path
        query = {}
        for p in params:
            if p["in"] == "header":
                continue
            value = data.draw(from_schema(p.get("schema", {}), spec), label=p["name"])
            if p["in"] == "path":
                url = url.replace("{" + p["name"] + "}", _quote(value) or "x")
            elif not isinstance(value, dict | list):
                query[p["name"]] = _quote(value)
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        kw: dict[str, Any] = {}
        if body_schema is not None:
            if data.draw(st.booleans(), label="raw nasty body"):
                value = data.draw(from_schema(body_schema, spec), label="body")
                text = json.dumps(value, ensure_ascii=True, allow_nan=True)
                if isinstance(value, dict) and value:
                    key = data.draw(st.sampled_from(sorted(value)), label="field")
                    text = json.dumps({**value, key: "@@"}, ensure_ascii=True).replace(
                        '"@@"', data.draw(st.sampled_from(RAW_NASTY), label="nasty"))
            else:
                text = json.dumps(data.draw(from_schema(body_schema, spec), label="body"),
                                  ensure_ascii=True)
            kw["content"] = text.encode()
            kw["headers"] = {"Content-Type": "application/json"}
        elif method in ("POST", "PUT"):
            kw["content"] = data.draw(st.binary(max_size=300), label="raw body")
        _send(device, method, url, auth=data.draw(st.booleans(), label="signed in"), **kw)

    run()


_FORMS = st.sampled_from(["meeting", "project", "progress_report", "amendment", "nope"])
_KINDS = st.sampled_from(["create", "update", "delete", "transition", "resolve"])
_STATUS = st.one_of(st.none(), st.sampled_from(["draft", "submitted", "certified", "approved",
                                                 "x" * 40]))


def test_signed_ops_with_fuzzed_content_never_5xx(target):
    """Ops a real device signs (so they reach apply_ops): fuzzed form, kind, status, base
    version, area and fields (real field names with hostile values, and unknown ones)."""
    _, device, _ = target
    created: list[str] = []
    field_names = st.sampled_from(["venue", "date", "number", "committee", "agenda", "name",
                                   "budget_baht", "attendees", "electronic", "opening", "x"])

    @_FUZZ
    @given(form=_FORMS, kind=_KINDS, status=_STATUS, base=st.integers(0, 5),
           fields=st.dictionaries(field_names, _json, max_size=4),
           existing=st.booleans(),
           area=st.one_of(st.none(), st.dictionaries(
               st.sampled_from(["changwat", "amphoe", "tambon"]), _text, max_size=3)))
    def run(form, kind, status, base, fields, existing, area):
        record = created[-1] if existing and created else None
        seq, last = device.seq, device.last_hash
        try:
            op = device.op(kind, record, fields, base_version=base, status=status,
                           form_id=form, area=area)
        except UnicodeEncodeError:  # a lone surrogate cannot be hashed: no device makes one
            device.seq, device.last_hash = seq, last
            return
        response = _send(device, "POST", "/v1/sync/push", auth=True,
                         content=json.dumps(device.push_body([op])).encode(),
                         headers={"Content-Type": "application/json"})
        if response.status_code != 200:  # the batch was refused whole: no seq was used
            device.seq, device.last_hash = seq, last
            return
        [result] = response.json()["results"]
        assert result["status"] in ("applied", "rejected"), result
        if result["status"] == "applied" and kind == "create":
            created.append(op.record_id)

    run()
    records, _ = device.pull_all()  # every page of the district still serves
    assert set(created) <= set(records)
