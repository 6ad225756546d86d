import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { SessionUser } from '../../server/context.js';
import { AppError } from './errors.js';
import { contentDisposition, downloadName } from './names.js';
import { attachmentForReader } from './repo.js';

/**
 * An attachment for its reader, or FILE_NOT_FOUND (404) alike when it does not exist, lies outside the reader's area,
 * or is someone else's upload not yet linked: nothing tells them apart. Images are shown inline (the web app's
 * thumbnails); a PDF is a download — the API's Content-Security-Policy (default-src 'none') would not let a
 * browser's PDF viewer run in the page, and a download never runs anything of ours.
 */
export async function openAttachment(db: Kysely<DB>, user: SessionUser, token: string) {
  const f = await attachmentForReader(db, token, user);
  if (!f) throw new AppError('FILE_NOT_FOUND');
  const kind = f.content_type === 'application/pdf' ? 'attachment' : 'inline';
  return { type: f.content_type, content: f.content, sha256: f.sha256, disposition: contentDisposition(kind, downloadName(f.name, f.content_type)) };
}
