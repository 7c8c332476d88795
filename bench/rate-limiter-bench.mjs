// node bench/rate-limiter-bench.mjs (after npm run build): ns per in-memory rate-limit check, with
// few keys (the table never fills: one Map lookup and write) and under a flood of fresh keys
// (25 000 cycling through the 10 000 tracked: every hit evicts).
import { MemoryRateLimiter } from '../packages/server/dist/rate-limits/memory-rate-limiter.js';

const clock = { now: () => 1_767_225_600_000 + 1000 };
const HITS = 500_000;

function nsPerConsume(keyCount) {
  const limiter = new MemoryRateLimiter(1_000_000, clock);
  const keys = Array.from({ length: keyCount }, (_, i) => `client-${i}`);
  for (let i = 0; i < HITS; i++) limiter.consume(keys[i % keyCount]);
  const start = process.hrtime.bigint();
  for (let i = 0; i < HITS; i++) limiter.consume(keys[i % keyCount]);
  return Number(process.hrtime.bigint() - start) / HITS;
}

for (const keyCount of [1, 100, 5_000, 25_000]) {
  const runs = [0, 1, 2].map(() => nsPerConsume(keyCount)).sort((a, b) => a - b);
  console.log(`${String(keyCount).padStart(6)} keys: ${runs[1].toFixed(0)} ns per consume (median of 3)`);
}
