import { chunkReport } from '../../indexer/chunk';
import { clean } from '../../indexer/clean';
import { readReport } from '../../indexer/read';
import { MAX_CHUNK_CHARS } from '../../indexer/chunk';
import { chunksOf, seedCorpus, testRules, REPORTS_DIR } from '../helpers/corpus';
import path from 'node:path';

const byHeading = (docId: string, heading: string) => chunksOf(docId).filter((c) => c.heading === heading);
const sectionTitles = (docId: string) => new Set(chunksOf(docId).flatMap((c) => c.sectionPath));

describe('the five seed reports', () => {
  it('are all indexed without warnings', () => {
    const c = seedCorpus();
    expect(c.skipped).toEqual([]);
    expect(c.warnings).toEqual([]);
    expect(c.docs.map((d) => d.id).sort()).toEqual([
      'baoshan-decade-press-conference',
      'guandu-five-keywords',
      'jiayuguan-innovation-feature',
      'jincheng-13th-five-year-review',
      'yongzhou-interview-tang-guoyu',
    ]);
  });

  it('give the same chunk ids on every run, so shared links survive a re-index', () => {
    const file = path.join(REPORTS_DIR, 'guandu-five-keywords.md');
    const a = chunkReport(readReport(file), testRules()).chunks.map((c) => c.id);
    const b = chunkReport(readReport(file), testRules()).chunks.map((c) => c.id);
    expect(a).toEqual(b);
    expect(new Set(seedCorpus().chunks.map((c) => c.id)).size).toBe(seedCorpus().chunks.length);
  });

  it('keep every chunk at about 800 characters at most and open each report with a lead', () => {
    for (const c of seedCorpus().chunks) expect(c.text.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
    for (const d of seedCorpus().docs) expect(chunksOf(d.id)[0].kind).toBe('lead');
  });

  it('lose no paragraph of the published text', () => {
    for (const d of seedCorpus().docs) {
      const report = readReport(path.join(REPORTS_DIR, `${d.id}.md`));
      const paragraphs = clean(report.body, report.meta.title, testRules().outline).paragraphs;
      const all = chunksOf(d.id)
        .map((c) => `${c.sectionPath.join('\n')}\n${c.heading}\n${c.speaker ?? ''}\n${c.text}`)
        .join('\n');
      for (const p of paragraphs) {
        const probe = p
          .replace(/^(?:《[^》]+》|\p{Script=Han}{2,4})[:：]/u, '')
          .replace(/[:：]$/u, '')
          .slice(-12);
        expect(all).toContain(probe);
      }
    }
  });

  it('strip site navigation and footers and keep byline lines as metadata', () => {
    const text = seedCorpus()
      .chunks.map((c) => c.text)
      .join('\n');
    for (const junk of ['欢迎访问', '当前位置', 'Copyright', 'ICP备', '技术支持', '原标题', '来源:', '编辑:', '本报记者', '(完)'])
      expect(text).not.toContain(junk);
    const docs = new Map(seedCorpus().docs.map((d) => [d.id, d]));
    expect(docs.get('jincheng-13th-five-year-review')?.author).toBe('郜晋龙');
    expect(docs.get('yongzhou-interview-tang-guoyu')).toMatchObject({ author: '王薇', editor: '胡冲' });
    expect(docs.get('baoshan-decade-press-conference')?.originalTitle).toBe('【保山这十年】交出平安法治保山建设高分答卷');
  });
});

describe('sections in every heading style', () => {
  it('reads 一、 headings and (一) items (嘉峪关)', () => {
    const titles = sectionTitles('jiayuguan-innovation-feature');
    expect(titles).toContain('一、创新网格化管理,最大限度方便群众办事');
    expect(titles).toContain('六、创新司法改革举措,解决法律服务“最后一公里”问题');
    const [item] = byHeading('jiayuguan-innovation-feature', '在全省率先开展刑事案件律师辩护全覆盖');
    expect(item.kind).toBe('measure');
    expect(item.sectionPath).toEqual(['三、创新司法便民利民机制,让人民群众感到公平正义']);
    // The paragraph after an item belongs to it.
    expect(item.text).toContain('《办法》自2018年7月实施以来');
  });

  it('reads 关键字: headings (官渡)', () => {
    expect(sectionTitles('guandu-five-keywords')).toContain('关键字:“诉”“三步走”推进诉源治理精细实');
  });

  it('reads short two-part headings (晋城, 永州)', () => {
    expect(sectionTitles('jincheng-13th-five-year-review')).toContain('忠诚担当 筑牢安全稳定防线');
    expect(sectionTitles('yongzhou-interview-tang-guoyu')).toContain('建好政法队伍 坚持执法为民');
  });

  it('reads topic sentences at the start and in the middle of a paragraph (保山)', () => {
    const titles = sectionTitles('baoshan-decade-press-conference');
    expect(titles).toContain('坚持源头治理防未然,矛盾纠纷多元化解格局形成');
    expect(titles).toContain('坚持人民至上解难题,为民办实事让司法更有温度');
    const [section] = chunksOf('baoshan-decade-press-conference').filter((c) => c.sectionPath[0] === '坚持人民至上解难题,为民办实事让司法更有温度');
    expect(section.text.startsWith('十年来')).toBe(true);
  });

  it('turns press-conference questions into headings with the answering speaker deciding the agency (保山)', () => {
    const court = chunksOf('baoshan-decade-press-conference').filter((c) => c.speaker === '保山市中级人民法院副院长杨仙道');
    expect(court.length).toBeGreaterThan(1);
    for (const c of court) {
      expect(c.sectionPath).toEqual(['记者现场提问', '保山市中级人民法院是如何采取“一站式”服务,更好地满足人民群众新时代诉讼需求?']);
      expect(c.agencies[0]).toBe('法院');
      expect(c.agencyNames).toContain('保山市中级人民法院');
    }
    const aid = chunksOf('baoshan-decade-press-conference').filter((c) => c.speaker === '保山市司法局副局长董卫红');
    expect(aid.length).toBeGreaterThan(0);
    expect(aid.every((c) => c.agencies[0] === '司法行政')).toBe(true);
    expect(
      chunksOf('baoshan-decade-press-conference')
        .filter((c) => c.speaker?.includes('武凡荣'))
        .every((c) => c.agencies[0] === '检察院'),
    ).toBe(true);
  });

  it('follows interview turns and finds who the interviewee is (永州)', () => {
    const answers = chunksOf('yongzhou-interview-tang-guoyu').filter((c) => c.sectionPath[0] === '创新平安建设 突出特色打造亮点');
    expect(answers.length).toBeGreaterThan(2);
    for (const c of answers) {
      expect(c.speaker).toBe('永州市委政法委常务副书记唐国玉');
      expect(c.agencies[0]).toBe('政法委');
    }
    expect(answers[0].sectionPath[1]).toBe('被确定为全国第1期市域社会治理现代化试点地区,对永州有何重要意义?如何在具体实践中推进试点创建工作?');
  });
});

describe('policy measures', () => {
  it('splits 一要/二是 enumerations into measures', () => {
    const [m] = byHeading('yongzhou-interview-tang-guoyu', '打造新时代网格化服务管理升级版');
    expect(m.kind).toBe('measure');
    const [n] = byHeading('yongzhou-interview-tang-guoyu', '坚持政治塑魂,铸牢绝对忠诚');
    expect(n).toMatchObject({ kind: 'measure', speaker: '永州市委政法委常务副书记唐国玉' });
  });

  it('splits lead-clause paragraphs into measures, also in the middle of a paragraph', () => {
    for (const h of ['组建团队,优化检察职能配置', '抓前端治未病,为“无讼社区”提供司法保障', '聚力调解制度健全,基层人民调解组织建设取得新突破'])
      expect(byHeading('guandu-five-keywords', h)).toHaveLength(1);
    const [a] = byHeading('baoshan-decade-press-conference', '搭建服务平台,畅通服务渠道');
    const [b] = byHeading('baoshan-decade-press-conference', '优化服务项目,提升服务水平');
    expect(a.kind).toBe('measure');
    expect(b.kind).toBe('measure');
    expect(a.text).not.toContain('优化服务项目');
  });

  it('gives a measure the agency its section opens with when it says 该院', () => {
    const [m] = byHeading('guandu-five-keywords', '组建团队,优化检察职能配置');
    expect(m.agencies).toEqual(['检察院']);
    expect(m.agencyNames).toEqual(['官渡区人民检察院']);
    const [court] = byHeading('guandu-five-keywords', '抓前端治未病,为“无讼社区”提供司法保障');
    expect(court.agencies).toContain('法院');
    expect(court).toMatchObject({ city: '昆明市', district: '官渡区', province: '云南省', year: 2021 });
  });

  it('tags named practices and figures on the measure that states them', () => {
    const [m] = byHeading('guandu-five-keywords', '抓前端治未病,为“无讼社区”提供司法保障');
    expect(m.practices).toContain('无讼社区');
    const grid = chunksOf('baoshan-decade-press-conference').find((c) => c.text.includes('全市共划分网格48600个'));
    expect(grid?.figures).toEqual(expect.arrayContaining([expect.objectContaining({ label: '划分网格', noun: '网格', value: 48600, unit: '个' })]));
    expect(grid?.themes).toContain('grid');
  });
});
