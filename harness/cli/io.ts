import type { Sink } from '../model/sink.js';

/** The process's own sink: results on stdout, diagnostics on stderr, a live line when stderr is a terminal. */
export function processSink(): Sink {
  const tty = process.stderr.isTTY === true;
  let live = false;
  const clear = () => {
    if (live) process.stderr.write('\r\x1b[2K');
    live = false;
  };
  return {
    out: (line) => {
      clear();
      process.stdout.write(`${line}\n`);
    },
    err: (line) => {
      clear();
      process.stderr.write(`${line}\n`);
    },
    status: tty
      ? (line) => {
          clear();
          if (line !== '') {
            process.stderr.write(line.slice(0, (process.stderr.columns ?? 120) - 1));
            live = true;
          }
        }
      : undefined,
  };
}
