import type { ReactNode } from 'react';

interface AdminTableProps<T> {
  /** The table's accessible name (its caption, when it has one, is read too). */
  label?: string;
  /** A line under the table's name, e.g. its order. */
  caption?: string;
  /** The column headers, in order. */
  columns: readonly string[];
  rows: readonly T[];
  /** One `<tr>` for a row; its first cell may be the row's `<th scope="row">`. */
  row: (item: T, index: number) => ReactNode;
  /** Said across every column when there is no row; an empty body otherwise. */
  empty?: string;
}

/** The admin console's tables: one shape (caption, column headers, rows or what their absence means). */
export function AdminTable<T>({ label, caption, columns, rows, row, empty }: AdminTableProps<T>) {
  return (
    <table className="admin-table" aria-label={label}>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && empty && (
          <tr>
            <td colSpan={columns.length}>{empty}</td>
          </tr>
        )}
        {rows.map(row)}
      </tbody>
    </table>
  );
}
