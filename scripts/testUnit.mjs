/**
 * `npm run test:unit`: `vitest run`, and once more for any test file whose worker never started.
 *
 * Vitest 4 gives a new fork 60 s to answer its start message, a constant no option reaches. Once, on a
 * CI machine (stop 30), a fork did not answer in time: its file never ran, every test that did run
 * passed, and the run failed with "Failed to start forks worker … Timeout waiting for worker to
 * respond" (vitest-dev/vitest#8968 reports the same on loaded CI machines). Such files, and only those,
 * are run again, in a second run that says so. A test that ran and failed is never run again: any
 * failed test, or any other unhandled error, ends the run as failed, as `vitest run` does.
 *
 * Plain JavaScript run by node, not tsx: vitest's forks inherit this process's flags, and tsx's loader
 * must not reach them.
 */
import { parseCLI, startVitest } from 'vitest/node';

const START_TIMEOUT = /^\[vitest-pool\]: Failed to start \w+ worker for test files (.+)\.$/;

/**
 * The files a start timeout left unrun, or null when the error is anything else.
 * @param {unknown} error
 * @returns {string[] | null}
 */
function unstartedFiles(error) {
  if (!(error instanceof Error)) return null;
  const match = START_TIMEOUT.exec(error.message);
  const cause = error.cause instanceof Error ? error.cause.message : '';
  if (!match?.[1] || !cause.includes('Timeout waiting for worker to respond')) return null;
  return match[1].split(', ');
}

// Filters and options as `vitest run` takes them (`npm run test:unit -- --project node db/src`).
const { filter, options } = parseCLI(['vitest', 'run', ...process.argv.slice(2)]);

/**
 * One `vitest run` over the given filters; what it left unstarted, if that is all that went wrong.
 * @param {string[]} filters
 */
async function run(filters) {
  const vitest = await startVitest('test', filters, { ...options, run: true, watch: false });
  const failed = vitest.state.getFiles().some((file) => file.result?.state === 'fail');
  const unstarted = vitest.state.getUnhandledErrors().map(unstartedFiles);
  const onlyStarts = !failed && unstarted.length > 0 && unstarted.every((files) => files !== null);
  return { vitest, unstarted: onlyStarts ? [...new Set(unstarted.flat())] : [] };
}

const first = await run(filter);
let last = first.vitest;
if (first.unstarted.length > 0) {
  console.warn(`\nvitest could not start a worker for ${first.unstarted.length} file(s); every test that ran passed. Running them again:`);
  for (const file of first.unstarted) console.warn(`  ${file}`);
  process.exitCode = undefined;
  last = (await run(first.unstarted)).vitest;
}
// As the vitest command ends: a process that a test left hanging is ended after the teardown timeout.
await last.exit();
