/** Typed errors: each carries the API's `error.code`, so callers can tell a denied navigation from a timeout. */

/** An error the Dormouse API answered, or met talking to it. `status` is 200 for a failed action. */
export class DormouseError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 0,
    public commandId: string | undefined = undefined,
  ) {
    super(`${code}: ${message}`);
    this.name = new.target.name;
  }
}

/** 400: malformed JSON, an unknown field or action type, a value out of range. */
export class InvalidRequest extends DormouseError {}
/** 401: no API key, or one the registry does not know. */
export class Unauthorized extends DormouseError {}
/** 403: the key's role may not do this. */
export class Forbidden extends DormouseError {}
/** 404: no such session, or another tenant's. */
export class SessionNotFound extends DormouseError {}
/** 404: no such command. */
export class CommandNotFound extends DormouseError {}
/** 410: the session was deleted. */
export class SessionDeleted extends DormouseError {}
/** 409: the session's state does not admit the request. */
export class InvalidState extends DormouseError {}
/** 504: the worker did not answer in time; `commandId` names the command, which may still end later. */
export class WorkerTimeout extends DormouseError {}
/** 503, or the registry could not be reached. */
export class Unavailable extends DormouseError {}
/** The pool has no free session carrying the tags asked for. */
export class NoFreeSession extends DormouseError {}
/** An action that ran and failed; the subclasses name the common codes. */
export class ActionFailed extends DormouseError {}
/** The navigation policy refused the URL (a local file, the stack's own services, a denied host). */
export class PolicyDenied extends ActionFailed {}
/** No element matching the selector reached the state asked for in time. */
export class SelectorNotFound extends ActionFailed {}
/** The action did not finish within its timeout. */
export class ActionTimeout extends ActionFailed {}
/** The page could not be loaded. */
export class NavigationFailed extends ActionFailed {}
/** The expression threw, or its value is not JSON. */
export class EvaluationFailed extends ActionFailed {}
/** The page crashed while the action ran. */
export class PageCrashed extends ActionFailed {}
/** The result is larger than a result may be. */
export class ResultTooLarge extends ActionFailed {}

type ErrorClass = new (code: string, message: string, status?: number, commandId?: string) => DormouseError;

const BY_CODE: Record<string, ErrorClass> = {
  'invalid-request': InvalidRequest,
  unauthorized: Unauthorized,
  forbidden: Forbidden,
  'session-not-found': SessionNotFound,
  'command-not-found': CommandNotFound,
  'session-deleted': SessionDeleted,
  'invalid-state': InvalidState,
  'worker-timeout': WorkerTimeout,
  'broker-unavailable': Unavailable,
  'store-unavailable': Unavailable,
  'policy-denied': PolicyDenied,
  'selector-not-found': SelectorNotFound,
  timeout: ActionTimeout,
  'navigation-failed': NavigationFailed,
  'evaluation-failed': EvaluationFailed,
  'page-crashed': PageCrashed,
  'result-too-large': ResultTooLarge,
};

/** The typed error for `code`; an unknown code of a failed action is still an {@link ActionFailed}. */
export function errorFor(code: string, message: string, status: number, commandId?: string, action = false): DormouseError {
  const Kind = BY_CODE[code] ?? (action ? ActionFailed : DormouseError);
  return new Kind(code, message, status, commandId);
}
