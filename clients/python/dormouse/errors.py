"""Typed errors: each carries the API's ``error.code``, so callers can tell a denied navigation from a timeout."""

from __future__ import annotations

from typing import Dict, Optional, Type


class DormouseError(Exception):
    """An error the Dormouse API answered (or the client met talking to it).

    ``code`` is the API's ``error.code`` (``policy-denied``, ``selector-not-found``, ``session-not-found``, …),
    ``status`` the HTTP status (200 for a failed action), ``command_id`` the command it concerns, when there is one.
    """

    def __init__(self, code: str, message: str, status: int = 0, command_id: Optional[str] = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.command_id = command_id


class InvalidRequest(DormouseError):
    """400: malformed JSON, an unknown field or action type, a value out of range."""


class Unauthorized(DormouseError):
    """401: no API key, or one the registry does not know."""


class Forbidden(DormouseError):
    """403: the key's role may not do this."""


class SessionNotFound(DormouseError):
    """404: no such session, or another tenant's."""


class CommandNotFound(DormouseError):
    """404: no such command."""


class SessionDeleted(DormouseError):
    """410: the session was deleted."""


class InvalidState(DormouseError):
    """409: the session's state does not admit the request (e.g. hibernating a session never active)."""


class WorkerTimeout(DormouseError):
    """504: the worker did not answer in time; ``command_id`` names the command, which may still end later."""


class NoFreeSession(DormouseError):
    """The pool has no free session carrying the tags asked for."""


class Unavailable(DormouseError):
    """503, or the registry could not be reached."""


class ActionFailed(DormouseError):
    """An action that ran and failed; the subclasses name the common codes."""


class PolicyDenied(ActionFailed):
    """The navigation policy refused the URL (a local file, the stack's own services, a denied host)."""


class SelectorNotFound(ActionFailed):
    """No element matching the selector reached the state asked for in time."""


class ActionTimeout(ActionFailed):
    """The action did not finish within its timeout."""


class NavigationFailed(ActionFailed):
    """The page could not be loaded."""


class EvaluationFailed(ActionFailed):
    """The expression threw, or its value is not JSON."""


class PageCrashed(ActionFailed):
    """The page crashed while the action ran."""


class ResultTooLarge(ActionFailed):
    """The result is larger than a result may be."""


_BY_CODE: Dict[str, Type[DormouseError]] = {
    "invalid-request": InvalidRequest,
    "unauthorized": Unauthorized,
    "forbidden": Forbidden,
    "session-not-found": SessionNotFound,
    "command-not-found": CommandNotFound,
    "session-deleted": SessionDeleted,
    "invalid-state": InvalidState,
    "worker-timeout": WorkerTimeout,
    "broker-unavailable": Unavailable,
    "store-unavailable": Unavailable,
    "policy-denied": PolicyDenied,
    "selector-not-found": SelectorNotFound,
    "timeout": ActionTimeout,
    "navigation-failed": NavigationFailed,
    "evaluation-failed": EvaluationFailed,
    "page-crashed": PageCrashed,
    "result-too-large": ResultTooLarge,
}


def error_for(code: str, message: str, status: int, command_id: Optional[str] = None,
              action: bool = False) -> DormouseError:
    """The typed error for ``code``; an unknown code of a failed action is still an :class:`ActionFailed`."""
    kind = _BY_CODE.get(code, ActionFailed if action else DormouseError)
    return kind(code, message, status, command_id)
