/** What the API answers. Fields follow the API's JSON (camelCase); unknown fields are kept as they came. */

export type SessionState = 'CREATED' | 'ACTIVE' | 'HIBERNATED' | 'DELETED';
export type HibernationTier = 'hot' | 'warm' | 'cold';

export interface SessionInfo {
  id: string;
  state: SessionState;
  profile?: string;
  tags: string[];
  hibernationTier?: HibernationTier;
  viewport?: { width: number; height: number };
  workerId?: string | null;
  createdAt?: string;
  updatedAt?: string;
  lastActiveAt?: string | null;
  leasedUntil?: string | null;
  recoveringSince?: string | null;
  metadata?: Record<string, unknown>;
  page?: { url: string; title: string };
  [field: string]: unknown;
}

/** Live health figures: `sample` is LIVE, NONE (not active or not sampled yet) or MONITOR_UNAVAILABLE. */
export interface Metrics {
  sample: 'LIVE' | 'NONE' | 'MONITOR_UNAVAILABLE';
  memoryMb?: number | null;
  pageCount?: number | null;
  errorCount?: number | null;
  consoleErrorCount?: number | null;
  crashCount?: number | null;
  recycleCount: number;
  lastRecycleReason?: string | null;
  [field: string]: unknown;
}

/** One entry of a session's journal: a command, an outcome or a lifecycle event. */
export interface HistoryEntry {
  id: number;
  occurredAt: string;
  kind: string;
  type: string;
  commandId?: string | null;
  detail?: unknown;
}

/** A completed action: its result and where the time went. */
export interface ActionResult<T = unknown> {
  commandId: string;
  result: T;
  sessionState?: SessionState;
  workerId?: string;
  timings?: Record<string, number>;
}

/** Any action of the API: `{type, ...fields}`. */
export interface Action {
  type: string;
  [field: string]: unknown;
}

export interface TierPolicy {
  maxIdleSeconds: number;
  storage: 'memory' | 'redis' | 'disk';
}

export interface CreateSessionOptions {
  profile?: string;
  /** `"socks5://host:1080"` or `{server, username, password}`. */
  proxy?: string | { server: string; username?: string; password?: string; bypass?: string };
  viewport?: { width: number; height: number };
  tags?: string[];
  hibernationTier?: HibernationTier;
  userAgent?: string;
  locale?: string;
  timezone?: string;
  metadata?: Record<string, unknown>;
}

export interface ListSessionsOptions {
  /** Sessions carrying all of these. */
  tags?: string[];
  /** ...and one of these. */
  anyTags?: string[];
  state?: SessionState[];
  profile?: string;
  sort?: 'createdAt' | '-createdAt' | 'lastActiveAt' | '-lastActiveAt';
  pageSize?: number;
}
