import ExcelJS from 'exceljs';
import type { Database } from '../../../db/database.js';
import { villagesIn } from '../repo.js';
import { type Scope } from '../../../core/scope.js';
import { CODE_TABLES, type CodeItem, type CodeTable } from '../../../shared/codes.js';
import { TEMPLATE_COLUMNS } from '../../exports/columns.js';
import { fieldForHeader, FIELDS, type FieldKey } from '../map/header.js';
import { columnName } from '../../../core/xlsx-writer.js';

/**
 * The blank import template (导入模板) a clerk downloads, fills in Excel and uploads. Built from the tables the import
 * itself reads — the export's columns (TEMPLATE_COLUMNS, without the derived ones), the import's field names (FIELDS)
 * and the code tables — so it cannot drift from what the import accepts. It has:
 * - 农户成员信息: a title row, the header (required columns starred), drop-down lists for the coded columns, and the
 *   identifier columns formatted as text, so Excel keeps all 18 digits of an ID number instead of 1.40430E+17;
 * - 填写说明: every column, whether it is required, and what to write (from the same rules);
 * - 村代码: the villages of the user's area with their codes (the 村 column's drop-down list);
 * - a hidden 代码表 with the lists.
 */
interface ColumnRule {
  required?: boolean;
  /** Excel would turn it into a number or a date: the column is formatted as text. */
  text?: boolean;
  table?: CodeTable;
  list?: readonly string[];
  zh: string;
  en: string;
}

const YES_NO = ['是', '否'] as const;
const yesNo = { list: YES_NO, zh: '填“是”或“否”', en: '是 (yes) or 否 (no)' };
const amount = { zh: '元，可带两位小数；不填按 0 计', en: 'yuan, up to two decimals; empty counts as 0' };

const RULES: Partial<Record<FieldKey, ColumnRule>> = {
  householdNo: { required: true, text: true, zh: '同一户的每个成员填写相同的户编号；在本县内唯一', en: 'The same on every member row of a household; unique in the county' },
  township: { zh: '乡镇名称；村名在县内重名时据此区分', en: 'Township name; tells apart villages of the same name' },
  village: { required: true, zh: '村名称，见“村代码”表（可写“大桥沟村”或“大桥沟村委会”）；填了村代码可不填', en: 'Village name, see sheet 村代码; may be left empty when the village code is given' },
  villageCode: { text: true, zh: '12 位村级区划代码，见“村代码”表；与村名称二选一', en: '12-digit village code, see sheet 村代码; either this or the village name' },
  category: { table: 'category', zh: '脱贫户填写脱贫年度；监测户填写监测对象类别', en: 'Exited households give the exit year; monitored households the monitoring category' },
  monitoringType: { table: 'monitoringType', zh: '仅监测户填写', en: 'Monitored households only' },
  exitYear: { zh: '4 位年份，如 2019；仅脱贫户填写', en: 'Four-digit year, e.g. 2019; exited households only' },
  name: { required: true, zh: '成员姓名', en: "The member's name" },
  idNumber: { required: true, text: true, zh: '18 位居民身份证号码（15 位旧号码自动升级为 18 位）；每人只能在一户中', en: '18-digit resident ID number (15-digit numbers are upgraded); a person belongs to one household' },
  gender: { list: ['男', '女'], zh: '可不填：由身份证号得出；填写时须与身份证号一致', en: 'May be empty (read from the ID number); must agree with it' },
  birthDate: { text: true, zh: '如 1980-01-31；可不填：由身份证号得出，填写时须一致', en: 'e.g. 1980-01-31; may be empty (read from the ID number); must agree with it' },
  relation: { required: true, table: 'relation', zh: '每户有且只有一个“户主”', en: 'Exactly one 户主 (head) per household' },
  ethnicity: { zh: '如 汉族、回族', en: 'e.g. 汉族 (Han)' },
  education: { table: 'education', zh: '', en: '' },
  schoolStatus: { table: 'schoolStatus', zh: '在校学生填写就读阶段', en: 'The stage of a pupil or student' },
  health: { table: 'health', zh: '', en: '' },
  disabilityCategory: { table: 'disabilityCategory', zh: '残疾人填写', en: 'Disabled members only' },
  disabilityGrade: { list: ['一级', '二级', '三级', '四级'], zh: '残疾人填写', en: 'Disabled members only' },
  labourCapacity: { table: 'labour', zh: '', en: '' },
  workPlace: { table: 'workPlace', zh: '外出务工成员填写', en: 'Members working away' },
  workMonths: { zh: '0–12 的整数', en: 'Whole number, 0–12' },
  medicalInsured: yesNo,
  pensionInsured: yesNo,
  welfarePost: yesNo,
  phone: { text: true, zh: '11 位手机号或带区号的固定电话', en: '11-digit mobile or a landline with its area code' },
  address: { zh: '', en: '' },
  isDibao: yesNo,
  isTekun: yesNo,
  isRelocated: yesNo,
  hasLeftBehind: yesNo,
  housingRating: { list: ['A', 'B', 'C', 'D'], zh: 'A、B 级为安全住房，C、D 级为危房', en: 'A and B are safe; C and D are unsafe' },
  housingRatedOn: { text: true, zh: '如 2021-11-10', en: 'e.g. 2021-11-10' },
  waterQuantityOk: yesNo,
  waterQualityOk: yesNo,
  waterAccessOk: yesNo,
  waterSupplyOk: yesNo,
  incomeYear: { zh: '收入所属年度，如 2025', en: 'The year of the incomes, e.g. 2025' },
  incomeWages: amount,
  incomeBusiness: amount,
  incomeProperty: amount,
  incomeTransfer: amount,
  expenseBusiness: amount,
};

/**
 * The drop-down lists cover the whole column below the header, to Excel's last row (1,048,576): a county-wide roll has
 * a hundred thousand members and more. Excel, WPS and LibreOffice keep such a range as one rule; the import reads the
 * sheet row by row and never looks at it (ExcelJS's workbook *loader* would expand it cell by cell).
 */
const LAST_ROW = 1_048_576;
const FIRST_DATA_ROW = 3;

export interface TemplateColumnInfo {
  header: string;
  field: FieldKey;
  required: boolean;
  /** Formatted as text in Excel. */
  text: boolean;
  width: number;
  values: readonly string[] | null;
  zh: string;
  en: string;
}

/** The template's columns with their rules, in order (exported for tests and the instructions sheet). */
export function blankTemplateColumns(): TemplateColumnInfo[] {
  const out: TemplateColumnInfo[] = [];
  for (const c of TEMPLATE_COLUMNS) {
    if (c.derived) continue;
    const field = fieldForHeader(c.header);
    if (!field) throw new Error(`template column ${c.header} matches no import field`);
    const rule = RULES[field] ?? { zh: '', en: '' };
    const values = rule.table ? (CODE_TABLES[rule.table] as readonly CodeItem[]).map((i) => i.zh) : (rule.list ?? null);
    out.push({ header: c.header, field, required: !!rule.required, text: !!rule.text, width: c.width, values, zh: rule.zh, en: rule.en });
  }
  return out;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const REQUIRED_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFC00000' } };

// ExcelJS keeps range validations in the worksheet's model (and writes them), but its typings omit the property.
type WithValidations = ExcelJS.Worksheet & { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } };

/** The template as an .xlsx buffer, with the villages of `scope` (all villages for null: the command line). */
export async function buildBlankTemplate(db: Database, scope: Scope | null, areaName: string): Promise<Buffer> {
  const villages = await villagesIn(db, scope);

  const columns = blankTemplateColumns();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Fangpin';
  const ws = wb.addWorksheet('农户成员信息', { views: [{ state: 'frozen', ySplit: 2 }] }) as WithValidations;
  const notes = wb.addWorksheet('填写说明');
  const places = wb.addWorksheet('村代码');
  const lists = wb.addWorksheet('代码表', { state: 'hidden' });

  ws.getRow(1).getCell(1).value = `农户及家庭成员信息表（${areaName}）——每行一位家庭成员，同户成员户编号相同；带 * 的列必填`;
  ws.getRow(1).getCell(1).font = { bold: true, size: 13 };
  ws.mergeCells(1, 1, 1, columns.length);
  const header = ws.getRow(2);
  let listCol = 0;
  columns.forEach((c, i) => {
    const col = i + 1;
    const cell = header.getCell(col);
    cell.value = c.required ? `*${c.header}` : c.header;
    cell.font = c.required ? REQUIRED_FONT : { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    if (c.zh) cell.note = c.zh;
    const column = ws.getColumn(col);
    column.width = Math.max(c.width, c.header.length * 2 + 2);
    if (c.text) column.numFmt = '@';
    const range = `${columnName(col - 1)}${FIRST_DATA_ROW}:${columnName(col - 1)}${LAST_ROW}`;
    let formula: string | undefined;
    if (c.field === 'village' && villages.length) formula = `'村代码'!$C$2:$C$${villages.length + 1}`;
    else if (c.values) {
      listCol++;
      const letter = columnName(listCol - 1);
      lists.getCell(`${letter}1`).value = c.header;
      c.values.forEach((v, j) => (lists.getCell(`${letter}${j + 2}`).value = v));
      formula = `'代码表'!$${letter}$2:$${letter}$${c.values.length + 1}`;
    }
    // A warning, not a stop: the import also reads the synonyms county rolls use (妻 for 配偶, √ for 是).
    if (formula) {
      ws.dataValidations.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: [formula],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: c.header,
        error: '不在下拉列表中。导入时仍会识别常见写法，无法识别的会在预检报告中指出。',
      });
    }
  });
  header.height = 36;

  notes.columns = [
    { header: '列名', width: 22 },
    { header: '必填', width: 6 },
    { header: '填写要求', width: 60 },
    { header: '可选值', width: 60 },
    { header: 'Column (English)', width: 26 },
    { header: 'What to write', width: 60 },
  ];
  for (const c of columns) {
    notes.addRow([c.header, c.required ? '是' : '', c.zh, c.values ? c.values.join('、') : '', FIELDS[c.field].en, c.en]);
  }
  notes.addRow([]);
  for (const line of [
    '每行一位家庭成员；同一户的成员户编号、村相同。',
    '户的信息（户类型、脱贫年度、电话、住址、收入、住房、饮水等）只以户主行为准：户主行填写的值导入；其他成员行可留空，若填写了不同的值，预检报告会提示，但不采用。',
    '已登记的户：文件中没有户主行时，户的信息保持不变，只新增或更新文件中列出的成员；未列出的已登记成员保持不变（预检报告注明人数）。户的信息有变化时，预检报告在户主行逐项写明“原值 → 新值”。',
    '户编号已登记时，须与登记的户主一致：请在户主行写明户主，或加一列“户主姓名”（或“户主身份证号”）；户主不一致的行不能导入，以免把两户合并。',
    '与户主关系须与年龄相符：每户只有一个户主、最多一个配偶；子女比户主小不足 12 岁、配偶不满 16 岁等不可能的情况为错误，少见的情况（如未到法定婚龄）为提示，不影响导入。',
    '脱贫户须有脱贫年度；文件没有“脱贫年度”列时，可在“列对应”步骤为整个文件填写一个年度。',
    '家庭人口数、人均纯收入由系统计算，不必填写。上传后系统先预检每一行，不写入任何数据；看过预检报告再决定导入。',
    '同一文件再导入一次不会重复：按身份证号更新已有成员，未变化的行标为“无变化”。',
  ]) {
    notes.addRow([line]).getCell(1).alignment = { wrapText: false };
  }
  notes.getRow(1).font = { bold: true };
  notes.views = [{ state: 'frozen', ySplit: 1 }];

  places.columns = [
    { header: '县', width: 12 },
    { header: '乡镇', width: 14 },
    { header: '村', width: 20 },
    { header: '村代码', width: 16 },
  ];
  places.getColumn(4).numFmt = '@';
  for (const v of villages) places.addRow([v.county ?? '', v.township ?? '', v.name, v.code]);
  places.getRow(1).font = { bold: true };
  places.views = [{ state: 'frozen', ySplit: 1 }];

  return Buffer.from(await wb.xlsx.writeBuffer());
}
