// The client against a real local stack (registry, Kafka, worker with Chromium). Run by the system test
// TypeScriptClientIT, which starts the stack and a site with a login, and sets DORMOUSE_URL, DORMOUSE_API_KEY (an
// agent key of a tenant of the test's own), DORMOUSE_OTHER_API_KEY (a second tenant) and DORMOUSE_TEST_SITE.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import {
  API_VERSION, Client, NoFreeSession, PolicyDenied, SelectorNotFound, SessionDeleted, SessionNotFound,
} from '../dist/index.js';

const SITE = process.env.DORMOUSE_TEST_SITE;
const ready = Boolean(process.env.DORMOUSE_API_KEY && SITE);
const client = new Client();
const created = [];

async function runAgent(...args) {
  const { stdout } = await promisify(execFile)(process.execPath,
    [fileURLToPath(new URL('agent-process.mjs', import.meta.url)), ...args], { timeout: 180_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

async function make(options) {
  const session = await client.createSession(options);
  created.push(session.id);
  return session;
}

describe('against the stack', { skip: ready ? false : 'needs the stack TypeScriptClientIT starts' }, () => {
  after(async () => {
    for (const id of created) {
      await client.deleteSession(id).catch((error) => {
        if (!(error instanceof SessionNotFound || error instanceof SessionDeleted)) throw error;
      });
    }
  });

  test('a login survives the process and hibernation', async () => {
    const loggedIn = await runAgent('login', SITE, 'grace');
    created.push(loggedIn.id);
    assert.equal(loggedIn.user, 'grace');
    await (await client.getSession(loggedIn.id)).hibernate();
    assert.equal((await client.getSession(loggedIn.id)).state, 'HIBERNATED');
    const resumed = await runAgent('check', loggedIn.id);
    assert.equal(resumed.state, 'ACTIVE');
    assert.match(resumed.url, /\/app$/);
    assert.equal(resumed.user, 'grace');
    assert.ok(resumed.cookies.includes('sid'));
  });

  test('pool checkout under contention hands each session out once', async () => {
    const tag = `t-${randomUUID().slice(0, 12)}`;
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await make({ profile: 'pool', tags: [tag] })).id);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 },
      () => client.pool.checkout({ tags: [tag], leaseSeconds: 60 })));
    const leases = outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    assert.deepEqual(leases.map((lease) => lease.session.id).sort(), [...ids].sort());
    assert.equal(refused.length, 6);
    assert.ok(refused.every((o) => o.reason instanceof NoFreeSession));
    for (const lease of leases) await lease.release();
    const seen = await client.pool.withSession({ tags: [tag] }, async (lease) => lease.session.id);
    assert.ok(ids.includes(seen));
    assert.equal((await client.pool.tryCheckout({ tags: [tag] })) instanceof Object, true, 'released after withSession');
  });

  test('errors are typed with the API\'s code', async () => {
    const session = await make({ profile: 'errors' });
    const page = session.getActivePage();
    await assert.rejects(page.goto('file:///etc/passwd'), (error) => {
      assert.ok(error instanceof PolicyDenied);
      assert.equal(error.code, 'policy-denied');
      assert.ok(error.commandId);
      return true;
    });
    await page.goto(`${SITE}/login`);
    const snapshot = await page.ariaSnapshot();
    const field = /textbox[^\n]*\[ref=(e\d+)\]/.exec(snapshot);
    assert.ok(field, snapshot);
    await page.fill(`aria-ref=${field[1]}`, 'eve');
    assert.equal(await page.evaluate("() => document.querySelector('#user').value"), 'eve');
    await assert.rejects(page.click('#nothing-here', { timeout: 500 }), SelectorNotFound);
    await assert.rejects(client.getSession('ses_doesNotExist1'), (error) => error instanceof SessionNotFound && error.status === 404);
    const other = new Client({ apiKey: process.env.DORMOUSE_OTHER_API_KEY });
    await assert.rejects(other.getSession(session.id), SessionNotFound);
    const mallory = new (session.constructor)(other, { id: session.id, state: 'ACTIVE', tags: [] });
    await assert.rejects(mallory.getActivePage().goto(`${SITE}/login`), SessionNotFound);
    for await (const info of other.listSessions()) assert.notEqual(info.id, session.id);
    await session.delete();
    await assert.rejects(client.getSession(session.id), (error) => error instanceof SessionDeleted && error.code === 'session-deleted');
  });

  test('listing pages through the cursor', async () => {
    const tag = `t-${randomUUID().slice(0, 12)}`;
    const ids = new Set();
    await Promise.all(Array.from({ length: 5 }, async () => {
      for (let i = 0; i < 50; i++) ids.add((await make({ profile: 'listing', tags: [tag] })).id);
    }));
    const listed = [];
    for await (const info of client.listSessions({ tags: [tag], pageSize: 100 })) listed.push(info.id);
    assert.equal(listed.length, 250);
    assert.equal(new Set(listed).size, 250, 'no session twice across pages');
    assert.deepEqual(new Set(listed), ids);
  });

  test('a command id runs once', async () => {
    const session = await make({ profile: 'idempotence' });
    await session.getActivePage().goto(`${SITE}/login`);
    const bump = { type: 'evaluate', expression: "() => { const n = Number(localStorage.getItem('n') || 0) + 1; localStorage.setItem('n', n); return n }" };
    const first = await session.act(bump, { commandId: `cmd_ts_once_${randomUUID().slice(0, 8)}` });
    const again = await session.act(bump, { commandId: first.commandId });
    assert.equal(first.result, 1);
    assert.equal(again.result, 1, 'the same command id gets the first outcome');
    assert.deepEqual(await session.getActivePage().localStorage(['n']), { n: '1' });
  });

  test('tags, metrics, history, snapshots, screenshot, connect URL and the API version', async () => {
    const session = await make({ profile: 'lifecycle', tags: ['a'], hibernationTier: 'hot', viewport: { width: 800, height: 600 } });
    assert.equal(session.info.hibernationTier, 'hot');
    const page = session.getActivePage();
    await page.goto(`${SITE}/login`);
    assert.deepEqual(await page.evaluate('() => [innerWidth, innerHeight]'), [800, 600]);
    assert.deepEqual((await session.patchTags({ add: ['b'] })).tags.sort(), ['a', 'b']);
    assert.deepEqual((await client.updateSessionTags(session.id, ['c'])).info.tags, ['c']);
    assert.ok(['LIVE', 'NONE', 'MONITOR_UNAVAILABLE'].includes((await session.getMetrics()).sample));
    await session.hibernate();
    assert.ok((await session.snapshots()).length > 0);
    const entries = [];
    for await (const entry of session.history(2)) entries.push(entry);
    assert.ok(entries.length > 2);
    assert.deepEqual(entries.map((e) => e.id), [...entries.map((e) => e.id)].sort((a, b) => a - b));
    const png = await (await session.resume()).getActivePage().screenshot();
    assert.deepEqual([...png.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.match(await session.connectUrl(), /^ws:\/\//);
    const reply = await client.transport.request('GET', '/v1/hibernation/tiers');
    assert.equal(reply.headers.get('dormouse-api-version'), API_VERSION);
  });
});
