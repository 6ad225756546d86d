/**
 * The web app's API types (web/src/api/schema.gen.ts) are generated from the server's OpenAPI document. When a route
 * schema changes without `npm run gen:api`, this fails: the web would compile against shapes the server no longer has.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { generateApiTypes, SCHEMA_FILE } from '../scripts/gen-api.js';

test('web/src/api/schema.gen.ts matches the server’s route schemas (run `npm run gen:api` after changing them)', async () => {
  const fresh = await generateApiTypes();
  const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
  if (fresh !== committed) {
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(`schema.gen.ts is stale (first difference at line ${line + 1}: committed "${a[line]?.trim()}", now "${b[line]?.trim()}"); run npm run gen:api`);
  }
  // Every route the web calls is in it.
  for (const p of ['/api/auth/me', '/api/users', '/api/audit', '/api/areas', '/api/households', '/api/imports/{id}']) {
    assert.ok(fresh.includes(`"${p}": {`), `${p} missing from the generated types`);
  }
});
