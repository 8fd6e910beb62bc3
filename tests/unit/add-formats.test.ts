// Reports added in the forms they come in — a GBK web page saved from a browser, a PDF, a Word
// document — come out as the same chunks as the seed text they were made from.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import iconv from 'iconv-lite';
import { decodeText } from '../../indexer/formats/detect';
import { addReports } from '../../indexer/add';
import { readReport } from '../../indexer/read';
import { chunksOf, REPORTS_DIR, testRules } from '../helpers/corpus';
import { CJK_FONT, reportDocx, reportPdf, savedPageGbk } from '../helpers/source-files';

const rules = testRules();
let dir: string;

/** A corpus of the seed reports except `leave` (so that its converted copy is not a duplicate). */
function corpusWithout(leave: string): string {
  const reports = fs.mkdtempSync(path.join(dir, 'reports-'));
  for (const f of fs.readdirSync(REPORTS_DIR)) if (!f.startsWith(leave)) fs.copyFileSync(path.join(REPORTS_DIR, f), path.join(reports, f));
  return reports;
}

const shape = (c: { kind: string; heading: string; text: string; sectionPath: string[] }) => ({
  kind: c.kind,
  heading: c.heading,
  path: c.sectionPath,
  text: c.text,
});

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-add-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a web page saved from a browser, in GBK', () => {
  const id = 'guandu-five-keywords';

  it('comes out as the seed report’s chunks, with its front matter inferred and marked so', async () => {
    const file = savedPageGbk(id, dir);
    const reports = corpusWithout(id);
    const { added, refused } = await addReports([file], reports, rules);
    expect(refused).toEqual([]);
    expect(added).toHaveLength(1);
    expect(added[0].converted).toMatchObject({ format: 'html', encoding: 'gb18030' });
    expect(added[0].chunks.map(shape)).toEqual(chunksOf(id).map(shape));
    const written = readReport(added[0].target);
    expect(written.meta).toMatchObject({
      title: '“五大关键字”解锁平安官渡建设的政法力量',
      publisher: '昆明长安网',
      published: '2021-11-03',
      url: 'http://www.kmpa.gov.cn/zpxs/202111/t20211103_1234567.html',
      city: '昆明市',
      district: '官渡区',
    });
    expect(written.meta.inferred).toEqual(expect.arrayContaining(['title', 'publisher', 'published', 'url', 'city']));
    expect(written.meta.dateInferred).toBeUndefined();
    // Navigation, breadcrumbs, share bar, editor, neighbours, related links and the footer are gone.
    for (const furniture of ['政法要闻', '当前位置', '分享到', '责任编辑', '上一篇', '相关新闻', '西山区开展扫黑除恶宣传', 'ICP备', '广告', 'document.write'])
      expect(written.body).not.toContain(furniture);
  });

  it('is refused when its text is already in the corpus, naming the report it repeats', async () => {
    const file = savedPageGbk(id, dir);
    const { added, refused } = await addReports([file], REPORTS_DIR, rules, { dryRun: true, displayRoot: path.join(REPORTS_DIR, '..', '..') });
    expect(added).toEqual([]);
    expect(refused[0].reason).toBe(`its text is already in the corpus as corpus/reports/${id}.md`);
  });
});

const hasFont = fs.existsSync(CJK_FONT);
if (!hasFont) console.warn(`Skipping the PDF test: no CJK font at ${CJK_FONT} (apt-get install fonts-wqy-microhei, or set CJK_FONT).`);

(hasFont ? describe : describe.skip)('a PDF with a Chinese text layer', () => {
  const id = 'yongzhou-interview-tang-guoyu';

  it('comes out as the seed report’s chunks across its pages, each chunk with the page it starts on', async () => {
    const file = await reportPdf(id, dir);
    const { added, refused } = await addReports([file], corpusWithout(id), rules);
    expect(refused).toEqual([]);
    const chunks = added[0].chunks;
    expect(chunks.map(shape)).toEqual(chunksOf(id).map(shape));
    const pages = chunks.map((c) => c.page as number);
    expect(pages.every((p) => Number.isInteger(p) && p >= 1)).toBe(true);
    expect(pages).toEqual([...pages].sort((a, b) => a - b));
    expect(Math.max(...pages)).toBeGreaterThanOrEqual(3);
    // The running header and the page numbers are not text of the report.
    expect(added[0].report.body).not.toMatch(/法制周报 · 政法专访|— \d+ —/);
    expect(added[0].report.meta.title).toBe('永州市委政法委常务副书记唐国玉谈政法工作');
  });
});

describe('a Word document whose headings Word numbers itself', () => {
  const id = 'jiayuguan-innovation-feature';

  it('comes out as the seed report’s chunks, its numbered headings as the sections', async () => {
    const file = await reportDocx(id, dir);
    const { added, refused } = await addReports([file], corpusWithout(id), rules);
    expect(refused).toEqual([]);
    expect(added[0].chunks.map(shape)).toEqual(chunksOf(id).map(shape));
    expect(added[0].report.meta).toMatchObject({ title: '【创新社会治理】甘肃省嘉峪关市:创新,让平安雄关更有温度', city: '嘉峪关市' });
    // The numbers are Word's, not typed: the document holds 创新网格化管理 without 一、, the report with it.
    const xml = await (await JSZip.loadAsync(fs.readFileSync(file))).file('word/document.xml')?.async('string');
    expect(xml).toContain('创新网格化管理');
    expect(xml).not.toContain('一、创新网格化管理');
    expect(added[0].report.body).toMatch(/^一、创新网格化管理,最大限度方便群众办事$/m);
    expect(added[0].report.body).toMatch(/^\(二\)以人民为中心实行常态化执行接访/m);
  });
});

describe('files that are not what they claim', () => {
  const write = (name: string, data: Buffer | string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, data);
    return f;
  };

  it('refuses each with a reason and writes nothing, while a good file beside them is added', async () => {
    const bomb = new JSZip();
    bomb.file('word/document.xml', '<w:document/>');
    bomb.file('word/filler.xml', Buffer.alloc(150 * 1024 * 1024, 0x20));
    const files = [
      write('not-a.pdf', '这是一段文字,不是PDF。'),
      write('bomb.docx', await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } })),
      write('zip.docx', await new JSZip().file('a.txt', 'x').generateAsync({ type: 'nodebuffer' })),
      write('binary.txt', Buffer.from([0, 1, 2, 3, 0, 0, 0, 7, 8, 9])),
      write('pdf-named.html', '%PDF-1.4\n%…'),
      write('empty.htm', ''),
      write('image.png', 'PNG'),
    ];
    const reports = corpusWithout('guandu');
    const before = fs.readdirSync(reports).sort();
    const good = savedPageGbk('guandu-five-keywords', dir);
    const { added, refused } = await addReports([...files, good], reports, rules);
    expect(added.map((a) => path.basename(a.target))).toEqual(['guandu-five-keywords.md']);
    const reasons = Object.fromEntries(refused.map((r) => [path.basename(r.source), r.reason]));
    expect(reasons['not-a.pdf']).toBe('is named .pdf but is not a PDF file');
    expect(reasons['bomb.docx']).toMatch(/would unpack to \d+ MB: refused as unsafe/);
    expect(reasons['zip.docx']).toMatch(/not a Word document/);
    expect(reasons['binary.txt']).toMatch(/binary data/);
    expect(reasons['pdf-named.html']).toMatch(/is a PDF file named \.html/);
    expect(reasons['empty.htm']).toBe('the file is empty');
    expect(reasons['image.png']).toMatch(/is not a report file/);
    expect(fs.readdirSync(reports).sort()).toEqual([...before, 'guandu-five-keywords.md'].sort());
  });

  it('keeps a page’s scripts and markup out of the report', async () => {
    const html = `<html><head><title>测试市平安建设</title></head><body><article><h1>测试市平安建设</h1>
      <p>测试市坚持和发展新时代“枫桥经验”,全市共划分网格120个,配备网格员150人,调解成功率99%。${'推进平安建设,'.repeat(30)}</p>
      <script>alert(1)</script><p onclick="alert(2)">第二段<img src=x onerror=alert(3)>正文${'完善矛盾纠纷多元化解机制,'.repeat(20)}</p></article></body></html>`;
    const { added } = await addReports([write('hostile-page.html', html)], corpusWithout('none'), rules, { dryRun: true });
    expect(added[0].converted.markdown).not.toMatch(/alert|onclick|onerror|<script|<img/);
    expect(added[0].converted.markdown).toContain('第二段正文');
  });
});

describe('encodings and hostile PDFs', () => {
  it('reads text in GBK without a declaration, UTF-8 with a byte-order mark, and GB18030', () => {
    const text = '泽州县推进平安乡村建设,全县共划分网格1260个,配备专职网格员1300名。'.repeat(5);
    expect(decodeText('a.htm', iconv.encode(`<html><body><p>${text}</p></body></html>`, 'gbk'), true)).toMatchObject({ encoding: 'gb18030' });
    expect(decodeText('a.htm', iconv.encode(`<html><body><p>${text}</p></body></html>`, 'gbk'), true).text).toContain(text);
    expect(decodeText('b.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText('c.txt', iconv.encode(`${text}𠀀`, 'gb18030')).text).toBe(`${text}𠀀`);
  });

  it('reads a PDF that carries JavaScript as text only, running none of it', async () => {
    const objects = [
      '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 6 0 R >> >> >>',
      "<< /S /JavaScript /JS (app.alert\\('pwned'\\); this.exportDataObject\\({cName: 'x'}\\);) >>",
      null,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ];
    const stream =
      'BT /F1 16 Tf 72 720 Td (Legal aid in Jiayuguan) Tj ET BT /F1 12 Tf 72 690 Td (Quarterly report of the Jiayuguan justice bureau on legal aid.) Tj ET BT /F1 12 Tf 72 675 Td (The bureau handled 355 cases in the quarter.) Tj ET';
    objects[4] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
    let pdf = '%PDF-1.4\n';
    const offsets: number[] = [];
    objects.forEach((o, i) => {
      offsets.push(Buffer.byteLength(pdf));
      pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
    });
    const xref = Buffer.byteLength(pdf);
    pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    const file = path.join(dir, 'scripted.pdf');
    fs.writeFileSync(file, pdf);
    const { added, refused } = await addReports([file], corpusWithout('none'), rules, { dryRun: true });
    expect(refused).toEqual([]);
    expect(added[0].converted.markdown).toContain('Quarterly report of the Jiayuguan justice bureau on legal aid.');
    expect(added[0].converted.markdown).not.toMatch(/alert|exportDataObject/);
  });
});
