// The interface languages: Chinese by default, English on request.
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** The interface language a lang= value asks for: English for "en", Chinese for anything else. */
export function langOf(raw: string | undefined): Lang {
  return raw === 'en' ? 'en' : 'zh';
}

/** The query string that keeps an address in the reader's language. */
export function langQuery(lang: Lang): string {
  return lang === 'en' ? '?lang=en' : '';
}
