import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import type { FieldCipher } from '../../core/field-crypto.js';
import { maskId, normaliseIdInput, parseIdNumber, ID_PROBLEM_TEXT } from '../../core/idcard.js';
import { hasUnstorableChar, storableText } from '../../core/text.js';
import type { Actor, SessionUser } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { namePinyin } from '../households/pinyin.js';
import { BAD, identifierText } from '../imports/map/values.js';
import { isEmptyRow, readSheets, type SheetRow } from '../imports/parse/sheet.js';
import { sniffFile, type FileInfo } from '../imports/parse/sniff.js';
import { AppError } from './errors.js';
import {
  clearRows, datasetFor, datasetResults, insertDataset, insertRows, latestRun, nextVersion, problemRows, saveMapping, savedMapping, setParsed,
  submitDataset, submittedVersion, type DatasetRow, type RowInsert,
} from './repo.js';
import { simplified } from './similarity.js';
import { detectColumns, missingColumns, readValue, templateOf, type CellProblem, type ColumnMap, type DatasetTemplate, type Mapping } from './templates.js';

export interface ScreeningDeps {
  db: Kysely<DB>;
  config: Config;
  cipher: FieldCipher;
}

const BATCH = 2000;

/** The key a reviewer's decision is remembered by: keyed hash of the person as the department wrote it (no clear data). */
export function pairKey(cipher: FieldCipher, name: string, birth: string | null, id: string | null): string {
  return cipher.blindIndex(`screening-pair|${simplified(name)}|${birth ?? ''}|${id ?? ''}`);
}

function templateForUser(user: SessionUser, key: string): DatasetTemplate {
  const tpl = templateOf(key);
  if (!tpl) throw new AppError('SCREENING_TEMPLATE_UNKNOWN', { template: key });
  if (!user.department) throw new AppError('SCREENING_NO_DEPARTMENT');
  if (tpl.department !== user.department) throw new AppError('SCREENING_TEMPLATE_DEPARTMENT', { templateZh: tpl.zh, templateEn: tpl.en });
  return tpl;
}

/**
 * 上传: a department officer's file for one template and month. The file streams to disk (DATA_DIR/screening, mode
 * 600), is read with the import's readers (CSV in UTF-8 or GBK, .xlsx, title rows), mapped with the department's saved
 * mapping, and its rows kept as a draft with their problems. A month already submitted needs `correction` (a new
 * version). A file without a header is refused and nothing kept.
 */
export async function uploadDataset(
  deps: ScreeningDeps,
  actor: Actor,
  input: { file: () => Promise<MultipartFile | undefined>; template: string; period: string; correction?: boolean },
) {
  const { db } = deps;
  const user = actor.user;
  const tpl = templateForUser(user, input.template);
  const current = await submittedVersion(db, user.areaCode, tpl.key, input.period);
  if (current && !input.correction) throw new AppError('SCREENING_PERIOD_SUBMITTED', { period: input.period, templateZh: tpl.zh, templateEn: tpl.en, version: current.version });
  const part = await filePart(input.file);
  const dir = path.join(deps.config.dataDir, 'screening');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `${crypto.randomUUID()}.upload`);
  let info: FileInfo;
  try {
    await pipeline(part.file, fs.createWriteStream(tmp, { mode: 0o600 }));
    if (part.file.truncated) throw new AppError('SCREENING_FILE_TOO_LARGE', { limit: `${Math.round(deps.config.importMaxBytes / 1024 / 1024)} MB` });
    info = await sniffFile(tmp);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
  const filePath = tmp.replace(/\.upload$/, `.${info.type}`);
  await fs.promises.rename(tmp, filePath);
  try {
    const saved = await savedMapping(db, user.areaCode, user.department!, tpl.key);
    const mapping = (saved?.mapping ?? {}) as Mapping;
    const fileName = storableText((part.filename ?? '').replace(/[\\/]/g, '_')) || 'upload';
    const id = await db.transaction().execute(async (trx) => {
      const version = await nextVersion(trx, user.areaCode, tpl.key, input.period);
      const id = await insertDataset(trx, {
        area_code: user.areaCode, area_level: user.areaLevel, department: user.department!, template: tpl.key, period: input.period, version,
        file_name: fileName, file_path: filePath, file_type: info.type, uploaded_by: user.id,
      });
      await parseInto(deps, trx, id, tpl, filePath, info, mapping, saved?.header_row ?? undefined);
      await recordAudit(trx, {
        ...auditActor(actor), action: 'screening.dataset_upload', targetType: 'screening_dataset', targetId: id,
        detail: { before: null, after: { template: tpl.key, period: input.period, version, fileName } },
      });
      return id;
    });
    return datasetView(deps, user, id);
  } catch (err) {
    await fs.promises.rm(filePath, { force: true });
    throw err;
  }
}

async function filePart(file: () => Promise<MultipartFile | undefined>): Promise<MultipartFile> {
  let part;
  try {
    part = await file();
  } catch (err) {
    throw (err as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' ? new AppError('UNSUPPORTED_MEDIA_TYPE') : err;
  }
  if (!part) throw new AppError('SCREENING_FILE_EMPTY');
  if (hasUnstorableChar(part.filename ?? '')) {
    part.file.resume();
    throw new AppError('VALIDATION_FAILED', { reason: 'file.filename must not contain NUL characters or unpaired surrogates' });
  }
  return part;
}

/** Reads the file into the draft's rows (replacing any): header, mapping, every row's values and problems. */
async function parseInto(deps: ScreeningDeps, db: Kysely<DB>, datasetId: number, tpl: DatasetTemplate, filePath: string, info: FileInfo, mapping: Mapping, headerRow?: number) {
  await clearRows(db, datasetId);
  let cols: ColumnMap | undefined;
  let head: SheetRow[] = [];
  let rest: AsyncIterator<SheetRow> | undefined;
  for await (const sheet of readSheets(filePath, info)) {
    head = [];
    const it = sheet.rows[Symbol.asyncIterator]();
    while (head.length < 20) {
      const n = await it.next();
      if (n.done) break;
      head.push(n.value);
    }
    cols = detectColumns(tpl, head, mapping, headerRow);
    if (cols) {
      rest = it;
      break;
    }
  }
  if (!cols) throw new AppError('SCREENING_HEADER_NOT_FOUND', { templateZh: tpl.zh, templateEn: tpl.en });
  const missing = missingColumns(tpl, cols);
  const fileProblems = missing.map((f) => ({ code: 'column_missing', field: f.key, zh: `缺少必填列“${f.zh}”`, en: `Required column “${f.en}” is missing` }));
  const mapped = Object.fromEntries(cols.columns.filter((c) => c.header).map((c) => [c.header, c.field]));
  let count = 0;
  let errors = 0;
  let warnings = 0;
  if (!missing.length) {
    let batch: RowInsert[] = [];
    const take = async (row: SheetRow) => {
      if (row.rowNo <= cols.headerRow || isEmptyRow(row.cells)) return;
      const r = mapRow(deps.cipher, tpl, cols, row, datasetId);
      count++;
      if (r.has_error) errors++;
      else if (r.problems !== '[]') warnings++;
      batch.push(r);
      if (batch.length >= BATCH) {
        await insertRows(db, batch);
        batch = [];
      }
    };
    for (const row of head) await take(row);
    for (let n = await rest!.next(); !n.done; n = await rest!.next()) await take(n.value);
    await insertRows(db, batch);
  }
  await setParsed(db, datasetId, { header_row: cols.headerRow, mapping: mapped, file_problems: fileProblems, row_count: count, error_rows: errors, warning_rows: warnings });
}

/** One file row → a stored row: the ID number encrypted with its blind index and masked copy, never in clear. */
export function mapRow(cipher: FieldCipher, tpl: DatasetTemplate, cols: ColumnMap, row: SheetRow, datasetId: number): RowInsert {
  const problems: CellProblem[] = [];
  const col = (key: string) => (cols.index[key] === undefined ? undefined : row.cells[cols.index[key]!]);
  const label = (key: string) => (cols.index[key] === undefined ? key : cols.columns[cols.index[key]!]!.header);
  const add = (field: string, severity: CellProblem['severity'], code: string, zh: string, en: string) => problems.push({ field, column: label(field), severity, code, zh, en });
  const data: Record<string, string | number | boolean> = {};
  let name: string | null = null;
  let birth: string | null = null;
  let gender: string | null = null;
  let villageCode: string | null = null;
  let idEnc: string | null = null;
  let idIdx: string | null = null;
  let idMasked: string | null = null;
  let idForKey: string | null = null;
  for (const f of tpl.fields) {
    const cell = col(f.key);
    if (f.key === 'idNumber') {
      if (cell === undefined) continue;
      const { value, lost } = identifierText(cell);
      if (lost) {
        add(f.key, 'error', 'id_lost', '身份证号被存成了数字，后几位已丢失：请将该列设为文本后重新导出', 'The ID number was stored as a number and lost its last digits');
        continue;
      }
      if (!value) continue;
      const raw = storableText(normaliseIdInput(value));
      const parsed = parseIdNumber(raw);
      if (parsed.ok) {
        idEnc = cipher.encrypt(parsed.value.id);
        idIdx = cipher.blindIndex(parsed.value.id);
        idMasked = maskId(parsed.value.id);
        idForKey = parsed.value.id;
        birth = parsed.value.birthDate;
        gender = parsed.value.gender;
      } else {
        // Kept (encrypted) for fuzzy matching; its birth date read when the date part is a real day.
        idEnc = cipher.encrypt(raw);
        idMasked = maskId(raw);
        idForKey = raw;
        const d = /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(raw);
        if (d && d[2]! >= '01' && d[2]! <= '12' && d[3]! >= '01' && d[3]! <= '31') birth = `${d[1]}-${d[2]}-${d[3]}`;
        const t = ID_PROBLEM_TEXT[parsed.problem];
        add(f.key, 'warning', 'id_invalid', `${t.zh}：只能按姓名和出生日期模糊匹配`, `${t.en}: matched by name and birth date only`);
      }
      continue;
    }
    const v = readValue(f, cell);
    if (v === BAD) {
      add(f.key, 'error', 'value_bad', `“${label(f.key)}”的值无法识别`, `Cannot read the value of “${label(f.key)}”`);
      continue;
    }
    if (v === undefined || v === '') {
      if (f.required) add(f.key, 'error', 'required_empty', `“${f.zh}”不能为空`, `“${f.en}” is required`);
      continue;
    }
    if (f.key === 'name') name = storableText(String(v)).replace(/\s+/g, '');
    else if (f.key === 'birthDate') {
      if (birth && birth !== v) add(f.key, 'warning', 'birth_differs', '出生日期与身份证号不一致，按身份证号', 'Birth date differs from the ID number; the ID number is used');
      birth ??= String(v);
    } else if (f.key === 'gender') gender ??= String(v);
    else if (f.key === 'villageCode') {
      const code = String(v);
      if (/^\d{12}$/.test(code)) villageCode = code;
      else add(f.key, 'warning', 'village_code', '村代码应为 12 位数字，已忽略', 'A village code has 12 digits; ignored');
    } else data[f.key] = typeof v === 'string' ? storableText(v) : v;
  }
  if (name && !idIdx && !birth) add('idNumber', 'warning', 'unmatchable', '无有效身份证号和出生日期，无法比对', 'No valid ID number and no birth date: cannot be matched');
  return {
    dataset_id: datasetId,
    row_no: row.rowNo,
    name,
    name_pinyin: name ? namePinyin(simplified(name)).full : null,
    id_enc: idEnc,
    id_idx: idIdx,
    id_masked: idMasked,
    birth_date: birth,
    gender,
    village_code: villageCode,
    data: JSON.stringify(data),
    problems: JSON.stringify(problems),
    has_error: problems.some((p) => p.severity === 'error'),
    pair_key: name ? pairKey(cipher, name, birth, idForKey) : null,
  };
}

/** 调整映射: the draft read again with the user's mapping, which is saved for the department's next file. */
export async function remapDataset(deps: ScreeningDeps, actor: Actor, id: number, input: { mapping: Mapping; headerRow?: number }) {
  const { db } = deps;
  const d = await datasetFor(db, actor.user, id);
  if (actor.user.role !== 'dept_officer') throw new AppError('SCREENING_DATASET_NOT_FOUND');
  if (d.state !== 'draft' || !d.file_path) throw new AppError('SCREENING_DATASET_SUBMITTED');
  const tpl = templateForUser(actor.user, d.template);
  const keys = new Set(tpl.fields.map((f) => f.key));
  for (const [column, field] of Object.entries(input.mapping)) {
    if (field !== null && !keys.has(field)) throw new AppError('SCREENING_MAPPING_INVALID', { column, field });
  }
  const info = await sniffFile(d.file_path);
  await db.transaction().execute(async (trx) => {
    await parseInto(deps, trx, id, tpl, d.file_path!, info, input.mapping, input.headerRow);
    await saveMapping(trx, { area_code: d.area_code, department: d.department, template: d.template, mapping: input.mapping, header_row: input.headerRow ?? null, updated_by: actor.user.id });
    await recordAudit(trx, { ...auditActor(actor), action: 'screening.dataset_remap', targetType: 'screening_dataset', targetId: id, detail: { before: { mapping: d.mapping }, after: { mapping: input.mapping } } });
  });
  return datasetView(deps, actor.user, id);
}

/** 提交: a draft without errors becomes the month's dataset (the previous version superseded); immutable from here. */
export async function submitDatasetCase(deps: ScreeningDeps, actor: Actor, id: number) {
  const { db } = deps;
  const d = await datasetFor(db, actor.user, id);
  if (actor.user.role !== 'dept_officer') throw new AppError('SCREENING_DATASET_NOT_FOUND');
  if (d.state !== 'draft') throw new AppError('SCREENING_DATASET_SUBMITTED');
  const problems = (d.file_problems as unknown[]).length + d.error_rows;
  if (problems) throw new AppError('SCREENING_DATASET_HAS_ERRORS', { count: problems });
  await db.transaction().execute(async (trx) => {
    await submitDataset(trx, d, actor.user.id);
    await recordAudit(trx, { ...auditActor(actor), action: 'screening.dataset_submit', targetType: 'screening_dataset', targetId: id, detail: { before: { state: 'draft' }, after: { state: 'submitted', version: d.version } } });
  });
  if (d.file_path) await fs.promises.rm(d.file_path, { force: true });
  return datasetView(deps, actor.user, id);
}

/** A dataset as its officer or the county sees it: counts, match summary, results sent back — no household. */
export async function datasetView(deps: ScreeningDeps, user: SessionUser, id: number) {
  const d = await datasetFor(deps.db, user, id);
  return viewOf(deps, d);
}

export async function viewOf(deps: ScreeningDeps, d: DatasetRow) {
  const run = await latestRun(deps.db, d.id);
  const results = await datasetResults(deps.db, d.id);
  const tpl = templateOf(d.template);
  const matched = run ? run.exact + run.remembered : 0;
  return {
    id: d.id,
    template: d.template,
    templateZh: tpl?.zh ?? d.template,
    templateEn: tpl?.en ?? d.template,
    department: d.department,
    areaCode: d.area_code,
    period: d.period,
    version: d.version,
    state: d.state,
    fileName: d.file_name,
    headerRow: d.header_row,
    mapping: d.mapping as Record<string, string | null>,
    fileProblems: d.file_problems as { code: string; field: string; zh: string; en: string }[],
    rowCount: d.row_count,
    errorRows: d.error_rows,
    warningRows: d.warning_rows,
    createdAt: d.created_at.toISOString(),
    submittedAt: d.submitted_at?.toISOString() ?? null,
    match: run
      ? { runId: run.id, finishedAt: run.finished_at?.toISOString() ?? null, total: run.total, matched, candidates: run.candidates, unmatched: run.unmatched, rate: run.total ? Math.round((matched / run.total) * 1000) / 1000 : 0 }
      : null,
    results: results.map((r) => ({ rule: r.rule, state: r.state, count: r.n })),
  };
}

export async function datasetProblems(deps: ScreeningDeps, user: SessionUser, id: number, page: number, pageSize: number) {
  const d = await datasetFor(deps.db, user, id);
  // The rows' content is the department's own: only its officer reads it.
  if (user.role !== 'dept_officer') throw new AppError('SCREENING_DATASET_NOT_FOUND');
  const r = await problemRows(deps.db, d.id, page, pageSize);
  return { total: r.total, items: r.rows.map((x) => ({ rowNo: x.row_no, name: x.name, idMasked: x.id_masked, hasError: x.has_error, problems: x.problems as CellProblem[] })) };
}
