/**
 * `downhill tune --queue` and `downhill worker` as a user runs them, on a real `redis-server` this file starts
 * on 127.0.0.1 (no persistence) and stops at the end: a toy sweep (4 trials of a 4-unit network on 60 spiral
 * points) runs on two workers, one of which is killed with SIGKILL while it trains a segment, and then `tune`
 * is killed too and resumed; the segment is retried on the other worker, no segment is trained twice, every
 * (trial, rung) result is recorded exactly once in the journal, and the results and best.json equal those of
 * a local `downhill tune` of the same sweep. A sweep queued before any worker connects says that it waits for
 * one, and goes on when one comes. A malformed URL, a closed port and a server that never answers are each
 * one line and exit code 2, the silent one within 5 seconds of connecting.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/errors.js';
import { reachRedis } from '../../src/queue/connection.js';
import { runDownhillAsync, type CliResult } from '../helpers/cli.js';
import { best, journal, results, TOY_SWEEP as SWEEP } from '../helpers/toySweep.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'downhill-queue-'));
const started: ChildProcess[] = [];
after(() => started.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

/** `downhill …` in a child process; `lines` has each stderr line as it comes. */
function downhill(args: string[]): { child: ChildProcess; lines: string[]; done: Promise<CliResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  const lines: string[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    lines.splice(0, lines.length, ...stderr.split('\n').slice(0, -1));
  });
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => resolve({ status: code, stdout, stderr })),
  );
  return { child, lines, done };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const until = async (ready: () => boolean | Promise<boolean>, what: string, seconds = 60) => {
  const deadline = Date.now() + seconds * 1000;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** True once a Redis on `port` answers PING with +PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.on('error', () => resolve(false));
    socket.on('data', (data) => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.write('PING\r\n');
  });
}

async function startRedis(): Promise<string> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const redis = spawn('redis-server', args, { stdio: 'ignore' });
  started.push(redis);
  let missing: Error | undefined;
  redis.on('error', (error) => (missing = error));
  await until(() => {
    if (missing) throw new Error(`cannot start redis-server (scripts/setup.sh installs it): ${missing.message}`);
    return answersPing(port);
  }, 'redis-server');
  return `redis://127.0.0.1:${port}`;
}

const config = join(dir, 'sweep.json');
writeFileSync(config, JSON.stringify(SWEEP));

/** The processes whose command line names `path` (trainings of a sweep still running). */
const processesNaming = (path: string) =>
  readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path);
      } catch {
        return false;
      }
    });

test(
  'a sweep on two workers, one killed mid-segment, then tune killed and resumed: each result once, the same results as a local sweep',
  { timeout: 180_000 },
  async () => {
    const url = await startRedis();
    const local = join(dir, 'local');
    const queued = join(dir, 'queued');
    // Locks of 2 s: a dead worker's segment is back in the queue within about 2-6 s (lock, then one stall check).
    const worker = () => downhill(['worker', '--queue', url, '--concurrency', '1', '--lock', '2']);
    const [doomed, survivor] = [worker(), worker()];
    const reference = runDownhillAsync(['tune', '--config', config, '--out', local, '--workers', '2', '--quiet']);
    const sweep = downhill(['tune', '--config', config, '--out', queued, '--workers', '2', '--queue', url, '--quiet']);

    // Killed once its training runs (the `downhill train` child names the trial's run directory).
    await until(() => doomed.lines.some((line) => line.includes(' training ')), 'a segment on the first worker');
    const killedSegment = (doomed.lines.find((line) => line.includes(' training ')) as string).replace(
      /^.* training /,
      '',
    );
    const trialDir = join(
      queued,
      'trials',
      (/ trial (\d+) /.exec(killedSegment) as RegExpExecArray)[1].padStart(4, '0'),
    );
    await until(() => processesNaming(trialDir).length > 0, 'its training');
    doomed.child.kill('SIGKILL');
    // Its training dies with it (before another worker may take the segment over, 2 s on).
    await until(() => processesNaming(trialDir).length === 0, 'the killed training to end', 1);

    // Then `tune` itself, with results in and segments in training; resumed, it finds those segments' jobs
    // (the same job ids) instead of queueing them twice.
    await until(() => {
      const events = existsSync(join(queued, 'journal.jsonl')) ? journal(queued) : [];
      const reported = new Set(events.filter((e) => e.event === 'report').map((e) => `${e.trial}/${e.rung}`));
      const inTraining = events.filter((e) => e.event === 'segment' && !reported.has(`${e.trial}/${e.rung}`));
      return reported.size >= 2 && inTraining.length > 0;
    }, 'results in and segments in training');
    sweep.child.kill('SIGKILL');
    await sweep.done;
    assert.equal(existsSync(join(queued, 'results.json')), false, 'killed before the end');
    const resumed = downhill(['tune', '--resume', '--out', queued, '--queue', url, '--quiet']).done;

    const [queuedRun, localRun] = await Promise.all([resumed, reference]);
    assert.equal(queuedRun.status, 0, queuedRun.stderr);
    assert.equal(localRun.status, 0, localRun.stderr);
    const trained = survivor.lines
      .filter((line) => line.includes(' training '))
      .map((line) => line.replace(/^.* training /, ''));
    assert.ok(
      trained.includes(killedSegment),
      `the killed segment (${killedSegment}) was retried on the other worker:\n${survivor.lines.join('\n')}`,
    );
    assert.equal(new Set(trained).size, trained.length, `no segment trained twice:\n${trained.join('\n')}`);

    const reports = journal(queued)
      .filter((e) => e.event === 'report')
      .map((e) => `${e.trial}/${e.rung}`);
    assert.equal(new Set(reports).size, reports.length, `each (trial, rung) reported once: ${reports.join(' ')}`);
    const localReports = journal(local)
      .filter((e) => e.event === 'report')
      .map((e) => `${e.trial}/${e.rung}`);
    assert.deepEqual(new Set(reports), new Set(localReports));
    const endings = journal(queued).filter((e) => e.event === 'completed' || e.event === 'pruned');
    assert.deepEqual(endings.map((e) => e.trial).sort(), [0, 1, 2, 3]);
    assert.deepEqual(results(queued), results(local));
    assert.equal(best(queued), best(local));

    // A worker stopped with SIGTERM (as by Ctrl-C) ends cleanly.
    survivor.child.kill('SIGTERM');
    assert.equal((await survivor.done).status, 0);
  },
);

test(
  'a sweep queued before any worker says it waits for one, then goes on when one connects',
  { timeout: 120_000 },
  async () => {
    const url = await startRedis();
    const out = join(dir, 'waiting');
    const sweep = downhill(['tune', '--config', config, '--out', out, '--workers', '2', '--queue', url, '--quiet']);
    await until(() => sweep.lines.some((line) => line.includes('no worker is connected')), 'the notice', 30);
    assert.deepEqual(
      sweep.lines.filter((line) => line.includes('worker')),
      [`downhill: no worker is connected to ${url}; the sweep waits for one (downhill worker --queue ${url})`],
    );
    const worker = downhill(['worker', '--queue', url, '--concurrency', '2']);
    const result = await sweep.done;
    assert.equal(result.status, 0, result.stderr);
    assert.ok(
      sweep.lines.includes(`downhill: a worker is connected to ${url}; the sweep goes on`),
      sweep.lines.join('\n'),
    );
    const endings = journal(out).filter((e) => e.event === 'completed' || e.event === 'pruned');
    assert.deepEqual(endings.map((e) => e.trial).sort(), [0, 1, 2, 3]);
    worker.child.kill('SIGTERM');
    assert.equal((await worker.done).status, 0);
  },
);

/** A TCP server on 127.0.0.1 that accepts connections and never answers; `accepted` holds when each came. */
async function silentServer(): Promise<{ port: number; accepted: number[]; close(): void }> {
  const sockets: Socket[] = [];
  const accepted: number[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    accepted.push(performance.now());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    accepted,
    close() {
      sockets.forEach((socket) => socket.destroy());
      server.close();
    },
  };
}

test('reaching a closed port fails at once, a silent server after the 2 s deadline', async () => {
  const silent = await silentServer();
  const timed = async (port: number) => {
    const start = performance.now();
    const error = await reachRedis({ host: '127.0.0.1', port, db: 0, tls: false }).then(
      () => undefined,
      (e: Error) => e,
    );
    return { error, seconds: (performance.now() - start) / 1000 };
  };
  const closed = await timed(await freePort());
  const unanswered = await timed(silent.port);
  silent.close();
  assert.ok(closed.error instanceof InputError);
  assert.match(closed.error.message, /: connect ECONNREFUSED /);
  assert.ok(closed.seconds < 1, `${closed.seconds} s`);
  assert.ok(unanswered.error instanceof InputError);
  assert.match(unanswered.error.message, /: no answer within 2 s; /);
  assert.ok(unanswered.seconds >= 1.9 && unanswered.seconds < 5, `${unanswered.seconds} s`);
});

test(
  'a malformed queue URL, a closed port and a silent server: one line and exit code 2 from tune and worker, nothing written',
  { timeout: 120_000 },
  async () => {
    const closed = await freePort();
    const silent = await silentServer();
    const cases: [string, RegExp][] = [
      [
        'http://127.0.0.1:6379',
        /^downhill: --queue must be a Redis URL such as redis:\/\/host:6379 .*: the scheme is http \(got "http:\/\/127\.0\.0\.1:6379"\)$/,
      ],
      [
        `redis://127.0.0.1:${closed}`,
        new RegExp(`^downhill: cannot reach Redis at redis://127\\.0\\.0\\.1:${closed}: connect ECONNREFUSED .*`),
      ],
      [
        `redis://127.0.0.1:${silent.port}`,
        new RegExp(`^downhill: cannot reach Redis at redis://127\\.0\\.0\\.1:${silent.port}: no answer within 2 s;`),
      ],
    ];
    const run = async (args: string[], pattern: RegExp) => {
      const result = await runDownhillAsync(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(result.stderr.trimEnd(), pattern);
    };
    const both = (url: string, i: number) => [
      ['tune', '--config', config, '--out', join(dir, `unreachable${i}`), '--queue', url],
      ['worker', '--queue', url],
    ];
    await Promise.all(cases.slice(0, 2).flatMap(([url, pattern], i) => both(url, i).map((args) => run(args, pattern))));
    // One at a time, timed from its connection (node's start-up on a loaded machine is not the deadline's business).
    const [silentUrl, silentPattern] = cases[2];
    for (const args of both(silentUrl, 2)) {
      await run(args, silentPattern);
      const seconds = (performance.now() - (silent.accepted.at(-1) as number)) / 1000;
      assert.ok(seconds < 5, `${args.join(' ')} reported ${seconds.toFixed(1)} s after it connected`);
    }
    assert.equal(silent.accepted.length, 2);
    silent.close();
    for (let i = 0; i < cases.length; i++) assert.equal(existsSync(join(dir, `unreachable${i}`)), false);
  },
);
