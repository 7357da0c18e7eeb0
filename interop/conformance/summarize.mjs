// Summarises the ndjson that `activitypub-testing test actor` prints: one line per test, then the counts.
// Exit 0 when every test passed or was inapplicable (cantTell fails the run, since it means the runner could
// not decide, usually because a request failed; so do test-specific outcomes such as notFound).
import fs from "node:fs";
const lines = fs.readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.trim().startsWith("{"));
const counts = {};
let bad = 0;
for (const l of lines) {
  let a;
  try { a = JSON.parse(l); } catch { continue; }
  const outcome = a.result?.outcome ?? "unknown";
  counts[outcome] = (counts[outcome] ?? 0) + 1;
  // Anything but passed or inapplicable is bad: failed, cantTell, and test-specific outcomes such as the
  // outbox test's notFound (the posted activity is not in the outbox).
  if (outcome !== "passed" && outcome !== "inapplicable") bad++;
  const pointer = a.result?.pointer && outcome !== "passed" && outcome !== "inapplicable"
    ? JSON.stringify(a.result.pointer).slice(0, 160) : "";
  const info = [a.result?.info, pointer].filter(Boolean).map((s) => String(s).replace(/\s+/g, " ")).join(" | ");
  console.log(`${outcome.padEnd(12)} ${a.test?.slug ?? a.test?.name ?? "?"}${info ? ` -- ${info.slice(0, 300)}` : ""}`);
}
if (lines.length === 0) { console.log("no assertions: the runner printed nothing (see conformance.stderr)"); bad++; }
console.log(`${lines.length} tests: ` + (Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(", ") || "none"));
process.exit(bad === 0 ? 0 : 1);
