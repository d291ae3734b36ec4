"""The client: sessions, listings, tags, the pool and the hibernation tiers of one Dormouse registry."""

from __future__ import annotations

import os
from typing import Any, Dict, List, Mapping, Optional, Sequence

from ._transport import Transport
from .errors import NoFreeSession
from .models import Listing, SessionInfo
from .session import Page, Session

DEFAULT_URL = "http://localhost:8100"


class Client:
    """A Dormouse registry and an API key: ``DORMOUSE_URL`` and ``DORMOUSE_API_KEY`` unless given.

    ``timeout`` (seconds) bounds calls that are not actions; an action gets its own timeout plus a margin.
    ``retries``: how many times an action is sent again (with the same command id) when the registry or the worker
    did not answer in time; it never runs twice.
    """

    def __init__(self, url: Optional[str] = None, api_key: Optional[str] = None, timeout: float = 60.0,
                 retries: int = 2, controller_url: Optional[str] = None) -> None:
        base = url or controller_url or os.environ.get("DORMOUSE_URL") or DEFAULT_URL
        self.transport = Transport(base, api_key or os.environ.get("DORMOUSE_API_KEY"), timeout)
        self.retries = retries
        self.pool = Pool(self)

    # -- sessions ------------------------------------------------------------------------------------------------

    def create_session(self, profile: Optional[str] = None, proxy: Any = None,
                       viewport: Optional[Mapping[str, int]] = None, tags: Sequence[str] = (),
                       hibernation_tier: Optional[str] = None, user_agent: Optional[str] = None,
                       locale: Optional[str] = None, timezone: Optional[str] = None,
                       metadata: Optional[Mapping[str, Any]] = None) -> Session:
        """A new session (state CREATED: its browser context is made by its first action or resume).

        ``proxy``: ``"socks5://host:1080"`` or ``{"server": …, "username": …, "password": …}``.
        """
        body: Dict[str, Any] = {"profile": profile, "tags": list(tags), "hibernationTier": hibernation_tier,
                                "userAgent": user_agent, "locale": locale, "timezone": timezone,
                                "viewport": dict(viewport) if viewport else None,
                                "proxy": {"server": proxy} if isinstance(proxy, str) else proxy,
                                "metadata": dict(metadata) if metadata else None}
        reply = self.transport.request("POST", "/v1/sessions", body={k: v for k, v in body.items() if v is not None})
        return Session(self, SessionInfo.of(reply.body))

    def resume_session(self, session_id: str) -> Session:
        """The session ``session_id``, active: a hibernated one is rehydrated with its tabs, cookies and storages."""
        return Session(self, SessionInfo(session_id, "", None, [], None, None, None, None, None, {}, None, {})).resume()

    def get_session(self, session_id: str) -> Session:
        """The session as it is, without waking it."""
        return Session(self, SessionInfo.of(self.transport.request("GET", f"/v1/sessions/{session_id}").body))

    def list_sessions(self, tags: Sequence[str] = (), any_tags: Sequence[str] = (), state: Sequence[str] = (),
                      profile: Optional[str] = None, sort: Optional[str] = None, page_size: int = 100) -> Listing:
        """Every session carrying all of ``tags`` (and one of ``any_tags``), read through the cursor page after page as
        it is used; keyset pages, so sessions created meanwhile never shift or repeat one. Iterate it, or use it as the
        article does: ``available = client.list_sessions(tags=[…]); if available: available[0].id``."""
        query = {"tags": ",".join(tags) or None, "anyTags": ",".join(any_tags) or None,
                 "state": ",".join(state) or None, "profile": profile, "sort": sort, "limit": page_size}

        def fetch(cursor: Optional[str]):
            reply = self.transport.request("GET", "/v1/sessions", query=dict(query, cursor=cursor))
            return [SessionInfo.of(body) for body in reply.body or []], reply.headers.get("dormouse-next-cursor")

        return Listing(fetch)

    def update_session_tags(self, session_id: str, tags: Sequence[str]) -> Session:
        """Replaces a session's tags."""
        body = self.transport.request("PUT", f"/v1/sessions/{session_id}/tags", body={"tags": list(tags)}).body
        return Session(self, SessionInfo.of(body))

    def delete_session(self, session_id: str) -> None:
        self.transport.request("DELETE", f"/v1/sessions/{session_id}")

    def command(self, command_id: str) -> Dict[str, Any]:
        """How a command ended: ``{status: PENDING | COMPLETED | FAILED, outcome}``."""
        return self.transport.request("GET", f"/v1/commands/{command_id}").body

    # -- hibernation tiers -----------------------------------------------------------------------------------------

    def hibernation_tiers(self) -> Dict[str, Dict[str, Any]]:
        """``{tier: {max_idle_seconds, storage}}``."""
        body = self.transport.request("GET", "/v1/hibernation/tiers").body or {}
        return {name: {"max_idle_seconds": tier.get("maxIdleSeconds"), "storage": tier.get("storage")}
                for name, tier in body.items()}

    def configure_hibernation(self, tiers: Mapping[str, Mapping[str, Any]]) -> Dict[str, Dict[str, Any]]:
        """Changes the tiers named, e.g. ``{"hot": {"max_idle_seconds": 600, "storage": "memory"}}`` (an operator
        key); the others keep theirs."""
        body = {name: {"maxIdleSeconds": tier.get("max_idle_seconds", tier.get("maxIdleSeconds")),
                       "storage": tier.get("storage")} for name, tier in tiers.items()}
        self.transport.request("PUT", "/v1/hibernation/tiers", body=body)
        return self.hibernation_tiers()


class Lease:
    """A checked-out session; released when the ``with`` block ends, or when the lease runs out."""

    def __init__(self, pool: "Pool", body: Dict[str, Any]) -> None:
        self._pool = pool
        self.lease_id: str = body["leaseId"]
        self.leased_until: str = body.get("leasedUntil", "")
        self.session = Session(pool._client, SessionInfo.of(body["session"]))
        self.released = False

    def get_active_page(self) -> Page:
        return self.session.get_active_page()

    def release(self) -> None:
        if not self.released:
            self._pool.release(self.session.id, self.lease_id)
            self.released = True

    def __enter__(self) -> "Lease":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()


class Pool:
    """Hands sessions out atomically: concurrent checkouts, from any number of clients, never get the same one."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def checkout(self, tags: Sequence[str] = (), lease_seconds: Optional[int] = None) -> Lease:
        """Leases the least recently active free session carrying ``tags``; raises :class:`NoFreeSession` when none
        is free (:meth:`try_checkout` answers None instead).

            with client.pool.checkout(tags=["pool"], lease_seconds=300) as lease:
                lease.get_active_page().goto(…)
        """
        lease = self.try_checkout(tags, lease_seconds)
        if lease is None:
            raise NoFreeSession("no-free-session", f"no free session carries the tags {list(tags)}", 204)
        return lease

    def try_checkout(self, tags: Sequence[str] = (), lease_seconds: Optional[int] = None) -> Optional[Lease]:
        """Leases the least recently active free session carrying ``tags``; None when none is free."""
        body: Dict[str, Any] = {"tags": list(tags)}
        if lease_seconds is not None:
            body["leaseSeconds"] = lease_seconds
        reply = self._client.transport.request("POST", "/v1/pool/checkout", body=body)
        return None if reply.status == 204 or not reply.body else Lease(self, reply.body)

    def release(self, session_id: str, lease_id: Optional[str] = None) -> SessionInfo:
        body: Dict[str, Any] = {"id": session_id}
        if lease_id:
            body["leaseId"] = lease_id
        return SessionInfo.of(self._client.transport.request("POST", "/v1/pool/release", body=body).body)


__all__: List[str] = ["Client", "Lease", "Pool"]
