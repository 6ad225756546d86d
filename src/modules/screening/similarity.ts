import { namePinyin } from '../households/pinyin.js';

/**
 * Name similarity for fuzzy matching (模糊匹配): a department's spelling of a name against the registry's. Scores:
 * the same name 1; a traditional form of it 0.95; a homophone (same pinyin, same length) 0.9; one character wrong
 * 0.8; one character missing or extra 0.75; anything else 0 (no candidate).
 */
export type NameBasis = 'name' | 'traditional' | 'homophone' | 'one_char' | 'missing_char';

/** Traditional characters frequent in names → simplified (pinyin also catches the others, as homophones). */
const TRADITIONAL: Record<string, string> = Object.fromEntries(
  [...'張劉陳楊黃趙吳周鄭孫馬許鄧馮韓曹曾彭蕭蔡潘袁於蔣葉魏蘇呂盧丁賈夏龐錢湯羅嚴陸薛閻賴萬譚廖鍾鄒顧龔鄔歐陽國華麗東軍紅蘭鳳龍偉強雲傑聰敏慧燕鵬輝剛義亮寶貴鳴晉廣榮樹寧勝順蓮鶴愛萍瑩'].map((c, i) => [
    c,
    [...'张刘陈杨黄赵吴周郑孙马许邓冯韩曹曾彭萧蔡潘袁于蒋叶魏苏吕卢丁贾夏庞钱汤罗严陆薛阎赖万谭廖钟邹顾龚邬欧阳国华丽东军红兰凤龙伟强云杰聪敏慧燕鹏辉刚义亮宝贵鸣晋广荣树宁胜顺莲鹤爱萍莹'][i]!,
  ]),
);

export function simplified(name: string): string {
  return [...name].map((c) => TRADITIONAL[c] ?? c).join('');
}

export function nameSimilarity(a: string, b: string): { score: number; basis: NameBasis } | undefined {
  if (!a || !b) return undefined;
  if (a === b) return { score: 1, basis: 'name' };
  const sa = simplified(a);
  const sb = simplified(b);
  if (sa === sb) return { score: 0.95, basis: 'traditional' };
  const ca = [...sa];
  const cb = [...sb];
  if (ca.length === cb.length) {
    const pa = namePinyin(sa).full;
    if (pa && pa === namePinyin(sb).full) return { score: 0.9, basis: 'homophone' };
    let diff = 0;
    for (let i = 0; i < ca.length; i++) if (ca[i] !== cb[i]) diff++;
    if (diff === 1 && ca.length >= 2) return { score: 0.8, basis: 'one_char' };
    return undefined;
  }
  if (Math.abs(ca.length - cb.length) === 1 && Math.min(ca.length, cb.length) >= 2) {
    const [long, short] = ca.length > cb.length ? [ca, cb] : [cb, ca];
    for (let skip = 0; skip < long.length; skip++) {
      if (long.filter((_, i) => i !== skip).join('') === short.join('')) return { score: 0.75, basis: 'missing_char' };
    }
  }
  return undefined;
}

/** Two ID numbers that differ in one character or by two neighbours swapped (a typo), not more. */
export function idTypo(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return true;
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}
