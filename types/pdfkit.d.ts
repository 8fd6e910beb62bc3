// The parts of PDFKit the tests use to make a PDF fixture (the package ships no declarations).
declare module 'pdfkit' {
  interface TextOptions {
    width?: number;
    align?: string;
    lineBreak?: boolean;
    indent?: number;
    paragraphGap?: number;
    lineGap?: number;
  }
  class PDFDocument {
    constructor(options?: Record<string, unknown>);
    page: { margins: { top: number; bottom: number; left: number; right: number } };
    x: number;
    y: number;
    pipe(stream: NodeJS.WritableStream): void;
    registerFont(name: string, src: string, family?: string): this;
    font(name: string): this;
    fontSize(size: number): this;
    text(text: string, x?: number | TextOptions, y?: number, options?: TextOptions): this;
    moveDown(lines?: number): this;
    on(event: 'pageAdded', fn: () => void): this;
    save(): this;
    restore(): this;
    end(): void;
  }
  export default PDFDocument;
}
