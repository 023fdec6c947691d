import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit.js';
import { sampleFinding, sampleReport } from './test-support/sample-report.js';
import { validateJunit as xmllint } from './test-support/validators.js';

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
    const xml = renderJunit(
      sampleReport({ findings: [], fault: { code: 'bad-library', message: 'the engine died <before> its first call', hint: null } }),
    );
    expect(xmllint(xml).ok).toBe(true);
    expect(xml).toContain('<error message="the engine died &lt;before&gt; its first call" type="bad-library">');
    expect(xml).not.toContain('<failure');
    expect(xml).toMatch(/tests="3" failures="0" errors="1"/);
  });

  it('should keep the XML well-formed when the target printed control characters', () => {
    const xml = renderJunit(sampleReport());
    expect(xml).not.toContain('\u0000');
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain('&lt;script&gt;');
  });

  it('should be rejected by the schema when a required attribute is missing (the check has teeth)', () => {
    const xml = renderJunit(sampleReport()).replace(/ classname="[^"]*"/, '');
    expect(xmllint(xml).ok).toBe(false);
  });

  it('should skip, not fail, a function whose only findings rest on a contract zero-config guessed', () => {
    // Arrange
    const guessed = sampleFinding({ function: 'other_fn', contractUnknown: "'p' is a void *" });

    // Act
    const xml = renderJunit(sampleReport({ findings: [...sampleReport().findings, guessed] }));

    // Assert
    expect(xmllint(xml).ok).toBe(true);
    expect(xml).toMatch(
      /<testcase classname="ffi-fuzz.chunk-parser" name="other_fn" time="10.000">\n {6}<skipped message="contract unknown — write a spec: /,
    );
    expect(xml).toMatch(/tests="2" failures="1" errors="0" skipped="1"/);
  });
});
