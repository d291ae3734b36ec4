"""Dormouse: persistent, resumable browser sessions for AI agents. Standard library only.

    from dormouse import Client
    session = Client().create_session(profile="agent", tags=["demo"])
    session.get_active_page().goto("https://example.com")
"""

__version__ = "0.1.0"

from .client import Client, Lease, Page, Pool, Session  # noqa: E402
from .errors import (  # noqa: E402
    ActionFailed, ActionTimeout, CommandNotFound, DormouseError, EvaluationFailed, Forbidden, InvalidRequest,
    InvalidState, NavigationFailed, NoFreeSession, PageCrashed, PolicyDenied, ResultTooLarge, SelectorNotFound, SessionDeleted,
    SessionNotFound, Unauthorized, Unavailable, WorkerTimeout)
from .models import ActionResult, HistoryEntry, Listing, Metrics, SessionInfo  # noqa: E402
from ._transport import API_VERSION  # noqa: E402

__all__ = [
    "API_VERSION", "ActionFailed", "ActionResult", "ActionTimeout", "Client", "CommandNotFound", "DormouseError",
    "EvaluationFailed", "Forbidden", "HistoryEntry", "InvalidRequest", "InvalidState", "Lease", "Listing", "Metrics",
    "NavigationFailed", "NoFreeSession", "Page", "PageCrashed", "PolicyDenied", "Pool", "ResultTooLarge", "SelectorNotFound",
    "Session", "SessionDeleted", "SessionInfo", "SessionNotFound", "Unauthorized", "Unavailable", "WorkerTimeout",
]
