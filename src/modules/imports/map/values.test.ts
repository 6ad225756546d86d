import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BAD, identifierText, normalisePhone, parseAmount, parseBool, parseDate, parseGender, parseGrade, parseInteger, parseRating, text } from './values.js';

test('yes/no as county rolls write it', () => {
  for (const v of ['是', '√', 'Y', '有', '1', true]) assert.equal(parseBool(v), true, String(v));
  for (const v of ['否', '×', 'n', '无', '0', false]) assert.equal(parseBool(v), false, String(v));
  assert.equal(parseBool(''), undefined);
  assert.equal(parseBool('也许'), BAD);
});

test('amounts, years, months, grades, gender, rating', () => {
  assert.equal(parseAmount('24,000.50'), 24000.5);
  assert.equal(parseAmount('2.4万'), 24000);
  assert.equal(parseAmount('￥300元'), 300);
  assert.equal(parseAmount(1234.5), 1234.5);
  assert.equal(parseAmount('abc'), BAD);
  assert.equal(parseInteger('2019年'), 2019);
  assert.equal(parseInteger('6个月'), 6);
  assert.equal(parseInteger('6.5'), BAD);
  assert.equal(parseGrade('二级'), 2);
  assert.equal(parseGrade('4级'), 4);
  assert.equal(parseGrade(3), 3);
  assert.equal(parseGrade('五级'), BAD);
  assert.equal(parseGender('男'), 'M');
  assert.equal(parseGender('女'), 'F');
  assert.equal(parseGender('x'), BAD);
  assert.equal(parseRating('C级'), 'C');
  assert.equal(parseRating('D级危房'), 'D');
  assert.equal(parseRating('E'), BAD);
});

test('dates in every usual form, Excel dates and serial numbers; impossible dates refused', () => {
  for (const v of ['1980-01-31', '1980/1/31', '1980.1.31', '1980年1月31日', '19800131', new Date(Date.UTC(1980, 0, 31)), 29251, 19800131]) {
    assert.equal(parseDate(v), '1980-01-31', String(v));
  }
  assert.equal(parseDate('1980-02-30'), BAD);
  assert.equal(parseDate('sometime'), BAD);
});

test('identifiers typed into number cells: 15 digits are kept, more have lost digits', () => {
  assert.deepEqual(identifierText(140430800101001), { value: '140430800101001', lost: false });
  assert.equal(identifierText(140430198001010000).lost, true);
  assert.deepEqual(identifierText(' 14043019800101001X '), { value: '14043019800101001X', lost: false });
});

test('text: an exported formula escape is removed; phones normalised', () => {
  assert.equal(text("'-5"), '-5');
  assert.equal(text("'=A1"), '=A1');
  assert.equal(text("'abc"), "'abc");
  assert.equal(normalisePhone('+86 139-1234-5678'), '13912345678');
  assert.equal(normalisePhone('0355-1234567'), '0355-1234567');
});
