import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectHeader, fieldForHeader, normaliseHeader } from './header.js';
import type { SheetRow } from '../parse/sheet.js';

const rows = (...r: (string | null)[][]): SheetRow[] => r.map((cells, i) => ({ rowNo: i + 1, cells }));

test('column names match with synonyms, spaces, * marks, full-width parentheses and units', () => {
  for (const h of ['身份证号', '身份证号码', '证件号码', '公民身份号码', ' 身份证号码 *']) assert.equal(fieldForHeader(h), 'idNumber', h);
  for (const h of ['户编号', '户号', '家庭编号']) assert.equal(fieldForHeader(h), 'householdNo', h);
  for (const h of ['与户主关系', '与户主的关系']) assert.equal(fieldForHeader(h), 'relation', h);
  for (const h of ['村', '行政村', '村名称']) assert.equal(fieldForHeader(h), 'village', h);
  for (const h of ['乡镇', '乡（镇）', '乡(镇)']) assert.equal(fieldForHeader(h), 'township', h);
  for (const h of ['户类型', '户属性']) assert.equal(fieldForHeader(h), 'category', h);
  assert.equal(fieldForHeader('务工时间（月）'), 'workMonths');
  assert.equal(fieldForHeader('工资性收入（元）'), 'incomeWages');
  assert.equal(fieldForHeader('危房等级'), 'housingRating');
  assert.equal(fieldForHeader('住房安全等级'), 'housingRating');
  assert.equal(fieldForHeader('是否参加城乡居民基本医疗保险'), 'medicalInsured');
  assert.equal(fieldForHeader('序号'), undefined);
  assert.equal(normaliseHeader('姓 名\n'), '姓名');
});

test('the header row is found below title rows and merged cells; data starts under it', () => {
  const r = rows(
    ['沁县农户信息表', null, null, null],
    ['填报单位：大桥沟村委会', null, null, '填报日期：2024年'],
    ['序号', '户编号', '姓名', '身份证号码', '与户主的关系'],
    ['1', 'A1', '张三', '140430198001010011', '户主'],
  );
  const h = detectHeader(r)!;
  assert.equal(h.headerRow, 3);
  assert.equal(h.dataStartRow, 4);
  assert.equal(h.index.idNumber, 3);
  assert.equal(h.index.relation, 4);
  assert.equal(h.columns[0]!.field, null);
});

test('a two-row header (group titles over the income columns) is read as one', () => {
  const r = rows(
    ['户编号', '姓名', '身份证号', '与户主关系', '收入情况（元）', null, '备注'],
    [null, null, null, null, '工资性收入', '转移性收入', null],
    ['A1', '张三', '140430198001010011', '户主', '1000', '200', ''],
  );
  const h = detectHeader(r)!;
  assert.equal(h.headerRow, 1);
  assert.equal(h.dataStartRow, 3);
  assert.equal(h.index.incomeWages, 4);
  assert.equal(h.index.incomeTransfer, 5);
  assert.equal(h.index.name, 1);
});

test('no ID or name column: no header; a user mapping names an unknown column; a column mapped twice keeps the first', () => {
  const r = rows(['编号', '名字', '证号']);
  assert.equal(detectHeader(r), undefined);
  const h = detectHeader(r, { 名字: 'name', 证号: 'idNumber' })!;
  assert.equal(h.index.name, 1);
  assert.equal(h.columns[2]!.source, 'user');
  const d = detectHeader(rows(['姓名', '身份证号', '身份证号码']))!;
  assert.equal(d.index.idNumber, 1);
  assert.equal(d.columns[2]!.source, 'duplicate');
  // A user may also switch a recognised column off.
  assert.equal(detectHeader(rows(['姓名', '身份证号', '住址']), { 住址: null })!.columns[2]!.field, null);
});
