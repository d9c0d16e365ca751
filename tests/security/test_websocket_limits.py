"""The live push refuses what a hostile page or a runaway client would do with a token: a
handshake from another site's page (its Origin) is a 403, whatever token it holds, and a user
past WS_MAX_SOCKETS_PER_USER sockets (20) on one instance gets their newest socket closed at
once with 1008 (policy) and a reason that says why, while the others go on."""

import time

import pytest
import websocket

from support.config import GATEWAY_URL, NOTIFICATIONS_URLS
from support.notifications import LiveSocket, ws_url

MAX_SOCKETS_PER_USER = 20
POLICY_VIOLATION = 1008


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://127.0.0.1:1"])
@pytest.mark.parametrize("base", [GATEWAY_URL, NOTIFICATIONS_URLS[0]], ids=["gateway", "direct"])
def test_a_page_on_another_site_cannot_open_a_socket(user, origin, base):
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(ws_url(base), origin=origin, timeout=10,
                                    subprotocols=["bearer", user.access])
    assert refused.value.status_code == 403


@pytest.mark.parametrize("base", [GATEWAY_URL, NOTIFICATIONS_URLS[0]], ids=["gateway", "direct"])
def test_the_gateways_own_pages_and_clients_without_an_origin_can(user, base):
    own = websocket.create_connection(ws_url(base), timeout=10,  # Origin: the URL's own
                                      subprotocols=["bearer", user.access])
    bare = websocket.create_connection(ws_url(base), suppress_origin=True, timeout=10,
                                       subprotocols=["bearer", user.access])
    for ws in (own, bare):
        assert '"unread_count"' in ws.recv()
        ws.close()


def test_a_user_past_the_cap_gets_their_newest_socket_closed(user):
    base = NOTIFICATIONS_URLS[0]
    sockets = [LiveSocket(user.access, base=base) for _ in range(MAX_SOCKETS_PER_USER)]
    try:
        for live in sockets:
            assert live.wait_for(lambda frames: frames), "an accepted socket got no unread count"
        extra = LiveSocket(user.access, base=base)
        assert extra.wait_closed() == POLICY_VIOLATION
        assert extra.frames == []
        # The others are untouched; one leaving makes room (once the server has seen it go).
        others = sockets[1:MAX_SOCKETS_PER_USER]
        sockets[0].close()
        deadline = time.monotonic() + 5
        while True:
            again = LiveSocket(user.access, base=base)
            sockets.append(again)
            if again.wait_for(lambda frames: frames) or time.monotonic() > deadline:
                break
        assert again.frames, "no room after one socket closed"
        for live in others:
            live.pump(0.1)
            assert live.closed is None
    finally:
        for live in sockets:
            live.close()
