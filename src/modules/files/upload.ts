import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MultipartFile } from '@fastify/multipart';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../core/config.js';
import { nowOf } from '../../core/clock.js';
import { assertInScope } from '../../core/scope.js';
import type { Actor } from '../../server/context.js';
import { recordAudit } from '../audit/repo.js';
import { auditActor } from '../audit/actor.js';
import { AppError } from './errors.js';
import { cleanFileName } from './names.js';
import { filePurpose, MB, TYPE_LABEL, type FilePurpose } from './purposes.js';
import { areaExists, insertAttachment, type AttachmentInfo } from './repo.js';
import { sniffType } from './sniff.js';

type Deps = { db: Kysely<DB>; config: Config };
type GetFile = (opts: { limits: { fileSize: number; files: number; fields: number; parts: number; fieldSize: number }; throwFileSizeLimit: boolean }) => Promise<MultipartFile | undefined>;

/** The purpose's limit, capped by the server's FILE_MAX_MB. */
export function limitOf(purpose: FilePurpose, config: Config): number {
  return Math.min(purpose.maxBytes, config.fileMaxBytes);
}

/**
 * 上传附件: the purpose and area are checked first (the area in the uploader's scope), then the file is read with
 * the purpose's size cap (busboy stops at the cap: no more than the limit is ever held), its type sniffed from its
 * bytes, and it is stored unlinked: the record it is for links it when that record is saved (claimAttachments), and
 * housekeeping removes it after a day otherwise. A refused file stores nothing.
 */
export async function uploadAttachment(deps: Deps, actor: Actor, input: { purpose: string; areaCode: string; file: GetFile }): Promise<AttachmentInfo> {
  const purpose = filePurpose(input.purpose);
  if (!purpose) throw new AppError('FILE_PURPOSE_UNKNOWN', { purpose: input.purpose });
  assertInScope(input.areaCode, actor.user);
  if (!(await areaExists(deps.db, input.areaCode))) throw new AppError('VALIDATION_FAILED', { reason: 'areaCode: no such area' });

  const maxBytes = limitOf(purpose, deps.config);
  const part = await filePart(() => input.file({ limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024 }, throwFileSizeLimit: false }));
  const name = cleanFileName(part.filename);
  const content = await readCapped(part, name, maxBytes);
  if (content.length === 0) throw new AppError('FILE_EMPTY', { name });
  const type = sniffType(content.subarray(0, 16));
  if (!type || !purpose.types.includes(type)) {
    throw new AppError('FILE_TYPE_NOT_ALLOWED', { name, purposeZh: purpose.zh, purposeEn: purpose.en, allowed: purpose.types.map((t) => TYPE_LABEL[t]).join('/') });
  }
  const token = crypto.randomBytes(16).toString('base64url');
  const sha256 = crypto.createHash('sha256').update(content).digest('hex');
  await deps.db.transaction().execute(async (trx) => {
    const id = await insertAttachment(trx, {
      token, ownerId: actor.user.id, areaCode: input.areaCode, purpose: input.purpose, name, type, size: content.length, sha256, content, createdAt: nowOf(deps.config),
    });
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'files.upload',
      targetType: 'attachment',
      targetId: id,
      detail: { id: token, purpose: input.purpose, areaCode: input.areaCode, type, size: content.length, sha256 },
    });
  });
  return { id: token, name, type, size: content.length };
}

async function filePart(file: () => Promise<MultipartFile | undefined>): Promise<MultipartFile> {
  let part;
  try {
    part = await file();
  } catch (err) {
    throw (err as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' ? new AppError('UNSUPPORTED_MEDIA_TYPE') : err;
  }
  if (!part || part.fieldname !== 'file') {
    part?.file.resume();
    throw new AppError('FILE_MISSING');
  }
  // Its file name is the one string the request guard (server/validation.ts) cannot see: cleanFileName makes it
  // storable (NUL, lone surrogates, control characters, folders) instead of refusing a phone's odd name.
  return part;
}

/** The file's bytes, at most `maxBytes` of them: a larger file is refused once the cap is reached (busboy drops the rest). */
async function readCapped(part: MultipartFile, name: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.file) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) break;
    chunks.push(chunk as Buffer);
  }
  if (size > maxBytes || part.file.truncated) {
    part.file.resume();
    throw new AppError('FILE_TOO_LARGE', { name, limit: `${Math.round((maxBytes / MB) * 10) / 10} MB` });
  }
  return Buffer.concat(chunks, size);
}
