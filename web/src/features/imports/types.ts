/** The import's shapes, from the generated API types (schema.gen.ts ← the server's route schemas). */
import type { ResponseOf } from '../../api/client';

export type ImportJob = ResponseOf<'/api/imports/{id}', 'get'>;
export type ImportState = ImportJob['state'];
export type ImportCounts = NonNullable<ImportJob['counts']>;
export type ImportProblem = NonNullable<ImportJob['problems']>[number];
export type MappedColumn = NonNullable<ImportJob['mapping']>[number];
export type ImportField = ResponseOf<'/api/imports/fields', 'get'>[number];
