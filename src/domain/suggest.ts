/**
 * "Did you mean": the known name closest to a misspelt one, so an error about an unknown field or
 * parameter can say which one was meant (`titel` -> `title`, `user` -> `user_id`).
 */

/** Edit distance (insertions, deletions, substitutions; a swap of neighbours counts once). */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

const normal = (name: string) => name.toLowerCase().replace(/[-_]/g, '');

/**
 * The known name closest to `name`, or null when none is close: the fewest edits ignoring case, `_`
 * and `-` (so `userId` finds `user_id`), at most a third of the name's length (at least 1, at most
 * 3), ties going to the fewest edits as written (`contentAvailble` finds `contentAvailable`, not
 * `_contentAvailable`); else the one known name that starts with it or that it starts with
 * (`user` finds `user_id`).
 */
export function closestName(name: string, known: readonly string[]): string | null {
  if (name.length > 100) return null;
  const wanted = normal(name);
  let best: string | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = distance(wanted, normal(candidate));
    const score = d * 100 + Math.min(distance(name.toLowerCase(), candidate.toLowerCase()), 99);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
      bestDistance = d;
    }
  }
  const allowed = Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  if (best !== null && bestDistance <= allowed) return best;
  const prefixed = known.filter((k) => wanted.length >= 3 && (normal(k).startsWith(wanted) || wanted.startsWith(normal(k))));
  return prefixed.length === 1 ? prefixed[0]! : null;
}

/** Unknown names, each with the closest known one (or null). */
export function suggestNames(unknown: readonly string[], known: readonly string[]): { name: string; didYouMean: string | null }[] {
  return unknown.map((name) => ({ name, didYouMean: closestName(name, known) }));
}

/**
 * One sentence about unknown names: `unknown field "titel" in notification (did you mean "title"?)`.
 * `what` is "field" or "parameter"; `where` says where they were found.
 */
export function describeUnknownNames(unknown: readonly string[], known: readonly string[], what: string, where: string): string {
  const parts = suggestNames(unknown, known).map(
    ({ name, didYouMean }) => `${JSON.stringify(name)}${didYouMean ? ` (did you mean ${JSON.stringify(didYouMean)}?)` : ''}`,
  );
  return `unknown ${what}${unknown.length > 1 ? 's' : ''} ${parts.join(', ')} in ${where}`;
}
