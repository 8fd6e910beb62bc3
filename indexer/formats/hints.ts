// What a source file says about itself, before the indexer decides what the report's front matter is.
export interface Hints {
  /** <title> of a web page, with the site's name often appended (标题_昆明长安网). */
  titleTag?: string;
  ogTitle?: string;
  h1?: string;
  /** A document's own title property (PDF Title, Word core title). */
  docTitle?: string;
  siteName?: string;
  author?: string;
  byline?: string;
  /** A date from the file's metadata (meta tags, PDF or Word properties). */
  published?: string;
  /** A 来源 the page states in a meta tag. */
  source?: string;
  /** The original address: canonical link, og:url, or the browser's "saved from" comment. */
  url?: string;
  /** The fields of the page's info line (来源, 作者, 发布时间 …), wherever the page put it. */
  info?: Record<string, string>;
}
