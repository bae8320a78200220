import assert from "node:assert/strict";
import { test } from "node:test";
import { CallerCache } from "../../sandbox/auth/callers.js";
import type { Caller } from "../../sandbox/services/acl.js";

// The sandbox's memory of callers between reads: a change forgets them, and a lookup that overlapped a change is
// never remembered (it may have read the state half-way).

const caller = (held: string[]): Caller => ({ userId: "auth0|u", principalId: "p", isAdmin: false, held });

/** A lookup that counts its calls and answers what `answer` holds at the time. */
function counter(answer: { current: Caller | undefined }) {
  const lookUp = async () => (lookUp.calls++, answer.current);
  lookUp.calls = 0;
  return lookUp;
}

/** A promise and its resolve function, to hold a change or a lookup open. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

test("a caller is looked up once and remembered; an unknown user is not remembered", async () => {
  const cache = new CallerCache();
  const answer = { current: caller(["p"]) as Caller | undefined };
  const lookUp = counter(answer);
  assert.deepEqual(await cache.get("auth0|u", lookUp), caller(["p"]));
  assert.deepEqual(await cache.get("auth0|u", lookUp), caller(["p"]));
  assert.equal(lookUp.calls, 1);
  answer.current = undefined;
  const unknown = counter(answer);
  assert.equal(await cache.get("auth0|nobody", unknown), undefined);
  assert.equal(await cache.get("auth0|nobody", unknown), undefined);
  assert.equal(unknown.calls, 2);
});

test("a change forgets every caller when it starts and when it ends", async () => {
  const cache = new CallerCache();
  const answer = { current: caller(["p"]) as Caller | undefined };
  const lookUp = counter(answer);
  await cache.get("auth0|u", lookUp);
  const change = gate();
  const changing = cache.changing(() => change.promise);
  answer.current = caller(["p", "org"]);
  assert.deepEqual(await cache.get("auth0|u", lookUp), caller(["p", "org"]), "started: forgotten");
  assert.deepEqual(await cache.get("auth0|u", lookUp), caller(["p", "org"]));
  assert.equal(lookUp.calls, 3, "not remembered while the change runs");
  answer.current = caller(["p", "org", "role"]);
  change.open();
  await changing;
  assert.deepEqual(await cache.get("auth0|u", lookUp), caller(["p", "org", "role"]), "ended: forgotten");
  assert.deepEqual(await cache.get("auth0|u", lookUp), caller(["p", "org", "role"]));
  assert.equal(lookUp.calls, 4, "remembered again once no change runs");
});

test("a lookup during which a change ran is not remembered", async () => {
  const cache = new CallerCache();
  const slow = gate<Caller>();
  const pending = cache.get("auth0|u", () => slow.promise);
  await cache.changing(async () => {});
  slow.open(caller(["stale"]));
  assert.deepEqual(await pending, caller(["stale"]));
  const lookUp = counter({ current: caller(["fresh"]) });
  assert.deepEqual(await cache.get("auth0|u", lookUp), caller(["fresh"]));
  assert.equal(lookUp.calls, 1);
});

test("a failed change still forgets", async () => {
  const cache = new CallerCache();
  const lookUp = counter({ current: caller(["p"]) });
  await cache.get("auth0|u", lookUp);
  await assert.rejects(
    cache.changing(async () => {
      throw new Error("refused");
    }),
    /refused/,
  );
  await cache.get("auth0|u", lookUp);
  assert.equal(lookUp.calls, 2);
});
