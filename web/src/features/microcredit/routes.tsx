import { lazy } from 'react';
import { BankOutlined } from '@ant-design/icons';
import type { Feature } from '../types';
import { label } from './messages';

const LoansPage = lazy(() => import('./pages/LoansPage'));
const LoanPage = lazy(() => import('./pages/LoanPage'));
const ReportPage = lazy(() => import('./pages/ReportPage'));

/** 小额信贷: the loans of the area, a loan with its repayments and extension, the report and the county's limits. */
export const microcreditFeature: Feature = {
  name: 'microcredit',
  routes: [
    {
      path: '/microcredit',
      element: <LoansPage />,
      permission: 'microcredit.read',
      menu: { label: label('menu.loans'), desc: label('menu.loansDesc'), icon: <BankOutlined />, order: 14, testId: 'nav-microcredit', section: 'assistance' },
    },
    {
      path: '/microcredit/report',
      element: <ReportPage />,
      permission: 'microcredit.read',
    },
    { path: '/microcredit/loans/:id', element: <LoanPage />, permission: 'microcredit.read' },
  ],
};
