// Type declarations for the independent citation parsers the tests read exports back with.
declare module 'astrocite-ris' {
  export function parse(text: string): Record<string, unknown>[];
}
