/**
 * Dormouse: persistent, resumable browser sessions for AI agents. Zero runtime dependencies (the global `fetch`).
 *
 *     const session = await new Client().createSession({ profile: 'agent', tags: ['demo'] });
 *     await session.getActivePage().goto('https://example.com');
 */
export { Client, Lease, Pool, DEFAULT_URL, type ClientOptions } from './client.js';
export { Page, Session, newCommandId, DEFAULT_ACTION_TIMEOUT_MS, type ActOptions } from './session.js';
export { API_VERSION, CLIENT_VERSION, Transport, type Reply } from './transport.js';
export * from './errors.js';
export type * from './models.js';
