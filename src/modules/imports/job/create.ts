import { validateOverride, type MappingOverride } from '../map/header.js';
import type { FileInfo } from '../parse/sniff.js';
import type { Actor } from '../../../server/context.js';
import { insertJob } from '../repo.js';
import type { ImportDeps } from './record.js';

/** Registers an uploaded (or command-line) file as a job in state "uploaded". The file must have passed sniffFile. */
export async function createJob(
  deps: ImportDeps,
  actor: Actor | null,
  file: { fileName: string; filePath: string; info: FileInfo; override?: MappingOverride; headerRow?: number; exitYear?: number },
): Promise<number> {
  validateOverride(file.override);
  return insertJob(deps.db, {
      file_name: file.fileName.slice(0, 255),
      file_path: file.filePath,
      file_size: file.info.size,
      file_type: file.info.type,
      encoding: file.info.type === 'csv' ? file.info.encoding : null,
      area_code: actor?.user.areaCode ?? '000000000000',
      area_level: actor?.user.areaLevel ?? 0,
      created_by: actor?.user.id ?? null,
      actor: actor ? JSON.stringify(actor) : null,
      mapping_override:
        file.override || file.headerRow || file.exitYear
          ? JSON.stringify({ columns: file.override ?? {}, headerRow: file.headerRow ?? null, exitYear: file.exitYear ?? null })
          : null,
  });
}
