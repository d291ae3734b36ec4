/** HTTP to the registry with the global `fetch`: JSON in and out, the API key, typed errors. */
import { DormouseError, Unavailable, errorFor } from './errors.js';

/** The version of the HTTP API this client speaks; the registry names its own in `Dormouse-Api-Version`. */
export const API_VERSION = '1';
export const CLIENT_VERSION = '0.1.0';

/** One HTTP answer: status, headers and the decoded JSON body (undefined when empty). */
export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  bytes: Uint8Array;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** Sends requests to one registry with one API key; keeps no state between requests. */
export class Transport {
  readonly url: string;

  constructor(url: string, readonly apiKey: string | undefined, readonly timeoutMs: number) {
    this.url = url.replace(/\/+$/, '');
  }

  /** Sends one request; a status of 400 or more throws the typed error. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    let url = this.url + path;
    const query = Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined && v !== null);
    if (query.length > 0) {
      url += '?' + new URLSearchParams(query.map(([k, v]) => [k, String(v)])).toString();
    }
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': `dormouse-typescript/${CLIENT_VERSION}`,
      ...(this.apiKey ? { Authorization: `Bearer ${this.apiKey}` } : {}),
      ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...options.headers,
    };
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs),
      });
    } catch (e) {
      throw new Unavailable('unavailable', `${method} ${url}: ${(e as Error).message}`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? '';
    const body = bytes.length > 0 && type.startsWith('application/json')
      ? JSON.parse(new TextDecoder().decode(bytes))
      : undefined;
    const reply: Reply = { status: response.status, headers: response.headers, body, bytes };
    if (response.status >= 400) {
      throw Transport.error(reply);
    }
    return reply;
  }

  private static error(reply: Reply): DormouseError {
    const body = reply.body && typeof reply.body === 'object' ? reply.body : {};
    const code = String(body.error ?? `http-${reply.status}`);
    const message = String(body.message ?? new TextDecoder().decode(reply.bytes).slice(0, 500));
    return errorFor(code, message, reply.status, body.commandId);
  }
}
