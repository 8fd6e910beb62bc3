// The few DOM shapes the converters read (the project compiles without the browser's DOM types).
export interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

export interface DomElement extends DomNode {
  tagName: string;
  children: ArrayLike<DomElement>;
  innerHTML: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
}

export interface DomDocument {
  body: DomElement | null;
  querySelector(selector: string): DomElement | null;
}
