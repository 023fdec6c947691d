import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const JUNIT_XSD = fileURLToPath(new URL('../schemas/junit.xsd', import.meta.url));
const SARIF_SCHEMA = fileURLToPath(new URL('../schemas/sarif-2.1.0-subset.schema.json', import.meta.url));
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Validates junit.xml text against schemas/junit.xsd with libxml2's xmllint (Debian libxml2-utils). */
export function validateJunit(xml: string): { ok: boolean; output: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'junit-')), 'junit.xml');
  fs.writeFileSync(file, xml);
  try {
    return { ok: true, output: execFileSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** Validates a SARIF object against schemas/sarif-2.1.0-subset.schema.json; errors as text. */
export function validateSarif(sarif: unknown): { ok: boolean; errors: string[] } {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')) as object);
  const ok = validate(sarif);
  return { ok, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`) };
}

const RUN_SUMMARY_SCHEMA_FILE = fileURLToPath(new URL('../schemas/run-summary.schema.json', import.meta.url));

/** Validates a run summary against schemas/run-summary.schema.json; errors as text. */
export function validateRunSummary(summary: unknown): { ok: boolean; errors: string[] } {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(RUN_SUMMARY_SCHEMA_FILE, 'utf8')) as object);
  const ok = validate(summary);
  return { ok, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`) };
}
