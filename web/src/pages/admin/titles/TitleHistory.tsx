import { useQuery } from '../../../api';
import { ErrorNotice, Loading } from '../../../components/ErrorNotice';
import { TITLE_HISTORY } from './operations';
import { AdminTable } from '../AdminTable';

interface AuditEntry {
  id: string;
  action: string;
  targetId: string;
  actorId: string;
  actorEmail: string | null;
  details: string;
  at: string;
}

/** The audit log of one title: who changed it (or its seasons and episodes), when, and what. */
export function TitleHistory({ titleId }: { titleId: string }) {
  const { data, error } = useQuery<{ catalogAuditLog: AuditEntry[] }>(TITLE_HISTORY, { titleId });
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {error && <ErrorNotice error={error} title="The history could not be loaded" />}
      {!data && !error && <Loading what="history" />}
      {data && (
        <AdminTable
          caption="Newest first"
          columns={['When', 'Change', 'By', 'Details']}
          rows={data.catalogAuditLog}
          row={(entry) => (
            <tr key={entry.id}>
              <td>{new Date(entry.at).toLocaleString()}</td>
              <td data-testid="audit-action">{entry.action}</td>
              <td>{entry.actorEmail ?? entry.actorId}</td>
              <td>
                <code>{entry.details}</code>
              </td>
            </tr>
          )}
        />
      )}
    </section>
  );
}
