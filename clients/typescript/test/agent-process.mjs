// One agent process, as a user's script would be:
//   node agent-process.mjs login SITE USER   prints the new session's id after logging in
//   node agent-process.mjs check SESSION_ID  resumes it in a fresh process and prints who the page says is logged in
import { Client } from '../dist/index.js';

const [phase, ...args] = process.argv.slice(2);
const client = new Client();
if (phase === 'login') {
  const [site, user] = args;
  const session = await client.createSession({ profile: 'ts-client', tags: ['ts-client-test'] });
  const page = session.getActivePage();
  await page.goto(`${site}/login`);
  await page.fill('#user', user);
  await page.click('#submit');
  await page.waitForUrl({ regex: '.*/app$' });
  console.log(JSON.stringify({ id: session.id, user: await page.evaluate("() => document.querySelector('#user').textContent") }));
} else {
  const session = await client.resumeSession(args[0]);
  const page = session.getActivePage();
  console.log(JSON.stringify({
    id: session.id,
    state: session.state,
    url: await page.url(),
    user: await page.evaluate("() => document.querySelector('#user').textContent"),
    cookies: (await page.cookies()).map((cookie) => cookie.name),
  }));
}
