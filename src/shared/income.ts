/**
 * 收支核算 (the one income accounting of monitoring and social assistance): a household's past 12 months, in yuan.
 * Per-capita net income is always computed here, never typed. Imports nothing, so the web form can show the same
 * figure live.
 */
export interface IncomeForm {
  /** 工资性收入 */
  wages: number;
  /** 生产经营性收入 */
  business: number;
  /** 财产性收入 */
  property: number;
  /** 转移性收入 */
  transfers: number;
  /** 理赔收入 (insurance payouts) */
  insurancePayouts: number;
  /** 生产经营性支出 */
  businessExpenses: number;
  /** 合规自付支出: medical after insurance, schooling after aid, other compliant rigid spending. */
  selfPaidMedical: number;
  selfPaidSchooling: number;
  selfPaidOther: number;
  /** 家庭人口 */
  householdSize: number;
}

export interface IncomeFigures {
  grossIncome: number;
  netIncome: number;
  compliantSpending: number;
  /** (gross − business expenses − compliant self-paid spending) / household size, rounded to the fen. */
  perCapitaNet: number;
}

/** Yuan to fen, so that sums are exact. */
const fen = (yuan: number) => Math.round(yuan * 100);

export function computeIncome(f: IncomeForm): IncomeFigures {
  const gross = fen(f.wages) + fen(f.business) + fen(f.property) + fen(f.transfers) + fen(f.insurancePayouts);
  const net = gross - fen(f.businessExpenses);
  const spending = fen(f.selfPaidMedical) + fen(f.selfPaidSchooling) + fen(f.selfPaidOther);
  return {
    grossIncome: gross / 100,
    netIncome: net / 100,
    compliantSpending: spending / 100,
    perCapitaNet: Math.round((net - spending) / f.householdSize) / 100,
  };
}
