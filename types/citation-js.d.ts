// The parts of Citation.js this project uses (the packages ship no type declarations).
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown);
    /** The records read, as CSL-JSON. */
    data: Record<string, unknown>[];
    format(format: string, options?: Record<string, unknown>): unknown;
  }
  export const plugins: {
    config: { get(name: string): unknown };
    /** Reads input up to a given stage of its parsing (`@biblatex/entries+list`: the entries as written). */
    input: { chainLink(input: unknown, options: { target: string }): unknown };
  };
}
declare module '@citation-js/plugin-ris';
declare module '@citation-js/plugin-bibtex';
