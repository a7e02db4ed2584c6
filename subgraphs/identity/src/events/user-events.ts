import type { DomainEvent } from '@tvstream/service-kit';

export const USERS_TOPIC = 'identity.users';

export type UserEventType = 'user.created' | 'user.updated' | 'user.disabled';

/** The public shape of a user in events: never the password hash, never tokens. */
export function userEvent(
  type: UserEventType,
  user: { id: string; email: string; displayName: string; roles: string[]; disabledAt: Date | null; version: number },
): DomainEvent {
  return {
    topic: USERS_TOPIC,
    type,
    entityId: user.id,
    entityVersion: user.version,
    payload: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      disabled: user.disabledAt !== null,
    },
  };
}
