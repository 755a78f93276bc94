// What the hand-written SVG reports share.

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** A coordinate or value with at most two decimals and no trailing zeros (`12`, `3.5`, `0.25`). */
export function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}
