import { Col, Collapse, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import { useRT } from '../messages';
import { EthnicitySelect } from './EthnicitySelect';
import { checkId } from '../idcheck';
import { dropUnsafeNulls } from '../householdValues';
import type { MemberBody } from '../api';

type Name = (string | number)[];
const half = { xs: 24, sm: 12 };
const third = { xs: 24, sm: 12, md: 8 };

export interface MemberFormValues {
  idNumber?: string;
  name: string;
  relation: string;
  ethnicity?: string;
  education?: string | null;
  schoolStatus?: string | null;
  health?: string | null;
  disabilityCategory?: string | null;
  disabilityGrade?: number | null;
  labourCapacity?: string | null;
  workPlace?: string | null;
  workMonths?: number | null;
  medicalInsured?: 'y' | 'n' | '';
  pensionInsured?: 'y' | 'n' | '';
  welfarePost?: 'y' | 'n' | '';
}

/**
 * One member's fields. `name` is the prefix inside a Form.List ([field.name]) or [] in a standalone form, `path` the
 * full path for watching (['members', i] or []). The ID number is checked as typed (GB 11643); gender and birth date
 * are derived from it and shown read-only. `keepId`: editing, an empty ID keeps the stored one (masked shown).
 */
export function MemberFields({
  name,
  path,
  testId,
  keepId,
  stored,
  collapseMore,
}: {
  name: Name;
  path: Name;
  testId: string;
  keepId?: string;
  /** Editing: the stored gender and birth date, shown while no new ID number is typed. */
  stored?: { gender: string; birthDate: string };
  collapseMore?: boolean;
}) {
  const { rt, options } = useRT();
  const form = Form.useFormInstance();
  const idNumber = Form.useWatch([...path, 'idNumber'], form) as string | undefined;
  const health = Form.useWatch([...path, 'health'], form) as string | undefined;
  const parsed = idNumber ? checkId(idNumber) : null;
  const yesNo = [
    { value: 'y', label: rt('m.yes') },
    { value: 'n', label: rt('m.no') },
    { value: '', label: rt('hh.unknown') },
  ];
  const select = (field: string, table: Parameters<typeof options>[0]) => (
    <Col {...third} key={field}>
      <Form.Item name={[...name, field]} label={rt(`m.${field}` as 'm.education')}>
        <Select allowClear options={options(table)} data-testid={`${testId}-${field}`} />
      </Form.Item>
    </Col>
  );

  const more = (
    <Row gutter={12}>
      <Col {...third}>
        <Form.Item name={[...name, 'ethnicity']} label={rt('m.ethnicity')}>
          <EthnicitySelect testId={`${testId}-ethnicity`} />
        </Form.Item>
      </Col>
      {select('education', 'education')}
      {select('schoolStatus', 'schoolStatus')}
      {select('health', 'health')}
      {health === 'disabled' && (
        <>
          <Col {...third}>
            <Form.Item name={[...name, 'disabilityCategory']} label={rt('m.disabilityCategory')} rules={[{ required: true, message: rt('hh.required') }]}>
              <Select options={options('disabilityCategory')} data-testid={`${testId}-disabilityCategory`} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name={[...name, 'disabilityGrade']} label={rt('m.disabilityGrade')}>
              <Select allowClear options={[1, 2, 3, 4].map((n) => ({ value: n, label: rt('m.grade', { n }) }))} />
            </Form.Item>
          </Col>
        </>
      )}
      {select('labourCapacity', 'labour')}
      {select('workPlace', 'workPlace')}
      <Col {...third}>
        <Form.Item name={[...name, 'workMonths']} label={rt('m.workMonths')} rules={[{ type: 'number', min: 0, max: 12 }]}>
          <InputNumber min={0} max={12} precision={0} inputMode="numeric" style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      {(['medicalInsured', 'pensionInsured', 'welfarePost'] as const).map((f) => (
        <Col {...third} key={f}>
          <Form.Item name={[...name, f]} label={rt(`m.${f}`)}>
            <Radio.Group optionType="button" size="small" options={f === 'welfarePost' ? yesNo.slice(0, 2) : yesNo} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );

  return (
    <>
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item
            name={[...name, 'idNumber']}
            label={rt('m.idNumber')}
            validateFirst
            extra={keepId ? rt('m.idKeep', { masked: keepId }) : undefined}
            rules={[
              {
                validator: async (_, v: string | undefined) => {
                  if (!v && keepId) return;
                  const r = checkId(v);
                  if (!r.ok) throw new Error(rt(r.key));
                },
              },
            ]}
            hasFeedback={!!parsed?.ok}
            required={!keepId}
          >
            <Input maxLength={20} autoComplete="off" inputMode="text" style={{ fontFamily: 'monospace' }} data-testid={`${testId}-idNumber`} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name={[...name, 'name']}
            label={rt('m.name')}
            rules={[
              { required: true, whitespace: true, message: rt('hh.required') },
              { pattern: /^[\u3400-\u9fff\u00b7·A-Za-z\s]{1,30}$/, message: '姓名只能包含汉字、字母和间隔号“·” / Chinese characters, letters and “·” only' },
            ]}
          >
            <Input maxLength={30} autoComplete="off" data-testid={`${testId}-name`} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={[...name, 'relation']} label={rt('m.relation')} rules={[{ required: true, message: rt('hh.required') }]}>
            <Select options={options('relation')} showSearch={{ optionFilterProp: 'label' }} data-testid={`${testId}-relation`} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={`${rt('m.gender')} / ${rt('m.birthDate')}`} extra={rt('m.derived')}>
            <Typography.Text data-testid={`${testId}-derived`} type={parsed?.ok ? undefined : 'secondary'}>
              {parsed?.ok ? (
                <>
                  <CheckCircleFilled style={{ color: '#52c41a', marginInlineEnd: 6 }} />
                  {parsed.value.gender === 'M' ? rt('m.male') : rt('m.female')} · {parsed.value.birthDate}
                </>
              ) : !idNumber && stored?.birthDate ? (
                <>
                  {stored.gender === 'M' ? rt('m.male') : stored.gender === 'F' ? rt('m.female') : '—'} · {stored.birthDate}
                </>
              ) : (
                '—'
              )}
            </Typography.Text>
          </Form.Item>
        </Col>
      </Row>
      {collapseMore ? <Collapse size="small" ghost items={[{ key: 'more', label: rt('m.more'), children: more, forceRender: true }]} /> : more}
    </>
  );
}

const tri = (t: 'y' | 'n' | '' | undefined): boolean | null => (t === 'y' ? true : t === 'n' ? false : null);
const fromTri = (b: boolean | null | undefined): 'y' | 'n' | '' => (b == null ? '' : b ? 'y' : 'n');

/**
 * Form values → the API's member body; an empty ID is left out (keep the stored one when editing). The selects hold
 * codes of the shared code tables, which the API's schema lists; the server checks them again.
 */
export function memberBody(v: MemberFormValues): MemberBody {
  const body: Record<string, unknown> = {
    name: v.name.trim(),
    relation: v.relation,
    ethnicity: v.ethnicity?.trim() || null,
    education: v.education ?? null,
    schoolStatus: v.schoolStatus ?? null,
    health: v.health ?? null,
    disabilityCategory: v.health === 'disabled' ? (v.disabilityCategory ?? null) : null,
    disabilityGrade: v.health === 'disabled' ? (v.disabilityGrade ?? null) : null,
    labourCapacity: v.labourCapacity ?? null,
    workPlace: v.workPlace ?? null,
    workMonths: v.workMonths ?? null,
    medicalInsured: tri(v.medicalInsured),
    pensionInsured: tri(v.pensionInsured),
    welfarePost: v.welfarePost === 'y',
  };
  const id = v.idNumber?.trim();
  if (id) body.idNumber = id;
  return dropUnsafeNulls(body) as MemberBody;
}

export function memberFormValues(m: {
  name: string;
  relation: string;
  ethnicity: string | null;
  education: string | null;
  schoolStatus: string | null;
  health: string | null;
  disabilityCategory: string | null;
  disabilityGrade: number | null;
  labourCapacity: string | null;
  workPlace: string | null;
  workMonths: number | null;
  medicalInsured: boolean | null;
  pensionInsured: boolean | null;
  welfarePost: boolean;
}): MemberFormValues {
  return {
    idNumber: '',
    name: m.name,
    relation: m.relation,
    ethnicity: m.ethnicity ?? undefined,
    education: m.education,
    schoolStatus: m.schoolStatus,
    health: m.health,
    disabilityCategory: m.disabilityCategory,
    disabilityGrade: m.disabilityGrade,
    labourCapacity: m.labourCapacity,
    workPlace: m.workPlace,
    workMonths: m.workMonths,
    medicalInsured: fromTri(m.medicalInsured),
    pensionInsured: fromTri(m.pensionInsured),
    welfarePost: m.welfarePost ? 'y' : 'n',
  };
}
