import { badInput, forbidden, ROLES, type Role, type Viewer } from '@tvstream/service-kit';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL.test(normalized) || normalized.length > 254) {
    throw badInput('Email address is not valid', [{ field: 'email', message: 'Enter an email like name@example.com' }]);
  }
  return normalized;
}

export function checkDisplayName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 80) {
    throw badInput('Display name is not valid', [{ field: 'displayName', message: 'Use 1 to 80 characters' }]);
  }
  return trimmed;
}

/** Maturity ratings as minimum ages; a profile may watch anything rated at or below its limit. */
export const MATURITY_LEVELS = [0, 7, 12, 16, 18] as const;

export function checkMaturity(maxMaturity: number): number {
  if (!(MATURITY_LEVELS as readonly number[]).includes(maxMaturity)) {
    throw badInput('Maturity limit is not valid', [{ field: 'maxMaturity', message: `Use one of ${MATURITY_LEVELS.join(', ')}` }]);
  }
  return maxMaturity;
}

/**
 * A profile's language: a well-formed BCP 47 tag, returned in its canonical case ("pt-br" → "pt-BR"); null
 * or blank clears it.
 */
export function checkLanguageTag(language: string | null): string | null {
  const trimmed = language?.trim();
  if (!trimmed) return null;
  const refused = () => badInput('Language is not valid', [{ field: 'language', message: 'Use a BCP 47 language tag such as "fr" or "pt-BR"' }]);
  // Intl's own BCP 47 parser; a bare "x-…" private-use tag names no language anyone can show titles in.
  if (trimmed.length > 35 || !/^[A-Za-z]{2,3}(-|$)/.test(trimmed)) throw refused();
  try {
    return Intl.getCanonicalLocales(trimmed)[0];
  } catch {
    throw refused();
  }
}

/**
 * Role changes: every account keeps VIEWER, and an admin cannot remove their own ADMIN role (so the last
 * administrator cannot lock everyone out by accident).
 */
export function nextRoles(actor: Viewer, targetUserId: string, requested: readonly string[]): Role[] {
  const unknown = requested.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw badInput(`Unknown roles: ${unknown.join(', ')}`, [{ field: 'roles', message: 'Unknown role' }]);
  const roles = new Set<Role>(requested as Role[]);
  roles.add('VIEWER');
  if (actor.userId === targetUserId && !roles.has('ADMIN')) {
    throw forbidden('Administrators cannot remove their own ADMIN role');
  }
  return ROLES.filter((r) => roles.has(r));
}

export function checkCanDisable(actor: Viewer, targetUserId: string): void {
  if (actor.userId === targetUserId) throw forbidden('Administrators cannot disable their own account');
}
