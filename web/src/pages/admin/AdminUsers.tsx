import { useState } from 'react';
import { ApiError, gql, useQuery } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { ConfirmButton } from './Admin';
import { AuditLog } from './users/AuditLog';
import { AdminTable } from './AdminTable';

interface AdminUser {
  id: string;
  email: string | null;
  displayName: string;
  roles: string[];
  disabled: boolean;
  createdAt: string;
}
const USERS = `query AdminUsers($filter: UserFilter) {
  users(filter: $filter, first: 50) { edges { node { id email displayName roles disabled createdAt } } }
}`;
const SET_ROLES = `mutation SetRoles($id: ID!, $roles: [Role!]!) { setUserRoles(userId: $id, roles: $roles) { id roles } }`;
const DISABLE = `mutation Disable($id: ID!) { disableUser(userId: $id) { id disabled } }`;

// VIEWER is always kept by the API; these are the ones an administrator hands out.
const GRANTABLE = ['EDITOR', 'RIGHTS_MANAGER', 'ADMIN'];

/** Administrators: find accounts, change their roles, disable them; every change lands in the audit log. */
export function AdminUsers() {
  const [search, setSearch] = useState('');
  const { data, error, loading, refetch } = useQuery<{ users: { edges: { node: AdminUser }[] } }>(USERS, {
    filter: search.trim() ? { emailContains: search.trim() } : {},
  });
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [changes, setChanges] = useState(0);
  const run = async (query: string, variables: Record<string, unknown>) => {
    setActionError(null);
    try {
      await gql(query, variables);
      refetch();
      setChanges((n) => n + 1);
    } catch (e) {
      setActionError(e as ApiError);
    }
  };
  const toggle = (user: AdminUser, role: string) =>
    run(SET_ROLES, { id: user.id, roles: user.roles.includes(role) ? user.roles.filter((r) => r !== role) : [...user.roles, role] });

  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading">Users</h1>
      <div className="field">
        <label htmlFor="user-search">Email contains</label>
        <input id="user-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {actionError && <ErrorNotice error={actionError} title="The change was refused" />}
      {error && <ErrorNotice error={error} title="Users could not be loaded" />}
      {!data && loading && <Loading what="users" />}
      {data && (
        <>
          <AdminTable
            label="Accounts"
            columns={['Account', 'Roles', 'State']}
            rows={data.users.edges}
            row={({ node: u }) => (
              <tr key={u.id}>
                <th scope="row">
                  {u.displayName}
                  <span className="meta"> {u.email}</span>
                </th>
                <td>
                  {GRANTABLE.map((role) => (
                    <label key={role} className="role-toggle">
                      <input type="checkbox" checked={u.roles.includes(role)} onChange={() => void toggle(u, role)} disabled={u.disabled} />{' '}
                      {role.replace('_', ' ').toLowerCase()}
                    </label>
                  ))}
                </td>
                <td>
                  {u.disabled ? (
                    'disabled'
                  ) : (
                    <ConfirmButton
                      label="Disable"
                      confirm={`Disable ${u.email ?? u.displayName} and sign it out everywhere?`}
                      onConfirm={() => run(DISABLE, { id: u.id })}
                    />
                  )}
                </td>
              </tr>
            )}
          />
        </>
      )}
      <AuditLog reload={changes} />
    </section>
  );
}
