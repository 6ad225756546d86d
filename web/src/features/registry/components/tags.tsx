import { Space, Tag } from 'antd';
import { FLAGS, type Category, type Flag } from '../types';
import { useRT } from '../messages';

const CATEGORY_COLOR: Record<Category, string> = { exited: 'blue', monitored: 'orange', ordinary: 'default' };

/** 户类型 (and the monitoring category of a 监测户) as a coloured tag. */
export function CategoryTag({ category, monitoringType }: { category: Category; monitoringType?: string | null }) {
  const { code } = useRT();
  return (
    <Tag color={CATEGORY_COLOR[category]} style={{ marginInlineEnd: 0 }}>
      {code('category', category)}
      {category === 'monitored' && monitoringType ? ` · ${code('monitoringType', monitoringType)}` : ''}
    </Tag>
  );
}

/** 低保 / 特困 / 易地搬迁 / 留守 tags for the flags that are set. */
export function FlagTags({ value }: { value: Partial<Record<Flag, boolean>> }) {
  const { rt } = useRT();
  const set = FLAGS.filter((f) => value[f]);
  if (!set.length) return null;
  return (
    <Space size={2} wrap>
      {set.map((f) => (
        <Tag key={f} color="purple" style={{ marginInlineEnd: 0 }}>
          {rt(`flag.${f}`)}
        </Tag>
      ))}
    </Space>
  );
}
