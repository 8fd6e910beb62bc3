// The benchmark's fixed mix of searches: common and rare words, pairs and 3–4 word queries,
// phrases (some matching nothing), exclusions, filters, and empty-query facet browsing.
import type { SearchRequest } from '../core/types';
import { rng } from './synthetic';

const WORDS = [
  '调解',
  '网格',
  '网格员',
  '法院',
  '检察',
  '公安',
  '扫黑除恶',
  '枫桥经验',
  '诉源治理',
  '法律援助',
  '雪亮工程',
  '视频监控',
  '矛盾纠纷',
  '一站式',
  '营商环境',
  '电信网络诈骗',
  '人民调解委员会',
  '公益诉讼',
  '信访',
  '队伍建设',
];
// Named practices and figures that occur in few chunks.
const RARE = ['6955十户联防', '三调联动', '4+N', '综治e通', '12309', '无讼社区', '女子调解队', '雪亮工程', '一村一警', '平安细胞'];
const PHRASES = ['"矛盾纠纷多元化解"', '"一站式诉讼服务"', '"人民调解"', '"网格化服务管理"', '"扫黑除恶专项斗争"'];
const NOTHING = ['"量子纠缠调解"', '区块链网格', '"火星平安建设"', 'zzqx'];
const AGENCIES = ['法院', '检察院', '公安', '司法行政', '政法委'];
const THEMES = ['mediation', 'grid', 'anti-gang', 'legal-services', 'public-order'];

export function queryMix(cities: string[]): SearchRequest[] {
  const random = rng(7);
  const pick = <T>(l: T[]): T => l[Math.floor(random() * l.length)];
  const mix: SearchRequest[] = [];
  const base = { filters: {}, page: 1, perPage: 20 };
  for (let i = 0; i < 50; i++) mix.push({ ...base, q: pick(WORDS) });
  for (let i = 0; i < 30; i++) mix.push({ ...base, q: `${pick(WORDS)} ${pick(WORDS)}` });
  for (let i = 0; i < 20; i++) mix.push({ ...base, q: Array.from({ length: 3 + (i % 2) }, () => pick(WORDS)).join(' ') });
  for (let i = 0; i < 20; i++) mix.push({ ...base, q: pick(RARE) });
  for (let i = 0; i < 30; i++) mix.push({ ...base, q: pick(PHRASES) });
  for (let i = 0; i < 10; i++) mix.push({ ...base, q: pick(NOTHING) });
  for (let i = 0; i < 40; i++) mix.push({ ...base, q: pick(WORDS), filters: { city: [pick(cities)], agency: [pick(AGENCIES)] } });
  for (let i = 0; i < 20; i++) mix.push({ ...base, q: `${pick(WORDS)} -${pick(WORDS)}`, filters: { theme: [pick(THEMES)] } });
  for (let i = 0; i < 20; i++) mix.push({ ...base, q: '', filters: i % 2 ? { agency: [pick(AGENCIES)] } : {} });
  for (let i = 0; i < 20; i++) mix.push({ ...base, q: '', filters: { city: [pick(cities), pick(cities)], theme: [pick(THEMES)] }, page: 1 + (i % 5) });
  return mix;
}
