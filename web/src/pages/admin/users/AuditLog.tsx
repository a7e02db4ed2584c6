import { useEffect, useState, type SubmitEvent } from 'react';
import { useQuery } from '../../../api';
import { ErrorNotice, Loading } from '../../../components/ErrorNotice';
import { formText } from '../../../forms';
import { Field, fieldErrorsOf } from '../Admin';
import { AdminTable } from '../AdminTable';

interface AuditEntry {
  id: string;
  service: string;
  actorEmail: string | null;
  actorId: string;
  action: string;
  targetId: string | null;
  details: string;
  createdAt: string;
}
interface AuditFilter {
  actorEmailContains?: string;
  action?: string;
  from?: string;
  to?: string;
}

// Every service's entries, merged by identity (each service records its own admin actions).
const AUDIT_TRAIL = `query AuditTrail($filter: AuditFilter) {
  auditTrail(first: 50, filter: $filter) { entries { id service actorId actorEmail action targetId details createdAt } }
}`;

// Suggestions for the action filter, which takes any prefix (`plan.` for every plan action).
const ACTIONS = [
  'user.',
  'title.',
  'season.',
  'episode.',
  'collection.',
  'channel.',
  'programme.',
  'xmltv.import',
  'package.',
  'plan.',
  'offer.',
  'grant.',
  'renewals.run',
  'search.reindex',
];

const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** The audit trail of every service, narrowed by who acted, what they did and when; `reload` changes after each admin action. */
export function AuditLog({ reload }: { reload: number }) {
  const [filter, setFilter] = useState<AuditFilter>({});
  const { data, error, loading, current, refetch } = useQuery<{ auditTrail: { entries: AuditEntry[] } }>(AUDIT_TRAIL, { filter });
  // While another filter's entries load, the old ones would pass for its answer: the log says it is loading instead.
  const entries = current ? data?.auditTrail.entries : undefined;
  useEffect(() => {
    if (reload) refetch();
  }, [reload, refetch]);
  const errors = current ? fieldErrorsOf(error) : {};
  const apply = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setFilter({
      actorEmailContains: formText(form, 'actor').trim() || undefined,
      action: formText(form, 'action').trim() || undefined,
      from: instant(formText(form, 'from')),
      to: instant(formText(form, 'to')),
    });
  };

  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <form className="admin-form" aria-label="Audit log filters" noValidate onSubmit={apply}>
        <div className="admin-columns">
          <Field id="audit-actor" label="Actor (email)" error={errors.actorEmailContains}>
            <input id="audit-actor" name="actor" type="search" />
          </Field>
          <Field id="audit-action" label="Action" error={errors.action}>
            <input id="audit-action" name="action" list="audit-actions" />
            <datalist id="audit-actions">
              {ACTIONS.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
          </Field>
          <Field id="audit-from" label="From" error={errors.from}>
            <input id="audit-from" name="from" type="datetime-local" />
          </Field>
          <Field id="audit-to" label="Until" error={errors.to}>
            <input id="audit-to" name="to" type="datetime-local" />
          </Field>
        </div>
        <button type="submit">Filter the log</button>
      </form>
      {current && error && !Object.keys(errors).length && <ErrorNotice error={error} title="The audit log could not be loaded" />}
      {(!current || (!data && loading)) && <Loading what="the audit log" />}
      {entries && (
        <AdminTable
          label="Audit entries"
          columns={['When', 'Who', 'Action', 'Service', 'Target', 'Details']}
          rows={entries}
          empty="No entry matches."
          row={(a) => (
            <tr key={`${a.service}:${a.id}`}>
              <td>{new Date(a.createdAt).toLocaleString()}</td>
              <td>{a.actorEmail ?? a.actorId}</td>
              <td>{a.action}</td>
              <td>{a.service}</td>
              <td>{a.targetId ?? '—'}</td>
              <td>{a.details}</td>
            </tr>
          )}
        />
      )}
    </section>
  );
}
