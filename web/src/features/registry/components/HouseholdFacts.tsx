import { Descriptions, Space, Tag } from 'antd';
import { useI18n } from '../../../i18n';
import { formatTime } from '../../../format';
import { useRT } from '../messages';
import { CategoryTag, FlagTags } from './tags';
import { WATER, type Household } from '../types';

/** The household's facts at a glance (also used for an as-of snapshot, where some fields may be missing). */
export function HouseholdFacts({ h, testId = 'hh-facts' }: { h: Partial<Household>; testId?: string }) {
  const { lang } = useI18n();
  const { rt, money } = useRT();
  const water = WATER.filter((w) => h[w] != null);
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered styles={{ label: { whiteSpace: 'nowrap' } }} data-testid={testId}>
      <Descriptions.Item label={rt('col.householdNo')}>
        <span data-testid={`${testId}-no`}>{h.householdNo}</span>
      </Descriptions.Item>
      <Descriptions.Item label={rt('col.village')}>{h.villageName ?? h.villageCode}</Descriptions.Item>
      <Descriptions.Item label={rt('col.head')}>
        <span data-testid={`${testId}-head`}>{h.headName ?? '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={rt('col.category')}>
        {h.category && (
          <Space size={4} wrap>
            <CategoryTag category={h.category} monitoringType={h.monitoringType} />
            {h.exitYear ? `${rt('hh.exitYear')} ${h.exitYear}` : null}
            {h.category === 'exited' && !h.exitYear ? (
              <Tag color="warning" data-testid={`${testId}-exit-year-pending`}>
                {rt('hh.exitYearPending')}
              </Tag>
            ) : null}
            <FlagTags value={h} />
          </Space>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={rt('col.members')}>{h.memberCount ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={rt('col.income')}>
        <span data-testid={`${testId}-income`}>{money(h.perCapitaIncome)}</span>
        {h.incomeYear ? ` (${h.incomeYear})` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={rt('hh.phone')}>{h.phoneMasked ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={rt('hh.housing')}>
        {h.housingRating ? <Tag color={h.housingRating === 'C' || h.housingRating === 'D' ? 'red' : 'green'}>{h.housingRating}</Tag> : '—'}
        {h.housingRatedOn ?? ''}
      </Descriptions.Item>
      <Descriptions.Item label={rt('hh.water')}>
        {water.length
          ? water.map((w) => (
              <Tag key={w} color={h[w] ? 'green' : 'red'}>
                {rt(`hh.${w}`)} {h[w] ? rt('hh.ok') : rt('hh.notOk')}
              </Tag>
            ))
          : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={rt('hh.address')} span={2}>
        {h.address ?? '—'}
      </Descriptions.Item>
      <Descriptions.Item label={rt('col.updatedAt')}>{formatTime(h.updatedAt, lang)}</Descriptions.Item>
    </Descriptions>
  );
}
