import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit.js';
import { sampleReport } from './test-support/sample-report.js';

const XSD = fileURLToPath(new URL('./schemas/junit.xsd', import.meta.url));

/** Validates with libxml2's xmllint (Debian libxml2-utils, installed by .ci/run). */
export function xmllint(xml: string): { ok: boolean; output: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'junit-')), 'junit.xml');
  fs.writeFileSync(file, xml);
  try {
    return { ok: true, output: execFileSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  }
}

describe('renderJunit', () => {
  it('should validate against the JUnit schema, hostile text included', () => {
    const result = xmllint(renderJunit(sampleReport()));
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('should make each function a testcase and each finding a failure of it', () => {
    const xml = renderJunit(sampleReport());
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toContain('<testcase classname="ffi-fuzz.chunk-parser" name="other_fn" time="10.000"/>');
    expect(xml).toMatch(/tests="2" failures="1" errors="0"/);
  });

  it('should report a harness fault as an error, not a failure', () => {
    const xml = renderJunit(sampleReport({ findings: [], fault: { code: 'bad-library', message: 'the engine died <before> its first call', hint: null } }));
    expect(xmllint(xml).ok).toBe(true);
    expect(xml).toContain('<error message="the engine died &lt;before&gt; its first call" type="bad-library">');
    expect(xml).not.toContain('<failure');
    expect(xml).toMatch(/tests="3" failures="0" errors="1"/);
  });

  it('should keep the XML well-formed when the target printed control characters', () => {
    const xml = renderJunit(sampleReport());
    expect(xml).not.toMatch(/[\u0000\u0007]/);
    expect(xml).toContain('&lt;script&gt;');
  });

  it('should be rejected by the schema when a required attribute is missing (the check has teeth)', () => {
    const xml = renderJunit(sampleReport()).replace(/ classname="[^"]*"/, '');
    expect(xmllint(xml).ok).toBe(false);
  });
});
