/**
 * Code tables of the registry, with the labels county rolls use (matched on import, shown in the UI and exports).
 * The first label is the canonical one; the others are synonyms seen in county spreadsheets.
 */
export interface CodeItem {
  code: string;
  zh: string;
  en: string;
  synonyms?: string[];
}

const t = (code: string, zh: string, en: string, synonyms?: string[]): CodeItem => ({ code, zh, en, synonyms });

export const CODE_TABLES = {
  /** 户类型 */
  category: [t('exited', '脱贫户', 'Exited household', ['脱贫户（已脱贫）', '建档立卡脱贫户']), t('monitored', '监测户', 'Monitored household', ['监测对象', '防返贫监测户']), t('ordinary', '一般农户', 'Ordinary household', ['一般户', '普通农户'])],
  /** 监测对象类别 */
  monitoringType: [
    t('unstable_exited', '脱贫不稳定户', 'Unstable exited'),
    t('marginal', '边缘易致贫户', 'Marginal, at risk'),
    t('sudden_hardship', '突发严重困难户', 'Sudden severe hardship'),
  ],
  /** 与户主关系 */
  relation: [
    t('head', '户主', 'Head'), t('spouse', '配偶', 'Spouse', ['妻', '夫', '妻子', '丈夫']), t('son', '之子', 'Son', ['子', '儿子', '长子', '次子']),
    t('daughter', '之女', 'Daughter', ['女', '女儿', '长女', '次女']), t('daughter_in_law', '之儿媳', 'Daughter-in-law', ['儿媳']),
    t('son_in_law', '之女婿', 'Son-in-law', ['女婿']), t('grandson', '之孙子', 'Grandson', ['孙子']), t('granddaughter', '之孙女', 'Granddaughter', ['孙女']),
    t('daughters_son', '之外孙子', "Daughter's son", ['外孙子', '外孙']), t('daughters_daughter', '之外孙女', "Daughter's daughter", ['外孙女']),
    t('father', '之父', 'Father', ['父亲']), t('mother', '之母', 'Mother', ['母亲']), t('father_in_law_w', '之岳父', 'Father-in-law (wife’s)', ['岳父']),
    t('mother_in_law_w', '之岳母', 'Mother-in-law (wife’s)', ['岳母']), t('father_in_law_h', '之公公', 'Father-in-law (husband’s)', ['公公']),
    t('mother_in_law_h', '之婆婆', 'Mother-in-law (husband’s)', ['婆婆']), t('grandfather', '之祖父', 'Grandfather', ['祖父']),
    t('grandmother', '之祖母', 'Grandmother', ['祖母']), t('sibling', '之兄弟姐妹', 'Sibling', ['兄弟姐妹', '兄', '弟', '姐', '妹']), t('other', '其他', 'Other'),
  ],
  /** 文化程度 */
  education: [
    t('illiterate', '文盲或半文盲', 'Illiterate', ['文盲', '半文盲']), t('primary', '小学', 'Primary'), t('junior', '初中', 'Junior secondary'),
    t('senior', '高中', 'Senior secondary'), t('vocational', '中专', 'Vocational secondary', ['中职']), t('college', '大专', 'College'),
    t('bachelor', '本科及以上', 'Bachelor or above', ['本科', '研究生']),
  ],
  /** 在校生状况 */
  schoolStatus: [
    t('none', '非在校生', 'Not in school'), t('preschool', '学前教育', 'Preschool'), t('primary', '小学', 'Primary school', ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级']),
    t('grade7', '七年级', 'Grade 7', ['初一']), t('grade8', '八年级', 'Grade 8', ['初二']), t('grade9', '九年级', 'Grade 9', ['初三']),
    t('senior', '高中', 'Senior secondary'), t('vocational_secondary', '中职', 'Vocational secondary'), t('vocational_college', '高职', 'Vocational college'),
    t('college', '大专', 'College'), t('bachelor', '本科', 'Bachelor'), t('graduate', '研究生', 'Graduate'), t('dropped_out', '辍学', 'Dropped out'),
  ],
  /** 健康状况 */
  health: [t('healthy', '健康', 'Healthy'), t('chronic', '长期慢性病', 'Chronic illness', ['慢性病']), t('serious', '患有大病', 'Serious illness', ['大病']), t('disabled', '残疾', 'Disabled')],
  /** 残疾类别 */
  disabilityCategory: [
    t('visual', '视力', 'Visual', ['视力残疾']), t('hearing', '听力', 'Hearing', ['听力残疾']), t('speech', '言语', 'Speech', ['言语残疾']),
    t('physical', '肢体', 'Physical', ['肢体残疾']), t('intellectual', '智力', 'Intellectual', ['智力残疾']), t('mental', '精神', 'Mental', ['精神残疾']),
    t('multiple', '多重', 'Multiple', ['多重残疾']),
  ],
  /** 劳动技能 */
  labour: [
    t('normal', '普通劳动力', 'Normal labour'), t('skilled', '技能劳动力', 'Skilled labour'), t('weak', '弱劳动力或半劳动力', 'Weak or half labour', ['弱劳动力', '半劳动力']),
    t('lost', '丧失劳动力', 'Lost labour capacity'), t('none', '无劳动力', 'No labour capacity'),
  ],
  /** 务工状况 */
  workPlace: [
    t('in_township', '乡（镇）内务工', 'Within the township', ['乡镇内务工', '乡内务工']), t('in_county', '乡（镇）外县内务工', 'Within the county', ['县内务工']),
    t('in_province', '县外省内务工', 'Within the province', ['省内务工']), t('out_province', '省外务工', 'Outside the province'), t('other', '其他', 'Other'),
  ],
  /** 成员状态 */
  memberStatus: [
    t('active', '在户', 'Active'), t('deceased', '死亡', 'Deceased'), t('moved_out', '户口迁出', 'Hukou moved out', ['迁出']),
    t('married_out', '婚出', 'Married out', ['嫁出']), t('other', '其他原因减少', 'Left for other reason'),
  ],
} as const satisfies Record<string, CodeItem[]>;

export type CodeTable = keyof typeof CODE_TABLES;
export type CodeOf<T extends CodeTable> = (typeof CODE_TABLES)[T][number]['code'];

export function labelOf(table: CodeTable, code: string | null | undefined, lang: 'zh' | 'en' = 'zh'): string {
  if (!code) return '';
  const item = (CODE_TABLES[table] as readonly CodeItem[]).find((i) => i.code === code);
  return item ? item[lang] : code;
}

/** Label (or synonym, or code) → code; spaces and full-width parentheses ignored. */
const normLabel = (s: string) => s.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
/** Per table: every accepted spelling (label, code, English, synonyms; normalised) → code. Built once: the import asks
 * a million times. */
const labelIndex = new Map<CodeTable, Map<string, string>>();

export function codeFromLabel(table: CodeTable, raw: string | null | undefined): string | undefined {
  if (raw == null) return undefined;
  const v = normLabel(String(raw));
  if (!v) return undefined;
  let index = labelIndex.get(table);
  if (!index) {
    index = new Map();
    // Reverse order, so that the first item wins where two share a spelling (as the former linear search did).
    for (const item of [...(CODE_TABLES[table] as readonly CodeItem[])].reverse()) {
      for (const s of item.synonyms ?? []) index.set(normLabel(s), item.code);
      index.set(item.en.toLowerCase(), item.code);
      index.set(item.code, item.code);
      index.set(normLabel(item.zh), item.code);
    }
    labelIndex.set(table, index);
  }
  return index.get(v) ?? index.get(v.toLowerCase());
}

const codeLists = new Map<CodeTable, string[]>();
/** The table's codes (the same array every time: do not modify it). */
export function codesOf(table: CodeTable): string[] {
  let list = codeLists.get(table);
  if (!list) codeLists.set(table, (list = (CODE_TABLES[table] as readonly CodeItem[]).map((i) => i.code)));
  return list;
}

/**
 * 民族: the 56 ethnic groups of GB/T 3304 (民族名称的罗马字母拼写法和代码), in the standard's order with its two-digit codes.
 * The registry stores the name (汉族), as county rolls write it; a person of none of them (未识别民族, 97 其他) is
 * stored as 其他 or 其他（what the roll says）.
 */
export const ETHNIC_GROUPS: readonly CodeItem[] = ([
  ['01', '汉族', 'Han'], ['02', '蒙古族', 'Mongol'], ['03', '回族', 'Hui'], ['04', '藏族', 'Tibetan'], ['05', '维吾尔族', 'Uyghur'],
  ['06', '苗族', 'Miao'], ['07', '彝族', 'Yi'], ['08', '壮族', 'Zhuang'], ['09', '布依族', 'Buyei'], ['10', '朝鲜族', 'Korean'],
  ['11', '满族', 'Manchu'], ['12', '侗族', 'Dong'], ['13', '瑶族', 'Yao'], ['14', '白族', 'Bai'], ['15', '土家族', 'Tujia'],
  ['16', '哈尼族', 'Hani'], ['17', '哈萨克族', 'Kazakh'], ['18', '傣族', 'Dai'], ['19', '黎族', 'Li'], ['20', '傈僳族', 'Lisu'],
  ['21', '佤族', 'Va'], ['22', '畲族', 'She'], ['23', '高山族', 'Gaoshan'], ['24', '拉祜族', 'Lahu'], ['25', '水族', 'Sui'],
  ['26', '东乡族', 'Dongxiang'], ['27', '纳西族', 'Naxi'], ['28', '景颇族', 'Jingpo'], ['29', '柯尔克孜族', 'Kirgiz'], ['30', '土族', 'Tu'],
  ['31', '达斡尔族', 'Daur'], ['32', '仫佬族', 'Mulao'], ['33', '羌族', 'Qiang'], ['34', '布朗族', 'Blang'], ['35', '撒拉族', 'Salar'],
  ['36', '毛南族', 'Maonan'], ['37', '仡佬族', 'Gelao'], ['38', '锡伯族', 'Xibe'], ['39', '阿昌族', 'Achang'], ['40', '普米族', 'Pumi'],
  ['41', '塔吉克族', 'Tajik'], ['42', '怒族', 'Nu'], ['43', '乌孜别克族', 'Uzbek'], ['44', '俄罗斯族', 'Russ'], ['45', '鄂温克族', 'Ewenki'],
  ['46', '德昂族', 'Deang'], ['47', '保安族', 'Bonan'], ['48', '裕固族', 'Yugur'], ['49', '京族', 'Gin'], ['50', '塔塔尔族', 'Tatar'],
  ['51', '独龙族', 'Derung'], ['52', '鄂伦春族', 'Oroqen'], ['53', '赫哲族', 'Hezhen'], ['54', '门巴族', 'Monba'], ['55', '珞巴族', 'Lhoba'],
  ['56', '基诺族', 'Jino'],
] as const).map(([code, zh, en]) => t(code, zh, en));

/** 其他 (GB/T 3304 code 97): the one choice with free text beside it. */
export const ETHNICITY_OTHER = '其他';
const OTHER_TEXT = /^其他[（(：:]\s*([^（）()]{1,15}?)\s*[）)]?$/;

/**
 * The stored form of an ethnicity as typed or imported: one of the 56 names (also without 族 — 汉 — or by its code,
 * 01), 其他, or 其他（text） with up to 15 characters of text; null for empty; undefined for anything else (a problem).
 */
export function normaliseEthnicity(raw: string | null | undefined): string | null | undefined {
  const v = (raw ?? '').replace(/\s+/g, '');
  if (!v) return null;
  const hit = ETHNIC_GROUPS.find((g) => g.zh === v || g.code === v.padStart(2, '0') || g.zh === `${v}族`);
  if (hit) return hit.zh;
  if (v === ETHNICITY_OTHER || v === '97') return ETHNICITY_OTHER;
  const other = OTHER_TEXT.exec(v);
  return other ? `${ETHNICITY_OTHER}（${other[1]}）` : undefined;
}
