// Kinds, periods and label groups of figures, and the labels a reviewer found wrong: what a
// researcher comparing figures across cities relies on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TaxonomyError } from '../../core/taxonomy';
import { findFigures } from '../../indexer/extract/figure';
import { loadRules } from '../../indexer/rules';
import { TAXONOMY_DIR, testRules } from '../helpers/corpus';

const rules = testRules();
const one = (text: string, year?: number) => findFigures(text, rules.figures, year);

describe('figure labels a reviewer found wrong', () => {
  it('says what a number counts when a verb follows the counted noun', () => {
    expect(one('全市12个乡镇建立人民调解委员会,实现全覆盖。')[0]).toMatchObject({ label: '建立人民调解委员会的乡镇', noun: '乡镇', value: 12 });
    expect(one('市内90%以上的单位和村(居)实现了“零发案”。')[0]).toMatchObject({ label: '实现“零发案”的单位和村(居)', value: 90, kind: 'rate' });
  });

  it('keeps a whole noun that the word segmenter splits', () => {
    expect(one('选取并任命64个特邀调解组织及85名特邀调解员')[0]).toMatchObject({ label: '任命特邀调解组织', noun: '特邀调解组织', value: 64 });
    expect(one('以及8个专业性行业性调解组织,包括667名人民调解员')[0]).toMatchObject({ label: '专业性行业性调解组织', value: 8, group: '调解组织' });
  });

  it('does not carry a verb of a list over the noun after 等', () => {
    expect(one('集中提供“案件受理”“司法救助”等20余项检察便民服务。')[0]).toMatchObject({ label: '检察便民服务', value: 20 });
  });

  it('does not let a relative clause run over another number', () => {
    expect(one('选聘了72名律师建成5个律师调解团队')[0]).toMatchObject({ label: '律师', value: 72 });
  });
});

describe('kinds of figures', () => {
  const kind = (text: string) => one(text, 2022).map((f) => [f.label, f.kind]);

  it('tells levels, changes, rates, money and ratios apart', () => {
    expect(kind('全市共划分网格48600个')).toEqual([['划分网格', 'count']]);
    expect(kind('冻结资金2.1563亿元')).toEqual([['冻结资金', 'amount']]);
    expect(kind('化解率98.2%')).toEqual([['化解率', 'rate']]);
    expect(kind('全市信访总量年均下降6.1%')).toEqual([['信访总量下降', 'change']]);
    expect(kind('创建周期内全市发生命案比峰值下降255%')).toEqual([['发生命案比峰值下降', 'change']]);
    expect(kind('案件审理周期平均缩短29天')).toEqual([['审理周期平均缩短', 'change']]);
    expect(kind('员额法官人均受理案件669件,人均结案413件')).toEqual([
      ['人均受理案件', 'ratio'],
      ['人均结案', 'ratio'],
    ]);
  });

  it('reads a level written with its earlier value as a count', () => {
    expect(one('将原有297个城市网格增加至340个')[0]).toMatchObject({ from: 297, value: 340, kind: 'count' });
  });
});

describe('periods of figures', () => {
  const span = (text: string, year?: number) => one(text, year)[0].span;

  it('works out the years a period covers from the report’s date, marked inferred', () => {
    expect(span('十年来,全市共划分网格48600个', 2022)).toEqual({ kind: 'range', from: '2012', to: '2022', inferred: true });
    expect(span('今年1至5月,全市刑事案件发案同比下降27.8%', 2022)).toEqual({ kind: 'months', from: '2022-01', to: '2022-05', inferred: true });
    expect(span('“今年1月至9月,官渡区人民法院受理各类案件34765件', 2021)).toEqual({ kind: 'months', from: '2021-01', to: '2021-09', inferred: true });
    expect(span('去年,侦办刑事案件54起', 2022)).toEqual({ kind: 'year', from: '2021', to: '2021', inferred: true });
    expect(span('党的十八大以来,全市建成中心1034个', 2022)).toEqual({ kind: 'range', from: '2012', to: '2022', inferred: true });
  });

  it('takes a period written out as it is', () => {
    expect(span('2021年道路交通事故死亡人数较2010年下降58.4%', 2022)).toEqual({ kind: 'year', from: '2021', to: '2021' });
    expect(span('“十三五”期间,全市侦破刑事案件6000多起', 2021)).toEqual({ kind: 'range', from: '2016', to: '2020' });
    expect(span('截止2022年5月31日,全市建立法律援助机构6个', 2022)).toEqual({ kind: 'date', from: '2022-05-31', to: '2022-05-31' });
    expect(span('2014年以来,全市检察机关开展国家司法救助492件', 2022)).toEqual({ kind: 'range', from: '2014', to: '2022', inferred: true });
  });

  it('leaves the period unknown when the text gives none, apart from the report’s year', () => {
    const f = one('全市办理案件100件', 2021)[0];
    expect(f.span).toBeUndefined();
    expect(f.year).toBe(2021);
  });

  it('keeps 目前 to its own sentence', () => {
    const [a, b] = one('目前,全市划分网格48600个。开展行动,全市发生命案100起', 2022);
    expect(a.span).toMatchObject({ from: '2022' });
    expect(b.span).toBeUndefined();
  });
});

describe('label groups', () => {
  const group = (text: string) => one(text, 2022)[0].group;

  it('groups the same indicator under one name, within its kind', () => {
    expect(group('配备专(兼)职网格员49702人')).toBe('网格员');
    expect(group('调解成功率99%')).toBe('调解成功率');
    expect(group('化解率达98.35%')).toBe('矛盾纠纷化解率');
    expect(group('公共法律服务工作站13个')).toBe('公共法律服务中心/站');
    expect(group('全市刑事案件发案同比下降27.8%')).toBe('刑事案件（下降）');
    expect(group('全市刑事案件11起')).toBe('刑事案件');
  });

  it('leaves a bare 成功率 ungrouped: it does not say what succeeded', () => {
    expect(group('成功率58.8%')).toBeUndefined();
  });
});

describe('the rules of kinds, periods and groups are data', () => {
  const withFile = (file: string, edit: (text: string) => string): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-figures-'));
    fs.cpSync(TAXONOMY_DIR, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, file), edit(fs.readFileSync(path.join(dir, file), 'utf8')));
    return dir;
  };
  const refusal = (dir: string) => {
    try {
      loadRules(dir);
    } catch (err) {
      expect(err).toBeInstanceOf(TaxonomyError);
      return (err as Error).message;
    }
    throw new Error('the taxonomy was accepted');
  };

  it('refuses an unknown kind, a bad span template and a group without a name, naming the entry', () => {
    expect(refusal(withFile('figure-groups.yml', (s) => s.replace("kinds: [rate], match: ['调解成功率']", "kinds: [share], match: ['调解成功率']")))).toMatch(
      /figure-groups\.yml groups #1 kinds: share is not one of count, amount, rate, change, ratio/,
    );
    expect(refusal(withFile('figures.yml', (s) => s.replace("from: '{this-g1}'", "from: '{then}'")))).toMatch(
      /figures\.yml periods #\d+ span: "\{then\}" is not a span template/,
    );
    expect(refusal(withFile('figure-groups.yml', (s) => s.replace('group: 调解成功率,', 'group: "",')))).toMatch(/groups #1: needs a group name/);
  });

  it('groups by an edited figure-groups.yml without a change of code', () => {
    const dir = withFile('figure-groups.yml', (s) => `${s}\n  - { group: 停车位, match: ['停车位'] }\n`);
    expect(findFigures('新增停车位200多个', loadRules(dir).figures)[0].group).toBe('停车位');
    expect(findFigures('新增停车位200多个', rules.figures)[0].group).toBeUndefined();
  });
});
