import type { FieldCipher } from '../../../core/field-crypto.js';
import type { Cell } from '../parse/sheet.js';
import type { HeaderResult } from './header.js';
import { readHousehold, readPlace } from './household.js';
import { checkMember, readMember } from './member.js';
import { RowReader } from './row-reader.js';
import { emptyStagedRow, householdColumns, memberColumns, phoneColumns, placeColumns, type StagedRow } from './staged-row.js';
import { identifierText } from './values.js';
import type { VillageResolver } from './village.js';

/**
 * One member row of the file → one staging row, validated with the registry's own rules (validate.ts), in steps: the
 * member (readMember, checkMember), its household's number and village (readPlace), the household's columns
 * (readHousehold), then the staging row's columns (staged-row.ts).
 */
export interface RowMapper {
  map(rowNo: number, cells: Cell[]): StagedRow;
}

export function createRowMapper(header: HeaderResult, villages: VillageResolver, cipher: FieldCipher, currentYear = new Date().getFullYear()): RowMapper {
  const r = new RowReader(header);
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
      const household = readHousehold(r, place, currentYear, today);

      const out = emptyStagedRow(rowNo);
      placeColumns(out, place);
      memberColumns(out, member, checked, id.lost, r.problems.length === 0, cipher);
      householdColumns(out, household, phone);
      if (r.problems.length) out.problems = r.problems;
      if (r.hhProblems.length) out.hh_problems = r.hhProblems;
      return out;
    },
  };
}
