import type { LibrarySpec } from '../../ffi/target-spec.js';
import type { ScaffoldFunction } from './plan-function.js';

/** What `ffi-fuzz init` writes: the target, where its library comes from, and every exported function. */
export interface Scaffold {
  readonly name: string;
  readonly library: LibrarySpec;
  /** The command that wrote it, for the file's header. */
  readonly origin: string;
  /** The spec file as the user names it (in the command that runs it). */
  readonly file: string;
  readonly functions: readonly ScaffoldFunction[];
}

const q = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The commented `target.ts` text: active functions first as they run, the rest commented out with the reason. */
export function renderSpec(scaffold: Scaffold): string {
  const helpers = scaffold.functions.filter((f) => f.helper);
  const active = scaffold.functions.filter((f) => !f.helper && f.disabled === null);
  const disabled = scaffold.functions.filter((f) => !f.helper && f.disabled !== null);
  const library = typeof scaffold.library === 'string' ? q(scaffold.library) : `{ crate: ${q(scaffold.library.crate)} }`;
  const lines = [
    `// ffi-fuzz target spec for ${scaffold.name}, written by \`${scaffold.origin}\`.`,
    `// It runs as is: \`npx ffi-fuzz fuzz ${scaffold.file} --runs 2000\`. Each TODO is something only you know`,
    "// about the library's contract; until you answer it the harness stays conservative, so a finding",
    '// is a real bug, never a call the function did not promise to handle. Spec reference: README.md.',
    "import { defineTarget } from 'ffi-fuzz';",
    '',
    'export default defineTarget({',
    `  name: ${q(scaffold.name)},`,
    `  library: ${library},`,
    '  functions: {',
  ];
  for (const fn of active) {
    for (const todo of fn.todos) lines.push(`    // ${todo}`);
    lines.push(`    ${fn.name}: {`, `      prototype: ${q(fn.prototype)},`, '    },');
  }
  for (const fn of disabled) {
    lines.push(`    // Not fuzzed yet: ${fn.disabled}`);
    for (const todo of fn.todos) lines.push(`    // ${todo}`);
    lines.push(`    // ${fn.name}: { prototype: ${q(fn.prototype)} },`);
  }
  lines.push('  },');
  if (helpers.length > 0) {
    lines.push('  // Called by the harness, never fuzzed: getters without parameters.');
    for (const fn of helpers) for (const todo of fn.todos) lines.push(`  // ${todo}`);
    lines.push('  helpers: {', ...helpers.map((fn) => `    ${fn.name}: ${q(fn.prototype)},`), '  },');
  }
  lines.push('});', '');
  return lines.join('\n');
}
