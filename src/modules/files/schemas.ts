import { Type } from 'typebox';

/** An attachment's public id: 128 random bits, base64url (never the table's serial). */
export const AttachmentId = () => Type.String({ pattern: '^[A-Za-z0-9_-]{22}$', description: 'An attachment id (POST /api/files)' });

export const UploadQuery = Type.Object(
  {
    purpose: Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z_.]+$', description: 'What the file is for (monitoring.authorisation, monitoring.photo, monitoring.minutes …): decides the types and size allowed' },),
    areaCode: Type.String({ pattern: '^\\d{12}$', description: 'The area (village) of the record the file is for; must be in the uploader’s area' }),
  },
  { additionalProperties: false },
);

export const AttachmentT = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.Union([Type.Literal('image/jpeg'), Type.Literal('image/png'), Type.Literal('image/webp'), Type.Literal('application/pdf')]),
  size: Type.Integer(),
});

export const FileParams = Type.Object({ id: AttachmentId() });
