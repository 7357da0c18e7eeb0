// A Fedify 2.3.6 peer that federates with one Polity user on loopback and reports what worked.
//
// It is a scenario runner: it starts a Fedify server with one actor, plays the scenario below against a
// running Polity instance, prints one line per step (PASS / FAIL / SKIP and why), writes the traffic it saw
// to --out, and exits 0 only when every step passed.
//
//   discover   WebFinger (URL resource, over http) and the Polity actor document, parsed by Fedify
//   follow     Fedify sends Follow to the Polity user; Polity answers the POST with 2xx
//   accept     Polity sends Accept(Follow), signed; Fedify verified it (only verified activities reach listeners)
//   post       the Polity user posts a public Note through C2S (POST outbox, bearer token); 201 + Location
//   create     Fedify receives the Create(Note), verified
//   followback the Polity user follows the Fedify actor through C2S; Fedify receives the Follow, verified
//   accepted   Fedify answers with Accept; Polity answers that POST with 2xx
//   deliver    Fedify sends Create(Note) to its followers (the Polity user); Polity answers with 2xx
//   inbox      the Note shows up in the Polity user's inbox (owner GET with the bearer token)
//   mention    Fedify sends a Create(Note) that mentions the Polity user to the user's inbox; 2xx
//   mention-inbox  that Note shows up in the Polity user's inbox
//   undo       Fedify sends Undo(Follow); 2xx
//   polity-signs  Polity signed what it sent with RFC 9421 (or, with --inbound-cavage-only, where the peer
//              refuses RFC 9421 with 401, fell back to draft-cavage and was verified)
//   knock      every Fedify POST to Polity was accepted with the first signature style (--first-knock),
//              no double-knock fallback
//   proof-out  every activity Polity sent here carries a FEP-8b32 proof (eddsa-jcs-2022) that Fedify's
//              verifyObject accepts, and a copy with one byte changed is refused by it
//   proof-in   Fedify signed what it sent with its Ed25519 key (object integrity proofs) and Polity took it
//
// Usage: node peer.mjs --polity http://127.0.0.1:8080 --user alice --token TOKEN
//                      [--first-knock rfc9421|draft-cavage-http-signatures-12] [--port 0] [--actor fedi]
//                      [--wait 20] [--out DIR] [--context-from instance|network] [--inbound-cavage-only]
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { configure, getLogger } from "@logtape/logtape";
import { createFederation, generateCryptoKeyPair, getAuthenticatedDocumentLoader, MemoryKvStore, verifyObject } from "@fedify/fedify";
import { getDocumentLoader } from "@fedify/vocab-runtime";
import { Temporal } from "@js-temporal/polyfill";
import { Accept, Activity, Create, Endpoints, Follow, isActor, Mention, Note, Person, PUBLIC_COLLECTION, Undo } from "@fedify/vocab";
import { lookupWebFinger } from "@fedify/webfinger";

const { values: opt } = parseArgs({
  options: {
    polity: { type: "string" },
    user: { type: "string" },
    token: { type: "string", default: "" },
    "first-knock": { type: "string", default: "rfc9421" },
    port: { type: "string", default: "0" },
    actor: { type: "string", default: "fedi" },
    wait: { type: "string", default: "20" },
    out: { type: "string", default: "." },
    "context-from": { type: "string", default: "instance" },
    // Answer RFC 9421-signed POSTs with 401, as a server that knows only draft-cavage does, so that Polity
    // has to double-knock and Fedify verifies its cavage signatures.
    "inbound-cavage-only": { type: "boolean", default: false },
  },
});
if (!opt.polity || !opt.user) {
  console.error("usage: node peer.mjs --polity URL --user NAME --token TOKEN [--first-knock SPEC] [--out DIR]");
  process.exit(2);
}
const KNOCK = opt["first-knock"];
if (KNOCK !== "rfc9421" && KNOCK !== "draft-cavage-http-signatures-12") {
  console.error(`--first-knock must be rfc9421 or draft-cavage-http-signatures-12, not ${KNOCK}`);
  process.exit(2);
}
const TAG = KNOCK === "rfc9421" ? "rfc9421" : "cavage";
const WAIT_MS = Number(opt.wait) * 1000;
const POLITY = opt.polity.replace(/\/$/, "");
const ACTOR = opt.actor;
fs.mkdirSync(opt.out, { recursive: true });
const outFile = (name) => path.join(opt.out, `fedify-${TAG}-${name}`);

// ---- logging: Fedify's own log goes to a file, our step lines to stdout --------------------------------
const libLog = fs.openSync(outFile("library.log"), "w");
await configure({
  sinks: {
    file: (r) => fs.writeSync(libLog, `${new Date(r.timestamp).toISOString()} ${r.level} ${r.category.join(".")} `
      + `${r.message.map((m) => (typeof m === "string" ? m : safeJson(m))).join("")}\n`),
  },
  loggers: [
    { category: "fedify", sinks: ["file"], lowestLevel: "debug" },
    { category: ["logtape", "meta"], sinks: ["file"], lowestLevel: "warning" },
  ],
});
function safeJson(v) {
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (v instanceof URL) return v.href;
  try { return typeof v === "object" ? JSON.stringify(v) : String(v); } catch { return String(v); }
}
const t0 = Date.now();
const say = (s) => console.log(`[fedify ${TAG} +${((Date.now() - t0) / 1000).toFixed(1)}s] ${s}`);

// ---- traffic capture ----------------------------------------------------------------------------------
// Outbound: every request Fedify makes goes through globalThis.fetch; we note the signature style and status.
const traffic = { inbound: [], outbound: [] };
const sigStyle = (h) => (h.get("signature-input") ? "rfc9421" : h.get("signature") ? "cavage" : "unsigned");
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const req = input instanceof Request ? input : new Request(input, init);
  const rec = { at: new Date().toISOString(), method: req.method, url: req.url, signature: sigStyle(req.headers) };
  if (req.method === "POST") try {
    const sent = JSON.parse(await req.clone().text());
    rec.type = sent.type;
    rec.proof = sent.proof != null;
  } catch { /* not JSON */ }
  traffic.outbound.push(rec);
  try {
    const res = await realFetch(input, init);
    rec.status = res.status;
    return res;
  } catch (e) {
    rec.error = String(e?.cause?.message ?? e?.message ?? e);
    throw e;
  }
};
// C2S calls to Polity are ours, not Fedify's: they use the real fetch and are not counted as federation.
const c2s = (url, init = {}) => realFetch(url, {
  ...init,
  headers: { Authorization: `Bearer ${opt.token}`, Accept: "application/activity+json", ...(init.headers ?? {}) },
});

// ---- the Fedify server --------------------------------------------------------------------------------
const server = http.createServer();
await new Promise((ok) => server.listen(Number(opt.port), "127.0.0.1", ok));
const ORIGIN = `http://127.0.0.1:${server.address().port}`;

// Loaders that reach loopback addresses ("allowPrivateAddress", for tests only). Polity's documents name the
// context https://w3id.org/polity/v1, which Fedify does not preload, so Fedify has to dereference it. This
// machine has no Internet; with --context-from instance (the default) the peer reads it from the instance's
// own /ns/polity/v1, as if w3id.org redirected there; with --context-from network it asks w3id.org, as a
// Fedify server in the wild would.
const POLITY_CONTEXT = "https://w3id.org/polity/v1";
function mapContexts(load) {
  if (opt["context-from"] !== "instance") return load;
  return async (url, options) => {
    if (url !== POLITY_CONTEXT) return load(url, options);
    const r = await load(`${POLITY}/ns/polity/v1`, options);
    return { ...r, documentUrl: POLITY_CONTEXT };
  };
}
const loader = mapContexts(getDocumentLoader({ allowPrivateAddress: true }));
const federation = createFederation({
  kv: new MemoryKvStore(),
  origin: ORIGIN,
  documentLoaderFactory: () => loader,
  contextLoaderFactory: () => loader,
  authenticatedDocumentLoaderFactory: (identity) => mapContexts(getAuthenticatedDocumentLoader(identity, { allowPrivateAddress: true })),
  firstKnock: KNOCK,
  // no queue: sendActivity delivers at once and throws on failure, which is what a test wants
});

// RSA for HTTP signatures; Ed25519 makes Fedify add object integrity proofs (FEP-8b32) to what it sends.
const keys = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5"), await generateCryptoKeyPair("Ed25519")];
const followers = new Map(); // actor id -> { id, inboxId, endpoints }
const received = []; // verified activities
const unverified = [];
const waiters = [];
function notify() { for (const w of [...waiters]) if (w.test()) { waiters.splice(waiters.indexOf(w), 1); w.done(true); } }
function waitFor(test, ms = WAIT_MS) {
  if (test()) return Promise.resolve(true);
  return new Promise((done) => {
    const w = { test, done };
    waiters.push(w);
    setTimeout(() => { const i = waiters.indexOf(w); if (i >= 0) { waiters.splice(i, 1); done(false); } }, ms);
  });
}

federation.setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
  if (identifier !== ACTOR) return null;
  const pairs = await ctx.getActorKeyPairs(identifier);
  return new Person({
    id: ctx.getActorUri(identifier),
    preferredUsername: identifier,
    name: `Fedify interop peer (${TAG})`,
    inbox: ctx.getInboxUri(identifier),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    followers: ctx.getFollowersUri(identifier),
    url: ctx.getActorUri(identifier),
    manuallyApprovesFollowers: false,
    publicKey: pairs[0].cryptographicKey,
    assertionMethods: pairs.map((p) => p.multikey),
  });
}).setKeyPairsDispatcher(async (_ctx, identifier) => (identifier === ACTOR ? keys : []));

federation.setFollowersDispatcher("/users/{identifier}/followers", async (_ctx, identifier) => {
  if (identifier !== ACTOR) return null;
  return { items: [...followers.values()] };
});

const notes = new Map();
federation.setObjectDispatcher(Note, "/users/{identifier}/notes/{id}", (_ctx, values) => notes.get(values.id) ?? null);

async function record(ctx, activity, extra = {}) {
  const json = await activity.toJsonLd({ contextLoader: ctx.contextLoader });
  received.push({ type: json.type ?? activity.constructor.name, id: activity.id?.href, actor: activity.actorId?.href, json, ...extra });
  say(`received ${activity.constructor.name} ${activity.id?.href ?? ""} from ${activity.actorId?.href} (signature verified by Fedify)`);
  notify();
}

const pendingAccepts = [];
federation.setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Follow, async (ctx, follow) => {
    // Bookkeeping first, record() last: record() wakes the scenario, which then looks for the follower.
    if (follow.objectId?.href === ctx.getActorUri(ACTOR).href) {
      const follower = await follow.getActor(ctx);
      if (isActor(follower) && follower.inboxId != null) {
        followers.set(follower.id.href, { id: follower.id, inboxId: follower.inboxId, endpoints: follower.endpoints });
        // Answer after this POST has been answered: a server may hold its inbox request while it delivers.
        const accept = new Accept({ id: new URL(`${ORIGIN}/users/${ACTOR}/accepts/${crypto.randomUUID()}`),
          actor: ctx.getActorUri(ACTOR), object: follow, to: follower.id });
        pendingAccepts.push(new Promise((r) => setTimeout(r, 50))
          .then(() => ctx.sendActivity({ identifier: ACTOR }, follower, accept))
          .then(() => ({ ok: true }), (e) => ({ ok: false, error: String(e?.message ?? e) })));
      } else say(`cannot accept ${follow.id?.href}: follower has no inbox`);
    }
    await record(ctx, follow);
  })
  .on(Accept, async (ctx, accept) => record(ctx, accept))
  .on(Create, async (ctx, create) => {
    const object = await create.getObject(ctx);
    await record(ctx, create, { objectId: object?.id?.href, objectType: object?.constructor?.name,
      content: object?.content?.toString() });
  })
  .onUnverifiedActivity((_ctx, activity, reason) => {
    unverified.push({ id: activity.id?.href, type: activity.constructor.name, reason: safeJson(reason) });
    say(`UNVERIFIED ${activity.constructor.name} ${activity.id?.href}: ${safeJson(reason)}`);
  })
  .onError((_ctx, e) => say(`inbox listener error: ${e?.stack ?? e}`));

server.on("request", async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const request = new Request(new URL(req.url, ORIGIN), {
    method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
  });
  const rec = { at: new Date().toISOString(), method: req.method, path: req.url, signature: sigStyle(headers),
    userAgent: headers.get("user-agent") };
  if (req.method === "POST") {
    rec.headers = Object.fromEntries(headers);
    try { rec.activity = JSON.parse(body.toString("utf8")); } catch { rec.body = body.toString("utf8").slice(0, 2000); }
  }
  traffic.inbound.push(rec);
  let response;
  if (opt["inbound-cavage-only"] && req.method === "POST" && rec.signature === "rfc9421") {
    rec.refused = "RFC 9421 signature refused (--inbound-cavage-only)";
    response = new Response("only draft-cavage-http-signatures-12 signatures are accepted here", { status: 401 });
  } else try {
    response = await federation.fetch(request, { contextData: undefined });
  } catch (e) {
    say(`federation.fetch threw: ${e?.stack ?? e}`);
    response = new Response("internal error", { status: 500 });
  }
  rec.status = response.status;
  if (req.method === "POST") say(`inbound POST ${req.url} (${rec.activity?.type ?? "?"}) signed ${rec.signature} -> ${response.status}`);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});

const ctx = federation.createContext(new URL(ORIGIN), undefined);
const ME = ctx.getActorUri(ACTOR);
say(`Fedify 2.3.6 peer ${ME.href} up; first knock ${KNOCK}; Polity ${POLITY}, user ${opt.user}; `
  + `${POLITY_CONTEXT} read from ${opt["context-from"] === "instance" ? `${POLITY}/ns/polity/v1` : "the network"}`);

// ---- scenario -----------------------------------------------------------------------------------------
const results = [];
function step(name, ok, detail) {
  const status = ok === null ? "SKIP" : ok ? "PASS" : "FAIL";
  results.push({ step: name, status, detail });
  say(`${status} ${name}: ${detail}`);
  return ok;
}
// The inbound POST that carried a verified activity of this type (still in flight while its listener runs).
const inboundOk = (type) => traffic.inbound.find((r) => r.activity?.type === type && !r.refused
  && (r.status === undefined || (r.status >= 200 && r.status < 300)));
const postsTo = (inbox, type) => traffic.outbound.filter((r) => r.method === "POST" && r.url === inbox && (!type || r.type === type));
const describePosts = (list) => list.map((r) => `${r.type ?? "?"} ${r.signature}->${r.status ?? r.error}`).join(", ") || "none";

// Is every one of these ids in the Polity user's inbox (owner GET with the bearer token, first page too)?
async function inOwnerInbox(ids) {
  let seen = false, how = "";
  const deadline = Date.now() + WAIT_MS;
  while (!seen && Date.now() < deadline) {
    try {
      const r = await c2s(`${actorUrl}/inbox`);
      how = `GET ${actorUrl}/inbox -> ${r.status}`;
      if (r.ok) {
        const col = await r.json();
        let text = JSON.stringify(col);
        const first = typeof col.first === "string" ? col.first : null;
        if (first && !ids.every((id) => text.includes(id))) {
          const page = await c2s(first);
          how += `, first page -> ${page.status}`;
          if (page.ok) text += await page.text();
        }
        seen = ids.every((id) => text.includes(id));
      } else if (r.status === 404 || r.status === 405 || r.status === 401 || r.status === 403) break;
    } catch (e) { how = String(e); break; }
    if (!seen) await new Promise((r) => setTimeout(r, 500));
  }
  return { seen, how };
}

const actorUrl = `${POLITY}/users/${opt.user}`;
let polityActor = null;
try {
  const jrd = await lookupWebFinger(actorUrl, { allowPrivateAddress: true });
  const self = jrd?.links?.find((l) => l.rel === "self" && /activity\+json|ld\+json/.test(l.type ?? ""));
  step("webfinger", self?.href === actorUrl, jrd ? `subject ${jrd.subject}, self ${self?.href}` : "no JRD");
} catch (e) { step("webfinger", false, String(e)); }
try {
  polityActor = await ctx.lookupObject(actorUrl);
  const ok = isActor(polityActor) && polityActor.inboxId != null && polityActor.followersId != null;
  step("discover", ok, ok ? `${polityActor.constructor.name} ${polityActor.id?.href}, inbox ${polityActor.inboxId?.href}`
    : `lookupObject gave ${polityActor?.constructor?.name ?? "nothing"} (see ${outFile("library.log")})`);
  if (!ok) polityActor = null;
} catch (e) { step("discover", false, `lookupObject threw ${e}`); }

let followId = null;
let followed = false;
let mentionNote = null;
if (polityActor) {
  // 1. Fedify follows the Polity user; Polity accepts.
  followId = new URL(`${ORIGIN}/users/${ACTOR}/follows/${crypto.randomUUID()}`);
  try {
    await ctx.sendActivity({ identifier: ACTOR }, polityActor,
      new Follow({ id: followId, actor: ME, object: polityActor.id, to: polityActor.id }));
    followed = step("follow", true, `Polity inbox answered: ${describePosts(postsTo(polityActor.inboxId.href, "Follow"))}`);
  } catch (e) {
    step("follow", false, `Polity inbox answered: ${describePosts(postsTo(polityActor.inboxId.href, "Follow"))}; ${String(e.message).split("\n")[0]}`);
  }
  const gotAccept = followed && await waitFor(() => received.some((a) => a.type === "Accept" && a.actor === polityActor.id.href));
  const acc = received.find((a) => a.type === "Accept" && a.actor === polityActor.id.href);
  const accIn = inboundOk("Accept");
  const accepted = acc && (acc.json.object?.id ?? acc.json.object);
  step("accept", gotAccept && accepted === followId.href,
    gotAccept ? `Accept ${acc.id} (signed ${accIn?.signature}) of ${safeJson(acc.json.object?.id ?? acc.json.object)}`
      : followed ? `no verified Accept within ${WAIT_MS / 1000}s; unverified: ${unverified.length}` : "the Follow was not taken");

  // A public Note that mentions the Polity user, sent straight to the user's inbox (no follow needed).
  const id = crypto.randomUUID();
  mentionNote = new Note({ id: ctx.getObjectUri(Note, { identifier: ACTOR, id }), attribution: ME,
    content: `<p>@${opt.user} mentioned by Fedify ${TAG} ${id}</p>`, to: polityActor.id, cc: PUBLIC_COLLECTION,
    tags: [new Mention({ href: polityActor.id, name: `@${opt.user}@${new URL(POLITY).host}` })], published: Temporal.Now.instant() });
  notes.set(id, mentionNote);
  try {
    await ctx.sendActivity({ identifier: ACTOR }, polityActor, new Create({ id: new URL(`${mentionNote.id.href}/activity`),
      actor: ME, object: mentionNote, to: polityActor.id, cc: PUBLIC_COLLECTION }));
    step("mention", true, `Create(Note) mentioning ${polityActor.id.href}: ${describePosts(postsTo(polityActor.inboxId.href, "Create"))}`);
  } catch (e) {
    step("mention", false, `${describePosts(postsTo(polityActor.inboxId.href, "Create"))}; ${String(e.message).split("\n")[0]}`);
    mentionNote = null;
  }
} else {
  step("follow", null, "no Polity actor");
  step("accept", null, "no Polity actor");
  step("mention", null, "no Polity actor");
}

// 2. The Polity user posts a public Note through C2S; Fedify (a follower, if step 1 worked) gets the Create.
let noteLocation = null;
const marker = `interop ${TAG} ${crypto.randomUUID()}`;
{
  const note = { "@context": "https://www.w3.org/ns/activitystreams", type: "Note", content: `<p>${marker}</p>`,
    to: [PUBLIC_COLLECTION.href], cc: [polityActor?.followersId?.href ?? `${actorUrl}/followers`] };
  try {
    const r = await c2s(`${actorUrl}/outbox`, { method: "POST", body: JSON.stringify(note),
      headers: { "Content-Type": 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' } });
    noteLocation = r.headers.get("location");
    step("post", r.status === 201 && !!noteLocation, `POST ${actorUrl}/outbox -> ${r.status}${noteLocation ? `, Location ${noteLocation}` : ""}`
      + (r.ok ? "" : ` ${(await r.text()).slice(0, 200)}`));
  } catch (e) { step("post", false, String(e)); }
  if (noteLocation) {
    const got = await waitFor(() => received.some((a) => a.type === "Create" && a.content?.includes(marker)));
    const c = received.find((a) => a.type === "Create" && a.content?.includes(marker));
    const cIn = inboundOk("Create");
    step("create", got, got ? `Create ${c.id} (signed ${cIn?.signature}) of ${c.objectType} ${c.objectId}`
      : `no verified Create with the note within ${WAIT_MS / 1000}s; unverified: ${unverified.length}`);
  } else step("create", null, "nothing was posted");
}

// 3. The Polity user follows the Fedify actor through C2S; Fedify accepts; Fedify posts to its followers.
{
  let posted = false;
  try {
    const r = await c2s(`${actorUrl}/outbox`, { method: "POST",
      body: JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", type: "Follow", object: ME.href, to: [ME.href] }),
      headers: { "Content-Type": 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' } });
    posted = r.status === 201 || r.status === 200 || r.status === 202;
    step("followback-post", posted, `POST ${actorUrl}/outbox (Follow ${ME.href}) -> ${r.status}`
      + (r.ok ? "" : ` ${(await r.text()).slice(0, 200)}`));
  } catch (e) { step("followback-post", false, String(e)); }
  const got = posted && await waitFor(() => received.some((a) => a.type === "Follow" && a.actor === actorUrl));
  const fIn = inboundOk("Follow");
  step("followback", posted ? got : null, got ? `Follow from ${actorUrl} (signed ${fIn?.signature}), verified`
    : posted ? `no verified Follow from ${actorUrl} within ${WAIT_MS / 1000}s; unverified: ${unverified.length}` : "no Follow was posted");
  if (got) {
    const res = await Promise.all(pendingAccepts);
    const inbox = followers.get(actorUrl)?.inboxId?.href;
    step("accepted", res.length > 0 && res.every((x) => x.ok), `Accept to ${inbox}: ${describePosts(postsTo(inbox, "Accept"))}`
      + res.filter((x) => !x.ok).map((x) => `; ${x.error.split("\n")[0]}`).join(""));
  } else step("accepted", null, "no Follow to accept");

  if (followers.has(actorUrl)) {
    const id = crypto.randomUUID();
    const fmarker = `fedify says hello ${TAG} ${id}`;
    const note = new Note({ id: ctx.getObjectUri(Note, { identifier: ACTOR, id }), attribution: ME,
      content: `<p>${fmarker}</p>`, to: PUBLIC_COLLECTION, cc: ctx.getFollowersUri(ACTOR), published: Temporal.Now.instant() });
    notes.set(id, note);
    const inbox = followers.get(actorUrl).inboxId.href;
    const before = traffic.outbound.length;
    try {
      await ctx.sendActivity({ identifier: ACTOR }, "followers", new Create({ id: new URL(`${note.id.href}/activity`),
        actor: ME, object: note, to: PUBLIC_COLLECTION, cc: ctx.getFollowersUri(ACTOR) }), { preferSharedInbox: true });
      const posts = traffic.outbound.slice(before).filter((r) => r.method === "POST");
      step("deliver", posts.length > 0 && posts.every((r) => r.status >= 200 && r.status < 300),
        `Create(Note) to followers: ${posts.map((r) => `${r.url} ${r.signature}->${r.status ?? r.error}`).join(", ") || "no POST"}`);
    } catch (e) {
      const posts = traffic.outbound.slice(before).filter((r) => r.method === "POST");
      step("deliver", false, `${posts.map((r) => `${r.url} ${r.signature}->${r.status ?? r.error}`).join(", ")}; ${String(e.message).split("\n")[0]}`);
    }
    const { seen, how } = await inOwnerInbox([note.id.href]);
    step("inbox", seen, `${how}: the Note ${note.id.href} is ${seen ? "there" : "not there"}`);
  } else {
    step("deliver", null, "the Polity user is not a follower");
    step("inbox", null, "nothing was delivered");
  }
}

// 4. The mention landed in the owner's inbox; Fedify unfollows (Undo(Follow)).
if (mentionNote) {
  const { seen, how } = await inOwnerInbox([mentionNote.id.href]);
  step("mention-inbox", seen, `${how}: the Note ${mentionNote.id.href} is ${seen ? "there" : "not there"}`);
} else step("mention-inbox", null, "no mention was delivered");
if (polityActor && followed) {
  try {
    await ctx.sendActivity({ identifier: ACTOR }, polityActor, new Undo({ id: new URL(`${followId.href}/undo`), actor: ME,
      object: new Follow({ id: followId, actor: ME, object: polityActor.id }), to: polityActor.id }));
    step("undo", true, `Undo(Follow): ${describePosts(postsTo(polityActor.inboxId.href, "Undo"))}`);
  } catch (e) {
    step("undo", false, `${describePosts(postsTo(polityActor.inboxId.href, "Undo"))}; ${String(e.message).split("\n")[0]}`);
  }
} else step("undo", null, "Fedify does not follow the Polity user");

// 5. How did Polity sign what it sent here? With --inbound-cavage-only it must have fallen back to cavage.
{
  const posts = traffic.inbound.filter((r) => r.method === "POST");
  const okStyles = [...new Set(posts.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.signature))];
  const want = opt["inbound-cavage-only"] ? "cavage" : "rfc9421";
  step("polity-signs", posts.length > 0 && okStyles.length === 1 && okStyles[0] === want,
    `${posts.length} POSTs from Polity: ${posts.map((r) => `${r.activity?.type ?? "?"} ${r.signature}->${r.status}`).join(", ") || "none"}`
    + (opt["inbound-cavage-only"] ? " (RFC 9421 refused here on purpose)" : ""));
}

// 6. Did Polity take Fedify's first knock every time?
{
  await Promise.all(pendingAccepts);
  const toPolity = traffic.outbound.filter((r) => r.method === "POST" && r.url.startsWith(POLITY));
  const want = KNOCK === "rfc9421" ? "rfc9421" : "cavage";
  const firstOk = toPolity.filter((r) => r.signature === want && r.status >= 200 && r.status < 300);
  const fellBack = toPolity.filter((r) => r.signature !== want && r.status >= 200 && r.status < 300);
  step("knock", toPolity.length > 0 && fellBack.length === 0 && firstOk.length > 0,
    `${toPolity.length} POSTs to Polity: ${describePosts(toPolity)}`);
}

// 7. FEP-8b32 both ways: Fedify's verifyObject accepts Polity's proofs (and refuses a changed byte); Polity took
//    what Fedify signed with its Ed25519 key.
{
  const fromPolity = traffic.inbound.filter((r) => r.method === "POST" && r.activity && !r.refused);
  const results7 = [];
  for (const r of fromPolity) {
    if (r.activity.proof == null) { results7.push(`${r.activity.type} without a proof`); continue; }
    const options = { documentLoader: loader, contextLoader: loader };
    let ok = false, tamperedRefused = false;
    try { ok = (await verifyObject(Activity, r.activity, options)) != null; } catch (e) { results7.push(`${r.activity.type} threw ${e}`); }
    const tampered = structuredClone(r.activity);
    tampered.published = "2000-01-01T00:00:00Z";
    try { tamperedRefused = (await verifyObject(Activity, tampered, options)) == null; } catch { tamperedRefused = true; }
    results7.push(`${r.activity.type} ${ok ? "verified" : "NOT verified"}${tamperedRefused ? "" : ", a changed copy verified too"}`);
    r.proofOk = ok && tamperedRefused;
  }
  const signed = fromPolity.filter((r) => r.activity.proof != null);
  step("proof-out", fromPolity.length > 0 && signed.length === fromPolity.length && signed.every((r) => r.proofOk),
    results7.join(", ") || "nothing was sent here");
  const proven = traffic.outbound.filter((r) => r.method === "POST" && r.url.startsWith(POLITY) && r.proof);
  step("proof-in", proven.length > 0 && proven.every((r) => r.status >= 200 && r.status < 300),
    `${proven.length} POSTs to Polity with a proof: ${describePosts(proven)}`);
}

// ---- report -------------------------------------------------------------------------------------------
fs.writeFileSync(outFile("traffic.json"), JSON.stringify({ peer: ME.href, firstKnock: KNOCK, polity: POLITY,
  user: opt.user, results, received: received.map(({ json, ...r }) => ({ ...r, json })), unverified, traffic }, null, 2));
const passed = results.filter((r) => r.status === "PASS").length;
const failed = results.filter((r) => r.status !== "PASS").length;
say(`${passed} passed, ${failed} failed or skipped (traffic in ${outFile("traffic.json")})`);
server.close();
process.exit(failed === 0 ? 0 : 1);
