import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import { type Lang } from '../../../core/errors.js';
import { hasUnstorableChar } from '../../../core/text.js';
import { AppError } from '../errors.js';
import type { Actor } from '../../../server/context.js';
import type { MappingOverride } from '../map/header.js';
import { sniffFile } from '../parse/sniff.js';
import { usableTemplate } from '../template/saved.js';
import { createJob } from './create.js';
import { getJobDto, type ImportJobDto } from './query.js';
import { storedFileName, type ImportDeps } from './record.js';
import { dispatchImport } from './worker.js';

/**
 * 上传: the file streams to disk under DATA_DIR/imports (mode 600), never into memory; an empty file, one that is not a
 * spreadsheet, a zip bomb, or an unknown template is refused and nothing is kept. Then the job, and its dry run in
 * the background.
 */
export async function uploadImport(
  deps: ImportDeps,
  actor: Actor,
  input: { file: () => Promise<MultipartFile | undefined>; templateId?: number; headerRow?: number },
  lang: Lang,
  log: (err: unknown) => void,
): Promise<ImportJobDto> {
  const part = await filePart(input.file);
  const tmp = await receive(deps, part);
  let info;
  try {
    info = await sniffFile(tmp);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
  const filePath = tmp.replace(/\.upload$/, `.${info.type}`);
  await fs.promises.rename(tmp, filePath);
  let override: MappingOverride | undefined;
  let headerRow = input.headerRow;
  if (input.templateId) {
    try {
      const t = await usableTemplate(deps.db, actor.user, input.templateId);
      override = t.mapping;
      headerRow ??= t.headerRow ?? undefined;
    } catch (err) {
      await fs.promises.rm(filePath, { force: true });
      throw err;
    }
  }
  const fileName = (part.filename ?? '').replace(/[\\/]/g, '_') || 'upload';
  const id = await createJob(deps, actor, { fileName, filePath, info, override, headerRow });
  await dispatchImport(deps, { jobId: id, action: 'check' }, log);
  return getJobDto(deps.db, actor.user, id, lang);
}

async function filePart(file: () => Promise<MultipartFile | undefined>): Promise<MultipartFile> {
  let part;
  try {
    part = await file();
  } catch (err) {
    throw (err as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' ? new AppError('UNSUPPORTED_MEDIA_TYPE') : err;
  }
  if (!part) throw new AppError('IMPORT_FILE_EMPTY');
  // The one string of an upload the request guard (server/validation.ts) cannot see: its file name.
  if (hasUnstorableChar(part.filename ?? '')) {
    part.file.resume();
    throw new AppError('VALIDATION_FAILED', { reason: 'file.filename must not contain NUL characters or unpaired surrogates' });
  }
  return part;
}

/** The upload under a name of our own (never the user's: no path tricks, no collisions); too large: nothing kept. */
async function receive(deps: ImportDeps, part: MultipartFile): Promise<string> {
  const limit = `${Math.round(deps.config.importMaxBytes / 1024 / 1024)} MB`;
  const tmp = storedFileName(deps.config, 'upload');
  try {
    await pipeline(part.file, fs.createWriteStream(tmp, { mode: 0o600 }));
    if (part.file.truncated) throw new AppError('IMPORT_FILE_TOO_LARGE', { limit });
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('IMPORT_FILE_TOO_LARGE', { limit });
    throw err;
  }
  return tmp;
}
