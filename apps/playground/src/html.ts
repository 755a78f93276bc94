// @glia/app-support has an escapeXml, but its entry imports node:util at the top level, so it
// does not load in a browser page.
/** Text made safe inside HTML or SVG markup and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
