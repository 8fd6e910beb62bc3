// Why a report file is refused (or worth a look, or an upload or a change to the corpus is
// refused), as data: a stable code and its parameters. The command line tells
// it in English (the texts below); the admin pages in the editor's language (server/i18n.ts holds
// a Chinese text for every code). In a text, {name} stands for the parameter `name`.

export const REPORT_ERRORS = {
  // Reading the file
  'not-found': { params: [], en: 'no such file or folder' },
  unreadable: { params: ['detail'], en: 'cannot be read ({detail})' },
  empty: { params: [], en: 'the file is empty' },
  'too-large': { params: ['mb'], en: 'the file is larger than {mb} MB' },
  'report-too-large': { params: ['size', 'max'], en: 'its text makes a report of {size} MB; a report may be at most {max} MB' },
  binary: { params: [], en: 'the file is binary (it contains NUL bytes), not text' },
  'not-utf8': { params: [], en: 'the file is not valid UTF-8 text' },
  'no-text': { params: [], en: 'the file has no text' },
  // What the file is
  'not-a-report': { params: ['extensions'], en: 'is not a report file: use {extensions}' },
  'not-pdf': { params: [], en: 'is named .pdf but is not a PDF file' },
  'not-docx': { params: [], en: 'is named .docx but is not a Word (.docx) file' },
  'pdf-misnamed': { params: ['ext'], en: 'is a PDF file named {ext}: rename it to .pdf' },
  'zip-misnamed': { params: ['ext'], en: 'is a zip or Word file named {ext}, not text' },
  'binary-misnamed': { params: ['ext'], en: 'is named {ext} but holds binary data, not text' },
  'charset-contradicted': {
    params: ['declared', 'tried'],
    en: 'the page declares charset {declared}, but its text is not in {declared}, nor in another encoding the corpus reads ({tried})',
  },
  'unknown-encoding': { params: ['tried'], en: 'its text is in none of the encodings the corpus reads ({tried})' },
  // Word files
  'docx-unreadable': { params: [], en: 'is not a readable Word (.docx) file' },
  'docx-unreadable-detail': { params: ['detail'], en: 'is not a readable Word (.docx) file ({detail})' },
  'docx-too-many-parts': { params: ['parts'], en: 'the Word file holds {parts} parts: refused as unsafe' },
  'docx-bomb': { params: ['mb'], en: 'the Word file would unpack to {mb} MB: refused as unsafe (a zip bomb?)' },
  'zip-not-docx': { params: [], en: 'is a zip file but not a Word document (no word/document.xml)' },
  'docx-encrypted': { params: [], en: 'the Word file is encrypted' },
  'docx-understated': { params: ['part'], en: 'the Word file unpacks to more than its zip headers state ({part}): refused as unsafe (a zip bomb?)' },
  // PDF files
  'pdf-unreadable': { params: [], en: 'the PDF could not be read' },
  'pdf-unreadable-detail': { params: ['detail'], en: 'the PDF could not be read ({detail})' },
  'pdf-failed': { params: ['detail'], en: 'the PDF could not be read: {detail}' },
  'pdf-memory': { params: ['mb'], en: 'the PDF would take more than {mb} MB of memory to read: refused as too large (a compression bomb?)' },
  'pdf-stream-too-large': { params: ['mb'], en: 'a stream in the PDF inflates to more than {mb} MB: refused as too large (a compression bomb?)' },
  'pdf-timeout': { params: ['seconds'], en: 'the PDF could not be read in {seconds} s' },
  'pdf-text-too-large': { params: ['mb'], en: "the PDF's text layer is larger than {mb} MB: refused as too large" },
  'pdf-no-text-layer': { params: [], en: 'the PDF has no text layer (a scan?): it needs OCR before it can be added' },
  // Front matter
  'front-matter-missing': { params: [], en: 'a .md report must start with YAML front matter between two "---" lines' },
  'front-matter-yaml': { params: ['detail'], en: 'the front matter is not valid YAML: {detail}' },
  'front-matter-not-mapping': { params: [], en: 'the front matter must be a mapping of fields' },
  'field-not-text': { params: ['field'], en: 'front matter field "{field}" must be text' },
  'field-missing': { params: ['field'], en: 'front matter field "{field}" is missing' },
  'bad-id': { params: ['got'], en: 'front matter "id" must be lower-case letters, digits and hyphens (got {got})' },
  'bad-date': { params: ['got'], en: 'front matter "published" must be YYYY, YYYY-MM or YYYY-MM-DD (got {got})' },
  'bad-genre': { params: ['allowed', 'got'], en: 'front matter "genre" must be one of {allowed} (got {got})' },
  'bad-url': { params: [], en: 'front matter "url" must start with http:// or https://' },
  'field-not-boolean': { params: ['field', 'got'], en: 'front matter field "{field}" must be true or false (got {got})' },
  'date-inferred-without-date': { params: [], en: 'front matter "dateInferred" is set but there is no "published" date' },
  'bad-inferred': { params: ['allowed'], en: 'front matter "inferred" must be a list of field names from {allowed}' },
  'no-body': { params: [], en: 'the report has front matter but no text' },
  // Against the corpus
  'id-taken': { params: ['id'], en: 'its id "{id}" is already used in the corpus' },
  'duplicate-id': { params: ['id', 'file'], en: 'duplicate id "{id}" (already used by {file})' },
  duplicate: { params: ['report'], en: 'its text is already in the corpus as {report}' },
  'no-chunks': { params: [], en: 'no text remained after removing page furniture' },
  'no-chunks-boilerplate': { params: [], en: 'no text remained after removing boilerplate' },
  'name-taken': { params: [], en: 'is already in the corpus' },
  // An editor's corrections before confirming
  'edited-id': {
    params: ['id'],
    en: 'the id "{id}" is not one: lower-case letters, digits and hyphens, starting with a letter or digit, at most 80',
  },
  'id-in-batch': { params: ['id'], en: 'another report of this upload has the id "{id}"' },
  // Warnings: a report that is taken, but worth a look before it is confirmed
  'charset-misdeclared': { params: ['declared', 'encoding'], en: 'the page declares charset {declared}, but its text is in {encoding}: read as {encoding}' },
  'no-city-found': { params: [], en: 'no city found in the text; set "city" in the front matter' },
  'no-city-inferred': { params: [], en: 'no city could be inferred from the text; add front matter to set it' },
  'short-body': { params: ['chars'], en: 'the body is very short ({chars} characters): the page may not have been read right' },
  'furniture-left': { params: ['lines'], en: '{lines} lines look like page furniture left in the body' },
  'unknown-field': { params: ['field'], en: 'unknown front matter field "{field}" ignored' },
  'publisher-and-source': { params: [], en: 'front matter has both "publisher" and its older name "source"; "source" ignored' },
  // An upload the server would not store (the limits of the form it is sent in)
  'upload-file-too-large': { params: ['mb'], en: 'a file is larger than {mb} MB, the most an upload may hold per file' },
  'upload-too-many-files': { params: ['max'], en: 'more than {max} files: upload at most {max} at a time' },
  'upload-too-many-parts': { params: [], en: 'the upload form has too many parts' },
  'upload-too-many-fields': { params: [], en: 'the upload form has too many fields' },
  'upload-field-name-too-long': { params: [], en: 'a field name of the upload form is too long' },
  'upload-field-too-long': { params: ['field'], en: 'the field "{field}" of the upload form is too long' },
  'upload-unexpected-file': { params: ['field'], en: 'a file was sent in the field "{field}"; the upload takes files in "files" only' },
  'upload-field-unnamed': { params: [], en: 'a field of the upload form has no name' },
  // Removing and restoring reports
  'no-such-report': { params: ['id'], en: 'no report "{id}" in the corpus' },
  'replaced-report-removed': { params: ['id'], en: 'the report "{id}" this was to replace is no longer in the corpus: it was removed' },
  'no-such-removed': { params: ['file'], en: 'no removed report "{file}" to restore' },
  'report-back': { params: ['id'], en: 'a report "{id}" is in the corpus again' },
} as const satisfies Record<string, { params: readonly string[]; en: string }>;

export type ReportErrorCode = keyof typeof REPORT_ERRORS;
export const REPORT_ERROR_CODES = Object.keys(REPORT_ERRORS) as ReportErrorCode[];

/** The parameters a code declares, each a string or a number. */
export type ReportErrorParams<C extends ReportErrorCode> = { [K in (typeof REPORT_ERRORS)[C]['params'][number]]: string | number };

/** A code's parameters as an argument: none for a code without any. */
export type ReportErrorArgs<C extends ReportErrorCode> = (typeof REPORT_ERRORS)[C]['params'] extends readonly [] ? [] : [ReportErrorParams<C>];

/** Why a file was refused: the English text, and its code and parameters where it has them (a crash has none). */
export interface Reason {
  reason: string;
  code?: ReportErrorCode;
  params?: Record<string, string | number>;
}

/** A file an upload or a run of `kb add` refused, and why. */
export interface Refusal extends Reason {
  source: string;
}

/** The {name} parameters a text uses, in order of first use. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]))];
}

/** A text with its parameters filled in. */
export function fillIn(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

export function isReportErrorCode(code: unknown): code is ReportErrorCode {
  return typeof code === 'string' && Object.hasOwn(REPORT_ERRORS, code);
}

/** The reason as the command line tells it. */
export function englishReason(code: ReportErrorCode, params: Record<string, string | number> = {}): string {
  return fillIn(REPORT_ERRORS[code].en, params);
}

/** A reason with a code: its English text beside the code and parameters. */
export function coded<C extends ReportErrorCode>(code: C, ...args: ReportErrorArgs<C>): Reason {
  const params = (args[0] ?? {}) as Record<string, string | number>;
  return { reason: englishReason(code, params), code, ...(args.length ? { params } : {}) };
}

/** The same reason with `f` applied to its text and to each parameter given as text (to keep server paths out of it, say). */
export function mapReason<R extends Reason>(r: R, f: (text: string) => string): R {
  const params = r.params && Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, typeof v === 'string' ? f(v) : v]));
  return { ...r, reason: f(r.reason), ...(params ? { params } : {}) };
}

/** An error whose reason has a code (a change to the corpus refused, say): its message is the English text. */
export class CodedError<C extends ReportErrorCode = ReportErrorCode> extends Error {
  readonly coded: Reason;

  constructor(code: C, ...args: ReportErrorArgs<C>) {
    const reason = coded(code, ...args);
    super(reason.reason);
    this.coded = reason;
  }
}
