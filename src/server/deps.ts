import type { Config } from '../core/config.js';
import type { Database } from '../db/database.js';
import type { FieldCipher } from '../core/field-crypto.js';

/** What the app is built from: passed to route modules, which pass `db` and `config` on to domain functions. */
export interface AppDeps {
  db: Database;
  config: Config;
  databaseMode: 'embedded' | 'external';
  version: string;
  /** SM4 + blind index for ID numbers and phones. */
  cipher: FieldCipher;
}
