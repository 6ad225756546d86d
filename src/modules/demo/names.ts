import { Rng, Weighted } from './random.js';

/**
 * Chinese names for demo data. Surnames with their approximate share of the population (per mille, national
 * ranking, nudged towards Shanxi where 郭, 武, 阎, 郝, 贾, 牛, 申 are common), given names by generation: a
 * grandmother is 秀英 or 桂兰, her granddaughter 梓涵 or 欣怡.
 */
const SURNAMES: [string, number][] = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 45], ['杨', 31], ['赵', 25], ['黄', 22], ['周', 20], ['吴', 20],
  ['郭', 17], ['徐', 14], ['孙', 14], ['马', 13], ['朱', 13], ['胡', 12], ['高', 12], ['林', 10], ['何', 10], ['罗', 9],
  ['梁', 8], ['宋', 8], ['郑', 7], ['谢', 7], ['韩', 7], ['唐', 6], ['冯', 6], ['于', 6], ['董', 6], ['肖', 5],
  ['程', 5], ['曹', 5], ['袁', 5], ['邓', 5], ['许', 5], ['傅', 5], ['沈', 5], ['曾', 5], ['彭', 5], ['吕', 5],
  ['苏', 4], ['卢', 4], ['蒋', 4], ['蔡', 4], ['贾', 6], ['丁', 4], ['魏', 4], ['薛', 4], ['叶', 4], ['阎', 5],
  ['余', 3], ['潘', 3], ['杜', 3], ['戴', 3], ['夏', 3], ['钟', 3], ['汪', 3], ['田', 3], ['任', 3], ['姜', 3],
  ['范', 2], ['方', 2], ['石', 2], ['姚', 2], ['谭', 2], ['廖', 2], ['邹', 2], ['熊', 2], ['金', 2], ['陆', 2],
  ['郝', 3], ['孔', 1], ['白', 2], ['崔', 2], ['康', 1], ['毛', 1], ['邱', 1], ['秦', 2], ['江', 1], ['史', 2],
  ['顾', 1], ['侯', 2], ['邵', 1], ['孟', 1], ['龙', 1], ['万', 1], ['段', 1], ['雷', 1], ['钱', 1], ['汤', 1],
  ['尹', 1], ['常', 2], ['武', 3], ['乔', 1], ['贺', 1], ['牛', 2], ['申', 1], ['樊', 1], ['温', 1], ['原', 1],
  ['欧阳', 0.3], ['司马', 0.1], ['上官', 0.1],
];

const MALE_OLD = '建国 国庆 建华 建军 国强 志强 德明 文明 振华 永刚 福全 保平 满仓 天福 根柱 二虎 拴柱 来福 有才 明亮 树林 长生 金海 玉山 宝贵 存孝 富贵 春生 秋生 进才 德胜 万福 守仁 双喜 铁柱 海 山 林 忠 贵 福 明'.split(' ');
const MALE_MID = '伟 强 磊 军 勇 杰 涛 斌 超 鹏 刚 波 辉 亮 俊 海军 建平 红军 志刚 晓东 海峰 永平 小军 卫东 国平 建伟 志勇 海涛 文斌 小龙 晓明 红伟 建新 利军 鹏飞 俊峰 晋 晋华 晋平'.split(' ');
const MALE_YOUNG = '浩 宇 浩然 子轩 宇航 俊杰 博文 梓豪 一鸣 天佑 皓轩 子豪 家乐 泽宇 宇轩 嘉豪 明轩 瑞 晨 阳 思远 宇辰 子墨 奕辰 沐阳 浩宇 锦程 景行 煜 铭 昊天 志远 嘉诚 晨阳'.split(' ');
const FEMALE_OLD = '秀英 桂英 玉兰 秀兰 桂兰 凤英 淑珍 秀珍 桂花 玉梅 翠花 兰英 春梅 金花 香莲 改花 拴女 月英 玉珍 秀梅 爱莲 二女 桂珍 巧云 润莲 银花 彩云 凤兰 素珍 兰'.split(' ');
const FEMALE_MID = '丽 芳 娟 敏 静 燕 艳 红 霞 丽娟 晓燕 海燕 春燕 丽萍 红梅 小红 玲 丽华 晓红 彩霞 瑞芳 俊芳 慧 琴 丽霞 晓丽 红霞 雪梅 晋芳 爱萍'.split(' ');
const FEMALE_YOUNG = '欣怡 梓涵 子涵 雨涵 诗涵 可馨 欣妍 思琪 佳怡 一诺 梦瑶 雨萱 紫萱 婷 悦 晨曦 雅琪 佳琪 心怡 语嫣 若汐 梓萱 依诺 雨桐 思雨 可欣 嘉怡 晓雪 佳慧 宁'.split(' ');

const surnames = new Weighted(SURNAMES.map(([s, w]) => [s, w] as const));

export function pickSurname(rng: Rng): string {
  return surnames.pick(rng);
}

/** A given name fitting the birth year and gender. */
export function pickGivenName(rng: Rng, gender: 'M' | 'F', birthYear: number): string {
  const pool =
    gender === 'M'
      ? birthYear < 1966 ? MALE_OLD : birthYear < 1991 ? MALE_MID : MALE_YOUNG
      : birthYear < 1966 ? FEMALE_OLD : birthYear < 1991 ? FEMALE_MID : FEMALE_YOUNG;
  return rng.pick(pool);
}
