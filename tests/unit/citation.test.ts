// Citations follow GB/T 7714-2015 for electronic resources: checked against the standard's own
// worked examples, then against every measure of the seed reports.
import { gbt7714, namesOrganisation, referenceFor, romanisedCitation, romanisedTitleForm, type Reference } from '../../server/citation';
import { romanisedTitle } from '../../core/pinyin';
import { parseReport } from '../../indexer/read';
import { seedCorpus } from '../helpers/corpus';

const accessed = new Date('2026-12-02T08:00:00Z');

function ref(over: Partial<Reference>): Reference {
  return {
    id: 'x',
    docId: 'r',
    title: '',
    titleRomanised: '',
    titleSupplied: false,
    dateInferred: false,
    url: '',
    original: true,
    permalink: 'https://kb.example.org/chunks/x',
    reportUrl: 'https://kb.example.org/docs/r',
    section: [],
    heading: '',
    label: '',
    accessed: '2026-12-02',
    ...over,
  };
}

describe('GB/T 7714-2015 entries for electronic resources', () => {
  it('reproduces the standard’s worked example of an electronic bulletin with a date', () => {
    expect(
      gbt7714(
        ref({
          author: '萧钰',
          title: '出版业信息化迈入快车道',
          published: '2001-12-19',
          accessed: '2002-04-15',
          url: 'http://www.creader.com/news/20011219/200112190019.html',
        }),
      ),
    ).toBe('萧钰. 出版业信息化迈入快车道[EB/OL]. (2001-12-19)[2002-04-15]. http://www.creader.com/news/20011219/200112190019.html.');
  });

  it('reproduces the worked example without a publication date, keeping the full stop the author already ends with', () => {
    expect(
      gbt7714(
        ref({
          author: 'Online Computer Library Center, Inc.',
          title: 'About OCLC: history of cooperation',
          accessed: '2000-01-08',
          url: 'http://www.oclc.org/about/cooperation.en.htm',
        }),
      ),
    ).toBe('Online Computer Library Center, Inc. About OCLC: history of cooperation[EB/OL]. [2000-01-08]. http://www.oclc.org/about/cooperation.en.htm.');
  });

  it('puts a supplied title and an inferred date in square brackets, and writes 佚名 for a missing author', () => {
    expect(
      gbt7714(ref({ title: '晋城市“十三五”政法工作回顾', titleSupplied: true, published: '2021', dateInferred: true, url: 'https://kb.example.org/chunks/x' })),
    ).toBe('佚名. [晋城市“十三五”政法工作回顾][EB/OL]. ([2021])[2026-12-02]. https://kb.example.org/chunks/x.');
  });

  it('says that it cites this knowledge base’s copy when the original address is unknown', () => {
    expect(gbt7714(ref({ author: '王薇', title: 'T', url: 'https://kb.example.org/chunks/x', original: false }))).toBe(
      '王薇. T[EB/OL]. [2026-12-02]. https://kb.example.org/chunks/x. 知识库副本（原始地址不详）.',
    );
  });
});

describe('citations of the seed reports’ measures', () => {
  const { docs, chunks } = seedCorpus();
  const origin = 'https://kb.example.org';
  const byId = new Map(docs.map((d) => [d.id, d]));
  const cited = chunks.map((c) => ({ c, doc: byId.get(c.docId) ?? null, ref: referenceFor(c, byId.get(c.docId) ?? null, origin, accessed) }));
  const STRUCTURE =
    /^(.+?)\. (\[.+\]|[^[].*?)\[EB\/OL\]\. (?:\((\[?)(\d{4}(?:-\d{2}){0,2})\]?\))?\[(\d{4}-\d{2}-\d{2})\]\. (https?:\/\/\S+)\. 知识库副本（原始地址不详）\.$/u;

  it('has the standard’s elements in its order for every measure', () => {
    for (const { c, doc, ref: r } of cited) {
      const m = STRUCTURE.exec(gbt7714(r));
      expect(m).not.toBeNull();
      const [, author, title, bracket, date, day, url] = m as RegExpExecArray;
      // The responsible body is the report's stated author, never a city or a website standing in.
      expect(author).toBe(doc?.author ?? '佚名');
      expect(title).toBe(doc?.titleSupplied ? `[${doc.title}]` : doc?.title);
      expect(date).toBe(doc?.published);
      expect(bracket === '[').toBe(doc?.dateInferred === true);
      expect(day).toBe('2026-12-02');
      // No seed report has a known original address: the access path is this measure's permalink.
      expect(url).toBe(`${origin}/chunks/${c.id}`);
      expect(r.heading).toBe(c.heading);
    }
  });

  it('marks the titles the corpus supplied (晋城, 永州) and the reports’ inferred dates', () => {
    const titles = new Map(cited.map(({ c, ref: r }) => [c.docId, gbt7714(r)]));
    expect(titles.get('jincheng-13th-five-year-review')).toMatch(/^郜晋龙\. \[晋城市“十三五”政法工作回顾\]\[EB\/OL\]\. \(\[2021\]\)/);
    expect(titles.get('yongzhou-interview-tang-guoyu')).toMatch(/^王薇\. \[永州市委政法委常务副书记唐国玉谈政法工作\]\[EB\/OL\]/);
    expect(titles.get('baoshan-decade-press-conference')).toMatch(/^佚名\. 【保山这十年】交出平安法治保山建设高分答卷\[EB\/OL\]\. \(\[2022-06-27\]\)/);
  });

  it('cites the original publication where its address is known, keeping the permalink for the reader', () => {
    const { c, doc } = cited[0];
    const r = referenceFor(c, { ...(doc as NonNullable<typeof doc>), url: 'http://www.bszf.gov.cn/news/1.html' }, origin, accessed);
    expect(gbt7714(r)).toMatch(/\. http:\/\/www\.bszf\.gov\.cn\/news\/1\.html\.$/);
    expect(gbt7714(r)).not.toContain('知识库副本');
    expect(r.permalink).toBe(`${origin}/chunks/${c.id}`);
  });

  it('takes a publisher that names an organisation as the corporate author of a report without one, never a website or an app', () => {
    expect(['保山市委政法委', '官渡区人民法院', '昆明市公安局官渡分局', '嘉峪关市司法局'].filter(namesOrganisation)).toHaveLength(4);
    expect(['昆明长安网', '新湖南客户端', '保山日报', '云南广播电视台'].filter(namesOrganisation)).toEqual([]);
    const { c, doc } = cited.find((x) => !x.doc?.author) as (typeof cited)[number];
    const withOrg = referenceFor(c, { ...(doc as NonNullable<typeof doc>), publisher: '保山市委政法委' }, origin, accessed);
    expect(withOrg.corporate).toBe('保山市委政法委');
    // GB/T 7714 keeps its rule for a missing author.
    expect(gbt7714(withOrg)).toMatch(/^佚名\. /);
    expect(cited.filter((x) => x.ref.corporate)).toEqual([]);
  });
});

describe('romanised titles for English-language journals', () => {
  it('writes a title in pinyin: syllables apart, places as capitalised words, Chinese punctuation as Latin', () => {
    expect(romanisedTitle('【保山这十年】交出平安法治保山建设高分答卷', ['保山市', '云南省'])).toBe(
      '[Baoshan zhe shi nian] jiao chu ping an fa zhi Baoshan jian she gao fen da juan',
    );
    expect(romanisedTitle('晋城市“十三五”政法工作回顾', ['晋城市'])).toBe('Jincheng Shi "shi san wu" zheng fa gong zuo hui gu');
    expect(romanisedTitle('“五大关键字”解锁平安官渡建设的政法力量', ['昆明市', '官渡区'])).toBe(
      '"Wu da guan jian zi" jie suo ping an Guandu jian she de zheng fa li liang',
    );
  });

  it('adds the English title in brackets only where the front matter gives one (title_en), never a made-up one', () => {
    const report = parseReport('a.md', '---\nid: a-report\ntitle: 保山平安建设\ntitle_en: Building a Safe Baoshan\ncity: 保山市\n---\n正文第一段。\n');
    expect(report.meta.titleEn).toBe('Building a Safe Baoshan');
    expect(report.warnings).toEqual([]);
    const chunk = { id: 'a-report-1', docId: 'a-report', docTitle: '保山平安建设', heading: '正文', sectionPath: [], city: '保山市' };
    const doc = { ...report.meta, chunkCount: 1, author: '王薇', published: '2022-06-27', publisher: '昆明长安网', url: 'https://example.org/a' };
    const withEn = referenceFor(chunk, doc, 'https://kb.example.org', accessed);
    expect(romanisedTitleForm(withEn)).toBe('Baoshan ping an jian she [Building a Safe Baoshan]');
    expect(romanisedCitation(withEn)).toBe(
      'Wang Wei. Baoshan ping an jian she [Building a Safe Baoshan] 保山平安建设. Kun ming chang an wang, 2022-06-27. https://example.org/a. Accessed 2026-12-02.',
    );
    const without = referenceFor(chunk, { ...doc, titleEn: undefined }, 'https://kb.example.org', accessed);
    expect(romanisedTitleForm(without)).toBe('Baoshan ping an jian she');
    expect(romanisedCitation(without)).not.toContain('[');
  });

  it('romanises the title of every seed report, keeping no Han character', () => {
    for (const d of seedCorpus().docs) {
      const r = referenceFor({ id: 'x', docId: d.id, docTitle: d.title, heading: '', sectionPath: [], city: d.city }, d, 'https://kb.example.org', accessed);
      expect(r.titleRomanised).not.toMatch(/\p{Script=Han}/u);
      expect(r.titleRomanised).toMatch(/^[["]?[A-Z]/);
      expect(r.titleEn).toBeUndefined();
    }
  });
});
