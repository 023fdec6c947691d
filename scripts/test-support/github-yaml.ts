import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import { parseDocument } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Parses YAML strictly (duplicate keys are errors) and fails the test on any error or warning. */
export function parseYaml<T>(text: string): T {
  const doc = parseDocument(text, { uniqueKeys: true, strict: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(doc.warnings.map((e) => e.message)).toEqual([]);
  return doc.toJS() as T;
}

/** A YAML file of the repository, parsed strictly. */
export function loadYaml<T>(file: string): T {
  return parseYaml<T>(fs.readFileSync(path.join(ROOT, file), 'utf8'));
}

/** Validates a document against one of scripts/schemas/*.schema.json; errors as text. */
export function schemaErrors(document: unknown, schema: 'github-workflow' | 'github-action'): string[] {
  const json = JSON.parse(fs.readFileSync(path.join(ROOT, `scripts/schemas/${schema}.schema.json`), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(json);
  validate(document);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** shellcheck's findings (warnings and worse) on a bash script, '' when clean (Debian shellcheck, installed by .ci/run). */
export function shellcheck(script: string): string {
  try {
    return execFileSync('shellcheck', ['--severity=warning', '--shell=bash', '-'], { input: script, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

/** A GitHub Actions expression as it is written in YAML: expression('github.ref_name') is the text `${{ github.ref_name }}`. */
export function expression(body: string): string {
  return `$${'{{'} ${body} }}`;
}
