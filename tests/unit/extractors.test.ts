import { findFigures } from '../../indexer/extract/figure';
import { findPractices } from '../../indexer/extract/practice';
import { decideThemes } from '../../indexer/extract/theme';
import { findAgencies, decideAgencies } from '../../indexer/extract/agency';
import { decidePlace } from '../../indexer/extract/place';
import { inferPlace } from '../../indexer/gazetteer';
import { testRules } from '../helpers/corpus';

const rules = testRules();
const fig = (text: string) => findFigures(text, rules.figures).map(({ label, value, unit }) => ({ label, value, unit }));

describe('figures', () => {
  const one = (text: string, year?: number) => findFigures(text, rules.figures, year);

  it('reads what is counted before the number, and what was done to it', () => {
    expect(fig('全市共划分网格48600个,配备专(兼)职网格员49702人')).toEqual([
      { label: '划分网格', value: 48600, unit: '个' },
      { label: '配备专(兼)职网格员', value: 49702, unit: '人' },
    ]);
    expect(one('全市共划分网格48600个')[0]).toMatchObject({ noun: '网格', action: '划分' });
  });

  it('tells apart what happened to the same people: trained, disciplined, honoured, cleared', () => {
    expect(fig('轮训干警17664人次')[0].label).toBe('轮训干警');
    expect(fig('运用“四种形态”处理干警446人,全市4000余名干警接受了一场刻骨铭心的革命性锻造和洗礼')).toEqual([
      { label: '处理干警', value: 446, unit: '人' },
      { label: '干警', value: 4000, unit: '名' },
    ]);
    expect(fig('全市政法系统先后有318个集体、633名干警获三等功及省级以上表彰奖励')[1]).toEqual({ label: '表彰干警', value: 633, unit: '名' });
    expect(fig('建立政法系统澄清正名机制,为71名干警正名')).toEqual([{ label: '正名干警', value: 71, unit: '名' }]);
  });

  it('resolves 万 and 亿, gives money in 元 and keeps the qualifier as written', () => {
    expect(fig('止付资金11.5674亿元,排查受理各类矛盾纠纷5.4万余件')).toEqual([
      { label: '止付资金', value: 1156740000, unit: '元' },
      { label: '受理矛盾纠纷', value: 54000, unit: '件' },
    ]);
    expect(one('5.4万余件矛盾纠纷')[0]).toMatchObject({ qualifier: '余', approx: true });
    expect(one('调解成功率98%以上')[0]).toMatchObject({ label: '调解成功率', qualifier: '以上', approx: true });
    expect(one('纠纷排查超过15000人次')[0]).toMatchObject({ value: 15000, qualifier: '超过' });
    expect(one('冻结涉案财物约2亿元')[0]).toMatchObject({ value: 200000000, qualifier: '约' });
    expect(one('年受理上报事项十万多件')[0]).toMatchObject({ label: '受理上报事项', value: 100000, qualifier: '多' });
  });

  it('reads a change from one value to another as one figure', () => {
    expect(one('将原有297个城市网格增加至340个城市网格')).toEqual([
      expect.objectContaining({ label: '城市网格', group: '网格', from: 297, value: 340, unit: '个', raw: '297个城市网格增加至340个' }),
    ]);
  });

  it('gives the period the text states, else the report’s year', () => {
    expect(one('十年来,保山坚持源头治理,全市共划分网格48600个', 2022)[0]).toMatchObject({ period: '十年来', year: 2022 });
    expect(one('2019年,全市法院受理案件33374件', 2021)[0]).toMatchObject({ period: '2019年', year: 2019 });
    expect(one('2021年道路交通事故死亡人数较2010年下降58.4%', 2022)[0]).toMatchObject({ label: '道路交通事故死亡人数下降', period: '2021年', year: 2021 });
    expect(one('去年以来,全市办理案件100件', 2021)[0]).toMatchObject({ period: '去年以来', year: 2020 });
    expect(one('全市办理案件100件', 2021)[0]).toMatchObject({ year: 2021 });
    expect(one('全市办理案件100件', 2021)[0].period).toBeUndefined();
    // A year inside a name or an award sets no period; the paragraph's own does.
    expect(one('十年来,组织实施“平安法治工程”,腾冲市委政法委被表彰为2017—2020年度“平安中国建设先进集体”。打掉涉黑恶组织团伙44个', 2022)[0]).toMatchObject({
      period: '十年来',
      year: 2022,
    });
  });

  it('reads the thing counted after a counter, with the action before it', () => {
    expect(fig('全市共建成1034个公共法律服务中心')).toEqual([{ label: '建成公共法律服务中心', value: 1034, unit: '个' }]);
    expect(fig('实现公安机关面向群众和企业的254项审批服务事项网上全覆盖')).toEqual([{ label: '审批服务事项', value: 254, unit: '项' }]);
  });

  it('gives a figure that follows another the same label', () => {
    expect(fig('破获刑事案件587起1032人')).toEqual([
      { label: '破获刑事案件', value: 587, unit: '起' },
      { label: '破获刑事案件', value: 1032, unit: '人' },
    ]);
  });

  it('keeps labels of one or two characters only when they are a whole noun', () => {
    expect(fig('纳入这份清单的还有150多条内容')).toEqual([]);
    expect(fig('全市共有干警600余名')).toEqual([{ label: '干警', value: 600, unit: '名' }]);
    expect(fig('同比增长15.3%')).toEqual([]);
  });

  it('ignores dates, durations, names and numbers inside document titles', () => {
    expect(fig('2019年3月5日,出台《营商环境27条措施》,COP15召开,缩短到5个工作日,“十三五”期间,第十个')).toEqual([]);
  });

  it('groups labels that mean the same thing by the corpus rules', () => {
    expect(findFigures('配备专(兼)职网格员49702人', rules.figures)[0].group).toBe('网格员');
  });
});

describe('practices', () => {
  it('keeps quoted practice names and drops slogans and metaphors', () => {
    const p = findPractices('开展“6955十户联防”,健全“4+N”机制,推行“三调联动”,交出“答卷”,做到“小事不出村、大事不出镇”,成为“排头兵”', rules.practices);
    expect(p).toEqual(expect.arrayContaining(['6955十户联防', '4+N', '三调联动']));
    for (const bad of ['答卷', '小事不出村、大事不出镇', '排头兵', '十户联防']) expect(p).not.toContain(bad);
  });

  it('recognises known practices named without quotes', () => {
    expect(findPractices('坚持和发展新时代枫桥经验,推进雪亮工程建设', rules.practices)).toEqual(['枫桥经验', '雪亮工程']);
  });
});

describe('themes', () => {
  it('tags a measure with every theme its keywords support', () => {
    expect(decideThemes('推动网格员队伍转型', '完善网格员责任清单,发挥网格化服务管理作用', rules.themes)).toEqual(['grid']);
    const t = decideThemes('', '扫黑除恶专项斗争打掉涉黑组织,严惩保护伞;开展电信网络诈骗专项打击', rules.themes);
    expect(t[0]).toBe('anti-gang');
    expect(t).toContain('anti-fraud');
  });

  it('gives no theme to text without keywords', () => {
    expect(decideThemes('', '今天天气很好。', rules.themes)).toEqual([]);
  });
});

describe('agencies', () => {
  it('finds agencies with their local full names', () => {
    const found = findAgencies('保山市中级人民法院、官渡区人民检察院、昆明市公安局官渡分局、嘉峪关市司法局和官渡区委政法委', rules.agencies);
    expect(found.map((f) => [f.agency, f.name])).toEqual([
      ['法院', '保山市中级人民法院'],
      ['检察院', '官渡区人民检察院'],
      ['公安', '昆明市公安局'],
      ['公安', '官渡分局'],
      ['司法行政', '嘉峪关市司法局'],
      ['政法委', '官渡区委政法委'],
    ]);
  });

  it('does not take 公安 for the county of that name or 政法机关 for an agency', () => {
    const found = findAgencies('全市公安机关和政法机关', rules.agencies);
    expect(found.map((f) => f.agency)).toEqual(['公安']);
    expect(found[0].local).toBe(false);
  });

  it('lets 该院 point at the agency that opens the section', () => {
    const section = findAgencies('官渡区人民检察院', rules.agencies)[0];
    expect(decideAgencies('组建团队', '该院组建专业化团队', { sectionAgency: section }, rules.agencies)).toEqual({
      agencies: ['检察院'],
      agencyNames: ['官渡区人民检察院'],
    });
  });

  it('puts the speaker of an answer first', () => {
    const speaker = findAgencies('保山市司法局副局长董卫红', rules.agencies)[0];
    const r = decideAgencies('', '联合派出所开展调解', { speakerAgency: speaker.agency, speakerMention: speaker }, rules.agencies);
    expect(r.agencies).toEqual(['司法行政', '公安']);
  });
});

describe('places', () => {
  it('keeps the report district or finds the one district a chunk is about', () => {
    expect(decidePlace({ city: '昆明市', province: '云南省', district: '官渡区' }, '', '')).toEqual({ city: '昆明市', province: '云南省', district: '官渡区' });
    expect(decidePlace({ city: '保山市', province: '云南省' }, '腾冲法院设立调解室', '腾冲法院立案调解639件')).toMatchObject({ district: '腾冲市' });
    expect(decidePlace({ city: '保山市', province: '云南省' }, '', '腾冲、施甸两地')).not.toHaveProperty('district');
  });

  it('infers city, province and district of a plain report from the gazetteer', () => {
    expect(inferPlace('泽州县坚持和发展新时代枫桥经验。泽州县人民法院设立巡回法庭。晋城市委政法委推广泽州县经验。')).toEqual({
      province: '山西省',
      city: '晋城市',
      district: '泽州县',
    });
    expect(inferPlace('没有地名的文本')).toEqual({});
  });
});
