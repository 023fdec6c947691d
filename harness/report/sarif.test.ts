import fs from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderSarif } from './sarif.js';
import { sampleReport } from './test-support/sample-report.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema = JSON.parse(fs.readFileSync(new URL('./schemas/sarif-2.1.0-subset.schema.json', import.meta.url), 'utf8')) as object;

/** A validator for the SARIF 2.1.0 objects ffi-fuzz writes. */
export function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('renderSarif', () => {
  it('should validate against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const ok = validate(renderSarif(sampleReport()));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('should put each signature at its Rust file:line when known, with the signature as fingerprint', () => {
    const run = (renderSarif(sampleReport()) as { runs: { results: Record<string, unknown>[] }[] }).runs[0]!;
    expect(run.results).toHaveLength(2);
    expect(run.results[0]).toMatchObject({
      ruleId: 'ffi-fuzz/panic',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'targets/chunk-parser/src/lib.rs', uriBaseId: 'SRCROOT' }, region: { startLine: 296, startColumn: 50 } } }],
      partialFingerprints: { 'ffiFuzzSignature/v1': 'panic-0123456789ab' },
    });
    expect(run.results[1]!.locations).toBeUndefined();
  });

  it('should mark a run stopped by a harness fault as unsuccessful', () => {
    const sarif = renderSarif(sampleReport({ findings: [], fault: { code: 'internal', message: 'boom', hint: null } }));
    const validate = sarifValidator();
    expect(validate(sarif)).toBe(true);
    expect(JSON.stringify(sarif)).toContain('"executionSuccessful":false');
  });

  it('should be rejected by the schema when a result has no message (the check has teeth)', () => {
    const sarif = renderSarif(sampleReport()) as { runs: { results: Record<string, unknown>[] }[] };
    delete sarif.runs[0]!.results[0]!.message;
    expect(sarifValidator()(sarif)).toBe(false);
  });
});
