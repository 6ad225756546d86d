import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses } from '../../server/schemas.js';
import { openAttachment } from './download.js';
import { AttachmentT, FileParams, UploadQuery } from './schemas.js';
import { uploadAttachment } from './upload.js';

const tags = ['files'];
const tooLarge = { 413: { $ref: 'ErrorBody' }, 415: { $ref: 'ErrorBody' } } as const;

/** 附件: upload (multipart, field "file"), and the file back to those whose area covers it. */
export async function filesRoutes(app: App, deps: AppDeps) {
  // Multipart only here; each upload sets the cap of its purpose (upload.ts).
  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: deps.config.fileMaxBytes, files: 1, fields: 5, fieldSize: 1024, parts: 6 } });
    scoped.withTypeProvider<TypeBoxTypeProvider>().post('/api/files', {
      config: { auth: { permission: 'files.upload' } },
      schema: {
        tags,
        summary: 'Upload an attachment (multipart field "file"): its type is judged from its bytes (JPEG, PNG, WebP, PDF as the purpose allows); it is kept for a day unless a record links it',
        consumes: ['multipart/form-data'],
        querystring: UploadQuery,
        response: { 200: AttachmentT, ...errorResponses, ...tooLarge },
      },
    }, async (req) => {
      const out = await uploadAttachment(deps, actorOf(req), { ...req.query, file: (opts) => req.file(opts) });
      req.audited = true;
      return out;
    });
  });

  app.get('/api/files/:id', {
    config: { auth: { permission: 'files.read' } },
    schema: {
      tags,
      summary: 'An attachment’s bytes (images inline, PDF as a download), only to users whose area covers it; before it is linked to its record, only to its uploader',
      params: FileParams,
      response: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses },
    },
  }, async (req, reply) => {
    const f = await openAttachment(deps.db, actorOf(req).user, req.params.id);
    return reply
      .header('Content-Type', f.type)
      .header('Content-Length', String(f.content.length))
      .header('Content-Disposition', f.disposition)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, max-age=3600')
      .header('ETag', `"${f.sha256}"`)
      .send(f.content);
  });
}
