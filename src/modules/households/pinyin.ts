import { pinyin } from 'pinyin-pro';

/** 张三 → { full: 'zhangsan', initials: 'zs' }; surnames read as surnames (单 → shan). Cached: names repeat a lot. */
const cache = new Map<string, { full: string; initials: string }>();

export function namePinyin(name: string): { full: string; initials: string } {
  let hit = cache.get(name);
  if (hit) return hit;
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true }) as string[];
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^a-z]/g, '')).filter(Boolean);
  hit = { full: clean.join(''), initials: clean.map((s) => s[0]).join('') };
  if (cache.size > 200_000) cache.clear();
  cache.set(name, hit);
  return hit;
}
