import { Spin } from 'antd';

export function PageSpinner() {
  return (
    <div className="fp-center" data-testid="page-loading">
      <Spin size="large" />
    </div>
  );
}
