// META: global=window,dedicatedworker,sharedworker,serviceworker
// META: title=IndexedDB: databases, object stores, indexes, keys, cursors and transactions
"use strict";

let counter = 0;
function dbName(t) {
  return `herald-idb-${self.GLOBAL.isWindow() ? "w" : "k"}-${++counter}-${Math.random()}`;
}

function requestDone(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Opens a new database, running `upgrade(db, tx)` in its upgradeneeded handler.
function openDb(t, upgrade, version = 1) {
  const name = dbName(t);
  const request = indexedDB.open(name, version);
  request.onupgradeneeded = () => upgrade(request.result, request.transaction);
  t.add_cleanup(() => {
    if (request.readyState === "done" && request.result) request.result.close();
    indexedDB.deleteDatabase(name);
  });
  return requestDone(request);
}

function txDone(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error);
  });
}

promise_test(async t => {
  const name = dbName(t);
  const events = [];
  const open = indexedDB.open(name, 3);
  assert_true(open instanceof IDBOpenDBRequest);
  assert_equals(open.readyState, "pending");
  assert_throws_dom("InvalidStateError", () => open.result);
  open.onupgradeneeded = e => {
    events.push(`upgradeneeded ${e.oldVersion}->${e.newVersion} ${e instanceof IDBVersionChangeEvent}`);
    assert_equals(open.transaction.mode, "versionchange");
    open.result.createObjectStore("s");
  };
  open.addEventListener("success", () => events.push("success"));
  const db = await requestDone(open);
  assert_array_equals(events, ["upgradeneeded 0->3 true", "success"]);
  assert_equals(db.name, name);
  assert_equals(db.version, 3);
  assert_true(db.objectStoreNames.contains("s"));
  assert_equals(open.transaction, null, "the upgrade transaction is gone");
  db.close();
  const again = await requestDone(indexedDB.open(name));
  assert_equals(again.version, 3, "no version: the current one");
  again.close();
  const lower = indexedDB.open(name, 2);
  await promise_rejects_dom(t, "VersionError", requestDone(lower));
  assert_throws_js(TypeError, () => indexedDB.open(name, 0));
  assert_throws_js(TypeError, () => indexedDB.open(name, -1));
  const deleted = indexedDB.deleteDatabase(name);
  const event = await new Promise(resolve => deleted.onsuccess = resolve);
  assert_equals(event.oldVersion, 3);
  assert_equals(event.newVersion, null);
}, "open: upgradeneeded then success, versions, VersionError, deleteDatabase");

promise_test(async t => {
  const db = await openDb(t, db => {
    const inline = db.createObjectStore("inline", { keyPath: "id" });
    assert_equals(inline.keyPath, "id");
    assert_false(inline.autoIncrement);
    const generated = db.createObjectStore("generated", { keyPath: "meta.id", autoIncrement: true });
    assert_true(generated.autoIncrement);
    db.createObjectStore("outOfLine");
    assert_throws_dom("ConstraintError", () => db.createObjectStore("inline"));
    assert_throws_dom("SyntaxError", () => db.createObjectStore("bad", { keyPath: "not a path" }));
    assert_throws_dom("InvalidAccessError", () => db.createObjectStore("bad", { keyPath: "", autoIncrement: true }));
  });
  assert_array_equals([0, 1, 2].map(i => db.objectStoreNames.item(i)), ["generated", "inline", "outOfLine"]);
  assert_throws_dom("InvalidStateError", () => db.createObjectStore("late"), "only while upgrading");
  const tx = db.transaction(["inline", "generated", "outOfLine"], "readwrite");
  const inline = tx.objectStore("inline");
  assert_equals(inline, tx.objectStore("inline"), "one handle per store and transaction");
  inline.put({ id: 2, v: "two" });
  inline.add({ id: 1, v: "one" });
  assert_throws_dom("DataError", () => inline.put({ v: "no key" }));
  assert_throws_dom("DataError", () => inline.put({ id: 3 }, 3), "in-line keys take no key argument");
  const generated = tx.objectStore("generated");
  const k1 = requestDone(generated.add({ v: "a" }));
  const k2 = requestDone(generated.add({ v: "b", meta: { id: 10 } }));
  const k3 = requestDone(generated.add({ v: "c" }));
  const out = tx.objectStore("outOfLine");
  assert_throws_dom("DataError", () => out.put("value"), "out-of-line without a generator needs a key");
  out.put("x", [1, "a"]);
  assert_throws_dom("DataError", () => out.put("v", {}));
  assert_throws_dom("DataCloneError", () => out.put(() => {}, 1));
  assert_equals(await k1, 1);
  assert_equals(await k2, 10);
  assert_equals(await k3, 11, "an explicit number raises the generator");
  await txDone(tx);
  const read = db.transaction(["inline", "generated", "outOfLine"]);
  assert_equals((await requestDone(read.objectStore("inline").get(1))).v, "one");
  assert_equals(await requestDone(read.objectStore("inline").get(99)), undefined);
  assert_equals((await requestDone(read.objectStore("generated").get(1))).meta.id, 1, "the generated key is injected");
  assert_array_equals(await requestDone(read.objectStore("generated").getAllKeys()), [1, 10, 11]);
  assert_equals(await requestDone(read.objectStore("outOfLine").get([1, "a"])), "x");
  assert_equals(await requestDone(read.objectStore("inline").count()), 2);
  assert_throws_dom("ReadOnlyError", () => read.objectStore("inline").put({ id: 5 }));
  assert_throws_dom("NotFoundError", () => read.objectStore("nope"));
  assert_throws_dom("NotFoundError", () => db.transaction("nope"));
  assert_throws_dom("InvalidAccessError", () => db.transaction([]));
}, "object stores: in-line and out-of-line keys, key generators, add/put/get/getAllKeys/count, errors");

promise_test(async t => {
  const db = await openDb(t, db => db.createObjectStore("s"));
  const keys = [[1, 2], "b", new Uint8Array([1]).buffer, "a", -Infinity, 5, new Date(5), [1], 0];
  const tx = db.transaction("s", "readwrite");
  keys.forEach((k, i) => tx.objectStore("s").put(i, k));
  await txDone(tx);
  const got = await requestDone(db.transaction("s").objectStore("s").getAllKeys());
  const describe = k => k instanceof Date ? `date ${+k}` : k instanceof ArrayBuffer ? `binary ${k.byteLength}` : Array.isArray(k) ? `[${k.map(describe)}]` : typeof k === "string" ? `"${k}"` : String(k);
  assert_array_equals(got.map(describe), ["-Infinity", "0", "5", "date 5", '"a"', '"b"', "binary 1", "[1]", "[1,2]"],
    "numbers < dates < strings < binary < arrays");
  assert_equals(indexedDB.cmp(1, 2), -1);
  assert_equals(indexedDB.cmp("a", 1), 1);
  assert_equals(indexedDB.cmp([1, "a"], [1, "a"]), 0);
  assert_throws_dom("DataError", () => indexedDB.cmp(NaN, 1));
  assert_throws_dom("DataError", () => indexedDB.cmp({}, 1));
  assert_throws_dom("DataError", () => indexedDB.cmp(new Date(NaN), 1));
  const range = IDBKeyRange.bound(2, 8, true, false);
  assert_equals(range.lower, 2);
  assert_true(range.lowerOpen);
  assert_false(range.includes(2));
  assert_true(range.includes(8));
  assert_throws_dom("DataError", () => IDBKeyRange.bound(5, 1));
  assert_equals(IDBKeyRange.only("x").upper, "x");
  assert_equals(IDBKeyRange.lowerBound(1).upper, undefined);
  const ranged = await requestDone(db.transaction("s").objectStore("s").getAll(IDBKeyRange.bound(0, "b")));
  assert_array_equals(ranged, [8, 5, 6, 3, 1], "values in key order within the range");
  const limited = await requestDone(db.transaction("s").objectStore("s").getAll(null, 2));
  assert_array_equals(limited, [4, 8]);
}, "keys: types, order, cmp(), key ranges and getAll() with a range and count");

promise_test(async t => {
  const db = await openDb(t, db => {
    const store = db.createObjectStore("people", { keyPath: "id" });
    store.createIndex("name", "name", { unique: true });
    store.createIndex("tags", "tags", { multiEntry: true });
    store.createIndex("pair", ["last", "first"]);
    assert_throws_dom("ConstraintError", () => store.createIndex("name", "x"));
    assert_throws_dom("InvalidAccessError", () => store.createIndex("bad", ["a", "b"], { multiEntry: true }));
  });
  const tx = db.transaction("people", "readwrite");
  const store = tx.objectStore("people");
  assert_array_equals([0, 1, 2].map(i => store.indexNames.item(i)), ["name", "pair", "tags"]);
  store.put({ id: 1, name: "ann", tags: ["x", "y", "x"], first: "Ann", last: "Lee" });
  store.put({ id: 2, name: "bob", tags: ["y"], first: "Bob", last: "Lee" });
  const clash = store.put({ id: 3, name: "ann" });
  const clashError = new Promise(resolve => clash.onerror = e => { e.preventDefault(); resolve(clash.error.name); });
  assert_equals(await clashError, "ConstraintError", "a unique index refuses a second 'ann'");
  await txDone(tx);
  const read = db.transaction("people").objectStore("people");
  assert_equals((await requestDone(read.index("name").get("bob"))).id, 2);
  assert_equals(await requestDone(read.index("name").getKey("ann")), 1);
  assert_array_equals(await requestDone(read.index("tags").getAllKeys("y")), [1, 2]);
  assert_equals(await requestDone(read.index("tags").count("x")), 1, "multiEntry: one record per distinct subkey");
  assert_equals((await requestDone(read.index("pair").get(["Lee", "Bob"]))).id, 2);
  assert_equals(read.index("tags").multiEntry, true);
  assert_equals(read.index("name").unique, true);
  assert_array_equals(read.index("pair").keyPath, ["last", "first"]);
  assert_throws_dom("NotFoundError", () => read.index("nope"));
}, "indexes: unique, multiEntry and compound key paths");

promise_test(async t => {
  const db = await openDb(t, db => {
    const store = db.createObjectStore("s");
    store.createIndex("v", "v");
  });
  const tx = db.transaction("s", "readwrite");
  for (const [k, v] of [[1, "c"], [2, "a"], [3, "b"], [4, "a"]]) tx.objectStore("s").put({ v }, k);
  await txDone(tx);
  async function walk(source, ...args) {
    const seen = [];
    await new Promise((resolve, reject) => {
      const request = source.openCursor(...args);
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor) return resolve();
        assert_equals(cursor.request, request);
        seen.push(`${cursor.key}:${cursor.primaryKey}`);
        cursor.continue();
      };
    });
    return seen;
  }
  const read = db.transaction("s");
  assert_array_equals(await walk(read.objectStore("s")), ["1:1", "2:2", "3:3", "4:4"]);
  assert_array_equals(await walk(read.objectStore("s"), IDBKeyRange.lowerBound(2), "prev"), ["4:4", "3:3", "2:2"]);
  assert_array_equals(await walk(read.objectStore("s").index("v")), ["a:2", "a:4", "b:3", "c:1"]);
  assert_array_equals(await walk(read.objectStore("s").index("v"), null, "nextunique"), ["a:2", "b:3", "c:1"]);
  assert_array_equals(await walk(read.objectStore("s").index("v"), null, "prevunique"), ["c:1", "b:3", "a:2"]);

  const write = db.transaction("s", "readwrite");
  const request = write.objectStore("s").openCursor();
  const log = [];
  await new Promise(resolve => {
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve();
      assert_true(cursor instanceof IDBCursorWithValue);
      log.push(cursor.key);
      if (cursor.key === 1) { cursor.update({ v: "z" }); cursor.advance(2); }
      else if (cursor.key === 3) { cursor.delete(); cursor.continue(); }
      else cursor.continue();
      assert_throws_dom("InvalidStateError", () => cursor.continue(), "one step at a time");
    };
  });
  assert_array_equals(log, [1, 3, 4], "advance(2) skips a record");
  await txDone(write);
  const after = await requestDone(db.transaction("s").objectStore("s").getAll());
  assert_array_equals(after.map(v => v.v), ["z", "a", "a"]);
  const keyCursor = await requestDone(db.transaction("s").objectStore("s").openKeyCursor(3));
  assert_equals(keyCursor, null, "key 3 was deleted");
}, "cursors: directions, unique, ranges, continue/advance, update and delete");

promise_test(async t => {
  const db = await openDb(t, db => db.createObjectStore("s"));
  const tx = db.transaction("s", "readwrite");
  const order = [];
  tx.objectStore("s").put("a", 1).onsuccess = () => {
    order.push("put 1");
    tx.objectStore("s").put("b", 2).onsuccess = () => order.push("put 2 (made in a success handler)");
  };
  tx.oncomplete = () => order.push("complete");
  await new Promise(resolve => setTimeout(resolve, 0));
  assert_throws_dom("TransactionInactiveError", () => tx.objectStore("s").put("c", 3), "inactive after the task that made it");
  await new Promise(resolve => tx.addEventListener("complete", resolve));
  assert_array_equals(order, ["put 1", "put 2 (made in a success handler)", "complete"]);
  assert_equals(tx.error, null);
  assert_throws_dom("InvalidStateError", () => tx.abort());
}, "transactions: active during success handlers, inactive after their task, auto-commit");

promise_test(async t => {
  const db = await openDb(t, db => db.createObjectStore("s"));
  const tx = db.transaction("s", "readwrite");
  const path = [];
  tx.objectStore("s").add("x", 1);
  const dup = tx.objectStore("s").add("y", 1);
  dup.onerror = e => path.push(`request ${e.target === dup} ${e.bubbles} ${e.cancelable}`);
  tx.addEventListener("error", e => path.push(`transaction ${e.target === dup}`));
  db.onerror = e => path.push(`database ${e.target === dup}`);
  const aborted = new Promise(resolve => tx.onabort = resolve);
  await aborted;
  assert_array_equals(path, ["request true true true", "transaction true", "database true"], "error bubbles to the transaction and the database");
  assert_equals(tx.error.name, "ConstraintError", "an uncanceled error aborts the transaction");
  assert_equals(await requestDone(db.transaction("s").objectStore("s").count()), 0, "the first add was reverted too");

  const explicit = db.transaction("s", "readwrite");
  const pending = explicit.objectStore("s").put("v", 2);
  explicit.abort();
  const pendingError = await new Promise(resolve => pending.onerror = e => { e.preventDefault(); resolve(pending.error.name); });
  assert_equals(pendingError, "AbortError");
  assert_equals(explicit.error, null, "abort() sets no error");
  db.onerror = null;
}, "errors: bubbling request → transaction → database, abort on an uncanceled error, abort()");

promise_test(async t => {
  const name = dbName(t);
  const first = await requestDone(indexedDB.open(name, 1));
  t.add_cleanup(() => { indexedDB.deleteDatabase(name); });
  const seen = [];
  first.onversionchange = e => seen.push(`versionchange ${e.oldVersion}->${e.newVersion}`);
  const second = indexedDB.open(name, 2);
  second.onblocked = e => {
    seen.push(`blocked ${e.oldVersion}->${e.newVersion}`);
    first.close();
  };
  second.onupgradeneeded = () => seen.push("upgradeneeded");
  const db = await requestDone(second);
  assert_array_equals(seen, ["versionchange 1->2", "blocked 1->2", "upgradeneeded"]);
  assert_equals(db.version, 2);
  assert_throws_dom("InvalidStateError", () => first.transaction("s"), "a closed connection makes no transactions");
  db.close();
  const names = (await indexedDB.databases()).map(d => d.name);
  assert_true(names.includes(name), "databases() lists it");
}, "versionchange, blocked, and the upgrade once the old connection closes");

promise_test(async t => {
  const name = dbName(t);
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore("s");
    open.transaction.abort();
  };
  const error = await new Promise(resolve => open.onerror = () => resolve(open.error));
  assert_equals(error.name, "AbortError");
  const reopened = await requestDone(indexedDB.open(name));
  t.add_cleanup(() => { reopened.close(); indexedDB.deleteDatabase(name); });
  assert_equals(reopened.version, 1, "the aborted upgrade left no database: a new one at version 1");
  assert_equals(reopened.objectStoreNames.length, 0);
}, "an aborted upgrade reverts everything");

test(() => {
  const range = IDBKeyRange.bound(1, 5);
  assert_true(range.includes(3));
  assert_throws_dom("DataError", () => range.includes({}), "not a key");
  const sentinel = { thrown: true };
  const hostile = [1];
  Object.defineProperty(hostile, 0, { get() { throw sentinel; } });
  assert_throws_exactly(sentinel, () => range.includes(hostile), "a getter's exception is rethrown");
}, "IDBKeyRange.includes() rethrows what converting the key threw");
