// Drives a Dormouse session through the CDP gateway with Puppeteer, as an agent would.
//   node puppeteer-session.mjs login CDP_URL SITE_URL USER   logs in on a fresh page, then closes the browser
//   node puppeteer-session.mjs check CDP_URL                 reports the session's pages, then disconnects
// Prints one JSON line with what it saw.
import puppeteer from 'puppeteer-core';

const [phase, cdpUrl, site, user] = process.argv.slice(2);
const browser = await puppeteer.connect({ browserWSEndpoint: cdpUrl, defaultViewport: null, protocolTimeout: 60000 });
try {
  if (phase === 'login') {
    const existing = await browser.pages();
    const page = existing.length > 0 ? existing[0] : await browser.newPage();
    await page.goto(`${site}/login`);
    await page.type('#user', user);
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    const shown = await page.$eval('#user', (element) => element.textContent);
    const extra = await browser.newPage();
    await extra.goto(`${site}/plain.html`);
    await extra.close();
    console.log(JSON.stringify({ url: page.url(), user: shown, contexts: browser.browserContexts().length }));
    // Puppeteer's close() asks the browser to close; the gateway only lets this client go.
    await browser.close();
  } else {
    const pages = await browser.pages();
    const app = pages.find((page) => page.url().endsWith('/app'));
    const shown = app ? await app.$eval('#user', (element) => element.textContent) : null;
    console.log(JSON.stringify({ urls: pages.map((page) => page.url()), user: shown }));
    await browser.disconnect();
  }
} catch (error) {
  console.log(JSON.stringify({ error: String(error && error.stack || error) }));
  process.exitCode = 1;
  await browser.disconnect();
}
