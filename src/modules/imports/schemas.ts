import { Type } from 'typebox';
import { FIELD_KEYS } from './map/header.js';
import { BigId, INT32_MAX, RowId } from '../../server/schemas.js';

/**
 * The parts of a dry run and of a commit, in the order they run (the progress bar's steps). A commit that follows its
 * check at once (the command line) skips the check's registry_checks; an ordinary (not bulk) load has no index steps.
 */
export const CHECK_STEPS = ['read', 'file_checks', 'registry_checks', 'report'] as const;
export const COMMIT_STEPS = ['registry_checks', 'households', 'households_indexes', 'members', 'members_indexes', 'history', 'report'] as const;
export type ImportStep = (typeof CHECK_STEPS)[number] | (typeof COMMIT_STEPS)[number];

// null first: with coerceTypes, ajv would otherwise turn null into 0, false or an empty string.
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

export const JobState = Type.Union([
  Type.Literal('uploaded'),
  Type.Literal('checking'),
  Type.Literal('checked'),
  Type.Literal('importing'),
  Type.Literal('done'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);

export const ImportMode = Type.Union([Type.Literal('all_or_nothing'), Type.Literal('valid_only')]);

/** Column name as written in the file → field key (see GET /api/imports/fields), or null to ignore the column. */
export const MappingOverride = Type.Record(Type.String({ maxLength: 100 }), Nullable(Type.Union(FIELD_KEYS.map((k) => Type.Literal(k)))), {
  description: 'Column name in the file → field key, or null to ignore that column',
});

const RowCounts = Type.Object({
  total: Type.Integer(),
  valid: Type.Integer(),
  error: Type.Integer(),
  skipped: Type.Integer({ description: 'valid rows of households that have an error elsewhere (not imported)' }),
  new: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  warning: Type.Optional(Type.Integer({ description: 'rows with a warning (imported all the same)' })),
});
const HouseholdCounts = Type.Object({
  total: Type.Integer(),
  valid: Type.Integer(),
  error: Type.Integer(),
  new: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
});
export const Counts = Type.Object({ rows: RowCounts, households: HouseholdCounts, blankRows: Type.Integer() });

export const Problem = Type.Object({
  row: Type.Integer({ description: 'row number in the file (as Excel shows it)' }),
  column: Type.String({ description: 'column name as written in the file' }),
  field: Type.String(),
  code: Type.String(),
  zh: Type.String(),
  en: Type.String(),
});

export const MappedColumn = Type.Object({
  index: Type.Integer(),
  header: Type.String(),
  field: Nullable(Type.String()),
  source: Type.String({ description: 'synonym | user | none | duplicate' }),
});

export const ImportJob = Type.Object({
  id: Type.Integer(),
  state: Type.Union(JobState.anyOf, { description: 'uploaded → checking → checked → importing → done | failed; uploaded | checking | checked | failed → cancelled' }),
  fileName: Type.String(),
  fileType: Nullable(Type.String()),
  fileSize: Type.Integer(),
  encoding: Nullable(Type.String()),
  sheetName: Nullable(Type.String()),
  headerRow: Nullable(Type.Integer()),
  mode: Nullable(ImportMode),
  areaCode: Type.String(),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  checkedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  progress: Type.Object({
    rowsTotal: Nullable(Type.Integer()),
    rowsChecked: Type.Integer(),
    rowsWritten: Type.Integer(),
    bytesRead: Type.Integer(),
    percent: Type.Number(),
    step: Nullable(
      Type.Object(
        {
          name: Type.Unsafe<ImportStep>(Type.String({ enum: [...new Set<string>([...CHECK_STEPS, ...COMMIT_STEPS])] })),
          at: Type.String({ description: 'when the step began' }),
          done: Type.Optional(Type.Integer()),
          total: Type.Optional(Type.Integer()),
          bulk: Type.Optional(Type.Boolean({ description: 'households or members: written without their indexes, which the next step builds (a large first load)' })),
        },
        { description: 'what a running job is doing: the dry run reads (read), checks the file (file_checks) and the registry (registry_checks), writes the report; the commit checks the registry again, writes households, members (with their indexes rebuilt after a large first load: done of total), the history, the report' },
      ),
    ),
  }),
  counts: Nullable(Counts),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  reportReady: Type.Boolean(),
  filesRemovedAt: Nullable(Type.String({ description: 'when the upload and the report were deleted (cancelled, or IMPORT_RETENTION_DAYS after the last change): no report, no commit' })),
  cancellable: Type.Boolean({ description: 'the job can be cancelled now (POST /api/imports/{id}/cancel)' }),
  mapping: Type.Optional(Nullable(Type.Array(MappedColumn))),
  mappingOverride: Type.Optional(Nullable(Type.Record(Type.String(), Nullable(Type.String())))),
  exitYear: Type.Optional(Nullable(Type.Integer({ description: 'the 脱贫年度 given for the whole file in the mapping step' }))),
  problems: Type.Optional(Type.Array(Problem)),
  warnings: Type.Optional(Type.Array(Problem, { description: 'rows imported all the same that should be checked (unusual ages, household values kept, members disagreeing with their head’s row)' })),
});

export const UploadQuery = Type.Object({
  templateId: Type.Optional(RowId({ description: 'apply a saved column mapping' })),
  headerRow: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'the header row, when it cannot be found' })),
});

export const CheckBody = Type.Object({
  mapping: Type.Optional(MappingOverride),
  headerRow: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
  exitYear: Type.Optional(Nullable(Type.Integer({ minimum: 2013, maximum: 2100, description: '脱贫年度 of every 脱贫户 of a file without that column (null: none given)' }))),
});

export const CommitBody = Type.Object({
  mode: ImportMode,
  mapping: Type.Optional(MappingOverride),
  exitYear: Type.Optional(Nullable(Type.Integer({ minimum: 2013, maximum: 2100, description: '脱贫年度 of every 脱贫户 of a file without that column (null: none given)' }))),
});

export const ListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  state: Type.Optional(JobState),
  mine: Type.Optional(Type.Boolean()),
});

export const Template = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  areaCode: Type.String(),
  mapping: Type.Record(Type.String(), Nullable(Type.String())),
  headerRow: Nullable(Type.Integer()),
  createdBy: Nullable(Type.String()),
  updatedAt: Type.String(),
});

export const TemplateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  mapping: Type.Optional(MappingOverride),
  headerRow: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
  jobId: Type.Optional(BigId({ description: 'save the mapping this import job used' })),
});

export const FieldInfo = Type.Object({
  key: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  level: Type.String(),
  synonyms: Type.Array(Type.String()),
  required: Type.Boolean(),
});
