import { defineFilePurposes, IMAGE_TYPES, MB } from '../files/purposes.js';

/** The attachments of assistance (files/purposes.ts): a helper's visit photos — images only, as a phone takes them. */
export const ASSISTANCE_FILE_PURPOSES = defineFilePurposes({
  'assistance.photo': { zh: '走访照片', en: 'visit photos', types: IMAGE_TYPES, maxBytes: 10 * MB },
});
