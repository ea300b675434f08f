"""The session: lazy authorize, re-authorize once on 403, one lock, a refused key."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import FAST_RETRY
from tests.api.fakepbx import API_KEY, CALL_UUID, DOMAIN, FakePbx
from vega_desktop.api import (
    AuthError,
    ProtocolError,
    RetryPolicy,
    ServerError,
    SessionExpired,
    VegaClient,
)

pytestmark = pytest.mark.asyncio


def new_client(pbx: FakePbx, *, key: str = API_KEY, retry: RetryPolicy = FAST_RETRY) -> VegaClient:
    return VegaClient(domain=DOMAIN, api_key=key, transport=pbx.transport(), retry=retry)


async def test_authorize_is_lazy(pbx: FakePbx) -> None:
    async with new_client(pbx) as client:
        assert pbx.log == []
        assert not client.authorized
        await client.users.list()
        await client.calls.active()
        assert client.authorized
    assert [(s.method, s.path) for s in pbx.log] == [
        ("POST", "/rest/security/authorize"),
        ("GET", "/rest/users"),
        ("GET", "/rest/calls/active/v3"),
    ]
    authorize = pbx.log[0]
    assert authorize.body == {"domain": DOMAIN, "apiKey": API_KEY}
    assert authorize.headers["content-type"] == "application/json"
    assert authorize.cookie is None
    session = pbx.log[1].cookie
    assert session is not None
    assert session.startswith("JSESSIONID=S")
    assert pbx.log[2].cookie == session


async def test_explicit_authorize(pbx: FakePbx) -> None:
    async with new_client(pbx) as client:
        await client.authorize()
        assert client.authorized
        await client.users.list()
    assert pbx.authorizations == 1


async def test_403_reauthorizes_once_and_replays(pbx: FakePbx) -> None:
    async with new_client(pbx) as client:
        await client.users.list()
        first_cookie = pbx.log[-1].cookie
        pbx.expire_sessions()
        users = await client.users.list()
    assert len(users) == 2
    assert [(s.method, s.path) for s in pbx.log[2:]] == [
        ("GET", "/rest/users"),  # 403
        ("POST", "/rest/security/authorize"),
        ("GET", "/rest/users"),  # replayed with the new cookie
    ]
    assert pbx.log[2].cookie == first_cookie
    assert pbx.log[4].cookie != first_cookie
    assert pbx.log[4].cookie is not None


async def test_403_replays_make_call_once(pbx: FakePbx) -> None:
    """A 403 means the call was never placed, so the spec's repeat is safe - but only once."""
    async with new_client(pbx) as client:
        await client.authorize()
        pbx.expire_sessions()
        await client.calls.make_call(ext="001", number="+380993034330")
    assert len(pbx.seen("/rest/user/makeCall")) == 2
    assert pbx.authorizations == 2


@pytest.mark.parametrize("already_authorized", [True, False])
async def test_ten_concurrent_requests_cause_one_authorize(
    pbx: FakePbx, already_authorized: bool
) -> None:
    pbx.delay = 0.01  # the ten requests are all in flight together
    pbx.authorize_delay = 0.02
    async with new_client(pbx) as client:
        if already_authorized:
            await client.authorize()
            pbx.expire_sessions()
        before = pbx.authorizations
        results = await asyncio.gather(*(client.calls.active() for _ in range(10)))
    assert all(len(calls) == 3 for calls in results)
    assert pbx.authorizations - before == 1
    gets = pbx.seen("/rest/calls/active/v3")
    assert len(gets) == (20 if already_authorized else 10)  # each 403 replayed exactly once
    assert len({s.cookie for s in gets if s.cookie}) == (2 if already_authorized else 1)


async def test_wrong_key_raises_auth_error_without_a_retry_storm(pbx: FakePbx) -> None:
    async with new_client(pbx, key="wrong-key-000000") as client:
        with pytest.raises(AuthError) as caught:
            await client.users.list()
        assert caught.value.status == 401
        assert caught.value.detail == "Wrong domain or API key"
        # the refusal is remembered: later requests fail at once, nothing goes out
        for _ in range(3):
            with pytest.raises(AuthError):
                await client.calls.active()
        assert pbx.authorizations == 1
        assert pbx.seen("/rest/users") == []
        # an explicit authorize asks the PBX again
        with pytest.raises(AuthError):
            await client.authorize()
        assert pbx.authorizations == 2


async def test_wrong_key_with_concurrent_requests(pbx: FakePbx) -> None:
    pbx.authorize_delay = 0.02
    async with new_client(pbx, key="wrong-key-000000") as client:
        results = await asyncio.gather(
            *(client.calls.active() for _ in range(10)), return_exceptions=True
        )
    assert all(isinstance(r, AuthError) for r in results)
    assert pbx.authorizations == 1


async def test_wrong_domain(pbx: FakePbx) -> None:
    async with VegaClient(
        domain="other.pbx.vega.ua", api_key=API_KEY, transport=pbx.transport()
    ) as client:
        with pytest.raises(AuthError):
            await client.authorize()


async def test_key_revoked_during_a_session(pbx: FakePbx) -> None:
    async with new_client(pbx) as client:
        await client.users.list()
        pbx.key = "rotated"
        pbx.expire_sessions()
        with pytest.raises(AuthError):
            await client.users.list()
        with pytest.raises(AuthError):
            await client.users.list()
    assert pbx.authorizations == 2


async def test_403_right_after_a_fresh_session_is_session_expired(pbx: FakePbx) -> None:
    pbx.on("GET", "/rest/users", lambda request: httpx.Response(403, text="Forbidden"))
    async with new_client(pbx) as client:
        with pytest.raises(SessionExpired) as caught:
            await client.users.list()
        assert caught.value.status == 403
    assert [(s.method, s.path) for s in pbx.log] == [
        ("POST", "/rest/security/authorize"),
        ("GET", "/rest/users"),
        ("POST", "/rest/security/authorize"),
        ("GET", "/rest/users"),
    ]


async def test_authorize_without_a_cookie_is_a_protocol_error(pbx: FakePbx) -> None:
    pbx.fail("/rest/security/authorize", status=200)
    async with new_client(pbx) as client:
        with pytest.raises(ProtocolError, match="JSESSIONID"):
            await client.authorize()


@pytest.mark.parametrize("cookie", ["JSESSIONID=; Path=/", "JSESSIONID=a b; Path=/", "OTHER=1"])
async def test_authorize_with_an_unusable_cookie(cookie: str) -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, headers={"Set-Cookie": cookie})
    )
    async with VegaClient(domain=DOMAIN, api_key=API_KEY, transport=transport) as client:
        with pytest.raises(ProtocolError):
            await client.authorize()


async def test_authorize_server_error_is_retried_for_reads(pbx: FakePbx) -> None:
    pbx.fail("/rest/security/authorize", status=503, times=2)
    async with new_client(pbx) as client:
        assert len(await client.users.list()) == 2
    assert pbx.authorizations == 3


async def test_authorize_server_error_is_not_an_auth_error(pbx: FakePbx) -> None:
    pbx.fail("/rest/security/authorize", status=500, text="database down")
    async with new_client(pbx) as client:
        with pytest.raises(ServerError, match="database down"):
            await client.calls.make_call(ext="001", number="+380993034330")
        # not remembered as a refusal: the next request authorizes again
        await client.calls.make_call(ext="001", number="+380993034330")
    assert pbx.authorizations == 2


async def test_other_pbx_cookies_travel_with_the_session() -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/rest/security/authorize":
            return httpx.Response(
                200,
                headers=[
                    ("Set-Cookie", "AWSALB=sticky-1; Path=/"),
                    ("Set-Cookie", "JSESSIONID=abc; Path=/; HttpOnly"),
                ],
            )
        seen.append(request.headers.get("cookie"))
        return httpx.Response(200, json=[])

    async with VegaClient(
        domain=DOMAIN, api_key=API_KEY, transport=httpx.MockTransport(handler)
    ) as client:
        await client.users.list()
    assert seen[0] is not None
    assert sorted(part.strip() for part in seen[0].split(";")) == [
        "AWSALB=sticky-1",
        "JSESSIONID=abc",
    ]


async def test_every_request_has_a_timeout(pbx: FakePbx, tmp_path: Path) -> None:
    async with VegaClient(
        domain=DOMAIN, api_key=API_KEY, transport=pbx.transport(), timeout=3.5
    ) as client:
        await client.users.list()
        pbx.expire_sessions()
        await client.contacts.get(1)
        await client.recordings.download(CALL_UUID, tmp_path / "call.wav")
    assert len(pbx.log) == 6
    for seen in pbx.log:
        assert seen.timeout == {"connect": 3.5, "read": 3.5, "write": 3.5, "pool": 3.5}
