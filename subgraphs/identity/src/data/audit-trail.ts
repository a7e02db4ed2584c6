import { auditRecord, mergeAuditRecords, type AuditRecordModel } from '@tvstream/service-kit';
import type { AuditEntry } from './generated/client';

/** One entry of the merged trail, whichever service recorded it. */
export interface AuditEntryModel extends Omit<AuditRecordModel, 'at'> {
  service: string;
  createdAt: Date;
}

/** A record as another service sent it in the representation (`at` is the DateTime's text). */
type SentRecord = Omit<AuditRecordModel, 'at'> & { at: string | Date };

/** The `AuditTrail` entity in identity: its key and, when `entries` is asked for, what it @requires. */
export interface AuditTrailModel {
  id: string;
  catalogRecords?: SentRecord[] | null;
  liveRecords?: SentRecord[] | null;
  rightsRecords?: SentRecord[] | null;
  searchRecords?: SentRecord[] | null;
}

export const identityEntry = (row: AuditEntry): AuditEntryModel => {
  const { at, ...record } = auditRecord(row);
  return { ...record, service: 'identity', createdAt: at };
};

/** Identity's own entries and every other service's, newest first, cut to the page. */
export function mergeTrail(own: AuditEntry[], trail: AuditTrailModel, first: number): AuditEntryModel[] {
  const sent = (service: string, records: SentRecord[] | null | undefined) =>
    (records ?? []).map(({ at, ...record }) => ({ ...record, service, at: new Date(at) }));
  const lists = [
    own.map((row) => ({ ...identityEntry(row), at: row.createdAt })),
    sent('catalog', trail.catalogRecords),
    sent('live', trail.liveRecords),
    sent('rights', trail.rightsRecords),
    sent('search', trail.searchRecords),
  ];
  return mergeAuditRecords(lists, first).map(({ at, ...entry }) => ({ ...entry, createdAt: at }));
}
