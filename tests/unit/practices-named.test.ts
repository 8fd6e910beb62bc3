// The practice facet holds named practices only: formulas, names ending in a word that names a
// practice, and the taxonomy's known names, with their variants under one name. Ordinary phrases
// a report happens to quote ("电话服务", "大数据", "十二字") are not practices.
import { findPractices } from '../../indexer/extract/practice';
import { seedCorpus, testRules } from '../helpers/corpus';

const rules = testRules().practices;

function facet(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of seedCorpus().chunks) for (const p of c.practices) counts.set(p, (counts.get(p) ?? 0) + 1);
  return counts;
}

describe('named practices', () => {
  it('drops quoted ordinary phrases: ways of serving, generic tools, counts of characters', () => {
    const text =
      '采取“一对一服务”“电话服务”“网络服务”“发布信息服务”“上门服务”及“预约服务”等多种形式;充分运用“大数据”服务打击违法犯罪;' +
      '围绕“覆盖城乡、便捷高效”“十二字”目标;由“多窗”向“一窗”集中;通过“线上+线下”模式;建成“便民服务超市”。';
    expect(findPractices(text, rules)).toEqual([]);
  });

  it('keeps formulas, names with a practice word and known names', () => {
    const text = '健全“4+N”机制,创新“6995”网格化服务管理,推广“五包五保”“21315”工作法,强力推进“八张网”建设,设立“李承平调解室”,推进“多网合一”';
    expect(findPractices(text, rules)).toEqual(['4+N', '6995', '五包五保', '21315', '八张网', '李承平调解室', '多网合一', '网格化服务管理']);
  });

  it('groups the variants of one practice under one name', () => {
    expect(findPractices('开展了“一站式”建设。“一站式”诉讼服务快捷便利', rules)).toEqual(['一站式']);
    expect(findPractices('依托“一站式多元解纷”工作', rules)).toEqual(['一站式']);
    expect(findPractices('推进一站式诉讼服务中心建设', rules)).toEqual(['一站式']);
    expect(findPractices('实现了业务办理“一窗受理”,设置了“一窗通办”功能', rules)).toEqual(['一窗通办']);
    expect(findPractices('创新开展“农村家庭法律顾问”全覆盖,推动实施“城市两类家庭法律顾问”全覆盖', rules)).toEqual(['家庭法律顾问']);
    // A named centre that offers one-stop service is a practice of its own.
    expect(findPractices('成立“境外人员一站式服务中心”', rules)).toEqual(['境外人员一站式服务中心']);
  });

  it('leaves the seed corpus with 71 named practices (93 before), none of them generic, each variant group once', () => {
    const counts = facet();
    expect(counts.size).toBe(71);
    for (const generic of ['电话服务', '大数据', '一窗', '十二字', '线下服务', '数据定制服务', '一对一服务', '线上+线下'])
      expect(counts.has(generic)).toBe(false);
    for (const variant of ['一站式诉讼服务', '一站式多元解纷', '一窗受理', '农村家庭法律顾问', '城市两类家庭法律顾问']) expect(counts.has(variant)).toBe(false);
    expect(counts.get('一站式')).toBe(9);
    expect(counts.get('家庭法律顾问')).toBe(2);
    for (const named of ['4+N', '6955十户联防', '6995', '枫桥经验', '三调联动', '雪亮工程', '最多跑一次', '无讼社区', '五包五保', '八张网'])
      expect(counts.get(named)).toBeGreaterThan(0);
  });
});
