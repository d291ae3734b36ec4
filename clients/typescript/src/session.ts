/** A session and its active page: the actions of the HTTP API as methods. */
import { ActionFailed, DormouseError, Unavailable, WorkerTimeout, errorFor } from './errors.js';
import type { Action, ActionResult, HistoryEntry, Metrics, SessionInfo } from './models.js';
import type { Transport } from './transport.js';

/** What an action may take unless told otherwise, as the registry's own default. */
export const DEFAULT_ACTION_TIMEOUT_MS = 30_000;

/** A command id of the client's own, sent as `Dormouse-Command-Id` so a retry is recognised. */
export function newCommandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return 'cmd_ts' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What a session needs of its client. */
export interface SessionHost {
  readonly transport: Transport;
  readonly retries: number;
}

export interface ActOptions {
  timeoutMs?: number;
  commandId?: string;
}

/** A persistent browser session. Cheap to make: it holds the id and the last view of the session. */
export class Session {
  constructor(private readonly host: SessionHost, public info: SessionInfo) {}

  get id(): string {
    return this.info.id;
  }

  get state(): string {
    return this.info.state;
  }

  /**
   * Runs one action and returns its result, or throws the typed error. A retry after the registry or the worker did
   * not answer in time sends the same command id, so the action never runs twice.
   */
  async act<T = unknown>(action: Action, options: ActOptions = {}): Promise<ActionResult<T>> {
    const commandId = options.commandId ?? newCommandId();
    const timeoutMs = options.timeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS;
    const attempts = this.host.retries + 1;
    for (let attempt = 0; ; attempt++) {
      try {
        const reply = await this.host.transport.request('POST', `/v1/sessions/${this.id}/actions`, {
          body: action,
          query: { timeoutMs },
          headers: { 'Dormouse-Command-Id': commandId },
          timeoutMs: timeoutMs + 15_000,
        });
        const body = reply.body ?? {};
        if (body.status === 'failed') {
          const error = body.error ?? {};
          throw errorFor(error.code ?? 'internal', error.message ?? '', reply.status, body.commandId, true);
        }
        if (body.sessionState) {
          this.info = { ...this.info, state: body.sessionState };
        }
        return {
          commandId: body.commandId ?? commandId,
          result: body.result as T,
          sessionState: body.sessionState,
          workerId: body.workerId,
          timings: body.timings,
        };
      } catch (e) {
        if (!(e instanceof WorkerTimeout || e instanceof Unavailable) || attempt === attempts - 1) {
          if (e instanceof DormouseError && !(e instanceof ActionFailed)) {
            e.commandId ??= commandId;
          }
          throw e;
        }
      }
    }
  }

  /** The tab actions run in (the one the agent left the session on). */
  getActivePage(): Page {
    return new Page(this);
  }

  async pages(): Promise<Array<{ index: number; url: string; title: string }>> {
    return ((await this.act<any>({ type: 'listPages' })).result.pages ?? []);
  }

  async newPage(url?: string): Promise<Page> {
    await this.act(url ? { type: 'newPage', url } : { type: 'newPage' });
    return new Page(this);
  }

  async switchPage(index: number): Promise<Page> {
    await this.act({ type: 'switchPage', index });
    return new Page(this);
  }

  async closePage(index: number): Promise<void> {
    await this.act({ type: 'closePage', index });
  }

  async refresh(): Promise<SessionInfo> {
    this.info = (await this.host.transport.request('GET', `/v1/sessions/${this.id}`)).body;
    return this.info;
  }

  /** Stores a snapshot and closes the context; the next action or resume rehydrates it. */
  async hibernate(): Promise<unknown> {
    const body = (await this.host.transport.request('POST', `/v1/sessions/${this.id}/hibernate`)).body;
    this.info = { ...this.info, state: 'HIBERNATED' };
    return body;
  }

  /** Makes the session active, rehydrating it if it was hibernated. */
  async resume(): Promise<Session> {
    const transport = this.host.transport;
    this.info = (await transport.request('POST', `/v1/sessions/${this.id}/resume`, {
      timeoutMs: transport.timeoutMs + 60_000,
    })).body;
    return this;
  }

  /** Snapshot, close and rehydrate: fresh browser memory, the same state. */
  async recycle(): Promise<unknown> {
    return (await this.host.transport.request('POST', `/v1/sessions/${this.id}/recycle`)).body;
  }

  async delete(): Promise<void> {
    await this.host.transport.request('DELETE', `/v1/sessions/${this.id}`);
    this.info = { ...this.info, state: 'DELETED' };
  }

  /** Replaces the session's tags. */
  async updateTags(tags: string[]): Promise<SessionInfo> {
    this.info = (await this.host.transport.request('PUT', `/v1/sessions/${this.id}/tags`, { body: { tags } })).body;
    return this.info;
  }

  /** Adds and removes tags atomically: concurrent patches all apply. */
  async patchTags(change: { add?: string[]; remove?: string[] }): Promise<SessionInfo> {
    this.info = (await this.host.transport.request('PATCH', `/v1/sessions/${this.id}/tags`, {
      body: { add: change.add ?? [], remove: change.remove ?? [] },
    })).body;
    return this.info;
  }

  async getMetrics(): Promise<Metrics> {
    return (await this.host.transport.request('GET', `/v1/sessions/${this.id}/metrics`)).body;
  }

  /** Every journal entry, oldest first, page after page. */
  async *history(pageSize = 100): AsyncGenerator<HistoryEntry> {
    let after: string | undefined;
    for (;;) {
      const reply = await this.host.transport.request('GET', `/v1/sessions/${this.id}/history`, {
        query: { after, limit: pageSize },
      });
      yield* (reply.body ?? []) as HistoryEntry[];
      after = reply.headers.get('dormouse-next-cursor') ?? undefined;
      if (!after) {
        return;
      }
    }
  }

  /** The kept snapshot versions. */
  async snapshots(): Promise<unknown[]> {
    const body = (await this.host.transport.request('GET', `/v1/sessions/${this.id}/snapshots`)).body;
    return Array.isArray(body) ? body : (body?.versions ?? []);
  }

  /** Makes snapshot `version` current again. */
  async rewind(version: number): Promise<SessionInfo> {
    const transport = this.host.transport;
    this.info = (await transport.request('POST', `/v1/sessions/${this.id}/rewind`, {
      body: { version },
      timeoutMs: transport.timeoutMs + 60_000,
    })).body;
    return this.info;
  }

  /** `count` new hibernated sessions from this one's latest snapshot (e.g. many logged-in copies). */
  async fork(count = 1, tags: string[] = []): Promise<Session[]> {
    const body = (await this.host.transport.request('POST', `/v1/sessions/${this.id}/fork`, {
      body: { count, tags },
    })).body;
    return (body.sessions ?? []).map((info: SessionInfo) => new Session(this.host, info));
  }

  /**
   * A short-lived CDP WebSocket URL bound to this session, for Playwright's `connectOverCDP`, Puppeteer's `connect`,
   * Stagehand or Playwright MCP. The session keeps its state across connections.
   */
  async connectUrl(): Promise<string> {
    return (await this.host.transport.request('POST', `/v1/sessions/${this.id}/connect`)).body.cdpUrl;
  }

  /** For {@link Page}: a file the registry serves by claim check. */
  async fetchArtifact(href: string): Promise<Uint8Array> {
    return (await this.host.transport.request('GET', href, { headers: { Accept: '*/*' } })).bytes;
  }
}

type WaitUntil = 'load' | 'domcontentloaded' | 'networkidle' | 'commit';
interface Timeout {
  timeout?: number;
}

/** The session's active tab. Every method is one action on the session. */
export class Page {
  constructor(readonly session: Session) {}

  private async run<T>(action: Action, timeout?: number): Promise<T> {
    const sent = Object.fromEntries(Object.entries(action).filter(([, v]) => v !== undefined)) as Action;
    return (await this.session.act<T>(sent, { timeoutMs: timeout })).result;
  }

  url(): Promise<string> {
    return this.run({ type: 'url' });
  }

  title(): Promise<string> {
    return this.run({ type: 'title' });
  }

  content(): Promise<string> {
    return this.run({ type: 'content' });
  }

  /** Navigates; `{url, title, status}`. */
  goto(url: string, options: { waitUntil?: WaitUntil } & Timeout = {}): Promise<{ url: string; title: string; status: number | null }> {
    return this.run({ type: 'navigate', url, waitUntil: options.waitUntil }, options.timeout);
  }

  reload(options: { waitUntil?: WaitUntil } & Timeout = {}): Promise<unknown> {
    return this.run({ type: 'reload', waitUntil: options.waitUntil }, options.timeout);
  }

  goBack(options: { waitUntil?: WaitUntil } & Timeout = {}): Promise<unknown> {
    return this.run({ type: 'back', waitUntil: options.waitUntil }, options.timeout);
  }

  goForward(options: { waitUntil?: WaitUntil } & Timeout = {}): Promise<unknown> {
    return this.run({ type: 'forward', waitUntil: options.waitUntil }, options.timeout);
  }

  /** Waits until an element matches and is visible (or `state`: attached, detached, hidden). */
  waitForSelector(selector: string, options: { state?: 'attached' | 'detached' | 'visible' | 'hidden' } & Timeout = {}): Promise<boolean> {
    return this.run({ type: 'waitForSelector', selector, state: options.state }, options.timeout);
  }

  /** Waits until the URL matches the glob `url` or the regular expression `regex`. */
  waitForUrl(match: { url?: string; regex?: string }, options: Timeout = {}): Promise<string> {
    return this.run({ type: 'waitForUrl', url: match.url, regex: match.regex }, options.timeout);
  }

  /** Runs an expression or a function (called with `arg`) in the page; awaits a promise; returns its JSON value. */
  evaluate<T = unknown>(expression: string, arg?: unknown, options: Timeout = {}): Promise<T> {
    return this.run({ type: 'evaluate', expression, arg }, options.timeout);
  }

  async click(selector: string, options: Timeout = {}): Promise<void> {
    await this.run({ type: 'click', selector }, options.timeout);
  }

  async hover(selector: string, options: Timeout = {}): Promise<void> {
    await this.run({ type: 'hover', selector }, options.timeout);
  }

  async fill(selector: string, value: string, options: Timeout = {}): Promise<void> {
    await this.run({ type: 'fill', selector, value }, options.timeout);
  }

  type(selector: string, text: string, options: { delay?: number } & Timeout = {}): Promise<number> {
    return this.run({ type: 'type', selector, text, delayMillis: options.delay }, options.timeout);
  }

  async press(selector: string, key: string, options: Timeout = {}): Promise<void> {
    await this.run({ type: 'press', selector, key }, options.timeout);
  }

  selectOption(selector: string, values: string[], options: Timeout = {}): Promise<string[]> {
    return this.run({ type: 'selectOption', selector, values }, options.timeout);
  }

  async check(selector: string, checked = true, options: Timeout = {}): Promise<void> {
    await this.run({ type: 'check', selector, checked }, options.timeout);
  }

  cookies(): Promise<Array<Record<string, unknown>>> {
    return this.run({ type: 'cookies' });
  }

  addCookies(cookies: Array<Record<string, unknown>>): Promise<number> {
    return this.run({ type: 'addCookies', cookies });
  }

  async clearCookies(): Promise<void> {
    await this.run({ type: 'clearCookies' });
  }

  localStorage(keys?: string[]): Promise<Record<string, string>> {
    return this.run({ type: 'getLocalStorage', keys });
  }

  /** Sets items; a null value removes the key. */
  setLocalStorage(items: Record<string, string | null>): Promise<number> {
    return this.run({ type: 'setLocalStorage', items });
  }

  async setExtraHttpHeaders(headers: Record<string, string>): Promise<void> {
    await this.run({ type: 'setExtraHttpHeaders', headers });
  }

  /**
   * The accessibility tree (of the page, or of `selector`) as YAML for a model; each element carries a `[ref=e5]`
   * that later actions target with the selector `aria-ref=e5`.
   */
  async ariaSnapshot(options: { selector?: string; depth?: number } & Timeout = {}): Promise<string> {
    return this.run<string>({ type: 'ariaSnapshot', selector: options.selector, depth: options.depth }, options.timeout);
  }

  /** PNG bytes of the viewport, the whole page, or one element. */
  async screenshot(options: { fullPage?: boolean; selector?: string } & Timeout = {}): Promise<Uint8Array> {
    return this.file(await this.run({ type: 'screenshot', fullPage: options.fullPage, selector: options.selector }, options.timeout));
  }

  async pdf(options: { format?: string } & Timeout = {}): Promise<Uint8Array> {
    return this.file(await this.run({ type: 'pdf', format: options.format }, options.timeout));
  }

  private async file(result: any): Promise<Uint8Array> {
    if (typeof result.data === 'string') {
      return Uint8Array.from(atob(result.data), (c) => c.charCodeAt(0));
    }
    // Larger files are claim-checked: the result names where the registry serves them.
    return this.session.fetchArtifact(result.href);
  }
}
