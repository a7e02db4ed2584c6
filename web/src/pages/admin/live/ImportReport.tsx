import { useEffect, useRef } from 'react';

/** What an XMLTV import did, as the API reports it: counts, then each rejected entry and warning with its line. */
export interface Report {
  channelsCreated: number;
  channelsMatched: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  removed: number;
  trimmed: number;
  rejections: { line: number; channel: string | null; start: string | null; reason: string }[];
  warnings: { line: number; channel: string | null; message: string }[];
}

export function ImportReport({ report }: { report: Report }) {
  // The upload's button is disabled while it runs, which drops the keyboard's focus: the report takes it, so a
  // keyboard or screen reader user lands on the result and reads on from there.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [report]);
  const counts: [string, number][] = [
    ['Channels created', report.channelsCreated],
    ['Channels matched', report.channelsMatched],
    ['Imported', report.imported],
    ['Updated', report.updated],
    ['Unchanged', report.unchanged],
    ['Rejected', report.rejected],
    ['Removed', report.removed],
    ['Trimmed', report.trimmed],
  ];
  return (
    <section aria-label="Import report" className="report">
      <h2 ref={heading} tabIndex={-1}>
        Import report
      </h2>
      <dl>
        {counts.map(([label, n]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      {report.rejections.length > 0 && (
        <>
          <h3>Rejected entries</h3>
          <ul>
            {report.rejections.map((r, i) => (
              <li key={i}>
                Line {r.line}
                {r.channel ? ` (${r.channel}${r.start ? `, ${r.start}` : ''})` : ''}: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <ul>
            {report.warnings.map((w, i) => (
              <li key={i}>
                Line {w.line}
                {w.channel ? ` (${w.channel})` : ''}: {w.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
