// A stand-in for Polity, built on Fedify, with just what peer.mjs exercises: WebFinger, actors, an inbox that
// accepts Follows and keeps what arrives, a C2S outbox (bearer token) that wraps a bare object in Create and
// delivers it to followers or sends a Follow, and the owner's inbox as an OrderedCollection.
// It exists to check the harness itself: `node peer.mjs` against it must pass every step
// (`scripts/interop --self-test`). It is not a model of Polity's behaviour beyond that.
//
// Usage: node mock-polity.mjs --port N --token TOKEN   (prints "ready URL" once it listens)
import http from "node:http";
import { parseArgs } from "node:util";
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from "@fedify/fedify";
import { Accept, Activity, Create, Endpoints, Follow, isActor, Note, Person, PUBLIC_COLLECTION } from "@fedify/vocab";

const { values: opt } = parseArgs({ options: { port: { type: "string", default: "0" }, token: { type: "string" } } });
const server = http.createServer();
await new Promise((ok) => server.listen(Number(opt.port), "127.0.0.1", ok));
const ORIGIN = `http://127.0.0.1:${server.address().port}`;
const federation = createFederation({ kv: new MemoryKvStore(), origin: ORIGIN, allowPrivateAddress: true });
const keys = new Map();
const followers = new Map(); // identifier -> Map(actorId -> recipient)
const objects = new Map();
const keysFor = async (id) => { if (!keys.has(id)) keys.set(id, [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")]); return keys.get(id); };

federation.setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
  const pairs = await ctx.getActorKeyPairs(identifier);
  return new Person({ id: ctx.getActorUri(identifier), preferredUsername: identifier, inbox: ctx.getInboxUri(identifier),
    outbox: ctx.getOutboxUri(identifier), followers: ctx.getFollowersUri(identifier),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }), publicKey: pairs[0].cryptographicKey });
}).setKeyPairsDispatcher((_ctx, identifier) => keysFor(identifier));
federation.setFollowersDispatcher("/users/{identifier}/followers",
  (_ctx, identifier) => ({ items: [...(followers.get(identifier)?.values() ?? [])] }));
federation.setOutboxDispatcher("/users/{identifier}/outbox", () => ({ items: [] }));
federation.setObjectDispatcher(Note, "/users/{identifier}/objects/{id}", (_ctx, v) => objects.get(v.id) ?? null);

const received = []; // every verified activity; the mock shows the same inbox to every user
const keep = async (_ctx, activity) => { received.push(await activity.toJsonLd()); };
federation.setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Follow, async (ctx, follow) => {
    const target = ctx.parseUri(follow.objectId);
    if (target?.type !== "actor") return;
    const follower = await follow.getActor(ctx);
    if (!isActor(follower)) return;
    if (!followers.has(target.identifier)) followers.set(target.identifier, new Map());
    followers.get(target.identifier).set(follower.id.href, { id: follower.id, inboxId: follower.inboxId, endpoints: follower.endpoints });
    setTimeout(() => ctx.sendActivity({ identifier: target.identifier }, follower,
      new Accept({ id: new URL(`${ORIGIN}/accepts/${crypto.randomUUID()}`), actor: follow.objectId, object: follow })).catch(console.error), 20);
  })
  .on(Activity, keep);

server.on("request", async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const url = new URL(req.url, ORIGIN);
  const m = /^\/users\/([^/]+)\/(outbox|inbox)$/.exec(url.pathname);
  const authed = req.headers.authorization === `Bearer ${opt.token}`;
  const send = (status, body, headers = {}) => { res.writeHead(status, { "content-type": "application/activity+json", ...headers }); res.end(body ? JSON.stringify(body) : ""); };
  if (m && authed && req.method === "POST" && m[2] === "outbox") {
    const ctx = federation.createContext(new URL(ORIGIN), undefined);
    const body = JSON.parse(Buffer.concat(chunks).toString());
    const id = crypto.randomUUID();
    if (body.type === "Follow") {
      const target = await ctx.lookupObject(body.object);
      await ctx.sendActivity({ identifier: m[1] }, target, new Follow({ id: new URL(`${ORIGIN}/activities/${id}`), actor: ctx.getActorUri(m[1]), object: target.id }));
    } else {
      const note = new Note({ id: ctx.getObjectUri(Note, { identifier: m[1], id }), attribution: ctx.getActorUri(m[1]), content: body.content,
        to: PUBLIC_COLLECTION, cc: ctx.getFollowersUri(m[1]) });
      objects.set(id, note);
      await ctx.sendActivity({ identifier: m[1] }, "followers", new Create({ id: new URL(`${ORIGIN}/activities/${id}`),
        actor: ctx.getActorUri(m[1]), object: note, to: PUBLIC_COLLECTION, cc: ctx.getFollowersUri(m[1]) }));
    }
    return send(201, null, { location: `${ORIGIN}/activities/${id}` });
  }
  if (m && authed && req.method === "GET" && m[2] === "inbox") {
    const items = received;
    return send(200, { "@context": "https://www.w3.org/ns/activitystreams", type: "OrderedCollection", totalItems: items.length, orderedItems: items });
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const response = await federation.fetch(new Request(url, { method: req.method, headers,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks) }), { contextData: undefined });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
console.log(`ready ${ORIGIN}`);
