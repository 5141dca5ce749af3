/**
 * @clickhouse/client sends every `param_<name>` already as ClickHouse text: a top-level string
 * escaped TSV-style (`it\'s`, `a\\b`, `x\ny`), a composite (Array, Tuple, Map) as a literal whose
 * strings are quoted and backslash-escaped (`['it\'s','a\\b']`). The engine reads that text
 * verbatim. chdb's queryBindAsync, though, TSV-escapes string values once more, so passing the
 * text through would double every backslash. This decodes each value into the string whose
 * chdb-escaped form the engine reads as the same value.
 */
export function toBindableParams(sql: string, params: ReadonlyMap<string, string>): Record<string, string | null> {
  const types = placeholderTypes(sql);
  const bindable: Record<string, string | null> = {};
  for (const [name, text] of params) {
    const type = types.get(name);
    if (type !== undefined && isComposite(type)) bindable[name] = unescape(text, COMPOSITE_QUOTE);
    else bindable[name] = text === NULL_MARKER ? null : unescape(text, "'");
  }
  return bindable;
}

/** The TSV null marker; chdb sends a JS null as exactly this. */
const NULL_MARKER = '\\N';

/**
 * chdb escapes every backslash it is given, so inside a quoted string of a composite literal an
 * escaped quote can only reach the engine in its other spelling, the doubled quote.
 */
const COMPOSITE_QUOTE = "''";

const ESCAPES: Readonly<Record<string, string>> = {
  b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '0': '\0', a: '\x07', v: '\v',
};

/** Resolves backslash escapes as ClickHouse does (an unknown `\c` is `c`); an escaped quote becomes `quote`. */
function unescape(text: string, quote: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\' || i === text.length - 1) {
      out += text[i];
      continue;
    }
    const escaped = text[++i];
    out += escaped === "'" ? quote : (ESCAPES[escaped] ?? escaped);
  }
  return out;
}

const PLACEHOLDER = /\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^{}]+?)\s*\}/g;

function placeholderTypes(sql: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const [, name, type] of sql.matchAll(PLACEHOLDER)) {
    if (!types.has(name)) types.set(name, type);
  }
  return types;
}

const WRAPPER = /^(?:Nullable|LowCardinality)\s*\((.*)\)$/is;
const COMPOSITE = /^(?:Array|Tuple|Map|Nested)\s*\(/i;

function isComposite(type: string): boolean {
  let inner = type;
  for (let wrapped = WRAPPER.exec(inner); wrapped; wrapped = WRAPPER.exec(inner)) inner = wrapped[1].trim();
  return COMPOSITE.test(inner);
}
