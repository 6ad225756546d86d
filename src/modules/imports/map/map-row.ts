import type { FieldCipher } from '../../../core/field-crypto.js';
import type { Cell } from '../parse/sheet.js';
import type { FieldKey, HeaderResult } from './header.js';
import { readHousehold, readPlace } from './household.js';
import { checkMember, readMember } from './member.js';
import { RowReader } from './row-reader.js';
import { emptyStagedRow, HOUSEHOLD_FIELD_COLUMNS, householdColumns, memberColumns, phoneColumns, placeColumns, type StagedRow } from './staged-row.js';
import { identifierText, text } from './values.js';
import { parseIdNumber } from '../../../core/idcard.js';
import type { VillageResolver } from './village.js';

/**
 * One member row of the file → one staging row, validated with the registry's own rules (validate.ts), in steps: the
 * member (readMember, checkMember), its household's number and village (readPlace), the household's columns
 * (readHousehold), then the staging row's columns (staged-row.ts).
 */
export interface RowMapper {
  map(rowNo: number, cells: Cell[]): StagedRow;
}

export interface MapOptions {
  /** 脱贫年度 for every 脱贫户 of a file without that column (given once in the mapping step). */
  exitYear?: number | null;
}

export function createRowMapper(header: HeaderResult, villages: VillageResolver, cipher: FieldCipher, currentYear = new Date().getFullYear(), opts: MapOptions = {}): RowMapper {
  const r = new RowReader(header);
  const hhFields = (Object.keys(HOUSEHOLD_FIELD_COLUMNS) as FieldKey[]).filter((k) => header.index[k] !== undefined);
  const phone = phoneColumns(cipher);
  // Once per file, not per row (a million Date objects); a file imported across midnight keeps the first day.
  const today = new Date().toISOString().slice(0, 10);
  return {
    map(rowNo, cells) {
      r.start(cells);
      const id = identifierText(r.cell('idNumber'));
      const member = readMember(r, id);
      const checked = checkMember(r, member, id.lost);
      const place = readPlace(r, villages);
      const household = readHousehold(r, place, currentYear, today, opts.exitYear ?? undefined);

      const out = emptyStagedRow(rowNo);
      placeColumns(out, place);
      memberColumns(out, member, checked, id.lost, r.problems.length === 0, cipher);
      householdColumns(out, household, phone);
      namedHead(r, out, cipher);
      out.hh_filled = filledHouseholdColumns(r, hhFields);
      if (r.problems.length) out.problems = r.problems;
      if (r.hhProblems.length) out.hh_problems = r.hhProblems;
      return out;
    },
  };
}

/** The head the row names (户主姓名, 户主身份证号): compared with the registered head (registry-checks.ts). */
function namedHead(r: RowReader, out: ReturnType<typeof emptyStagedRow>, cipher: FieldCipher): void {
  if (r.has('headName')) out.head_name = text(r.cell('headName')).replace(/[\s\u3000]/g, '') || null;
  if (!r.has('headIdNumber')) return;
  const raw = identifierText(r.cell('headIdNumber'));
  if (!raw.value) return;
  const id = parseIdNumber(raw.value);
  if (id.ok && !raw.lost) out.head_id_idx = cipher.blindIndex(id.value.id);
  else r.problem(r.problems, 'headIdNumber', 'HEAD_ID_INVALID', `户主身份证号“${raw.value}”无效，无法核对户主`, 'The head’s ID number is not valid: the head cannot be checked');
}

/**
 * The household columns this row fills (not blank), as ",category,exit_year,": a member's row that leaves them blank
 * agrees with its head's row; one that fills them differently is told (registry-checks.ts householdOutcomes).
 */
function filledHouseholdColumns(r: RowReader, fields: FieldKey[]): string | null {
  let out = '';
  for (const k of fields) if (text(r.cell(k))) out += `,${HOUSEHOLD_FIELD_COLUMNS[k]![0]}`;
  return out ? `${out},` : null;
}
