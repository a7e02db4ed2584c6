/**
 * Relevance measures over one ranked list of shown titles. A title counts once (a programme that airs seven
 * times is one answer; its repeats take places a better answer could have had).
 */
import type { Judgment } from './judgments';

export function gains(ranked: string[], judgment: Judgment): number[] {
  const seen = new Set<string>();
  return ranked.map((title) => {
    if (seen.has(title)) return 0;
    seen.add(title);
    if (judgment.top3.includes(title)) return 2;
    return judgment.top10?.includes(title) ? 1 : 0;
  });
}

const dcg = (grades: number[]) => grades.slice(0, 10).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);

/** Normalised discounted cumulative gain of the first ten, against the ideal order of the judged titles. */
export function ndcgAt10(ranked: string[], judgment: Judgment): number {
  const ideal = [...judgment.top3.map(() => 2), ...(judgment.top10 ?? []).map(() => 1)];
  return dcg(gains(ranked, judgment)) / dcg(ideal);
}

/** 1 / the rank of the first title that belongs in the top three, within the first ten (0 when none). */
export function reciprocalRank(ranked: string[], judgment: Judgment): number {
  const first = gains(ranked, judgment).slice(0, 10).indexOf(2);
  return first < 0 ? 0 : 1 / (first + 1);
}
