/**
 * `npm run sim`: the simulated instances for manual testing with a stock Chromium.
 *   PORT=8080 npm run sim -- [--minutes 120] [--seed 1] [--speed 1] [--no-live] [--scale 1]
 * Prints `127.0.0.1:PORT` on its own line, the Chromium command line, the instances and their users.
 */
import { startSim } from './index';
import { describeScenario } from './generator';
import { adminTokenFor, webTokenFor } from './mastodon/users';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const minutes = Number(arg('minutes') ?? 120);
const live = !process.argv.includes('--no-live');
const sim = await startSim({
  port: Number(process.env.PORT ?? 0) || 0,
  seed: Number(arg('seed') ?? 1),
  scale: Number(arg('scale') ?? 1),
  live: live ? { speed: Number(arg('speed') ?? 1) } : false,
  stopAfterMs: minutes * 60_000,
});

const d = describeScenario(sim.scenario);
const lines: string[] = [];
lines.push(`127.0.0.1:${sim.port}`);
lines.push('');
lines.push('Chromium:');
lines.push(
  `  chromium --user-data-dir=$(mktemp -d) --host-resolver-rules="MAP *.test 127.0.0.1:${sim.port}" http://mastodon-a.test/__sim/login?user=alice`,
);
lines.push('');
lines.push(
  `Scenario: seed ${sim.scenario.options.seed}, ${d.posts} posts (${d.spam} spam in ${Object.keys(d.byWave).length} waves), ${d.accounts} accounts.`,
);
lines.push(
  live
    ? 'Live mode: ordinary posts stream in all along; the first wave starts about 90 s from now.'
    : 'Live mode off: deliver posts with POST /__sim/deliver.',
);
lines.push('');
for (const inst of sim.instances.values()) {
  const { domain, platform, version, users } = inst.info;
  lines.push(`${domain}  ${platform} ${version}`);
  for (const [u, role] of Object.entries(users)) {
    const tokens =
      platform === 'mastodon'
        ? `  web token ${webTokenFor(domain, u)}  all-scopes token ${adminTokenFor(domain, u)}`
        : '';
    lines.push(`  ${u.padEnd(6)} ${role.padEnd(9)} http://${domain}/__sim/login?user=${u}${tokens}`);
  }
}
lines.push('');
lines.push(
  `Control: GET /__sim/state?instance=D · POST /__sim/deliver {instance, postIds|count|wave} · POST|DELETE /__sim/fault. Stops in ${minutes} min or on Ctrl-C.`,
);
console.log(lines.join('\n'));

let stopping = false;
const stop = async (why: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\nStopping (${why}).`);
  await sim.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
setTimeout(() => void stop(`${minutes} minutes passed`), minutes * 60_000).unref();
// The listening server keeps the process alive until one of the stops above closes it.
