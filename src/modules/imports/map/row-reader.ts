import { codeFromLabel, type CodeTable } from '../../../shared/codes.js';
import type { FieldProblem } from '../../households/validate.js';
import type { Cell } from '../parse/sheet.js';
import { FIELDS, type FieldKey, type HeaderResult } from './header.js';
import { BAD, text, type Parsed } from './values.js';
import type { RowProblem } from './staged-row.js';

/**
 * The row being mapped, read field by field through the header's mapping: its cells, its problems (the member row's
 * and its household's apart), values parsed, code-table labels looked up. One reader serves every row of a file
 * (created once, not per row: a million rows); start() moves it to the next row.
 */
export class RowReader {
  cells: Cell[] = [];
  /** Problems of the member row: any of them keeps the row out. */
  problems: RowProblem[] = [];
  /** Problems of the household's columns: they keep the household out. */
  hhProblems: RowProblem[] = [];
  private readonly header: HeaderResult;
  // Labels repeat on every row: each (table, label) is looked up once.
  private readonly codes = new Map<CodeTable, Map<string, string>>();

  constructor(header: HeaderResult) {
    this.header = header;
  }

  start(cells: Cell[]): void {
    this.cells = cells;
    this.problems = [];
    this.hhProblems = [];
  }

  has(k: FieldKey): boolean {
    return this.header.index[k] !== undefined;
  }

  cell(k: FieldKey): Cell | undefined {
    const i = this.header.index[k];
    return i === undefined ? undefined : this.cells[i];
  }

  /** The column as the file names it (the field's own name when the file has no such column). */
  column(field: string): string {
    const i = this.header.index[field as FieldKey];
    return i === undefined ? ((FIELDS as Record<string, { zh: string }>)[field]?.zh ?? field) : this.header.columns[i]!.header;
  }

  problem(list: RowProblem[], field: string, code: string, zh: string, en: string): void {
    list.push({ column: this.column(field), field, code, zh, en });
  }

  /** A problem the registry's own rules found (validate.ts). */
  fromField(list: RowProblem[], p: FieldProblem): void {
    this.problem(list, p.field, p.code, p.zh, p.en);
  }

  /** A parsed value, or a VALUE_INVALID problem saying what was expected. */
  parsed<T>(list: RowProblem[], k: FieldKey, v: Parsed<T>, expect: string, expectEn: string): T | undefined {
    if (v !== BAD) return v;
    const raw = text(this.cell(k));
    this.problem(list, k, 'VALUE_INVALID', `“${raw}”无法识别，应填${expect}`, `"${raw}" is not understood; expected ${expectEn}`);
    return undefined;
  }

  /** The code of the cell's label in a code table; a label the table lacks stays as written (validate.ts reports it). */
  code(table: CodeTable, k: FieldKey): string | undefined {
    const raw = text(this.cell(k));
    if (!raw) return undefined;
    let labels = this.codes.get(table);
    if (!labels) this.codes.set(table, (labels = new Map()));
    let hit = labels.get(raw);
    if (hit === undefined) {
      hit = codeFromLabel(table, raw) ?? raw;
      if (labels.size > 10_000) labels.clear();
      labels.set(raw, hit);
    }
    return hit;
  }
}
