import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeIncome, type IncomeForm } from '../../shared/income.js';

const zero: IncomeForm = {
  wages: 0, business: 0, property: 0, transfers: 0, insurancePayouts: 0,
  businessExpenses: 0, selfPaidMedical: 0, selfPaidSchooling: 0, selfPaidOther: 0, householdSize: 1,
};

test('per-capita net income: all components in, expenses and compliant spending out, per person', () => {
  const r = computeIncome({ ...zero, wages: 18000, business: 6000.5, property: 300, transfers: 2400, insurancePayouts: 1000, businessExpenses: 2000.5, selfPaidMedical: 3000, selfPaidSchooling: 700, householdSize: 4 });
  assert.equal(r.grossIncome, 27700.5);
  assert.equal(r.netIncome, 25700);
  assert.equal(r.compliantSpending, 3700);
  assert.equal(r.perCapitaNet, 5500);
});

test('exact to the fen (no floating-point drift) and negative when spending exceeds income', () => {
  assert.equal(computeIncome({ ...zero, wages: 0.1, business: 0.2, householdSize: 1 }).perCapitaNet, 0.3);
  assert.equal(computeIncome({ ...zero, wages: 10000, householdSize: 3 }).perCapitaNet, 3333.33);
  assert.equal(computeIncome({ ...zero, wages: 1000, selfPaidMedical: 5000, householdSize: 2 }).perCapitaNet, -2000);
});
