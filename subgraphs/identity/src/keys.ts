import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SigningKeySet } from './domain/signing-keys';
import type { IdentityConfig } from './config';

/**
 * Signing keys come from IDENTITY_SIGNING_KEYS. In development, when none are given, a key is generated
 * once and kept in a git-ignored file so tokens survive restarts; production refuses to start without keys.
 */
export function loadSigningKeys(config: IdentityConfig): SigningKeySet {
  if (config.IDENTITY_SIGNING_KEYS) return SigningKeySet.parse(config.IDENTITY_SIGNING_KEYS);
  if (config.NODE_ENV === 'production') throw new Error('IDENTITY_SIGNING_KEYS is required in production');
  const file = config.IDENTITY_SIGNING_KEYS_FILE;
  if (existsSync(file)) return SigningKeySet.parse(readFileSync(file, 'utf8'));
  mkdirSync(dirname(file), { recursive: true });
  const keys = [SigningKeySet.generate()];
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return new SigningKeySet(keys);
}
