// The service (or the ceiling route) as a cluster of processes sharing one port (node:cluster),
// for the launch-day benchmark on a machine with several cores.
// Run: tsx bench/launch-day/cluster.ts <workers> [ceiling]
import cluster from 'node:cluster';

const workers = Number(process.argv[2] ?? 2);
const entry = process.argv[3] === 'ceiling' ? './ceiling.ts' : '../../src/server.ts';

if (cluster.isPrimary) {
  // One worker first: it migrates and creates the first administrator; the rest then find both done.
  const fork = () => new Promise<void>((resolve) => cluster.fork().once('listening', () => resolve()));
  await fork();
  await Promise.all(Array.from({ length: workers - 1 }, fork));
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 2000).unref();
  });
} else if (entry === './ceiling.ts') {
  const { main } = await import('./ceiling.js');
  await main();
} else {
  await import(entry);
}
