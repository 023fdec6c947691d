import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleRecord } from '../../store/test-support/sample-record.js';
import { FindingsBook } from './findings-book.js';

function book(): { book: FindingsBook; dir: string; news: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-fuzz-book-'));
  const news: string[] = [];
  const b = new FindingsBook((id) => path.join(dir, id, 'crash.json'), {
    finding: (record, _file, isNew) => (isNew ? news.push(record.id) : undefined),
    warn: () => undefined,
  });
  return { book: b, dir, news };
}

describe('FindingsBook', () => {
  it('should count a near-duplicate (one panic site, another call chain) in the first bucket', () => {
    // Arrange
    const { book: b, dir, news } = book();
    const viaParse = sampleRecord({ id: 'panic-aaaaaaaaaaaa', frames: ['helper', 'parse'], location: 'lib/src/lib.rs:9:5' });
    const viaBatch = sampleRecord({ id: 'panic-bbbbbbbbbbbb', frames: ['helper', 'batch'], location: 'lib/src/lib.rs:9:13' });
    // Act
    b.store(viaParse);
    b.store(viaBatch);
    b.flush();
    // Assert
    expect(news).toEqual(['panic-aaaaaaaaaaaa']);
    expect(b.findings.get('panic-aaaaaaaaaaaa')?.record.count).toBe(2);
    expect(fs.readdirSync(dir)).toEqual(['panic-aaaaaaaaaaaa']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should open a bucket for a panic at another line of the same function', () => {
    const { book: b, dir, news } = book();
    b.store(sampleRecord({ id: 'panic-aaaaaaaaaaaa', location: 'lib/src/lib.rs:9:5' }));
    b.store(sampleRecord({ id: 'panic-cccccccccccc', location: 'lib/src/lib.rs:10:5' }));
    expect(news).toEqual(['panic-aaaaaaaaaaaa', 'panic-cccccccccccc']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
