import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/server/types.js';
import type { Session } from './app.js';

/** Small real files for the attachment tests: a 1×1 PNG, a tiny JPEG header, a one-page PDF. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'), Buffer.from([0xff, 0xd9])]);
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
export const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.from([0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0])]);

/** POST /api/files as a browser form would send it (multipart, field "file"). */
export function uploadFile(app: App, s: Session, q: { purpose: string; areaCode: string }, file: { name: string; content: Buffer; type?: string; field?: string }): Promise<LightMyRequestResponse> {
  const boundary = '----fangpin' + Math.random().toString(16).slice(2);
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name.replace(/["\\]/g, (c) => `\\${c}`)}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head, 'utf8'), file.content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return app.inject({
    method: 'POST',
    url: `/api/files?purpose=${encodeURIComponent(q.purpose)}&areaCode=${q.areaCode}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

/** Uploads and returns the attachment's id (fails the test if refused). */
export async function attach(app: App, s: Session, purpose: string, areaCode: string, file: { name: string; content: Buffer } = { name: '授权承诺书.png', content: PNG }): Promise<string> {
  const r = await uploadFile(app, s, { purpose, areaCode }, file);
  assert.equal(r.statusCode, 200, r.body);
  return r.json().id as string;
}

/**
 * The attachments a visit and an appraisal carry (the signed authorisation, the minutes), uploaded by whoever acts
 * for the case's village, unless the body names its own. Someone who may not upload there gets an id that exists
 * nowhere: the step is then refused for who he is, before any attachment is looked at.
 */
export async function withStepFiles(app: App, who: Session, village: string, body: object): Promise<object> {
  const upload = async (purpose: string, name: string, content: Buffer) => {
    const r = await uploadFile(app, who, { purpose, areaCode: village }, { name, content });
    return r.statusCode === 200 ? (r.json().id as string) : 'AAAAAAAAAAAAAAAAAAAAAA';
  };
  const b = body as { visit?: Record<string, unknown>; appraisal?: Record<string, unknown> };
  if (b.visit && !('authorisation' in b.visit)) return { ...b, visit: { ...b.visit, authorisation: [await upload('monitoring.authorisation', '授权承诺书.png', PNG)] } };
  if (b.appraisal && !('minutes' in b.appraisal)) return { ...b, appraisal: { ...b.appraisal, minutes: [await upload('monitoring.minutes', '评议记录.pdf', PDF)] } };
  return body;
}
