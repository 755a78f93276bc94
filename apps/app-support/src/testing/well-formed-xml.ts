// A small XML well-formedness check for the tests (no dependency): one root element, every tag
// closed in order, attributes quoted and unique, `&` only in entities, no stray `<`.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
}

const TAG = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/y;
const ATTRIBUTE = /([A-Za-z_][\w:.-]*)\s*=\s*"([^"<]*)"/g;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);/y;

/** Parses `text`, throwing at the first thing that makes it not well-formed; returns every element. */
export function parseWellFormedXml(text: string): XmlElement[] {
  const elements: XmlElement[] = [];
  const open: string[] = [];
  let roots = 0;
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(
      `not well-formed XML at offset ${i}: ${why}: ${JSON.stringify(text.slice(i, i + 40))}`,
    );
  };
  if (text.startsWith('<?xml')) i = text.indexOf('?>') + 2;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '<') {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) fail('unclosed comment');
        i = end + 3;
        continue;
      }
      TAG.lastIndex = i;
      const m = TAG.exec(text);
      if (!m) fail('bad tag');
      const [whole, closing, name, attributeText, selfClosing] = m!;
      if (closing) {
        if (open.pop() !== name) fail(`</${name}> does not close the open element`);
      } else {
        if (open.length === 0 && ++roots > 1) fail('a second root element');
        const attributes: Record<string, string> = {};
        for (const [, key, value] of attributeText!.matchAll(ATTRIBUTE)) {
          if (key! in attributes) fail(`attribute ${key} twice`);
          attributes[key!] = value!;
          if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/.test(value!))
            fail(`bare & in ${key}`);
        }
        elements.push({ name: name!, attributes });
        if (!selfClosing) open.push(name!);
      }
      i += whole!.length;
    } else if (c === '&') {
      ENTITY.lastIndex = i;
      if (!ENTITY.exec(text)) fail('bare &');
      i = ENTITY.lastIndex;
    } else {
      if (open.length === 0 && c.trim() !== '') fail('text outside the root element');
      i++;
    }
  }
  if (open.length > 0) throw new Error(`not well-formed XML: <${open.at(-1)}> is never closed`);
  if (roots !== 1) throw new Error('not well-formed XML: no root element');
  return elements;
}
