// Report files in the forms they arrive in, made here from the seed reports' own text: a GBK web
// page saved from a browser with its navigation and footer, a PDF with a Chinese text layer over
// several pages, a Word document with numbered headings.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import PDFDocument from 'pdfkit';
import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun } from 'docx';
import { clean } from '../../indexer/clean';
import { readReport } from '../../indexer/read';
import { REPORTS_DIR, testRules } from './corpus';

/** A CJK font for the PDF's text layer (Debian's fonts-wqy-microhei, which .ci/run installs). */
export const CJK_FONT = process.env.CJK_FONT ?? '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** A seed report's title and its paragraphs as the indexer reads them. */
export function seedParagraphs(id: string): { title: string; paragraphs: string[] } {
  const report = readReport(path.join(REPORTS_DIR, `${id}.md`));
  return { title: report.meta.title, paragraphs: clean(report.body, report.meta.title, testRules().outline).paragraphs };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A page of a 长安网 site as a browser saves it, encoded in GBK, its charset declared in a meta tag. */
export function savedPageGbk(id: string, dir: string): string {
  const { title, paragraphs } = seedParagraphs(id);
  const html = `<!DOCTYPE html>
<!-- saved from url=(0063)http://www.kmpa.gov.cn/zpxs/202111/t20211103_1234567.html -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>${esc(title)}_昆明长安网</title>
<meta name="keywords" content="平安建设,政法">
<script>var _hmt = _hmt || []; document.write('<div>广告</div>');</script>
<style>.nav{color:red}</style>
</head><body>
<div class="top">欢迎访问昆明长安网 | 设为首页 | 加入收藏</div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zfyw/">政法要闻</a></li><li><a href="/pacj/">平安创建</a></li><li><a href="/zpxs/">作品欣赏</a></li><li><a href="/fzxc/">法治宣传</a></li></ul></div>
<div class="location">当前位置: <a href="/">首页</a>&gt;<a href="/zpxs/">作品欣赏</a></div>
<div class="main"><div class="article">
<h1>${esc(title)}</h1>
<div class="info">来源:昆明长安网\u3000\u3000发布时间:2021-11-03 10:20\u3000\u3000【字号 大 中 小】</div>
<div class="content">
${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</div>
<div class="share">分享到: <a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="editor">责任编辑:李明</div>
<div class="pager"><p>上一篇: <a href="/a.html">昆明市召开政法工作会议</a></p><p>下一篇: <a href="/b.html">盘龙区推进诉源治理</a></p></div>
</div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/1.html">官渡区召开平安建设推进会</a></li><li><a href="/2.html">西山区开展扫黑除恶宣传</a></li><li><a href="/3.html">呈贡区网格化管理见成效</a></li></ul></div>
</div>
<div class="footer"><p>Copyright © 中共昆明市委政法委员会 版权所有 All Rights Reserved.</p><p>滇公网安备 53011402000153号 滇ICP备07000700号-1</p><p>地址: 昆明市呈贡新区锦绣大街1号 邮编:650500</p></div>
</body></html>`;
  const file = path.join(dir, `${id}.htm`);
  fs.writeFileSync(file, iconv.encode(html, 'gbk'));
  return file;
}

/** A PDF of the report set in 12 pt with indented paragraphs, a running header and page numbers. */
export async function reportPdf(id: string, dir: string): Promise<string> {
  const { title, paragraphs } = seedParagraphs(id);
  const file = path.join(dir, `${id}.pdf`);
  const doc = new PDFDocument({ size: 'A4', margins: { top: 90, bottom: 90, left: 72, right: 72 }, info: { Title: title } });
  const out = fs.createWriteStream(file);
  doc.pipe(out);
  doc.registerFont('cjk', CJK_FONT, 'WenQuanYiMicroHei');
  let page = 0;
  const furniture = () => {
    page++;
    // The running header and footer stand in the margins, where text would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.save();
    doc.font('cjk').fontSize(9).text('法制周报 · 政法专访', 72, 50, { width: 451, align: 'center', lineBreak: false });
    doc.font('cjk').fontSize(9).text(`— ${page} —`, 72, 780, { width: 451, align: 'center', lineBreak: false });
    doc.restore();
    // The body text goes on in its own size.
    doc.font('cjk').fontSize(12);
    doc.page.margins.bottom = bottom;
    doc.x = 72;
    doc.y = 90;
  };
  doc.on('pageAdded', furniture);
  furniture();
  doc.font('cjk').fontSize(16).text(title, { align: 'center' });
  doc.moveDown(1);
  for (const p of paragraphs) doc.font('cjk').fontSize(12).text(p, { indent: 24, align: 'justify', paragraphGap: 4, lineGap: 2 });
  doc.end();
  await new Promise<void>((resolve) => out.on('finish', () => resolve()));
  return file;
}

const NUMBERED_1 = /^[一二三四五六七八九十]+、/u;
const NUMBERED_2 = /^\([一二三四五六七八九十]+\)/u;

/**
 * A Word document whose 一、 headings and (一) items are numbered by Word itself (automatic
 * Chinese counting, the items restarting under each heading), as reports written in Word are.
 */
export async function reportDocx(id: string, dir: string): Promise<string> {
  const { title, paragraphs } = seedParagraphs(id);
  const numbered = (level: 0 | 1, text: string, heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
    new Paragraph({ ...(heading ? { heading } : {}), numbering: { reference: 'sections', level }, children: [new TextRun(text)] });
  const children = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }),
    ...paragraphs.map((p) => {
      const one = NUMBERED_1.exec(p);
      if (one) return numbered(0, p.slice(one[0].length), HeadingLevel.HEADING_1);
      const two = NUMBERED_2.exec(p);
      if (two) return numbered(1, p.slice(two[0].length), p.length < 60 ? HeadingLevel.HEADING_2 : undefined);
      return new Paragraph({ children: [new TextRun(p)] });
    }),
  ];
  const doc = new Document({
    creator: '嘉峪关市委政法委',
    title,
    numbering: {
      config: [
        {
          reference: 'sections',
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.START },
            { level: 1, format: LevelFormat.CHINESE_COUNTING, text: '(%2)', alignment: AlignmentType.START },
          ],
        },
      ],
    },
    sections: [{ children }],
  });
  const file = path.join(dir, `${id}.docx`);
  fs.writeFileSync(file, await Packer.toBuffer(doc));
  return file;
}
