import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/server/app.js';
import type { App } from '../src/server/types.js';
import { buildTestContext, testCipher, type TestContext } from './helpers/app.js';

let ctx: TestContext;
let app: App;
let dist: string;
before(async () => {
  ctx = await buildTestContext();
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'fangpin-csp-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>防贫</title><div id="root"></div><script type="module" src="/assets/app.js"></script>');
  fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
  app = await buildApp({ db: ctx.db, config: ctx.config, databaseMode: 'external', version: 'test', cipher: testCipher }, { logger: false, webDist: dist });
});
after(async () => {
  await app.close();
  await ctx.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

/** The policy of a response as directive → sources. */
function policy(res: { headers: Record<string, unknown> }): Map<string, string[]> {
  const header = res.headers['content-security-policy'];
  assert.equal(typeof header, 'string', 'a Content-Security-Policy header');
  return new Map(
    (header as string).split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
      const [name, ...sources] = d.split(/\s+/);
      return [name!, sources];
    }),
  );
}

test('the web app’s pages get a policy: scripts only from the server, no plug-ins, no framing, no foreign base or forms', async () => {
  for (const url of ['/', '/users', '/households/12', '/assets/app.js']) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 200, url);
    const p = policy(res);
    assert.deepEqual(p.get('default-src'), ["'self'"], url);
    assert.deepEqual(p.get('script-src'), ["'self'"], url); // no inline script, no eval
    assert.deepEqual(p.get('object-src'), ["'none'"], url);
    assert.deepEqual(p.get('frame-ancestors'), ["'none'"], url);
    assert.deepEqual(p.get('base-uri'), ["'self'"], url);
    assert.deepEqual(p.get('form-action'), ["'self'"], url);
    assert.deepEqual(p.get('connect-src'), ["'self'"], url);
    // Ant Design writes its styles at run time (CSS-in-JS); the favicon is a data: URI.
    assert.deepEqual(p.get('style-src'), ["'self'", "'unsafe-inline'"], url);
    assert.ok(p.get('img-src')?.includes('data:'), url);
  }
});

test('the API’s answers get a strict policy: nothing may load, nothing may frame them', async () => {
  for (const url of ['/api/health', '/api/nope', '/api/users', '/api/openapi.json']) {
    const p = policy(await app.inject({ url }));
    assert.deepEqual(p.get('default-src'), ["'none'"], url);
    assert.deepEqual(p.get('frame-ancestors'), ["'none'"], url);
  }
});

test('the Swagger UI at /api/docs gets a policy it works under: its own scripts and styles, nothing foreign', async () => {
  const page = await app.inject({ url: '/api/docs' });
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /<script>(?!\s*<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script to allow');
  const p = policy(page);
  assert.deepEqual(p.get('script-src'), ["'self'"]);
  assert.deepEqual(p.get('object-src'), ["'none'"]);
  assert.deepEqual(p.get('frame-ancestors'), ["'none'"]);
  assert.deepEqual(policy(await app.inject({ url: '/api/docs/static/swagger-initializer.js' })).get('script-src'), ["'self'"]);
});
