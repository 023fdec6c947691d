import { describe, expect, it } from 'vitest';
import { renderSarif } from './sarif.js';
import { sampleFinding, sampleReport } from './test-support/sample-report.js';
import { validateSarif } from './test-support/validators.js';

describe('renderSarif', () => {
  it('should validate against the SARIF 2.1.0 schema', () => {
    const result = validateSarif(renderSarif(sampleReport()));
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('should put each signature at its Rust file:line when known, with the signature as fingerprint', () => {
    const run = (renderSarif(sampleReport()) as { runs: { results: Record<string, unknown>[] }[] }).runs[0]!;
    expect(run.results).toHaveLength(2);
    expect(run.results[0]).toMatchObject({
      ruleId: 'ffi-fuzz/panic',
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'targets/chunk-parser/src/lib.rs', uriBaseId: 'SRCROOT' },
            region: { startLine: 296, startColumn: 50 },
          },
        },
      ],
      partialFingerprints: { 'ffiFuzzSignature/v1': 'panic-0123456789ab' },
    });
    expect(run.results[1]!.locations).toBeUndefined();
  });

  it('should mark a run stopped by a harness fault as unsuccessful', () => {
    const sarif = renderSarif(sampleReport({ findings: [], fault: { code: 'internal', message: 'boom', hint: null } }));
    expect(validateSarif(sarif).ok).toBe(true);
    expect(JSON.stringify(sarif)).toContain('"executionSuccessful":false');
  });

  it('should be rejected by the schema when a result has no message (the check has teeth)', () => {
    const sarif = renderSarif(sampleReport()) as { runs: { results: Record<string, unknown>[] }[] };
    delete sarif.runs[0]!.results[0]!.message;
    expect(validateSarif(sarif).ok).toBe(false);
  });

  it('should make a finding on a guessed contract a note, saying so', () => {
    const sarif = renderSarif(sampleReport({ findings: [sampleFinding({ contractUnknown: "'p' is a void *" })] })) as {
      runs: { results: { level: string; message: { text: string } }[] }[];
    };
    const [result] = sarif.runs[0]!.results;
    expect(result!.level).toBe('note');
    expect(result!.message.text).toContain("Contract unknown — write a spec (not counted as a bug): 'p' is a void *");
  });
});
