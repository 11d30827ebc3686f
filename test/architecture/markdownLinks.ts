import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { REPO_ROOT } from './repoFiles.js';

/** One link of a markdown file that does not stay inside the repository or leads nowhere. */
export interface BadLink {
  line: number;
  target: string;
  reason: string;
}

const INLINE_LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_LINK = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/;
const HTML_LINK = /\b(?:href|src)\s*=\s*"([^"]+)"/g;
const OUTSIDE_MENTION = /(?:\.\.\/)+shared\/|\/work\//;

/**
 * The links in a markdown file (inline, reference-style, `href`/`src`) that leave the
 * repository (a URL, an absolute path, `../` above the root) or point at a file or heading
 * that does not exist, plus any mention of a path outside it (`../shared/`, `/work/`).
 * Fenced code blocks are skipped: they show commands and output, not links.
 */
export function badLinksIn(repoPath: string): BadLink[] {
  const file = join(REPO_ROOT, repoPath);
  const bad: BadLink[] = [];
  let fenced = false;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
      if (fenced) return;
      const line = index + 1;
      const targets = [...text.matchAll(INLINE_LINK), ...text.matchAll(HTML_LINK)].map((match) => match[1]);
      const reference = REFERENCE_LINK.exec(text);
      if (reference) targets.push(reference[1]);
      for (const target of targets) {
        const reason = whyBad(file, target);
        if (reason) bad.push({ line, target, reason });
      }
      const mention = OUTSIDE_MENTION.exec(text);
      if (mention && !targets.some((target) => target.includes(mention[0]))) {
        bad.push({ line, target: mention[0], reason: 'names a path outside the repository' });
      }
    });
  return bad;
}

function whyBad(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return 'leaves the repository (a URL)';
  if (target.startsWith('/')) return 'is an absolute path';
  const [pathPart, anchor] = splitAnchor(target);
  const destination = pathPart === '' ? file : resolve(dirname(file), decodeURI(pathPart));
  const inside = relative(REPO_ROOT, destination);
  if (inside.startsWith('..') || inside.split(sep)[0] === 'node_modules') return 'points outside the repository';
  if (!existsSync(destination)) return 'points at a file that does not exist';
  if (anchor !== undefined && destination.endsWith('.md') && statSync(destination).isFile() && !headingSlugs(destination).has(anchor)) {
    return `has no heading "#${anchor}"`;
  }
  return undefined;
}

function splitAnchor(target: string): [string, string | undefined] {
  const hash = target.indexOf('#');
  return hash === -1 ? [target, undefined] : [target.slice(0, hash), target.slice(hash + 1)];
}

/** The anchors GitHub gives a markdown file's headings (lower case, punctuation dropped, spaces to dashes). */
function headingSlugs(file: string): Set<string> {
  const slugs = new Set<string>();
  let fenced = false;
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const slug = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let unique = slug;
    for (let n = 1; slugs.has(unique); n += 1) unique = `${slug}-${n}`;
    slugs.add(unique);
  }
  return slugs;
}
