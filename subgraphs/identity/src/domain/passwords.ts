import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { badInput } from '@tvstream/service-kit';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))));

/** scrypt cost; 2^15 is OWASP's floor for interactive logins. Stored with each hash so it can be raised later. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}
export const DEFAULT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** Encoded as `scrypt$N$r$p$salt$hash` (base64url), so verification needs nothing but the string. */
export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r });
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    ...cost,
    maxmem: 256 * cost.N * cost.r,
  });
  return timingSafeEqual(actual, expected);
}

/** A dummy hash to compare against when the account does not exist, so timing does not reveal which emails exist. */
export const UNKNOWN_ACCOUNT_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * NIST 800-63B style: length over composition rules, and no password an attacker tries early. zxcvbn-ts
 * estimates that from its common-password, English and name dictionaries, keyboard patterns, l33t and
 * dates, and from what the account itself says (the email and name), so `Password1!` and one's own email
 * are refused while a long passphrase passes.
 */
let estimator: ZxcvbnFactory | null = null;
const strength = () =>
  (estimator ??= new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
  }));

/** zxcvbn's score (0–4) a password needs: 3 is "safely unguessable: moderate protection from offline attacks". */
const MIN_SCORE = 3;

export function checkPasswordStrength(password: string, field = 'password', personal: string[] = []): void {
  if (password.length < 10) throw badInput('Password is too weak', [{ field, message: 'Use at least 10 characters' }]);
  if (password.length > 200) throw badInput('Password is too long', [{ field, message: 'Use at most 200 characters' }]);
  const inputs = personal.flatMap((value) => [value, ...value.split(/[@.\s_+-]+/)]).filter((value) => value.length >= 3);
  if (inputs.some((value) => value.toLowerCase() === password.toLowerCase())) {
    throw badInput('Password is too weak', [{ field, message: 'Do not use your email address or name as your password' }]);
  }
  const estimate = strength().check(password, inputs);
  if (estimate.score < MIN_SCORE) {
    const reason = estimate.feedback.warning ?? 'This password is too easy to guess';
    throw badInput('Password is too weak', [{ field, message: [reason, ...estimate.feedback.suggestions].join(' ') }]);
  }
}
