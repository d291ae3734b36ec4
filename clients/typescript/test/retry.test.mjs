// The client on its own, against a stand-in registry served here: retries reuse the command id, errors are typed.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, beforeEach, test } from 'node:test';

import { ActionFailed, ActionTimeout, Client, InvalidRequest, Session, SessionNotFound, WorkerTimeout } from '../dist/index.js';

let server;
let url;
let seen = [];
let failFirst = 0;

function answer(response, status, body) {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

before(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const command = request.headers['dormouse-command-id'];
      seen.push({ command, authorization: request.headers.authorization });
      if (request.url.startsWith('/v1/sessions/ses_missing')) {
        return answer(response, 404, { error: 'session-not-found', message: 'no session ses_missing' });
      }
      if (request.url.startsWith('/v1/sessions/ses_bad')) {
        return answer(response, 400, { error: 'invalid-request', message: 'url: must be absolute' });
      }
      if (request.url.startsWith('/v1/sessions/ses_slow')) {
        return answer(response, 200, { commandId: command, status: 'failed', error: { code: 'timeout', message: 'slow' } });
      }
      if (seen.length <= failFirst) {
        return answer(response, 504, { error: 'worker-timeout', message: 'no answer', commandId: command });
      }
      answer(response, 200, { commandId: command, status: 'completed', result: 'done', sessionState: 'ACTIVE' });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;
});

after(() => server.close());

beforeEach(() => {
  seen = [];
});

function session(id, retries = 2) {
  return new Session(new Client({ url, apiKey: 'dmk_test', retries }), { id, state: 'ACTIVE', tags: [] });
}

test('a retry sends the same command id', async () => {
  failFirst = 2;
  const result = await session('ses_flaky').act({ type: 'url' });
  assert.equal(result.result, 'done');
  assert.equal(seen.length, 3);
  assert.equal(new Set(seen.map((s) => s.command)).size, 1);
  assert.match(seen[0].command, /^cmd_/);
  assert.equal(seen[0].authorization, 'Bearer dmk_test');
});

test('out of retries, the error names the command', async () => {
  failFirst = 10;
  await assert.rejects(session('ses_flaky', 1).act({ type: 'url' }, { commandId: 'cmd_mine' }), (error) => {
    assert.ok(error instanceof WorkerTimeout);
    assert.equal(error.commandId, 'cmd_mine');
    return true;
  });
  assert.equal(seen.length, 2);
});

test('errors carry the code, and an action that ran and failed is not sent again', async () => {
  failFirst = 0;
  await assert.rejects(session('ses_missing').act({ type: 'url' }), (error) => {
    assert.ok(error instanceof SessionNotFound);
    assert.equal(error.code, 'session-not-found');
    assert.equal(error.status, 404);
    return true;
  });
  await assert.rejects(session('ses_bad').act({ type: 'navigate', url: 'relative' }), InvalidRequest);
  const before = seen.length;
  await assert.rejects(session('ses_slow').getActivePage().goto('http://127.0.0.1/'), (error) => {
    assert.ok(error instanceof ActionTimeout && error instanceof ActionFailed);
    assert.equal(error.code, 'timeout');
    return true;
  });
  assert.equal(seen.length, before + 1);
});
