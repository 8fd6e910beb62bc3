// Report text is untrusted: rendered with marked, with raw HTML shown as text and links kept
// only when they are plain web addresses.
import { Marked, type Tokens } from 'marked';
import { escapeHtml } from '../search/highlight';

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      return /^https?:\/\//i.test(token.href) ? `<a href="${escapeHtml(token.href)}" rel="nofollow noopener">${text}</a>` : text;
    },
    image(token: Tokens.Image) {
      return escapeHtml(token.text);
    },
  },
});

export function renderMarkdown(text: string): string {
  return marked.parse(text) as string;
}
