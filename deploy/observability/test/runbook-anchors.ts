/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export const headingAnchor = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** The anchors of the `####` headings inside README's `### Runbook` section. */
export function runbookAnchors(readme: string): Set<string> {
  const start = readme.search(/^### Runbook\s*$/m);
  if (start < 0) return new Set();
  const rest = readme.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => /^#{1,3} /.test(line));
  const section = end < 0 ? rest : rest.slice(0, end);
  return new Set(section.filter((line) => line.startsWith('#### ')).map((line) => headingAnchor(line.slice(5))));
}
