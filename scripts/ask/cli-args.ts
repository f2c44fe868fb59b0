/** Command-line arguments shared by `ask` and `eval`: `--json`, `--dist DIR`, `--exact`, `--in SCOPE`, and the rest. */
import path from 'node:path';
import { parseScope, type AskScope } from '../../src/lib/ask/scope.ts';
import { PROJECT_ROOT } from '../../src/build/model/paths.ts';

/** Parsed arguments. */
export type CliArgs = {
  json: boolean;
  dist: string;
  /** Score every passage on its exact vector instead of in two passes: what the two passes are measured against. */
  exact: boolean;
  /** `--in interview:<slug>` or `--in topic:<id>`: answer from that interview or topic alone. */
  scope?: AskScope;
  /** For eval: ask each question within its own interview and within another (evaluateScoped). */
  scoped: boolean;
  rest: string[];
};

/** Parses argv (without node and the script); unknown options are refused with the usage line. */
export function parseCliArgs(argv: readonly string[], usage: string): CliArgs {
  let json = false;
  let exact = false;
  let scoped = false;
  let dist = path.join(PROJECT_ROOT, 'dist');
  let scope: AskScope | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--exact') exact = true;
    else if (arg === '--scoped') scoped = true;
    else if (arg === '--dist') {
      const value = argv[++i];
      if (!value) throw new Error(`--dist needs a folder. Usage: ${usage}`);
      dist = path.resolve(value);
    } else if (arg.startsWith('--dist=')) dist = path.resolve(arg.slice('--dist='.length));
    else if (arg === '--in' || arg.startsWith('--in=')) {
      const value = arg === '--in' ? argv[++i] : arg.slice('--in='.length);
      if (!value) throw new Error(`--in needs a scope, interview:<slug> or topic:<id>. Usage: ${usage}`);
      scope = parseScope(value);
    }
    else if (arg === '--') {
      // Everything after a bare "--" is a question, even if it starts with dashes.
      rest.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('--')) throw new Error(`Unknown option ${arg}. Usage: ${usage}`);
    else rest.push(arg);
  }
  return { json, dist, exact, ...(scope ? { scope } : {}), scoped, rest };
}

/** Runs a command's main, printing a failure as one clear line and exiting 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
