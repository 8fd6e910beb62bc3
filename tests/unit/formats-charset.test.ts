// A saved page whose <meta charset> lies about its bytes is read in the encoding the bytes are
// really in, or refused; it never reaches the corpus as mojibake.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { decodeText } from '../../indexer/formats/detect';
import { convertReport } from '../../indexer/formats/convert';
import { ReportError } from '../../indexer/read';
import { testRules } from '../helpers/corpus';

const TEXT = '泽州县推进平安乡村建设,全县共划分网格1260个,配备专职网格员1300名,矛盾纠纷调解成功率达到98%。';
const page = (charsetTag: string, body = TEXT) =>
  `<!doctype html><html><head>${charsetTag}<title>泽州县平安乡村建设</title></head><body><article><h1>泽州县平安乡村建设</h1><p>${body.repeat(4)}</p></article></body></html>`;

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ReportError) return err.reason;
    throw err;
  }
  throw new Error('not refused');
};

describe('a page whose declared charset lies', () => {
  it('is read as GB18030 when its bytes are GBK but it declares UTF-8', () => {
    for (const tag of ['<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">']) {
      const { text, encoding, warning } = decodeText('page.htm', iconv.encode(page(tag), 'gbk'), true);
      expect(encoding).toBe('gb18030');
      expect(text).toContain(TEXT);
      expect(text).not.toContain('\ufffd');
      expect(warning).toEqual({
        reason: 'the page declares charset utf-8, but its text is in gb18030: read as gb18030',
        code: 'charset-misdeclared',
        params: { declared: 'utf-8', encoding: 'gb18030' },
      });
    }
  });

  it('is read as UTF-8 when its bytes are UTF-8 but it declares GBK or GB2312', () => {
    for (const tag of ['<meta charset="gbk">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">']) {
      const { text, encoding, warning } = decodeText('page.htm', Buffer.from(page(tag)), true);
      expect(encoding).toBe('utf-8');
      expect(text).toContain(TEXT);
      expect(warning?.reason).toMatch(/^the page declares charset (gbk|gb2312), but its text is in utf-8: read as utf-8$/);
    }
  });

  it('is read as UTF-8 when a short UTF-8 page declares GBK and reads as GBK without a replacement character', () => {
    // Eight characters whose UTF-8 bytes pair up into valid, but rare, GBK characters (骞冲畨寤鸿…).
    const short = '平安建设成效显著';
    const bytes = Buffer.from(`<html><head><meta charset="gbk"></head><body><p>${short}</p></body></html>`);
    expect(iconv.decode(bytes, 'gb18030')).not.toMatch(/\ufffd|平安/);
    expect(decodeText('page.htm', bytes, true)).toMatchObject({ encoding: 'utf-8' });
    expect(decodeText('page.htm', bytes, true).text).toContain(short);
  });

  it('is refused with the reason when its text reads as none of the encodings', () => {
    // Bytes that are neither UTF-8 nor text in GBK: each decoding is replacement characters or rare characters.
    const noise = Buffer.from(Array.from({ length: 600 }, (_v, i) => [0xfe, 0x80, 0xff, 0xa0, 0xc1][i % 5]));
    const bytes = Buffer.concat([Buffer.from('<html><head><meta charset="utf-8"></head><body><p>'), noise, Buffer.from('</p></body></html>')]);
    expect(refusal(() => decodeText('noise.htm', bytes, true))).toMatch(
      /^the page declares charset utf-8, but its text is not in utf-8, nor in another encoding the corpus reads \(UTF-8, GB18030\b.*\)$/,
    );
  });

  it('keeps an honest page as it is, with no warning', () => {
    expect(decodeText('a.htm', Buffer.from(page('<meta charset="utf-8">')), true)).toEqual({ text: page('<meta charset="utf-8">'), encoding: 'utf-8' });
    expect(decodeText('b.htm', iconv.encode(page('<meta charset="gb2312">'), 'gbk'), true)).toEqual({
      text: page('<meta charset="gb2312">'),
      encoding: 'gb18030',
    });
    // A page in ASCII declaring a legacy single-byte charset reads the same in UTF-8: no warning.
    const ascii = '<html><head><meta charset="iso-8859-1"></head><body><p>Annual report of the justice bureau.</p></body></html>';
    expect(decodeText('c.htm', Buffer.from(ascii, 'latin1'), true)).toMatchObject({ text: ascii });
    expect(decodeText('c.htm', Buffer.from(ascii, 'latin1'), true).warning).toBeUndefined();
  });

  it('goes into the report readable, the warning among the conversion’s warnings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-charset-'));
    try {
      const file = path.join(dir, 'lying.htm');
      const bytes = iconv.encode(page('<meta charset="utf-8">'), 'gbk');
      fs.writeFileSync(file, bytes);
      const converted = await convertReport(file, bytes, 'zezhou-lying-charset', testRules());
      expect(converted.encoding).toBe('gb18030');
      expect(converted.markdown).toContain(TEXT);
      expect(converted.warnings.map((w) => w.reason)).toContain('the page declares charset utf-8, but its text is in gb18030: read as gb18030');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
