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
  it('reads the thing counted before the number', () => {
    expect(fig('全市共划分网格48600个,配备专(兼)职网格员49702人')).toEqual([
      { label: '网格', value: 48600, unit: '个' },
      { label: '专(兼)职网格员', value: 49702, unit: '人' },
    ]);
  });

  it('resolves 万 and 亿 and gives money in 元', () => {
    expect(fig('止付资金11.5674亿元,排查受理各类矛盾纠纷5.4万余件')).toEqual([
      { label: '止付资金', value: 1156740000, unit: '元' },
      { label: '矛盾纠纷', value: 54000, unit: '件' },
    ]);
  });

  it('keeps rates with their verb and marks approximate figures', () => {
    expect(fig('化解率98.2%')).toEqual([{ label: '化解率', value: 98.2, unit: '%' }]);
    expect(findFigures('调解成功率98%以上', rules.figures)[0]).toMatchObject({ label: '调解成功率', approx: true });
  });

  it('reads the thing counted after the number when nothing names it before', () => {
    expect(fig('全市共建成1034个公共法律服务中心')).toEqual([{ label: '公共法律服务中心', value: 1034, unit: '个' }]);
  });

  it('gives a figure that follows another the same label', () => {
    expect(fig('破获刑事案件587起1032人')).toEqual([
      { label: '刑事案件', value: 587, unit: '起' },
      { label: '刑事案件', value: 1032, unit: '人' },
    ]);
  });

  it('ignores dates, durations, names and numbers inside document titles', () => {
    expect(fig('2019年3月5日,出台《营商环境27条措施》,COP15召开,缩短到5个工作日')).toEqual([]);
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
