// Zero-initialisation of a struct, as the text of one function shows it: `memset(&a, 0, ...)`,
// `bzero`, `= {0}`, `= {}`, a designated initialiser, `calloc`, or a copy of a struct that is
// itself zero. A sockaddr zeroed and never given a port binds port 0 (ephemeral); a sockaddr_un
// zeroed and written from `sun_path + 1` has an abstract name.
import type { CModel } from './model';
import { escapeRegExp } from './syntax';

/** The owner of a field key (`sep->addr` for `sep->addr.sin_port`), or undefined for a plain variable. */
export function ownerOf(key: string): string | undefined {
  const m = /^(.*?)(?:->|\.)[A-Za-z_]\w*$/.exec(key);
  return m ? m[1] : undefined;
}

/**
 * Whether keys `a` and `b` denote the same address storage: equal, one part of the other (`sa`
 * and `sa.sa`), or union siblings (`sa.sa_in` beside `sa.sa`, `se_ctrladdr_in` beside
 * `se_ctrladdr`: members of one owner that both hold an address).
 */
export function sameStorage(a: string, b: string): boolean {
  if (a === b || isPartOf(a, b) || isPartOf(b, a)) return true;
  const owner = ownerOf(a);
  return owner !== undefined && owner === ownerOf(b);
}

/** `inner` is a field (at any depth) of `outer`. */
function isPartOf(inner: string, outer: string): boolean {
  return inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}->`) || inner.startsWith(`${outer}[`);
}

/** A key's text as a regex source allowing blanks around `.` and `->`. */
export function keyPattern(key: string): string {
  return escapeRegExp(key).replace(/->|\\\./g, (m) => `\\s*${m}\\s*`);
}

/** The port fields of sockaddr_in and sockaddr_in6. */
export const PORT_FIELD = /^(?:->|\.)sin6?_port\b/;

const CAST = String.raw`(?:\([^()]*\)\s*)?`;

// Each zeroing form by the word it cannot be written without: a form whose word the text lacks is
// left out of the pattern (most functions before a bind hold one form or none: the regex then never runs).
const ZEROING_FORMS: { present: (text: string) => boolean; source: (k: string, ref: string) => string }[] = [
  { present: (t) => t.includes('memset'), source: (_, ref) => String.raw`\bmemset\s*\(\s*${ref}\s*,\s*(?:0|'\\0')\s*,[^;]*;` },
  { present: (t) => t.includes('bzero'), source: (_, ref) => String.raw`\b(?:explicit_)?bzero\s*\(\s*${ref}\s*,[^;]*;` },
  {
    present: (t) => t.includes('alloc'),
    source: (k) => String.raw`(?<![\w.>])\*?${k}\s*=\s*${CAST}(?:calloc|xzalloc|zalloc)\s*\([^;]*;`,
  },
  // `= {0}`, `= {}`, `= { .sin_family = AF_INET }` (fields not named are zero); a port named
  // there is a port store, seen as such by the caller.
  {
    present: (t) => BRACE_INIT.test(t),
    source: (k) => String.raw`(?<![\w.>])${k}(?:\s*\[[^\]]*\])?\s*=\s*${CAST}\{\s*(?:0\s*|\.[^;]*)?\}\s*;`,
  },
];
const BRACE_INIT = new RegExp(String.raw`=\s*${CAST}\{`);

/** Where `k` (a regex source) is zeroed by one of `forms`: the match ends where the zero is in place. */
function zeroingPattern(k: string, forms: readonly (typeof ZEROING_FORMS)[number][]): RegExp {
  const ref = String.raw`${CAST}&?\s*\(?\s*${k}\s*\)?`;
  return new RegExp(forms.map((f) => f.source(k, ref)).join('|'), 'g');
}

/** Where in `text` the storage `key` (or a struct holding it) is last zeroed, as an offset just after the zeroing; -1 if never. */
export function lastZeroing(text: string, key: string): number {
  const forms = ZEROING_FORMS.filter((f) => f.present(text));
  if (forms.length === 0) return -1;
  let at = -1;
  const parts = key.split(/(?=->|\.|\[)/);
  for (let i = 1; i <= parts.length; i++) {
    for (const m of text.matchAll(zeroingPattern(keyPattern(parts.slice(0, i).join('')), forms)))
      at = Math.max(at, m.index + m[0].length);
  }
  return at;
}

/** `T k = other;`, `k = other;`, `memcpy(&k, &other, ...)`: the struct `k` was last copied from, and where the copy ends. */
function lastCopy(text: string, key: string): { from: string; start: number; end: number } | undefined {
  let found: { from: string; start: number; end: number } | undefined;
  const k = keyPattern(key);
  const patterns = [new RegExp(String.raw`(?<![\w.>])\*?${k}\s*=\s*\*?([A-Za-z_]\w*)\s*;`, 'g')];
  if (text.includes('memcpy') || text.includes('memmove'))
    patterns.push(
      new RegExp(String.raw`\bmem(?:cpy|move)\s*\(\s*${CAST}&?\s*${k}\s*,\s*${CAST}&?\s*([A-Za-z_]\w*)\s*,[^;]*;`, 'g'),
    );
  for (const pattern of patterns)
    for (const m of text.matchAll(pattern))
      if (!found || m.index > found.end) found = { from: m[1], start: m.index, end: m.index + m[0].length };
  return found;
}

/** A file-scope struct that is zero: `static struct sockaddr_in zero;` (static storage), `const T zero = {0};`. */
function zeroAtFileScope(model: CModel, name: string): boolean {
  return model.fileDeclarations.some(
    (d) =>
      d.type === 'declaration' &&
      d.childrenForFieldName('declarator').some((decl) => {
        if (!decl) return false;
        if (decl.type === 'identifier') return decl.text === name && /^\s*static\b/.test(d.text);
        if (decl.type !== 'init_declarator' || decl.childForFieldName('declarator')?.text !== name) return false;
        return /^\{\s*(0\s*)?\}$/.test(decl.childForFieldName('value')?.text ?? '');
      }),
  );
}

/**
 * Where (an offset into `text`) the storage `key` last became all zero: zeroed in place, or
 * copied from a struct that is zero (a file-scope zero struct, or a local zeroed before the copy
 * and not written to since). -1 when the text shows no such point.
 */
export function zeroedAt(model: CModel, text: string, key: string): number {
  const zeroing = lastZeroing(text, key);
  const copy = lastCopy(text, key);
  if (!copy || copy.end < zeroing) return zeroing;
  if (zeroAtFileScope(model, copy.from)) return copy.end;
  const sourceZeroed = lastZeroing(text.slice(0, copy.start), copy.from);
  return sourceZeroed >= 0 && onlyFieldsWritten(text.slice(sourceZeroed, copy.start), copy.from, PORT_FIELD) ? copy.end : -1;
}

/**
 * Since its zeroing, `text` mentions the storage `key` only through fields other than `forbidden`
 * (`k.sin_family = AF_INET`, `&k.sin_addr`) or inside `sizeof`: no call took the whole struct,
 * no assignment replaced it, no alias was taken. Union siblings count as the same storage.
 */
export function onlyFieldsWritten(text: string, key: string, forbidden: RegExp): boolean {
  const base = /^[A-Za-z_]\w*/.exec(key)?.[0];
  if (!base) return false;
  const owner = ownerOf(key);
  for (const m of text.matchAll(new RegExp(String.raw`(?<![\w.>]|->)${escapeRegExp(base)}\b`, 'g'))) {
    if (/sizeof\s*\(?\s*$/.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    const path = /^(?:\s*(?:->|\.)\s*\w+|\s*\[[^\]]*\])*/.exec(text.slice(m.index + base.length))![0].replace(/\s+/g, '');
    const full = base + path;
    if (!sameStorage(full, key)) continue;
    // A field of the storage (or of a union sibling, `sa.sa_in.sin_family`): fine unless it is the forbidden one.
    const field = isPartOf(full, key)
      ? full.slice(key.length)
      : owner && isPartOf(full, owner) && ownerOf(full) !== owner && ownerOf(full) !== undefined
        ? full.slice(owner.length).replace(/^(?:->|\.)\w+/, '')
        : '';
    if (field) {
      if (forbidden.test(field)) return false;
      continue;
    }
    // The whole struct (or pointer) tested, `!a`, `a == NULL`: read, not written.
    const after = text.slice(m.index + base.length + path.length);
    if (!path && (/!\s*$/.test(text.slice(0, m.index)) || /^\s*[!=]=/.test(after))) continue;
    return false;
  }
  return true;
}
