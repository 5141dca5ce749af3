const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether JSON text nests arrays and objects deeper than `levels`, read from the text alone.
 * JSON.parse builds a value of any depth, but what walks it afterwards (validation, hashing,
 * serialisation) recurses, and a deep enough value exhausts the stack. Strings are skipped with
 * indexOf: the pass costs about a tenth of the parse. Text that is no JSON gets an answer too,
 * and the parse refuses it.
 */
export function nestsDeeperThan(text: string, levels: number): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) index = closingQuote(text, index);
    else if ((char === OPEN_BRACE || char === OPEN_BRACKET) && ++depth > levels) return true;
    else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** The index of the quote that ends the string opened at `open`; the text's length when none does. */
function closingQuote(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote !== -1 && isEscaped(text, quote)) quote = text.indexOf('"', quote + 1);
  return quote === -1 ? text.length : quote;
}

/** An odd run of backslashes before it escapes a quote. */
function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}
