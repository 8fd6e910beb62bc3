// What can be wrong with a request, as data: each problem is told to the reader in the page's
// language, and to API clients in English with a stable code.
import type { Lang } from './lang';

export type Problem =
  | { code: 'number'; key: string; max: number; got: string }
  | { code: 'choice'; key: string; allowed: readonly string[]; got: string }
  | { code: 'too-many-values'; key: string; max: number }
  | { code: 'year'; key: string; got: string }
  | { code: 'cities'; key: 'city'; min: number; max: number; got: number }
  | { code: 'too-many-parameters'; max: number }
  | { code: 'method'; method: string }
  | { code: 'no-page'; path: string }
  | { code: 'no-report'; id: string }
  | { code: 'no-measure'; id: string; docId: string }
  | { code: 'report-removed'; id: string; docId: string; removedOn: string }
  | { code: 'too-many-alternatives'; max: number }
  | { code: 'search'; detail: string }
  | { code: 'selection-empty' }
  | { code: 'selection-size'; max: number; got: number }
  | { code: 'selection-address'; max: number; got: number }
  | { code: 'selection-id'; got: string }
  | { code: 'selection-gone'; count: number };

const cut = (s: string) => s.slice(0, 20);
const nf = (n: number, lang: Lang) => n.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');

const TEXT: { [L in Lang]: { [C in Problem['code']]: (p: Extract<Problem, { code: C }>) => string } } = {
  zh: {
    number: (p) => `参数「${p.key}」须为 1 至 ${nf(p.max, 'zh')} 的整数（收到「${cut(p.got)}」）。`,
    choice: (p) => `参数「${p.key}」只能是 ${p.allowed.join('、')} 之一（收到「${cut(p.got)}」）。`,
    'too-many-values': (p) => `参数「${p.key}」最多可选 ${p.max} 个值。`,
    year: (p) => `年份须为四位数字，如 2024（收到「${cut(p.got)}」）。`,
    cities: (p) => `请选择 ${p.min} 至 ${p.max} 个城市（已选 ${p.got} 个）。`,
    'too-many-parameters': (p) => `参数过多（最多 ${p.max} 个）。`,
    method: (p) => `此地址只接受 GET 请求（收到 ${cut(p.method)}）。`,
    'no-page': () => `没有这个页面。`,
    'no-report': (p) => `没有编号为「${p.id.slice(0, 100)}」的报告。`,
    'no-measure': (p) => `没有编号为「${p.id.slice(0, 100)}」的举措，可能是报告重新索引后分段发生了变化；其报告编号为「${p.docId}」。`,
    'report-removed': (p) => `举措「${p.id.slice(0, 100)}」所在的报告「${p.docId}」已于 ${p.removedOn} 从知识库中移除。`,
    'too-many-alternatives': (p) => `OR 组合过多：最多 ${p.max} 种组合，请减少 OR 连接的词。`,
    search: (p) => `无法执行该搜索：${p.detail}`,
    'selection-empty': () => `选集为空：请先勾选举措，或用 id=… 指定举措。`,
    'selection-size': (p) => `选集最多可含 ${p.max} 条举措（收到 ${p.got} 条）。`,
    'selection-address': (p) => `一个地址最多列出 ${p.max} 条举措（收到 ${p.got} 条）。更长的选集请从页面底部的选集栏打开（以 POST 提交）。`,
    'selection-id': (p) => `「${cut(p.got)}」不是举措编号（编号只含小写字母、数字和连字符）。`,
    'selection-gone': (p) => `所选的 ${p.count} 条举措都已不在索引中，可能是报告重新索引后分段发生了变化。`,
  },
  en: {
    number: (p) => `"${p.key}" must be a whole number from 1 to ${nf(p.max, 'en')}, written in digits (got "${cut(p.got)}").`,
    choice: (p) => `"${p.key}" must be one of ${p.allowed.join(', ')} (got "${cut(p.got)}").`,
    'too-many-values': (p) => `At most ${p.max} values of "${p.key}" can be selected.`,
    year: (p) => `"year" must be a year of four digits, such as 2024 (got "${cut(p.got)}").`,
    cities: (p) => `Choose ${p.min} to ${p.max} cities with city=… (got ${p.got}).`,
    'too-many-parameters': (p) => `Too many parameters (at most ${p.max}).`,
    method: (p) => `${cut(p.method)} is not allowed here; this address answers GET.`,
    'no-page': (p) => `No page at ${p.path.slice(0, 200)}`,
    'no-report': (p) => `No report with id "${p.id.slice(0, 100)}".`,
    'no-measure': (p) => `No measure with id "${p.id.slice(0, 100)}"; it may have changed in a re-index. Its report id is "${p.docId}".`,
    'report-removed': (p) =>
      `The measure "${p.id.slice(0, 100)}" belonged to the report "${p.docId}", which was removed from the knowledge base on ${p.removedOn}.`,
    'too-many-alternatives': (p) => `Too many OR alternatives: at most ${p.max} combinations; join fewer words with OR.`,
    search: (p) => p.detail,
    'selection-empty': () => `The selection is empty: tick measures first, or name them with id=….`,
    'selection-size': (p) => `A selection holds at most ${p.max} measures (got ${p.got}).`,
    'selection-address': (p) =>
      `An address lists at most ${p.max} measures (got ${p.got}). Open a longer selection from the selection bar at the foot of the page (it is sent by POST).`,
    'selection-id': (p) => `"${cut(p.got)}" is not a measure id (ids are lower-case letters, digits and hyphens).`,
    'selection-gone': (p) => `None of the ${p.count} selected measures is in the index any more; a re-index may have changed them.`,
  },
};

export function describeProblem(p: Problem, lang: Lang): string {
  return (TEXT[lang][p.code] as (x: Problem) => string)(p);
}

/** The request parameter a problem is about, if any: an error page's way back leaves it out. */
export function problemKey(p: Problem): string | null {
  return 'key' in p ? p.key : null;
}
