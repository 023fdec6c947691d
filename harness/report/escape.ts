/**
 * Escaping for text that came from the target or its child process (panic messages, stderr,
 * function names from a record): it is data, never markup. Every value put into report.html,
 * junit.xml or an SVG label goes through one of these.
 */

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Escapes text for XML 1.0 content and attributes. Characters XML 1.0 cannot carry at all
 * (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD, so a panic message holding
 * a NUL still yields a well-formed junit.xml.
 */
export function escapeXml(text: string): string {
  const legal = text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
  return escapeHtml(legal).replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
