// The search help page (/help/search): the operators, separators and scopes of the query language,
// and the pinyin and English names, each with examples that are live searches.
import type { Scope } from '../../core/types';
import { messages } from '../i18n';
import type { Lang } from '../lang';
import { EMPTY_STATE, urlFor } from '../url-state';
import { pageView, type PageView } from './page';

interface Example {
  q: string;
  scope?: Scope;
}

interface Row {
  meaning: string;
  examples: { label: string; url: string }[];
}

export interface HelpView extends PageView {
  heading: string;
  intro: string;
  sections: { title: string; rows: Row[] }[];
  note: string;
}

export function helpView(lang: Lang): HelpView {
  const m = messages(lang);
  const row = (meaning: string, examples: Example[]): Row => ({
    meaning,
    examples: examples.map((e) => ({
      label: e.scope ? `${e.q} (${m.scopeLabel}: ${m.scopeName(e.scope)})` : e.q,
      url: urlFor('/', { ...EMPTY_STATE, lang, q: e.q, scope: e.scope ?? null }),
    })),
  });
  const page = pageView(lang, m.helpTitle, '/help/search');
  return {
    ...page,
    heading: m.helpTitle,
    intro: m.helpIntro,
    sections: [
      {
        title: m.helpOperators,
        rows: [
          row(m.helpAnd, [{ q: '调解 法院' }, { q: '调解 AND 法院' }, { q: '调解 且 法院' }]),
          row(m.helpOr, [{ q: '无讼 OR 网格员 法院' }, { q: '调解|网格' }, { q: '调解 或 网格' }]),
          row(m.helpNot, [{ q: '调解 -法院' }, { q: '调解 NOT 法院' }, { q: '调解 非 法院' }]),
          row(m.helpPhrase, [{ q: '"矛盾纠纷多元化解"' }]),
        ],
      },
      { title: m.helpSeparators, rows: [row(m.helpSeparatorsText, [{ q: '调解、网格' }, { q: '调解，网格' }, { q: '调解+网格' }, { q: '4+N' }])] },
      {
        title: m.helpScopes,
        rows: [
          row(m.helpHeading, [{ q: 'heading:网格员' }, { q: '标题：服务' }, { q: '服务 -heading:服务' }]),
          row(m.helpSentence, [{ q: '"群众 服务"~sentence' }, { q: '"法院 调解"~同句' }]),
          row(m.helpParagraph, [{ q: '"群众 服务"~paragraph' }, { q: '"法院 调解"~同段' }]),
          row(m.helpScopeChoice, [
            { q: '网格员', scope: 'heading' },
            { q: '群众 服务', scope: 'sentence' },
            { q: '群众 服务', scope: 'paragraph' },
          ]),
          row(m.helpExcludeScoped, [{ q: '"群众 服务"~sentence -网格' }, { q: '群众 服务 -网格', scope: 'sentence' }]),
        ],
      },
      { title: m.helpNames, rows: [row(m.helpPinyin, [{ q: 'Baoshan' }, { q: 'bao shan' }, { q: 'fengqiao experience' }, { q: 'mediation' }])] },
    ],
    note: m.helpMeiliNote,
  };
}
