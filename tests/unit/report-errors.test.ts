// Why a report is refused, in both languages: every code has a text in each, and each text uses
// exactly the parameters its code declares, so a missing or careless translation fails here.
import { CodedError, REPORT_ERROR_CODES, REPORT_ERRORS, coded, fillIn, mapReason, placeholders } from '../../core/report-errors';
import { REPORT_ERROR_TEXTS, reportReason } from '../../server/i18n';
import { LANGS } from '../../server/lang';
import { decodeReport, parseReport, ReportError } from '../../indexer/read';

const HAN = /\p{Script=Han}/u;

describe('the refusal texts', () => {
  it('have a text in each language for every code, and no text for a code that is not declared', () => {
    for (const lang of LANGS) {
      expect(Object.keys(REPORT_ERROR_TEXTS[lang]).sort()).toEqual([...REPORT_ERROR_CODES].sort());
      for (const code of REPORT_ERROR_CODES) expect(REPORT_ERROR_TEXTS[lang][code].trim()).not.toBe('');
    }
  });

  it('are Chinese on Chinese pages and English on English ones', () => {
    const untranslated = REPORT_ERROR_CODES.filter((c) => !HAN.test(REPORT_ERROR_TEXTS.zh[c]));
    expect(untranslated).toEqual([]);
    const notEnglish = REPORT_ERROR_CODES.filter((c) => HAN.test(REPORT_ERROR_TEXTS.en[c]));
    expect(notEnglish).toEqual([]);
  });

  it('use exactly the parameters each code declares', () => {
    const wrong: string[] = [];
    for (const lang of LANGS)
      for (const code of REPORT_ERROR_CODES) {
        const used = placeholders(REPORT_ERROR_TEXTS[lang][code]).sort();
        const declared = [...REPORT_ERRORS[code].params].sort();
        if (JSON.stringify(used) !== JSON.stringify(declared)) wrong.push(`${lang} ${code}: uses {${used.join(', ')}}, declares {${declared.join(', ')}}`);
      }
    expect(wrong).toEqual([]);
  });

  it('would see a parameter a text leaves out or one it makes up', () => {
    expect(placeholders('正文与语料中的 {report} 相同')).toEqual(['report']);
    expect(placeholders('文件超过 MB')).toEqual([]);
    expect(placeholders('{declared} 或 {declared}、{tried}')).toEqual(['declared', 'tried']);
  });
});

describe('a refused report', () => {
  it('carries its code and parameters, with the English reason the command line prints', () => {
    const err = new ReportError('big.pdf', 'too-large', { mb: 20 });
    expect(err.message).toBe('big.pdf: the file is larger than 20 MB');
    expect(err.coded).toEqual({ reason: 'the file is larger than 20 MB', code: 'too-large', params: { mb: 20 } });
    expect(reportReason('zh', err.coded)).toBe('文件超过 20 MB');
    expect(reportReason('en', err.coded)).toBe('the file is larger than 20 MB');
  });

  it('is refused with a code by the readers themselves', () => {
    const caught = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err as ReportError;
      }
      throw new Error('not refused');
    };
    const empty = caught(() => decodeReport('a.md', Buffer.alloc(0)));
    expect([empty.code, reportReason('zh', empty.coded)]).toEqual(['empty', '文件是空的']);
    const genre = caught(() => parseReport('a.md', '---\nid: a\ntitle: 甲\ngenre: poem\n---\n正文'));
    expect(genre.reason).toBe('front matter "genre" must be one of press-conference, interview, feature, review (got "poem")');
    expect(reportReason('zh', genre.coded)).toBe('元数据“genre”只能是 press-conference, interview, feature, review 之一（收到 "poem"）');
    const yaml = caught(() => parseReport('a.md', '---\nid: [a\n---\n正文'));
    expect(yaml.code).toBe('front-matter-yaml');
    expect(reportReason('zh', yaml.coded)).toMatch(/^元数据不是有效的 YAML：\S/);
  });

  it('keeps what a parameter holds as text: a brace in a file name is not a parameter', () => {
    expect(reportReason('zh', coded('duplicate', { report: '{report}<b>.md' }))).toBe('正文与语料中的 {report}<b>.md 相同');
    expect(fillIn('{a} {b}', { a: '{b}' })).toBe('{b} {b}');
  });

  it('falls back to the message as given for a reason without a known code (a crash of the worker, say)', () => {
    expect(reportReason('zh', { reason: 'the worker process exited (SIGKILL)' })).toBe('the worker process exited (SIGKILL)');
    expect(reportReason('zh', { reason: 'as given', code: 'no-such-code' as never })).toBe('as given');
  });

  it('has server paths taken out of its parameters as out of its text', () => {
    const r = mapReason(coded('duplicate', { report: '/srv/kb/corpus/reports/x.md' }), (t) => t.replace('/srv/kb/corpus/reports/', ''));
    expect(r).toEqual({ reason: 'its text is already in the corpus as x.md', code: 'duplicate', params: { report: 'x.md' } });
  });
});

describe('a warning, an upload limit and a change to the corpus refused', () => {
  it('carry a code too, and are said in either language', () => {
    const report = parseReport('a.md', '---\nid: a\ntitle: 甲\nsource: 乙\npublisher: 丙\ncolour: red\n---\n正文');
    expect(report.warnings.map((w) => w.code)).toEqual(['unknown-field', 'publisher-and-source']);
    expect(report.warnings.map((w) => reportReason('zh', w))).toEqual([
      '元数据字段“colour”无法识别，已忽略',
      '元数据同时有“publisher”和它的旧名“source”，已忽略“source”',
    ]);
    expect(report.warnings[0].reason).toBe('unknown front matter field "colour" ignored');
    const plain = parseReport('a.txt', '无名之文\n正文一句。');
    expect(plain.warnings).toEqual([coded('no-city-inferred')]);
    const err = new CodedError('no-such-report', { id: 'x' });
    expect(err.message).toBe('no report "x" in the corpus');
    expect(reportReason('zh', err.coded)).toBe('语料中没有报告“x”');
    expect(reportReason('en', coded('upload-too-many-files', { max: 10 }))).toBe('more than 10 files: upload at most 10 at a time');
  });
});
