import { defineErrors } from '../../core/errors.js';

/** Attachments: this module's error codes. A refused upload stores nothing. */
export const FILES_ERRORS = defineErrors({
  FILE_MISSING: { status: 400, zh: '请选择要上传的文件（字段 file）', en: 'Choose a file to upload (field "file")' },
  FILE_EMPTY: { status: 400, zh: '文件“{name}”是空的', en: 'The file "{name}" is empty' },
  FILE_TOO_LARGE: { status: 413, zh: '文件“{name}”超过 {limit} 的上限', en: 'The file "{name}" is larger than the {limit} limit' },
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    zh: '文件“{name}”的类型不允许，{purposeZh}只接受 {allowed}（按文件内容判断，不看扩展名）',
    en: 'The file "{name}" is of a type not allowed; {purposeEn} accepts only {allowed} (judged from its content, not its name)',
  },
  FILE_PURPOSE_UNKNOWN: { status: 400, zh: '未知的附件用途 {purpose}', en: 'Unknown attachment purpose {purpose}' },
  FILE_NOT_FOUND: { status: 404, zh: '附件不存在', en: 'No such attachment' },
  ATTACHMENT_INVALID: {
    status: 400,
    zh: '“{field}”中的附件无效：{reasonZh}',
    en: 'An attachment of "{field}" is not valid: {reasonEn}',
  },
} as const);

type FilesErrors = typeof FILES_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCode
  interface ErrorCatalog extends FilesErrors {}
}

export { AppError } from '../../core/errors.js';
