"""What the API answers, as dataclasses. Each keeps the JSON it came from in ``raw`` for fields added later."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple


@dataclass(frozen=True)
class SessionInfo:
    """A session as the API shows it: ``state`` is CREATED, ACTIVE, HIBERNATED or DELETED."""

    id: str
    state: str
    profile: Optional[str]
    tags: List[str]
    hibernation_tier: Optional[str]
    worker_id: Optional[str]
    created_at: Optional[str]
    last_active_at: Optional[str]
    leased_until: Optional[str]
    metadata: Dict[str, Any]
    page: Optional[Dict[str, Any]]
    raw: Dict[str, Any] = field(repr=False)

    @staticmethod
    def of(body: Dict[str, Any]) -> "SessionInfo":
        return SessionInfo(
            id=body["id"], state=body.get("state", ""), profile=body.get("profile"),
            tags=list(body.get("tags") or []), hibernation_tier=body.get("hibernationTier"),
            worker_id=body.get("workerId"), created_at=body.get("createdAt"),
            last_active_at=body.get("lastActiveAt"), leased_until=body.get("leasedUntil"),
            metadata=dict(body.get("metadata") or {}), page=body.get("page"), raw=body)


@dataclass(frozen=True)
class Metrics:
    """Live health figures of a session: ``sample`` is LIVE, NONE (not active or not sampled yet) or
    MONITOR_UNAVAILABLE; the figures are None when there is no sample."""

    sample: str
    memory_mb: Optional[float]
    page_count: Optional[int]
    error_count: Optional[int]
    console_error_count: Optional[int]
    crash_count: Optional[int]
    recycle_count: int
    last_recycle_reason: Optional[str]
    raw: Dict[str, Any] = field(repr=False)

    @staticmethod
    def of(body: Dict[str, Any]) -> "Metrics":
        return Metrics(
            sample=body.get("sample", "NONE"), memory_mb=body.get("memoryMb"), page_count=body.get("pageCount"),
            error_count=body.get("errorCount"), console_error_count=body.get("consoleErrorCount"),
            crash_count=body.get("crashCount"), recycle_count=int(body.get("recycleCount") or 0),
            last_recycle_reason=body.get("lastRecycleReason"), raw=body)


@dataclass(frozen=True)
class HistoryEntry:
    """One entry of a session's journal: ``kind`` is command, outcome or event."""

    id: int
    occurred_at: str
    kind: str
    type: str
    command_id: Optional[str]
    detail: Any
    raw: Dict[str, Any] = field(repr=False)

    @staticmethod
    def of(body: Dict[str, Any]) -> "HistoryEntry":
        return HistoryEntry(id=int(body["id"]), occurred_at=body.get("occurredAt", ""), kind=body.get("kind", ""),
                            type=body.get("type", ""), command_id=body.get("commandId"),
                            detail=body.get("detail"), raw=body)


@dataclass(frozen=True)
class ActionResult:
    """A completed action: its result and where the time went."""

    command_id: str
    result: Any
    session_state: Optional[str]
    worker_id: Optional[str]
    timings: Dict[str, Any]


class Listing:
    """Sessions of a listing, read page by page through the cursor only as far as they are used: iterate it, index it
    (``available[0]``), test it (``if available:``) or take ``len()`` (which reads every page)."""

    def __init__(self, fetch: Callable[[Optional[str]], Tuple[List[SessionInfo], Optional[str]]]) -> None:
        self._fetch = fetch
        self._read: List[SessionInfo] = []
        self._cursor: Optional[str] = None
        self._done = False

    def _more(self) -> bool:
        if self._done:
            return False
        page, self._cursor = self._fetch(self._cursor)
        self._read.extend(page)
        self._done = not self._cursor
        return bool(page) or not self._done

    def __iter__(self) -> Iterator[SessionInfo]:
        i = 0
        while True:
            while i >= len(self._read):
                if not self._more():
                    return
            yield self._read[i]
            i += 1

    def __getitem__(self, index: int) -> SessionInfo:
        if index < 0:
            return list(self)[index]
        while index >= len(self._read) and self._more():
            pass
        return self._read[index]

    def __bool__(self) -> bool:
        while not self._read and self._more():
            pass
        return bool(self._read)

    def __len__(self) -> int:
        while self._more():
            pass
        return len(self._read)
