/**
 * How Docker Compose turns docker-compose.yml into each container's environment: YAML merge keys, then
 * variable interpolation from the caller's environment (the Compose specification's rules), then the
 * service's own `environment` map, with an image's `CMD` as the command when the service names none.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const VARIABLE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * `${VAR}`, `$VAR`, `${VAR:-default}` (unset or empty), `${VAR-default}` (unset), `${VAR:?error}`,
 * `${VAR?error}`, `${VAR:+other}`, `${VAR+other}` and `$$` for a literal dollar. An unset `${VAR}` becomes
 * "" — which is what reaches the container, not "unset".
 */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(VARIABLE, (_match, dollar, braced, colon, operator, operand, bare) => {
    if (dollar) return '$';
    const name = braced ?? bare;
    const value = env[name];
    const missing = colon ? value === undefined || value === '' : value === undefined;
    const nested = (s: string) => interpolate(s, env);
    switch (operator) {
      case '-':
        return missing ? nested(operand) : value!;
      case '?':
        if (missing) throw new Error(`required variable ${name} is missing a value: ${operand}`);
        return value!;
      case '+':
        return missing ? '' : nested(operand);
      default:
        return value ?? '';
    }
  });
}

function interpolateTree(node: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, env));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateTree(v, env)]));
  return node;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: string[];
  ports?: string[];
  restart?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** The file as Compose reads it with `env` as the caller's environment (and no .env file). */
export function readCompose(root: string, env: Record<string, string | undefined>): ComposeFile {
  return interpolateTree(parse(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8'), { merge: true }), env) as ComposeFile;
}

/** A service's environment as the container sees it: every value a string, `KEY` without a value dropped. */
export function containerEnvironment(service: ComposeService): Record<string, string> {
  const entries = Array.isArray(service.environment)
    ? service.environment.map((line) => (line.includes('=') ? [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] : [line, null]))
    : Object.entries(service.environment ?? {});
  return Object.fromEntries(entries.filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]));
}

/** The command the container runs: the service's `command`, else the last `CMD` of its Dockerfile (exec form). */
export function containerCommand(root: string, service: ComposeService): string[] {
  if (Array.isArray(service.command)) return service.command;
  if (typeof service.command === 'string') throw new Error('shell-form commands are not used in this file');
  if (!service.build) throw new Error('a service without a build runs its image, not a command of this repository');
  const dockerfile = readFileSync(resolve(root, service.build.context, service.build.dockerfile), 'utf8');
  const cmd = [...dockerfile.matchAll(/^CMD\s+(\[.*\])\s*$/gm)].pop();
  if (!cmd) throw new Error(`${service.build.dockerfile} has no exec-form CMD`);
  return JSON.parse(cmd[1]) as string[];
}

/** The `WORKDIR` of the Dockerfile's last stage: the repository root on the host stands in for it. */
export function containerWorkdir(root: string, service: ComposeService): string {
  const dockerfile = readFileSync(resolve(root, service.build!.context, service.build!.dockerfile), 'utf8');
  return [...dockerfile.matchAll(/^WORKDIR\s+(\S+)\s*$/gm)].pop()?.[1] ?? '/';
}
