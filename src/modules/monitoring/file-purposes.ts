import { defineFilePurposes, DOCUMENT_TYPES, IMAGE_TYPES, MB } from '../files/purposes.js';

/**
 * The attachments the monitoring chain's forms carry (files/purposes.ts): the household's signed authorisation and
 * commitment (授权承诺书) and the photos of a home visit, the minutes of a village appraisal. A scan of a signed paper
 * is a photo or a PDF; photos are images only.
 */
export const MONITORING_FILE_PURPOSES = defineFilePurposes({
  'monitoring.authorisation': { zh: '授权承诺书', en: 'the authorisation and commitment', types: DOCUMENT_TYPES, maxBytes: 10 * MB },
  'monitoring.photo': { zh: '入户照片', en: 'visit photos', types: IMAGE_TYPES, maxBytes: 10 * MB },
  'monitoring.minutes': { zh: '评议会议记录', en: 'the appraisal minutes', types: DOCUMENT_TYPES, maxBytes: 10 * MB },
});
