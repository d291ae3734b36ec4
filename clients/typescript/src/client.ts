/** The client: sessions, listings, tags, the pool and the hibernation tiers of one Dormouse registry. */
import { NoFreeSession } from './errors.js';
import type { CreateSessionOptions, ListSessionsOptions, SessionInfo, TierPolicy } from './models.js';
import { Page, Session, type SessionHost } from './session.js';
import { Transport } from './transport.js';

export const DEFAULT_URL = 'http://localhost:8100';

export interface ClientOptions {
  /** The registry; `DORMOUSE_URL`, else `http://localhost:8100`. */
  url?: string;
  /** `DORMOUSE_API_KEY` unless given. */
  apiKey?: string;
  /** Bounds calls that are not actions; an action gets its own timeout plus a margin. */
  timeoutMs?: number;
  /** How many times an action is sent again, with the same command id, when no answer came in time. */
  retries?: number;
}

function env(name: string): string | undefined {
  const process = (globalThis as { process?: { env: Record<string, string | undefined> } }).process;
  return process?.env[name];
}

/** A Dormouse registry and an API key. */
export class Client implements SessionHost {
  readonly transport: Transport;
  readonly retries: number;
  readonly pool: Pool;

  constructor(options: ClientOptions = {}) {
    this.transport = new Transport(options.url ?? env('DORMOUSE_URL') ?? DEFAULT_URL,
      options.apiKey ?? env('DORMOUSE_API_KEY'), options.timeoutMs ?? 60_000);
    this.retries = options.retries ?? 2;
    this.pool = new Pool(this);
  }

  /** A new session (state CREATED: its browser context is made by its first action or resume). */
  async createSession(options: CreateSessionOptions = {}): Promise<Session> {
    const { proxy, ...rest } = options;
    const body = { ...rest, ...(proxy ? { proxy: typeof proxy === 'string' ? { server: proxy } : proxy } : {}) };
    return new Session(this, (await this.transport.request('POST', '/v1/sessions', { body })).body);
  }

  /** The session `id`, active: a hibernated one is rehydrated with its tabs, cookies and storages. */
  async resumeSession(id: string): Promise<Session> {
    return new Session(this, { id, state: 'CREATED', tags: [] }).resume();
  }

  /** The session as it is, without waking it. */
  async getSession(id: string): Promise<Session> {
    return new Session(this, (await this.transport.request('GET', `/v1/sessions/${id}`)).body);
  }

  /** Every session matching, following the cursor page after page (keyset pages: none shifts or repeats). */
  async *listSessions(options: ListSessionsOptions = {}): AsyncGenerator<SessionInfo> {
    const query: Record<string, string | number | undefined> = {
      tags: options.tags?.join(',') || undefined,
      anyTags: options.anyTags?.join(',') || undefined,
      state: options.state?.join(',') || undefined,
      profile: options.profile,
      sort: options.sort,
      limit: options.pageSize ?? 100,
    };
    for (;;) {
      const reply = await this.transport.request('GET', '/v1/sessions', { query });
      yield* (reply.body ?? []) as SessionInfo[];
      const cursor = reply.headers.get('dormouse-next-cursor');
      if (!cursor) {
        return;
      }
      query.cursor = cursor;
    }
  }

  /** Replaces a session's tags. */
  async updateSessionTags(id: string, tags: string[]): Promise<Session> {
    return new Session(this, (await this.transport.request('PUT', `/v1/sessions/${id}/tags`, { body: { tags } })).body);
  }

  async deleteSession(id: string): Promise<void> {
    await this.transport.request('DELETE', `/v1/sessions/${id}`);
  }

  /** How a command ended: `{status: PENDING | COMPLETED | FAILED, outcome}`. */
  async command(commandId: string): Promise<any> {
    return (await this.transport.request('GET', `/v1/commands/${commandId}`)).body;
  }

  async hibernationTiers(): Promise<Record<string, TierPolicy>> {
    return (await this.transport.request('GET', '/v1/hibernation/tiers')).body;
  }

  /** Changes the tiers named (an operator key); the others keep theirs. */
  async configureHibernation(tiers: Record<string, TierPolicy>): Promise<Record<string, TierPolicy>> {
    return (await this.transport.request('PUT', '/v1/hibernation/tiers', { body: tiers })).body;
  }
}

/** A checked-out session with its lease. */
export class Lease {
  released = false;

  constructor(private readonly pool: Pool, readonly leaseId: string, readonly leasedUntil: string,
    readonly session: Session) {}

  getActivePage(): Page {
    return this.session.getActivePage();
  }

  async release(): Promise<void> {
    if (!this.released) {
      await this.pool.release(this.session.id, this.leaseId);
      this.released = true;
    }
  }
}

/** Hands sessions out atomically: concurrent checkouts, from any number of clients, never get the same one. */
export class Pool {
  constructor(private readonly client: Client) {}

  /** Leases the least recently active free session carrying `tags`; throws {@link NoFreeSession} when none is. */
  async checkout(options: { tags?: string[]; leaseSeconds?: number } = {}): Promise<Lease> {
    const lease = await this.tryCheckout(options);
    if (!lease) {
      throw new NoFreeSession('no-free-session', `no free session carries the tags ${JSON.stringify(options.tags ?? [])}`, 204);
    }
    return lease;
  }

  /** As {@link checkout}, but undefined when no session is free. */
  async tryCheckout(options: { tags?: string[]; leaseSeconds?: number } = {}): Promise<Lease | undefined> {
    const reply = await this.client.transport.request('POST', '/v1/pool/checkout', {
      body: { tags: options.tags ?? [], ...(options.leaseSeconds ? { leaseSeconds: options.leaseSeconds } : {}) },
    });
    if (reply.status === 204 || !reply.body) {
      return undefined;
    }
    return new Lease(this, reply.body.leaseId, reply.body.leasedUntil, new Session(this.client, reply.body.session));
  }

  /** Checks a session out, runs `work` with it, and releases it however `work` ends. */
  async withSession<T>(options: { tags?: string[]; leaseSeconds?: number }, work: (lease: Lease) => Promise<T>): Promise<T> {
    const lease = await this.checkout(options);
    try {
      return await work(lease);
    } finally {
      await lease.release();
    }
  }

  async release(id: string, leaseId?: string): Promise<SessionInfo> {
    return (await this.client.transport.request('POST', '/v1/pool/release', {
      body: leaseId ? { id, leaseId } : { id },
    })).body;
  }
}
