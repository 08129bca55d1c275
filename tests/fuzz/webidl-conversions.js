// Fuzz target: the WebIDL value conversions of herald's bindings, driven from script.
//
// herald runs this file as a classic script in a blank window (the cargo test
// components/herald/tests/fuzz_webidl.rs does, and DEVELOPERS.md says how to run it by hand):
//
//   herald --no-profile --permission denied --timeout 1000000 \
//       --url 'https://localhost/?cases=2000&seed=1' tests/fuzz/webidl-conversions.js
//
// The cases run in batches, one task each, so events, promises and messages are delivered in
// between; --timeout only has to be longer than the run.
//
// Each case draws a seeded generator, builds hostile JS values (odd numbers, lone surrogates,
// symbols, BigInts, objects whose conversion hooks throw or re-enter, Proxies with throwing
// traps, revoked Proxies, deep and cyclic structures, DOM objects, ...) and passes them to one
// binding entry point that converts values (constructors, operations, attribute setters,
// dictionaries, sequences, unions, callbacks). The oracle:
//
// 1. herald does not crash, abort or hang: the run ends with the line
//    `idlfuzz: done N cases, V violations` and exit status 0 (the cargo harness checks both).
// 2. Whatever a call throws is the value a hostile hook threw (a "sentinel", which must come
//    through unchanged, and must not be swallowed), or an Error of a kind the entry point may
//    throw (TypeError, RangeError, SyntaxError, InternalError for too much recursion or an
//    allocation limit, a DOMException with a standard name and its legacy code). Errors
//    reported asynchronously (listeners, callbacks) and promise rejections are held to the
//    same rule.
// 3. Where the standards define the result, it is checked: integer conversions (modulo
//    arithmetic), string conversions (herald turns lone surrogates into U+FFFD), dictionary
//    members read once each in WebIDL's order, [LegacyTreatNonObjectAsNull] event handlers,
//    listener bookkeeping, data that survives structured cloning, Notification's attributes,
//    and at the end, that every promise settled and every message, timer and microtask that
//    was due arrived.
//
// A violation prints its id, the seed and the case number; `only=K` reruns that case alone.
//
// URL query parameters (the cargo harness sets them from HERALD_FUZZ_* variables):
//   cases=N      how many cases (default 2000)
//   seed=S       the seed, below 2^53 (default 0x484552414c44, "HERALD", as the Rust targets')
//   only=K       run case K only (it must be below cases)
//   batch=B      cases per task (default 100): between tasks, events and promises settle
//   slow=MS      a case that takes longer is a violation (default 5000; 0: no limit)
//   progress=P   print a progress line every P cases (default: none)
//   maxdepth=D   the deepest nesting generated (default 20000)
//   skip=a,b     targets not to run (by name; see TARGETS)
//   known=a,b    known problems: their violations are counted apart and the inputs that
//                crash herald are not generated (see KNOWN_PROBLEMS)
//   verbose=1    print every case's target, and each call's outcome and time
//   gc=G         for measuring memory: every G cases, collect garbage (TestUtils.gc(), which
//                herald offers with --wpt), print `gc after K cases` and pause a second, so
//                the RSS read then is the live heap's; with --wpt the run ends by reporting
//                empty results (HeraldTest.reportResults)

"use strict";

// ---------------------------------------------------------------------------------------------
// Parameters

const PARAMS = (() => {
  const query = new URLSearchParams(location.search);
  const number = (name, fallback) => {
    const v = query.get(name);
    if (v === null || v === "") return fallback;
    const n = Number(v.replace(/_/g, ""));
    return Number.isFinite(n) ? n : fallback;
  };
  const list = (name) => new Set((query.get(name) || "").split(",").filter(Boolean));
  return {
    cases: number("cases", 2000),
    seed: number("seed", 0x484552414c44),
    only: query.has("only") ? number("only", -1) : -1,
    batch: Math.max(1, number("batch", 100)),
    slow: number("slow", 5000),
    progress: number("progress", 0),
    maxDepth: number("maxdepth", 20000),
    skip: list("skip"),
    known: list("known"),
    verbose: query.get("verbose") === "1",
    gc: number("gc", 0),
  };
})();

// Known problems, by id. A violation whose id is listed in `known=` is counted apart (the run
// still passes). Remove an entry once it is fixed. (The four crashes it found, idb-deep-key,
// idb-key-capacity, getimagedata-size and imagedata-size-overflow, are fixed; the generator
// still knows their ids, and makes their inputs unless they are named in `known=`.)
const KNOWN_PROBLEMS = {
  // Reflect.ownKeys of a named-property object (localStorage, element.dataset) leaves out its
  // own symbol-keyed properties.
  "named-map-own-symbol": "[[OwnPropertyKeys]] of named-property objects misses own symbols",
  // [[DefineOwnProperty]] on a named-property object with a generic descriptor ({}) calls the
  // named setter with undefined instead of failing.
  "named-define-generic": "defineProperty with {} sets the item \"undefined\"",
  // [[Set]] on a named-property object with another receiver calls the named setter.
  "named-set-receiver": "[[Set]] ignores the receiver",
  // Fixed (createElement() checks DOM's valid element local name); kept so a regression is named.
  "create-element-name": "createElement rejects valid names that do not start with a letter",
  // Fixed (IDBKeyRange.includes() rethrows); kept so a regression is named.
  "idb-includes-rethrow": "IDBKeyRange.includes replaces exceptions with DataError",
  // Fixed (every event constructor takes composed now); kept so that a regression is named.
  "event-init-composed": "some event constructors ignore composed",
  // new Request(input, {headers}) and new Response(body, {headers}) take the headers without
  // validating or normalizing them, and keep forbidden request headers.
  "init-headers-unvalidated": "Request and Response init headers are not validated",
};

const log = (line) => console.log(`idlfuzz: ${line}`);

// ---------------------------------------------------------------------------------------------
// The generator: xoshiro128** seeded from (seed, case) through splitmix32, so any case can be
// rerun alone.

function splitmix32(state) {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

class Gen {
  constructor(seed, index) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    const mix = splitmix32(lo ^ Math.imul(index + 1, 0x9e3779b9) ^ Math.imul(hi, 0x632be5ab));
    this.s = [mix(), mix(), mix(), mix() | 1];
  }
  u32() {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }
  // An integer in [0, n).
  below(n) {
    return n <= 1 ? 0 : Math.floor((this.u32() / 2 ** 32) * n);
  }
  chance(p) {
    return this.u32() / 2 ** 32 < p;
  }
  bool() {
    return (this.u32() & 1) === 1;
  }
  pick(items) {
    return items[this.below(items.length)];
  }
  // Picks by weight from [[weight, value], ...].
  weighted(table) {
    let total = 0;
    for (const [w] of table) total += w;
    let r = this.below(total);
    for (const [w, v] of table) {
      if (r < w) return v;
      r -= w;
    }
    return table[table.length - 1][1];
  }
  // A size skewed towards small ones: below 2^(0..bits).
  size(bits) {
    return this.below(2 ** this.below(bits + 1));
  }
  double() {
    const buf = new DataView(new ArrayBuffer(8));
    buf.setUint32(0, this.u32());
    buf.setUint32(4, this.u32());
    return buf.getFloat64(0);
  }
}

function rotl(x, k) {
  return (x << k) | (x >>> (32 - k));
}

// ---------------------------------------------------------------------------------------------
// Sentinels: what hostile hooks throw. A case records every value its hooks threw; a call may
// throw one of them (unchanged), and a call that returns normally after a hook threw
// swallowed the exception. Sentinels thrown later (from listeners, callbacks) are recognized
// by their look: objects in SENTINELS, or strings and symbols with the sentinel's name.

const SENTINELS = new WeakSet();
const SENTINEL_NAME = "idlfuzz-sentinel";
let throwsUndefined = false;

function isSentinelish(e) {
  if (e !== null && (typeof e === "object" || typeof e === "function")) return SENTINELS.has(e);
  if (typeof e === "string") return e.startsWith(SENTINEL_NAME);
  if (typeof e === "symbol") return e.description === SENTINEL_NAME;
  if (e === undefined) return throwsUndefined;
  return false;
}

// The current case (or null between cases).
let current = null;

function sentinel(g) {
  let s;
  switch (g.below(8)) {
    case 0:
      s = new Error(SENTINEL_NAME);
      break;
    case 1:
      s = new TypeError(SENTINEL_NAME);
      break;
    case 2:
      s = `${SENTINEL_NAME}:${g.u32()}`;
      break;
    case 3:
      s = Symbol(SENTINEL_NAME);
      break;
    case 4:
      s = undefined;
      throwsUndefined = true;
      break;
    case 5:
      s = Object.create(null);
      break;
    case 6:
      // A DOMException: bindings must not take it for one of their own.
      s = new DOMException(SENTINEL_NAME, "DataCloneError");
      break;
    default:
      s = { [SENTINEL_NAME]: true };
  }
  if (s !== null && typeof s === "object") SENTINELS.add(s);
  return s;
}

// Throws a new sentinel, recording it for the case. `maySwallow`: the standard lets this one
// vanish (an iterator's `return` called while another exception propagates).
function hookThrow(g, maySwallow = false) {
  const s = sentinel(g);
  if (current && !current.quiet) {
    current.thrown.add(s);
    if (!maySwallow) current.mustSurface.push(s);
  }
  throw s;
}

// ---------------------------------------------------------------------------------------------
// Violations

let violations = 0;
const knownCounts = new Map();
const violationCounts = new Map();
const MAX_PRINTED = 40;

function describe(v, max = 120) {
  let s;
  try {
    if (typeof v === "string") s = JSON.stringify(v.length > max ? v.slice(0, max) + "…" : v);
    else if (typeof v === "symbol") s = v.toString();
    else if (typeof v === "bigint") s = `${v}n`;
    else if (v === null || typeof v !== "object" && typeof v !== "function") s = String(v);
    else if (v instanceof Error || v instanceof DOMException) s = `${v.name}: ${v.message}`;
    else s = Object.prototype.toString.call(v);
  } catch (e) {
    s = "<unprintable>";
  }
  return s.length > max ? s.slice(0, max) + "…" : s;
}

function violation(id, message) {
  const where = current ? `case=${current.index} target=${current.target}` : "after the cases";
  if (PARAMS.known.has(id)) {
    knownCounts.set(id, (knownCounts.get(id) || 0) + 1);
    return;
  }
  violations++;
  violationCounts.set(id, (violationCounts.get(id) || 0) + 1);
  if (violations <= MAX_PRINTED) {
    const replay = current ? ` (replay: ?seed=${PARAMS.seed}&cases=${current.index + 1}&only=${current.index})` : "";
    log(`VIOLATION [${id}] seed=${PARAMS.seed} ${where}: ${message}${replay}`);
  }
}

function check(condition, id, message) {
  if (!condition) violation(id, typeof message === "function" ? message() : message);
  return condition;
}

// ---------------------------------------------------------------------------------------------
// Thrown values

// The names a DOMException may have, with their legacy codes.
// https://webidl.spec.whatwg.org/#idl-DOMException-error-names
const DOM_EXCEPTION_CODES = {
  IndexSizeError: 1,
  HierarchyRequestError: 3,
  WrongDocumentError: 4,
  InvalidCharacterError: 5,
  NoModificationAllowedError: 7,
  NotFoundError: 8,
  NotSupportedError: 9,
  InUseAttributeError: 10,
  InvalidStateError: 11,
  SyntaxError: 12,
  InvalidModificationError: 13,
  NamespaceError: 14,
  InvalidAccessError: 15,
  TypeMismatchError: 17,
  SecurityError: 18,
  NetworkError: 19,
  AbortError: 20,
  URLMismatchError: 21,
  QuotaExceededError: 22,
  TimeoutError: 23,
  InvalidNodeTypeError: 24,
  DataCloneError: 25,
  EncodingError: 0,
  NotReadableError: 0,
  UnknownError: 0,
  ConstraintError: 0,
  DataError: 0,
  TransactionInactiveError: 0,
  ReadOnlyError: 0,
  VersionError: 0,
  OperationError: 0,
  NotAllowedError: 0,
  OptOutError: 0,
};

// The ECMAScript errors a binding may throw; InternalError only for the engine's limits.
const JS_ERRORS = new Set(["TypeError", "RangeError", "SyntaxError", "InternalError"]);
const ENGINE_LIMIT = /recursion|allocation|out of memory|too long|too large|overflow|too many|length/i;

// Checks a value thrown by (or rejected from, or reported by) entry point `what`. `dom` is the
// set of DOMException names it may throw (null: any standard name), `js` the ECMAScript error
// names.
function checkThrown(e, what, { dom = null, js = JS_ERRORS } = {}) {
  if (current && current.thrown.has(e)) return "sentinel";
  if (isSentinelish(e)) {
    // A sentinel of another case (or of a hook that ran after the call).
    if (!current || current.async) return "sentinel";
    violation("foreign-sentinel", `${what} threw a sentinel no hook of this call threw: ${describe(e)}`);
    return "bad";
  }
  if (e instanceof DOMException) {
    const name = e.name;
    if (!Object.hasOwn(DOM_EXCEPTION_CODES, name)) {
      violation("dom-exception-name", `${what} threw a DOMException named ${describe(name)}`);
      return "bad";
    }
    if (dom && !dom.includes(name)) {
      violation("unexpected-exception", `${what} threw a ${name}: ${describe(e.message)}`);
      return "bad";
    }
    check(e.code === DOM_EXCEPTION_CODES[name], "dom-exception-code", () => `${what}: a ${name} with code ${e.code}`);
    check(typeof e.message === "string", "dom-exception-message", `${what}: a DOMException whose message is not a string`);
    return "dom";
  }
  if (e instanceof Error) {
    const name = e.name;
    if (!js.has(name)) {
      violation("unexpected-exception", `${what} threw ${describe(e)}`);
      return "bad";
    }
    if (name === "InternalError" && !ENGINE_LIMIT.test(e.message)) {
      violation("unexpected-exception", `${what} threw ${describe(e)}`);
      return "bad";
    }
    check(typeof e.message === "string", "error-message", `${what}: an Error whose message is not a string`);
    return "js";
  }
  violation("non-error-exception", `${what} threw ${describe(e)}, which is neither an Error, a DOMException nor a sentinel`);
  return "bad";
}

// Runs `fn` as one call of entry point `what`: a throw is checked with checkThrown, and every
// sentinel a hook threw during the call must have come out of it. Returns {ok, value, error}.
// `promise`: the operation returns a promise, which takes the sentinels instead (see track()).
// `id`: the violation id for a swallowed or replaced exception. `reports`: the call runs
// listeners, whose exceptions are reported at the global instead of thrown.
function attempt(what, fn, allowed, { promise = false, id = null, reports = false } = {}) {
  const c = current;
  const before = c.mustSurface.length;
  const reportedBefore = reported;
  let result;
  const t0 = PARAMS.verbose ? performance.now() : 0;
  try {
    result = { ok: true, value: fn() };
  } catch (e) {
    result = { ok: false, error: e, kind: checkThrown(e, what, allowed) };
  }
  if (PARAMS.verbose) log(`  ${what}: ${result.ok ? "returned" : "threw " + describe(result.error, 60)} in ${(performance.now() - t0).toFixed(1)} ms`);
  const thrownHere = c.mustSurface.slice(before);
  c.mustSurface.length = before;
  if (promise && result.ok) {
    // An operation that returns a promise turns its exceptions into a rejection.
    result.rejectWith = thrownHere;
  } else if (reports && result.ok) {
    if (thrownHere.length > 0) check(reported > reportedBefore, id || "unreported-exception", () => `${what}: a listener threw ${describe(thrownHere[0])}, which was not reported`);
  } else if (thrownHere.length > 0) {
    if (result.ok) {
      violation(id || "swallowed-exception", `${what} returned normally although a hook threw ${describe(thrownHere[0])}`);
    } else if (!c.thrown.has(result.error)) {
      violation(id || "replaced-exception", `${what} threw ${describe(result.error)} although a hook threw ${describe(thrownHere[0])} first`);
    }
  }
  return result;
}

// Promises: every settled promise is checked; the run ends once none is pending.
let pendingPromises = 0;

// `rejectWith`: sentinels a hook threw while the promise's operation converted its arguments;
// the promise must be rejected with one of them.
function track(promise, what, { onFulfilled, allowed, rejectWith = [] } = {}) {
  if (!(promise instanceof Promise)) {
    violation("not-a-promise", `${what} returned ${describe(promise)} instead of a promise`);
    return;
  }
  const index = current ? current.index : -1;
  pendingPromises++;
  promise.then(
    (value) => {
      pendingPromises--;
      asyncCheck(index, what, () => {
        if (rejectWith.length > 0) violation("swallowed-exception", `${what} fulfilled although a hook threw ${describe(rejectWith[0])} while converting its arguments`);
        else if (onFulfilled) onFulfilled(value);
      });
    },
    (reason) => {
      pendingPromises--;
      asyncCheck(index, what, () => {
        if (rejectWith.length > 0) {
          if (!rejectWith.includes(reason)) violation("replaced-exception", `${what} was rejected with ${describe(reason)} although a hook threw ${describe(rejectWith[0])}`);
        } else {
          checkThrown(reason, `${what} (rejection)`, allowed);
        }
      });
    },
  );
}

// Runs a check after the case: violations name the case it came from.
function asyncCheck(index, target, fn) {
  const saved = current;
  current = { index, target, thrown: new Set(), mustSurface: [], async: true };
  try {
    fn();
  } catch (e) {
    violation("checker", `the checker threw ${describe(e)}${e && e.stack ? " at " + e.stack.split("\n")[0] : ""}`);
  } finally {
    current = saved;
  }
}

// Errors reported at the global (listeners, callbacks, timers): sentinels and Errors are
// fine; the report is canceled so herald does not count it as uncaught.
let reported = 0;
addEventListener("error", (event) => {
  reported++;
  const e = event.error;
  if (!isSentinelish(e)) {
    asyncCheck(-1, "reported error", () => checkThrown(e, "a reported exception"));
  }
  event.preventDefault();
});
addEventListener("unhandledrejection", (event) => {
  asyncCheck(-1, "unhandled rejection", () => {
    if (!isSentinelish(event.reason)) checkThrown(event.reason, "an unhandled rejection");
  });
  event.preventDefault();
});

// ---------------------------------------------------------------------------------------------
// Hostile values

const NUMBERS = [
  0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 0.49999999999999994, NaN, Infinity, -Infinity,
  127, 128, 255, 256, -128, -129, 199, 200, 299, 599, 600, 32767, 32768, 65535, 65536, 65537,
  2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, -(2 ** 32),
  4294967295.5, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 63, -(2 ** 63), 2 ** 64,
  2 ** 64 + 2 ** 12, -(2 ** 64), 1e21, 1e308, Number.MAX_VALUE, Number.MIN_VALUE,
  -Number.MIN_VALUE, Number.EPSILON, 1796112679123, 8.64e15, 8.64e15 + 1,
];

// Pieces strings are made of: lone and paired surrogates, NUL, Latin-1 edges, whitespace, the
// enumeration values of webidl/, URLs, header and method names, tag and attribute names,
// selectors, CSS, markup, numbers as text, and names objects already have.
const PIECES = [
  "", "a", "Z", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D\uDE00", "\uDE00\uD83D", "\0",
  "\u00FF", "\u0100", "\u00E9", "\uFFFD", "\uFFFE", "\uFEFF", "\u0301", "\u202E", "\u200B", "ß",
  "İ", " ", "\t", "\n", "\r", "\r\n", "\f", "\u000B", "\u00A0", "\u3000",
  "auto", "ltr", "rtl", "granted", "denied", "default", "prompt", "notifications", "2d",
  "webgl", "transparent", "native", "srgb", "display-p3", "next", "nextunique", "prev",
  "prevunique", "readonly", "readwrite", "versionchange", "strict", "relaxed", "json", "text",
  "blob", "arraybuffer", "document", "classic", "module",
  "https://localhost/", "https://localhost:1/x?y#z", "http://[::1]/", "https://a.test/", "//x",
  "data:,x", "data:text/plain;base64,eA==", "blob:https://localhost/00000000-0000-0000-0000-000000000000",
  "javascript:void 0", "about:blank", "file:///etc/passwd", "x:", "?a=b&c=d", "#frag", "%",
  "%zz", "%00", "%F0%9F%98%80", "a=b", "&", "=", "+", "/", "\\", "..", ":", "@", "[", "]",
  "0", "-0", "1", "-1", "1e3", "0x10", "Infinity", "NaN", " 12 ", "4294967296", "true",
  "GET", "get", "post", "HEAD", "CONNECT", "TRACE", "track", "x-y", "Set-Cookie",
  "content-type", "text/html; charset=utf-8", "Content-Length", "Accept-Charset", "",
  "div", "span", "p", "input", "select", "option", "textarea", "form", "button", "label",
  "x-custom", "x:y", "1abc", "a b", "data-foo", "data-", "fooBar", "foo-bar", "a-b", "-a",
  "id", "class", "style", "hidden", "onclick", "<", ">", "<p>", "</p>", "<!--", "-->",
  "<b>x</b>", "<table><td>", "&amp;", "&#0;", "]]>", "'", "\"", "`", "*", "div > p", ":not(",
  "a, b", "#id", ".cls", "[x=y]", "color", "--x", "red", "!important", "important", "float",
  "beforebegin", "afterbegin", "beforeend", "afterend", "__proto__", "constructor",
  "toString", "valueOf", "length", "then", "handleEvent", "getItem", "key", "0", "4294967295",
];

function string(g, budget = 16) {
  if (g.chance(0.02) && budget >= 16) {
    // A long string: up to 2^20 code units (linear work on longer ones only measures a debug
    // build's speed).
    return g.pick(PIECES).repeat(1 + g.below(8)) + "x".repeat(2 ** (12 + g.below(9)));
  }
  let s = "";
  const parts = 1 + g.below(4);
  for (let i = 0; i < parts; i++) {
    const piece = g.pick(PIECES);
    s += g.chance(0.1) ? piece.repeat(1 + g.size(budget > 8 ? 10 : 4)) : piece;
  }
  return s;
}

function number(g) {
  switch (g.below(6)) {
    case 0:
      return g.double();
    case 1:
      return g.u32() - 2 ** 31;
    case 2:
      return (g.u32() * 2 ** 21 + g.below(2 ** 21)) * (g.bool() ? 1 : -1);
    default:
      return g.pick(NUMBERS);
  }
}

function primitive(g) {
  switch (g.below(12)) {
    case 0:
      return undefined;
    case 1:
      return null;
    case 2:
      return g.bool();
    case 3:
    case 4:
    case 5:
      return number(g);
    case 6:
    case 7:
    case 8:
      return string(g);
    case 9:
      return g.pick([Symbol(), Symbol("s"), Symbol.iterator, Symbol.toPrimitive, Symbol.for("x")]);
    case 10:
      return g.pick([0n, 1n, -1n, 2n ** 64n, -(2n ** 63n), 2n ** 1000n]);
    default:
      return g.pick([0, "", false, "0", "auto"]);
  }
}

// What a conversion hook does when it is called: throws a sentinel, returns a primitive,
// returns an object (so ToPrimitive fails), or re-enters the bindings first.
function hookResult(g, depth) {
  switch (g.below(10)) {
    case 0:
    case 1:
    case 2:
      return hookThrow(g);
    case 3:
      return {};
    case 4:
      reenter(g);
      return primitive(g);
    case 5:
      return value(g, depth + 1);
    default:
      return primitive(g);
  }
}

// A call into the bindings from inside a conversion hook, with tame arguments; whatever it
// throws stays in the hook.
function reenter(g) {
  try {
    switch (g.below(8)) {
      case 0:
        new Event("reentered", { bubbles: true });
        break;
      case 1:
        new Notification("reentered", { body: "x", data: [1, 2] }).close();
        break;
      case 2:
        localStorage.setItem("reentered", "1");
        break;
      case 3:
        structuredClone({ a: [1] });
        break;
      case 4:
        new Blob(["x"], { type: "text/plain" });
        break;
      case 5:
        document.createElement("div").setAttribute("x", "y");
        break;
      case 6:
        // Detach the case's buffers: a conversion that holds one must not read freed bytes.
        for (const buffer of current.buffers) {
          try {
            structuredClone(buffer, { transfer: [buffer] });
          } catch (e) {}
        }
        break;
      default:
        new URLSearchParams("a=b").append("c", "d");
    }
  } catch (e) {}
}

// A function a conversion hook runs as.
function hook(g, depth) {
  const plan = g.u32();
  const sub = new Gen(plan, depth);
  return function () {
    return hookResult(sub, depth);
  };
}

// An object whose conversion to a primitive goes wrong in some way.
function primitiveHostile(g, depth) {
  switch (g.below(7)) {
    case 0:
      return { [Symbol.toPrimitive]: hook(g, depth) };
    case 1:
      return { valueOf: hook(g, depth), toString: hook(g, depth) };
    case 2:
      return { toString: hook(g, depth), valueOf: undefined };
    case 3:
      return { [Symbol.toPrimitive]: g.pick([5, "x", {}, null]) };
    case 4: {
      const o = {};
      const h = hook(g, depth);
      Object.defineProperty(o, Symbol.toPrimitive, { get: h });
      return o;
    }
    case 5: {
      // A primitive that counts its conversions.
      const v = primitive(g);
      const o = { valueOf: () => v, toString: () => v };
      return o;
    }
    default:
      return Object.assign(Object.create(null), { valueOf: hook(g, depth) });
  }
}

// An object with members that are data properties, getters (throwing or returning hostile
// values), inherited, or symbols.
function hostileObject(g, depth, names = PIECES) {
  const o = g.chance(0.2) ? Object.create(null) : {};
  const count = g.size(3);
  for (let i = 0; i < count; i++) {
    const name = g.chance(0.1) ? Symbol("m") : g.pick(names);
    defineMember(g, o, name, depth);
  }
  if (g.chance(0.1)) return Object.create(o);
  return o;
}

function defineMember(g, o, name, depth) {
  const kind = g.below(4);
  try {
    if (kind === 0) {
      const h = hook(g, depth);
      Object.defineProperty(o, name, { get: h, enumerable: g.bool(), configurable: true });
    } else {
      Object.defineProperty(o, name, {
        value: value(g, depth + 1),
        enumerable: kind !== 3,
        writable: true,
        configurable: true,
      });
    }
  } catch (e) {}
}

function array(g, depth) {
  switch (g.below(7)) {
    case 0:
      return [];
    case 1: {
      const a = [];
      const n = g.size(4);
      for (let i = 0; i < n; i++) a.push(value(g, depth + 1));
      return a;
    }
    case 2: {
      // Sparse, with holes where a getter or element may be.
      const a = [];
      a.length = g.pick([3, 100, 2 ** 16]);
      a[g.below(3)] = value(g, depth + 1);
      return a;
    }
    case 3: {
      // A huge length. Its first element stops a sequence conversion (a symbol is no string,
      // a getter throws): iterating 2^32 elements that all convert would only hang, in any
      // engine. Only as a value of its own, not inside another: SpiderMonkey's messages for
      // failed conversions spell out the value's properties (ValueToSource), which for such an
      // array takes as long as the array is.
      if (depth > 0) return [];
      const a = [];
      a.length = hugeLength(g);
      if (g.bool()) a[0] = Symbol("first");
      else {
        const sub = new Gen(g.u32(), depth);
        Object.defineProperty(a, 0, { get: () => hookThrow(sub), configurable: true });
      }
      return a;
    }
    case 4: {
      const a = [primitive(g), primitive(g)];
      Object.defineProperty(a, 1, { get: hook(g, depth) });
      return a;
    }
    case 5: {
      // An array whose iterator is replaced.
      const a = [primitive(g)];
      a[Symbol.iterator] = iteratorFactory(g, depth);
      return a;
    }
    default: {
      const a = [string(g, 4), number(g)];
      Object.setPrototypeOf(a, g.chance(0.5) ? null : { [Symbol.iterator]: hook(g, depth) });
      return a;
    }
  }
}

// An @@iterator method: well-behaved, or with a throwing next/done/value/return, a next that
// returns a primitive, or a bounded number of hostile items.
function iteratorFactory(g, depth) {
  const plan = g.u32();
  return function () {
    const sub = new Gen(plan, depth);
    const length = sub.size(4);
    let i = 0;
    const mode = sub.below(8);
    const items = [];
    for (let k = 0; k < length; k++) items.push(value(sub, depth + 1));
    const iterator = {
      next() {
        if (mode === 0 && i === length) return hookThrow(sub);
        if (mode === 1 && i === length) return sub.pick([5, "x", undefined, null]);
        if (i >= length) return { done: true, value: undefined };
        const item = items[i++];
        if (mode === 2) {
          return {
            get done() {
              return hookResult(sub, depth);
            },
            value: item,
          };
        }
        if (mode === 3) {
          return {
            done: false,
            get value() {
              return hookResult(sub, depth);
            },
          };
        }
        return { done: false, value: item };
      },
    };
    if (mode >= 4) {
      iterator.return = function () {
        if (mode === 4) hookThrow(sub, true);
        if (mode === 5) return 5;
        return {};
      };
    }
    return iterator;
  };
}

function iterable(g, depth) {
  const o = g.chance(0.5) ? {} : new Map();
  o[Symbol.iterator] = g.chance(0.9) ? iteratorFactory(g, depth) : g.pick([5, {}, null, undefined]);
  return o;
}

function proxy(g, depth) {
  const target = g.weighted([
    [4, {}],
    [2, []],
    [2, () => {}],
    [1, new Date(0)],
    [1, document.createElement("div")],
    [1, new Event("x")],
  ]);
  if (target && typeof target === "object" && !Array.isArray(target)) {
    try {
      target[g.pick(PIECES)] = primitive(g);
    } catch (e) {}
  }
  const traps = [
    "get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf", "defineProperty",
    "set", "deleteProperty", "apply", "construct", "isExtensible", "preventExtensions",
  ];
  const handler = {};
  const count = 1 + g.below(4);
  for (let i = 0; i < count; i++) {
    const trap = g.pick(traps);
    const sub = new Gen(g.u32(), depth);
    handler[trap] = function (t, ...args) {
      switch (sub.below(4)) {
        case 0:
          return hookThrow(sub);
        case 1:
          if (trap === "get") return value(sub, depth + 1);
        // falls through
        default:
          return Reflect[trap](t, ...args);
      }
    };
  }
  return new Proxy(target, handler);
}

function revokedProxy(g) {
  const { proxy: p, revoke } = Proxy.revocable(g.bool() ? {} : function () {}, {});
  revoke();
  return p;
}

function func(g, depth) {
  switch (g.below(8)) {
    case 0:
      return () => {};
    case 1:
      return function () {
        return hookResult(g, depth);
      };
    case 2:
      return class {};
    case 3:
      return async () => {};
    case 4:
      return function* () {};
    case 5:
      return Function.prototype;
    case 6: {
      const f = function () {};
      defineMember(g, f, g.pick(["handleEvent", "length", "name", "toString", "prototype"]), depth);
      return f;
    }
    default:
      return (() => {}).bind(null, 1);
  }
}

function buffer(g) {
  const kind = g.below(4);
  const length = g.pick([0, 1, 7, 8, 16, 4096]);
  let b;
  if (kind === 0) b = new ArrayBuffer(length, { maxByteLength: length * 2 + 8 });
  else b = new ArrayBuffer(length);
  for (let i = 0; i < length; i += 97) new Uint8Array(b)[i] = g.below(256);
  if (current) current.buffers.push(b);
  if (g.chance(0.1)) {
    // Detached already.
    structuredClone(b, { transfer: [b] });
  }
  return b;
}

const TYPED_ARRAYS = [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
];

function builtin(g, depth) {
  switch (g.below(16)) {
    case 0:
      return new Date(g.pick([0, NaN, 8.64e15, -8.64e15, Date.now()]));
    case 1:
      return /a(b)?/gu;
    case 2: {
      const T = g.pick(TYPED_ARRAYS);
      const b = buffer(g);
      try {
        return b.byteLength % T.BYTES_PER_ELEMENT === 0 && !b.detached ? new T(b) : new T(g.size(5));
      } catch (e) {
        return new T(2);
      }
    }
    case 3:
      return buffer(g);
    case 4: {
      const b = buffer(g);
      try {
        return new DataView(b);
      } catch (e) {
        return new DataView(new ArrayBuffer(4));
      }
    }
    case 5:
      return new Map([[1, value(g, depth + 1)]]);
    case 6:
      return new Set([value(g, depth + 1)]);
    case 7:
      return Promise.resolve(1);
    case 8:
      return g.pick([new Error("e"), new RangeError("r"), new DOMException("m", "DataError")]);
    case 9:
      return g.pick([new String("str"), new Number(5), new Boolean(false), Object(Symbol()), Object(5n)]);
    case 10:
      return new WeakMap();
    case 11:
      return g.pick([Math, JSON, Reflect, globalThis.Atomics || {}]);
    case 12:
      return g.pick([Object.prototype, Array.prototype, Function.prototype, Event.prototype]);
    case 13: {
      const b = new ArrayBuffer(16, { maxByteLength: 64 });
      const view = new Uint8Array(b); // length-tracking
      b.resize(g.pick([0, 8, 64]));
      return view;
    }
    case 14:
      return new WeakRef({});
    default:
      return arguments;
  }
}

// Platform objects: none of them is connected to the document, so conversions that move
// nodes never change the page other cases run in.
function platform(g) {
  switch (g.below(22)) {
    case 0:
      return document;
    case 1:
      return document.createElement(g.pick(["div", "input", "select", "option", "form", "button", "textarea", "span"]));
    case 2:
      return new Text("t");
    case 3:
      return new Event("e");
    case 4: {
      const n = new Notification("p");
      n.close();
      return n;
    }
    case 5:
      return new Blob(["b"]);
    case 6:
      return new MessageChannel()[g.bool() ? "port1" : "port2"];
    case 7:
      return new URL("https://localhost/u");
    case 8:
      return new Headers();
    case 9:
      return window;
    case 10:
      return location;
    case 11:
      return navigator;
    case 12:
      return localStorage;
    case 13:
      return document.createElement("div").dataset;
    case 14:
      return IDBKeyRange.only(1);
    case 15:
      return new ImageData(1, 1);
    case 16:
      return new EventTarget();
    case 17:
      return new URLSearchParams("a=1");
    case 18:
      return document.createElement("div").style;
    case 19:
      return document.createElement("div").classList;
    case 20:
      return new XMLHttpRequest();
    default:
      return new DOMException("x", "SyntaxError");
  }
}

// A deep structure; InternalError ("too much recursion") is an acceptable answer to one.
function deep(g) {
  const depth = Math.min(deepLimit(), g.pick([10, 100, 1000, 3000, 10000, 20000]));
  const kind = g.below(3);
  let v = kind === 2 ? primitiveHostile(g, 0) : primitive(g);
  for (let i = 0; i < depth; i++) v = kind === 0 ? [v] : { a: v };
  return v;
}

function cyclic(g) {
  const o = g.bool() ? {} : [];
  o[0] = o;
  o.self = { back: o, n: 1 };
  return o;
}

// Any value at all.
function value(g, depth = 0) {
  if (depth > 3) return primitive(g);
  const kind = g.weighted([
    [30, "primitive"],
    [10, "primitiveHostile"],
    [6, "object"],
    [6, "array"],
    [4, "proxy"],
    [1, "revoked"],
    [4, "function"],
    [5, "builtin"],
    [4, "platform"],
    [1, "deep"],
    [1, "cyclic"],
    [2, "iterable"],
  ]);
  switch (kind) {
    case "primitive":
      return primitive(g);
    case "primitiveHostile":
      return primitiveHostile(g, depth);
    case "object":
      return hostileObject(g, depth);
    case "array":
      return array(g, depth);
    case "proxy":
      return proxy(g, depth);
    case "revoked":
      return revokedProxy(g);
    case "function":
      return func(g, depth);
    case "builtin":
      return builtin(g, depth);
    case "platform":
      return platform(g);
    case "deep":
      return deep(g);
    case "cyclic":
      return cyclic(g);
    default:
      return iterable(g, depth);
  }
}

// A value that is plausible for a slot half the time (one of `good`), anything otherwise.
function plausible(g, good) {
  if (g.bool()) return typeof good === "function" ? good(g) : g.pick(good);
  return value(g);
}

// Values structured cloning must copy exactly (for round-trip checks).
function clonable(g, depth = 0) {
  switch (depth > 2 ? g.below(4) : g.below(10)) {
    case 0:
      return g.pick([undefined, null, true, false]);
    case 1: {
      const n = number(g);
      return n;
    }
    case 2:
      return string(g, 8);
    case 3:
      return g.pick([0n, -5n, 2n ** 70n]);
    case 4: {
      const a = [];
      const n = g.size(3);
      for (let i = 0; i < n; i++) a.push(clonable(g, depth + 1));
      if (g.chance(0.2)) a[n + 3] = 1; // holes
      return a;
    }
    case 5: {
      const o = {};
      const n = g.size(3);
      // Defined, not assigned: a key "__proto__" is then an own property, as structured
      // cloning makes it, rather than the object's prototype.
      for (let i = 0; i < n; i++) {
        Object.defineProperty(o, string(g, 2), { value: clonable(g, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return o;
    }
    case 6:
      return new Date(g.pick([0, NaN, 1e12, -1]));
    case 7:
      return new Map([[clonable(g, depth + 1), clonable(g, depth + 1)]]);
    case 8: {
      const T = g.pick(TYPED_ARRAYS);
      const a = new T(g.size(3));
      for (let i = 0; i < a.length; i++) a[i] = T === BigInt64Array || T === BigUint64Array ? BigInt(i) : i * 3;
      return a;
    }
    default:
      return g.pick([new String("s"), new Number(-0), new Boolean(true), /x/gi, new Set([1, "a"])]);
  }
}

// Structural equality for clonable values (Object.is for leaves, so -0 and NaN count).
function sameClone(a, b, depth = 0) {
  if (depth > 50) return true;
  if (Object.is(a, b)) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  const tag = Object.prototype.toString.call(a);
  if (tag !== Object.prototype.toString.call(b)) return false;
  if (a instanceof Date) return Object.is(a.getTime(), b.getTime());
  if (a instanceof RegExp) return a.source === b.source && a.flags === b.flags;
  if (a instanceof String || a instanceof Number || a instanceof Boolean) return Object.is(a.valueOf(), b.valueOf());
  if (a instanceof Map) {
    if (a.size !== b.size) return false;
    const ea = [...a], eb = [...b];
    return ea.every((e, i) => sameClone(e[0], eb[i][0], depth + 1) && sameClone(e[1], eb[i][1], depth + 1));
  }
  if (a instanceof Set) {
    const ea = [...a], eb = [...b];
    return ea.length === eb.length && ea.every((e, i) => sameClone(e, eb[i], depth + 1));
  }
  if (ArrayBuffer.isView(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(a) && a.length !== b.length) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k, i) => k === kb[i] && sameClone(a[k], b[k], depth + 1));
}

// ---------------------------------------------------------------------------------------------
// What the standards say a conversion gives, for primitive inputs (whose conversion has no
// side effects, so it can be computed again here).

// `v instanceof C`, false for a value that throws on the question (a revoked Proxy).
function isA(v, C) {
  try {
    return v instanceof C;
  } catch (e) {
    return false;
  }
}

function isPrimitive(v) {
  return v === null || (typeof v !== "object" && typeof v !== "function");
}

// DOMString as herald keeps it: ToString, lone surrogates as U+FFFD. Throws for a symbol.
function domString(v) {
  return `${v}`.toWellFormed();
}

// ConvertToInt without [EnforceRange] or [Clamp]: truncation, then modulo 2^bits.
// https://webidl.spec.whatwg.org/#abstract-opdef-converttoint
function integer(v, bits, signed) {
  const x = +v;
  if (!Number.isFinite(x) || x === 0) return 0;
  const t = BigInt(Math.trunc(x));
  return Number(signed ? BigInt.asIntN(bits, t) : BigInt.asUintN(bits, t));
}

// Whether converting a primitive to a number or a string throws (symbols; BigInts to numbers).
function numberThrows(v) {
  return typeof v === "symbol" || typeof v === "bigint";
}

function stringThrows(v) {
  return typeof v === "symbol";
}

// A dictionary argument for a dictionary with `members` (in WebIDL's order: inherited ones
// first, then lexicographic). Returns {dict, given, recorded}: `given` holds the members the
// checker can predict (data properties, own or inherited, of an ordinary object), `recorded`
// the member reads a recording Proxy saw (null when the dictionary is not one).
function dictionary(g, members, goodValues) {
  const shape = g.weighted([
    [2, "absent"],
    [1, "null"],
    [2, "primitive"],
    [12, "plain"],
    [2, "nullproto"],
    [1, "function"],
    [1, "array"],
    [4, "recording"],
    [2, "proxy"],
    [1, "platform"],
  ]);
  if (shape === "absent") return { dict: undefined, given: {}, predictable: true, recorded: null };
  if (shape === "null") return { dict: null, given: {}, predictable: true, recorded: null };
  if (shape === "primitive") return { dict: primitive(g), given: {}, predictable: false, recorded: null };
  if (shape === "platform") return { dict: platform(g), given: {}, predictable: false, recorded: null };
  let o;
  if (shape === "nullproto") o = Object.create(null);
  else if (shape === "function") o = function () {};
  else if (shape === "array") o = [];
  else o = {};
  const given = {};
  const good = {};
  let predictable = shape !== "proxy";
  // Members inherited from a prototype count too (dictionaries read them with Get).
  const proto = shape !== "nullproto" && g.chance(0.2) ? {} : null;
  for (const name of members) {
    if (!g.chance(0.45)) continue;
    good[name] = goodValues[name] !== undefined && g.bool();
    const source = goodValues[name];
    const v = good[name] ? (typeof source === "function" ? source(g) : g.pick(source)) : value(g, 1);
    const how = g.below(6);
    try {
      if (how === 0) {
        Object.defineProperty(o, name, { get: hook(g, 0), enumerable: true, configurable: true });
        predictable = false;
      } else if (how === 1 && proto) {
        proto[name] = v;
        given[name] = v;
      } else {
        o[name] = v;
        given[name] = v;
      }
    } catch (e) {
      predictable = false;
    }
  }
  if (g.chance(0.2)) {
    // A member of no interest (unless it happens to be one of the dictionary's, or
    // "__proto__", which makes the value the prototype: a platform object, even the window,
    // whose members the dictionary then inherits).
    const name = g.pick(PIECES);
    if (members.includes(name) || name === "__proto__") predictable = false;
    try {
      o[name] = value(g);
    } catch (e) {
      // An array's length, a function's name.
      predictable = false;
    }
  }
  if (proto) Object.setPrototypeOf(o, proto);
  if (shape === "recording") {
    const recorded = [];
    const dict = new Proxy(o, {
      get(t, k, r) {
        recorded.push(k);
        return Reflect.get(t, k, r);
      },
    });
    return { dict, given, good, predictable, recorded };
  }
  if (shape === "proxy") return { dict: proxy(g, 0), given: {}, good, predictable: false, recorded: null };
  return { dict: o, given, good, predictable, recorded: null };
}

// Each member is read once, in order: a whole pass when the conversion succeeded, a prefix of
// one when it threw.
function checkReads(what, d, members, succeeded) {
  if (!d.recorded) return;
  const reads = d.recorded.filter((k) => typeof k === "string" && members.includes(k));
  const prefix = members.slice(0, reads.length);
  check(
    reads.length <= members.length && reads.every((k, i) => k === prefix[i]),
    "dictionary-order",
    () => `${what} read the members as [${reads.join(",")}], not in WebIDL's order [${members.join(",")}]`,
  );
  if (succeeded) {
    check(reads.length === members.length, "dictionary-order", () => `${what} read only [${reads.join(",")}] of [${members.join(",")}]`);
  }
}

// A dictionary member as the checker predicts it: {has, v} when the member is absent (has:
// false) or a primitive, null when it cannot say.
function member(d, name) {
  if (!d.predictable) return null;
  if (!(name in d.given)) return { has: false };
  const v = d.given[name];
  return isPrimitive(v) ? { has: v !== undefined, v } : null;
}

// The URL a notification keeps for an option: parsed against the document's URL, or "".
function notificationURL(s) {
  try {
    return new URL(s.toWellFormed(), location.href).href;
  } catch (e) {
    return "";
  }
}

// ---------------------------------------------------------------------------------------------
// Targets: each runs one or a few calls of an entry point with generated arguments and checks
// what came back.

const ENUMS = {
  dir: ["auto", "ltr", "rtl"],
  permission: ["default", "denied", "granted"],
};

const URLISH = ["https://localhost/i.png", "i.png", "//a.test/x", "data:image/png;base64,AA==", "https://[::1", "", "javascript:x", "\uD800"];

const NOTIFICATION_MEMBERS = [
  "actions", "badge", "body", "data", "dir", "icon", "image", "lang", "navigate", "renotify",
  "requireInteraction", "silent", "tag", "timestamp",
];
const ACTION_MEMBERS = ["action", "icon", "navigate", "title"];

function notificationAction(g) {
  const d = dictionary(g, ACTION_MEMBERS, {
    action: (g) => string(g, 4),
    title: (g) => string(g, 4),
    navigate: URLISH,
    icon: URLISH,
  });
  return d.dict;
}

const NOTIFICATION_GOOD = {
  actions: (g) => g.pick([[], [notificationAction(g)], [notificationAction(g), notificationAction(g)]]),
  badge: URLISH,
  body: (g) => string(g),
  data: (g) => clonable(g),
  dir: ENUMS.dir,
  icon: URLISH,
  image: URLISH,
  lang: ["", "en", "nl-BE", "x-\uD800"],
  navigate: URLISH,
  renotify: [true, false, 0, 1, ""],
  requireInteraction: [true, false, "x"],
  silent: [null, true, false, undefined],
  tag: ["", "t", "\uDC00"],
  timestamp: (g) => number(g),
};

function checkNotification(n, title, d) {
  if (!check(n instanceof Notification, "result-type", "new Notification() did not make a Notification")) return;
  const t = n.title;
  check(typeof t === "string", "attribute-type", "title is not a string");
  if (isPrimitive(title)) check(t === domString(title), "string-conversion", () => `title ${describe(t)} is not ToString(${describe(title)})`);
  check(ENUMS.dir.includes(n.dir), "attribute-type", () => `dir is ${describe(n.dir)}`);
  for (const name of ["lang", "body", "tag", "navigate", "image", "icon", "badge"]) {
    const v = n[name];
    check(typeof v === "string" && v === v.toWellFormed(), "attribute-type", () => `${name} is ${describe(v)}`);
  }
  const ts = n.timestamp;
  check(Number.isInteger(ts) && ts >= 0 && ts <= 2 ** 64, "attribute-type", () => `timestamp is ${ts}`);
  check(typeof n.renotify === "boolean" && typeof n.requireInteraction === "boolean", "attribute-type", "a boolean attribute is not a boolean");
  check(n.silent === null || typeof n.silent === "boolean", "attribute-type", () => `silent is ${describe(n.silent)}`);
  const actions = n.actions;
  check(Array.isArray(actions) && Object.isFrozen(actions) && actions.length === 0, "actions", "actions is not a frozen empty array");
  check(n.actions === actions, "same-object", "actions is not [SameObject]");
  const data = n.data;
  check(Object.is(n.data, data), "same-object", "data is not [SameObject]");

  // What the options say.
  for (const name of ["body", "lang", "tag"]) {
    const m = member(d, name);
    if (m && m.has && !stringThrows(m.v)) {
      check(n[name] === domString(m.v), "string-conversion", () => `${name} ${describe(n[name])} is not ToString(${describe(m.v)})`);
    }
  }
  for (const name of ["navigate", "image", "icon", "badge"]) {
    const m = member(d, name);
    if (m && m.has && !stringThrows(m.v)) {
      const expected = notificationURL(`${m.v}`);
      check(n[name] === expected, "url-conversion", () => `${name} ${describe(n[name])} is not ${describe(expected)} (from ${describe(m.v)})`);
    } else if (m && !m.has) {
      check(n[name] === "", "default", () => `${name} is ${describe(n[name])} without the option`);
    }
  }
  const dir = member(d, "dir");
  if (dir) check(n.dir === (dir.has ? dir.v : "auto"), "enum-conversion", () => `dir ${n.dir} from ${describe(dir.v)}`);
  const timestamp = member(d, "timestamp");
  if (timestamp && timestamp.has && !numberThrows(timestamp.v)) {
    const expected = integer(timestamp.v, 64, false);
    check(ts === expected, "integer-conversion", () => `timestamp ${ts} is not ${expected} (unsigned long long of ${describe(timestamp.v)})`);
  }
  for (const [name, attr] of [["renotify", "renotify"], ["requireInteraction", "requireInteraction"]]) {
    const m = member(d, name);
    if (m) check(n[attr] === !!m.v, "boolean-conversion", () => `${attr} ${n[attr]} from ${describe(m.v)}`);
  }
  const silent = member(d, "silent");
  if (silent) {
    const expected = silent.v === undefined || silent.v === null ? null : !!silent.v;
    check(n.silent === expected, "nullable-conversion", () => `silent ${n.silent} from ${describe(silent.v)}`);
  }
  if (d.predictable && "data" in d.given) {
    const v = d.given.data;
    if (v === undefined) check(data === null, "default", () => `data is ${describe(data)} for undefined`);
    else if (d.cloneData) check(sameClone(data, v), "data-round-trip", () => `data ${describe(data)} does not match ${describe(v)}`);
  }
}

const NOTIFICATION_ERRORS = { dom: ["DataCloneError"] };

function notificationTarget(g) {
  const title = plausible(g, (g) => string(g));
  const d = dictionary(g, NOTIFICATION_MEMBERS, NOTIFICATION_GOOD);
  // Only data made by clonable() is compared after the round trip; other values may hold
  // anything (and primitives made by value() clone exactly too).
  d.cloneData = d.good && (d.good.data || isPrimitive(d.given.data));
  const call = g.below(10);
  const r = attempt("new Notification", () => {
    if (call === 0) return Notification(title, d.dict);
    if (call === 1) return new Notification(title);
    return new Notification(title, d.dict);
  }, NOTIFICATION_ERRORS);
  if (call === 0) {
    check(!r.ok, "constructor-without-new", "Notification() without new did not throw");
    return;
  }
  if (call !== 1) checkReads("NotificationOptions", d, NOTIFICATION_MEMBERS, r.ok);
  if (r.ok) {
    checkNotification(r.value, title, call === 1 ? { predictable: true, given: {} } : d);
    const n = r.value;
    // Handlers, then close (so a granted run does not keep notifications open).
    eventHandlerCheck(g, n, ["onclick", "onshow", "onerror", "onclose"]);
    attempt("Notification.close", () => n.close());
  }
}

// Notification options whose data comes from clonable(): the round trip must be exact.
function notificationDataTarget(g) {
  const data = clonable(g);
  const options = { data, body: string(g, 4), tag: g.pick(["", "t"]) };
  const r = attempt("new Notification (data)", () => new Notification(string(g, 4), options), NOTIFICATION_ERRORS);
  if (!r.ok) return;
  const n = r.value;
  const copy = n.data;
  // (An undefined member is a missing one: data is then null.)
  check(sameClone(copy, data === undefined ? null : data), "data-round-trip", () => `data ${describe(copy)} does not match ${describe(data)}`);
  if (copy !== null && typeof copy === "object") check(copy !== data, "data-round-trip", "data is the same object, not a copy");
  n.close();
}

function requestPermissionTarget(g) {
  const plain = g.chance(0.4);
  let calls = 0;
  const callback = plain
    ? function (permission) {
        calls++;
        asyncCheck(current ? current.index : -1, "requestPermission callback", () => {
          check(ENUMS.permission.includes(permission), "callback-argument", () => `the callback got ${describe(permission)}`);
        });
      }
    : value(g);
  const r = attempt("Notification.requestPermission", () => Notification.requestPermission(callback), undefined, { promise: true });
  if (!r.ok) {
    violation("promise-operation-threw", `requestPermission threw ${describe(r.error)} instead of returning a rejected promise`);
    return;
  }
  const callbackOk = callback === undefined || callback === null || typeof callback === "function";
  track(r.value, "Notification.requestPermission", {
    rejectWith: r.rejectWith,
    onFulfilled: (p) => {
      check(callbackOk, "conversion-accepted", () => `requestPermission accepted ${describe(callback)} as a callback`);
      check(ENUMS.permission.includes(p), "promise-value", () => `requestPermission resolved to ${describe(p)}`);
      if (plain) check(calls === 1, "callback-calls", () => `the callback ran ${calls} times before the promise resolved`);
    },
    allowed: { dom: [] },
  });
}

// ---------------------------------------------------------------------------------------------
// Events

const BOOLS = [true, false, 0, 1, "", "x", null, undefined, NaN];
const EVENT_MEMBERS = ["bubbles", "cancelable", "composed"];
const EVENT_GOOD = { bubbles: BOOLS, cancelable: BOOLS, composed: BOOLS };
const EVENT_TYPES = ["x", "click", "", "\uD800", "message", "input", "show"];

// The event interfaces with constructors, their dictionaries' own members (after EventInit's)
// and how to check an attribute against a predictable member.
const str = (v) => domString(v);
const u32 = (v) => integer(v, 32, false);
const u64 = (v) => integer(v, 64, false);
const bool = (v) => !!v;
const same = (v) => v;
const nullableStr = (v) => (v === null ? null : domString(v));
const nullableU64 = (v) => (v === null ? null : integer(v, 64, false));

const EVENT_INTERFACES = [
  {
    name: "ErrorEvent",
    members: { colno: u32, error: same, filename: str, lineno: u32, message: str },
    good: { colno: NUMBERS, lineno: NUMBERS, filename: PIECES, message: PIECES },
    defaults: { colno: 0, lineno: 0, filename: "", message: "", error: undefined },
  },
  {
    name: "ProgressEvent",
    members: { lengthComputable: bool, loaded: u64, total: u64 },
    good: { loaded: NUMBERS, total: NUMBERS, lengthComputable: BOOLS },
    defaults: { lengthComputable: false, loaded: 0, total: 0 },
  },
  {
    name: "IDBVersionChangeEvent",
    members: { newVersion: nullableU64, oldVersion: u64 },
    good: { newVersion: [null, ...NUMBERS], oldVersion: NUMBERS },
    defaults: { newVersion: null, oldVersion: 0 },
  },
  {
    name: "MessageEvent",
    members: { data: same, lastEventId: str, origin: str, ports: null, source: null },
    good: {
      lastEventId: PIECES,
      origin: PIECES,
      ports: (g) => g.pick([[], [new MessageChannel().port1], [1], "x", null]),
      source: (g) => g.pick([null, window, {}, 5]),
    },
    defaults: { data: null, lastEventId: "", origin: "", source: null },
  },
  {
    name: "StorageEvent",
    members: { key: nullableStr, newValue: nullableStr, oldValue: nullableStr, storageArea: null, url: str },
    good: { key: [null, ...PIECES], newValue: [null, "v"], oldValue: [null, "\uDC00"], url: PIECES, storageArea: (g) => g.pick([localStorage, sessionStorage, null, {}]) },
    defaults: { key: null, newValue: null, oldValue: null, url: "", storageArea: null },
  },
  {
    name: "PromiseRejectionEvent",
    members: { promise: null, reason: same },
    good: { promise: (g) => g.pick([Promise.resolve(), {}, 5, null]) },
    defaults: {},
    required: ["promise"],
  },
  {
    name: "SubmitEvent",
    members: { submitter: null },
    good: { submitter: (g) => g.pick([null, document.createElement("button"), document.createElement("div"), document, {}]) },
    defaults: { submitter: null },
  },
  {
    name: "Event",
    members: {},
    good: {},
    defaults: {},
  },
];

function checkEventBasics(e, type, d) {
  if (isPrimitive(type) && !stringThrows(type)) {
    check(e.type === domString(type), "string-conversion", () => `type ${describe(e.type)} is not ToString(${describe(type)})`);
  }
  check(e.isTrusted === false, "event", "a constructed event is trusted");
  check(e.eventPhase === 0 && e.target === null && e.defaultPrevented === false, "event", "a constructed event is not fresh");
  check(typeof e.timeStamp === "number" && e.timeStamp >= 0, "event", () => `timeStamp ${e.timeStamp}`);
  for (const name of EVENT_MEMBERS) {
    const m = member(d, name);
    // (composed has an id of its own: several constructors forget it.)
    const id = name === "composed" ? "event-init-composed" : "boolean-conversion";
    if (m) check(e[name] === !!m.v, id, () => `${e.constructor.name}: ${name} ${e[name]} from ${describe(m.v)}`);
  }
}

function eventTarget(g) {
  const spec = g.pick(EVENT_INTERFACES);
  const own = Object.keys(spec.members).sort();
  const members = [...EVENT_MEMBERS, ...own];
  const type = plausible(g, EVENT_TYPES);
  const d = dictionary(g, members, { ...EVENT_GOOD, ...spec.good });
  const Interface = globalThis[spec.name];
  const r = attempt(`new ${spec.name}`, () => (g.chance(0.05) ? Interface(type, d.dict) : new Interface(type, d.dict)), { dom: [] });
  checkReads(`${spec.name}Init`, d, members, r.ok);
  if (!r.ok) return;
  const e = r.value;
  if (!check(e instanceof Interface, "result-type", () => `new ${spec.name} made ${describe(e)}`)) return;
  checkEventBasics(e, type, d);
  for (const name of own) {
    const convert = spec.members[name];
    const m = d.predictable ? (name in d.given ? { has: d.given[name] !== undefined, v: d.given[name] } : { has: false }) : null;
    if (!m) continue;
    const actual = e[name];
    if (!m.has) {
      if (name in spec.defaults) check(Object.is(actual, spec.defaults[name]), "default", () => `${spec.name}.${name} is ${describe(actual)} without the member`);
      continue;
    }
    if (convert === same || (name === "promise" || name === "source" || name === "submitter" || name === "storageArea")) {
      if (m.v !== null || convert === same) check(Object.is(actual, m.v), "any-conversion", () => `${spec.name}.${name} is ${describe(actual)}, not the value given`);
      continue;
    }
    if (!convert || !isPrimitive(m.v)) continue;
    if ((convert === u32 || convert === u64 || convert === nullableU64) && numberThrows(m.v)) continue;
    if (stringThrows(m.v)) continue;
    const expected = convert(m.v);
    check(Object.is(actual, expected), "conversion", () => `${spec.name}.${name} is ${describe(actual)}, expected ${describe(expected)} from ${describe(m.v)}`);
  }
  // The legacy members.
  const v = value(g);
  const before = e.defaultPrevented;
  const w = attempt("Event.returnValue setter", () => {
    e.returnValue = v;
  });
  // ToBoolean runs no script, so the setter cannot throw.
  if (check(w.ok, "setter-threw", () => `returnValue = ${describe(v)} threw ${describe(w.error)}`)) {
    const expected = before || (!v && e.cancelable);
    check(e.defaultPrevented === expected, "boolean-conversion", () => `returnValue = ${describe(v)} left defaultPrevented ${e.defaultPrevented}`);
  }
  const t2 = plausible(g, EVENT_TYPES);
  const b2 = value(g);
  const init = attempt("Event.initEvent", () => e.initEvent(t2, b2, value(g)));
  if (init.ok && isPrimitive(t2) && isPrimitive(b2)) {
    check(e.type === domString(t2) && e.bubbles === !!b2, "conversion", () => `initEvent(${describe(t2)}, ${describe(b2)}) gave type ${describe(e.type)} bubbles ${e.bubbles}`);
  }
}

// [LegacyTreatNonObjectAsNull] EventHandler attributes: an object is kept as it is (callable
// or not), anything else is null; setting never throws. A callable handler runs with `this`
// the target, and returning false cancels the event.
function eventHandlerCheck(g, target, names) {
  const name = g.pick(names);
  let calls = 0;
  const counter = function (event) {
    calls++;
    check(this === target && event.currentTarget === target, "handler-this", `the ${name} handler ran with the wrong this or currentTarget`);
    return false;
  };
  const v = g.chance(0.4) ? counter : value(g);
  const r = attempt(`${name} setter`, () => {
    target[name] = v;
  });
  if (!check(r.ok, "event-handler-setter", () => `setting ${name} to ${describe(v)} threw ${describe(r.error)}`)) return;
  const got = target[name];
  const expected = v !== null && (typeof v === "object" || typeof v === "function") ? v : null;
  check(got === expected, "event-handler-conversion", () => `${name} is ${describe(got)} after setting ${describe(v)}`);
  const d = attempt("dispatchEvent (handler)", () => target.dispatchEvent(new Event(name.slice(2), { cancelable: true })), { dom: [] }, { reports: true });
  check(d.ok, "dispatch-threw", () => `dispatchEvent threw ${describe(d.error)} (a handler's exception must be reported)`);
  if (v === counter) {
    check(calls === 1, "handler-calls", () => `the ${name} handler ran ${calls} times`);
    check(d.value === false, "handler-return", () => `returning false from ${name} did not cancel the event`);
  }
  target[name] = null;
  check(target[name] === null, "event-handler-conversion", `${name} is not null after setting null`);
}

// addEventListener / removeEventListener / dispatchEvent with generated types, listeners and
// options, and the bookkeeping the DOM Standard asks for.
function listenerTarget(g) {
  const target = g.pick([
    () => new EventTarget(),
    () => document.createElement("span"),
    () => new XMLHttpRequest(),
    () => new OffscreenCanvas(1, 1),
    () => {
      const n = new Notification("l");
      n.close();
      return n;
    },
  ])();
  const type = plausible(g, EVENT_TYPES);
  let calls = 0;
  let thisOk = true;
  const kind = g.below(4);
  const fn = function (event) {
    calls++;
    if (event.currentTarget !== target || event.eventPhase !== 2) thisOk = false;
    if (kind === 0 && this !== target) thisOk = false;
    if (kind === 1 && this !== listener) thisOk = false;
  };
  const listener = kind === 0 ? fn : kind === 1 ? { handleEvent: fn } : value(g);
  const ours = kind <= 1;
  // Options: a dictionary, a primitive (the boolean member of the union), or anything.
  const optionKind = g.below(3);
  const d =
    optionKind === 0
      ? dictionary(g, ["capture", "once", "passive"], { capture: BOOLS, once: BOOLS, passive: BOOLS })
      : { dict: optionKind === 1 ? primitive(g) : value(g), given: {}, predictable: false, recorded: null };
  if (optionKind === 1) d.predictable = true;
  const add = attempt("addEventListener", () => target.addEventListener(type, listener, d.dict), { dom: [] });
  if (optionKind === 0) checkReads("AddEventListenerOptions", d, ["capture", "once", "passive"], add.ok);
  const typeOk = isPrimitive(type) && !stringThrows(type);
  if (typeOk && isPrimitive(listener) && listener !== null && listener !== undefined) {
    check(!add.ok && add.error instanceof TypeError, "conversion-accepted", () => `addEventListener accepted ${describe(listener)} as a listener`);
    return;
  }
  if (!add.ok || !typeOk) return;
  const typeString = domString(type);
  // What the options mean, when they are predictable.
  let capture = null;
  let once = null;
  if (optionKind === 1) {
    capture = isPrimitive(d.dict) && d.dict !== null && d.dict !== undefined ? !!d.dict : false;
    once = false;
  } else if (optionKind === 0 && d.predictable && d.dict !== null && typeof d.dict === "object") {
    const c = member(d, "capture");
    const o = member(d, "once");
    if (c && o) {
      capture = !!c.v;
      once = !!o.v;
    }
  } else if (optionKind === 0 && (d.dict === undefined || d.dict === null)) {
    capture = false;
    once = false;
  }
  if (ours && g.chance(0.3) && capture !== null) {
    // The same listener again: a duplicate is not added.
    target.addEventListener(typeString, listener, capture);
  }
  const first = attempt("dispatchEvent", () => target.dispatchEvent(new Event(typeString)), { dom: [] }, { reports: true });
  check(first.ok, "dispatch-threw", () => `dispatchEvent threw ${describe(first.error)}`);
  if (!ours || capture === null) {
    attempt("removeEventListener", () => target.removeEventListener(type, listener, d.dict), { dom: [] });
    return;
  }
  check(calls === 1, "listener-calls", () => `the listener ran ${calls} times for one dispatch`);
  target.dispatchEvent(new Event(typeString));
  check(calls === (once ? 1 : 2), "listener-once", () => `after two dispatches the listener ran ${calls} times (once: ${once})`);
  const removed = attempt("removeEventListener", () => target.removeEventListener(typeString, listener, g.bool() ? capture : { capture }), { dom: [] });
  check(removed.ok, "remove-threw", () => `removeEventListener threw ${describe(removed.error)}`);
  const before = calls;
  target.dispatchEvent(new Event(typeString));
  check(calls === before, "listener-removed", "the listener ran after removeEventListener");
  check(thisOk, "listener-this", "a listener ran with the wrong this, currentTarget or eventPhase");
  // Anything as the event.
  const v = value(g);
  const bad = attempt("dispatchEvent (any)", () => target.dispatchEvent(v), { dom: ["InvalidStateError"] }, { reports: true });
  if (!isA(v, Event)) check(!bad.ok, "conversion-accepted", () => `dispatchEvent accepted ${describe(v)}`);
}

function handlerTarget(g) {
  const which = g.below(4);
  if (which === 0) {
    const n = new Notification("h");
    n.close();
    eventHandlerCheck(g, n, ["onclick", "onshow", "onerror", "onclose"]);
  } else if (which === 1) {
    eventHandlerCheck(g, document.createElement(g.pick(["div", "input", "form"])), ["onclick", "oninput", "onchange", "onsubmit", "onload", "onerror", "onfocus"]);
  } else if (which === 2) {
    eventHandlerCheck(g, new XMLHttpRequest(), ["onreadystatechange", "onload", "onerror", "onabort", "ontimeout", "onprogress"]);
  } else {
    eventHandlerCheck(g, new MessageChannel().port1, ["onmessageerror", "onclose"]);
  }
}

// ---------------------------------------------------------------------------------------------
// Blob, URL, URLSearchParams, Headers, Request, Response

// A sequence conversion that accepts every element (sequence<any>) walks the whole length: a
// generated array with a huge length would only measure patience.
function bounded(v) {
  // (Reading the length of a Proxy runs its trap: what that throws is the generator's, not a
  // binding's, so the case does not record it.)
  const quiet = current && current.quiet;
  if (current) current.quiet = true;
  try {
    if (Array.isArray(v) && v.length > 2 ** 17) return [];
  } catch (e) {
  } finally {
    if (current) current.quiet = quiet;
  }
  return v;
}

// UTF-8 length of a string after "convert to a scalar value string".
function utf8Length(s) {
  let n = 0;
  for (const ch of s.toWellFormed()) {
    const c = ch.codePointAt(0);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

// BlobPropertyBag's type as the Blob keeps it.
function blobType(t) {
  return /^[\x20-\x7E]*$/.test(t) ? t.toLowerCase() : "";
}

function blobTarget(g) {
  let parts;
  let expectedText = null; // the text when every part is a primitive
  const shape = g.below(4);
  if (shape === 0) {
    parts = [];
    const n = g.size(3);
    for (let i = 0; i < n; i++) parts.push(g.chance(0.8) ? string(g, 8) : primitive(g));
    if (parts.every((p) => isPrimitive(p) && !stringThrows(p))) expectedText = parts.map((p) => `${p}`.toWellFormed());
  } else if (shape === 1) {
    parts = [];
    const n = g.size(3);
    for (let i = 0; i < n; i++) {
      parts.push(g.pick([() => string(g, 6), () => buffer(g), () => builtin(g, 1), () => new Blob([string(g, 4)]), () => value(g)])());
    }
  } else if (shape === 2) {
    parts = bounded(value(g));
  } else {
    parts = undefined;
    expectedText = [];
  }
  const d = dictionary(g, ["endings", "type"], { endings: ["transparent", "native", "x", "NATIVE"], type: PIECES });
  const r = attempt("new Blob", () => new Blob(parts, d.dict), { dom: [] });
  checkReads("BlobPropertyBag", d, ["endings", "type"], r.ok);
  if (!r.ok) return;
  const blob = r.value;
  check(blob instanceof Blob, "result-type", "new Blob did not make a Blob");
  const type = member(d, "type");
  if (type && !stringThrows(type.v)) {
    const expected = type.has ? blobType(`${type.v}`) : "";
    check(blob.type === expected, "blob-type", () => `type ${describe(blob.type)}, expected ${describe(expected)} from ${describe(type.v)}`);
  }
  const endings = member(d, "endings");
  let text = null;
  if (expectedText && endings && (!endings.has || endings.v === "transparent" || endings.v === "native")) {
    text = expectedText.join("");
    if (endings.v === "native") text = text.replace(/\r\n|\r/g, "\n");
    check(blob.size === utf8Length(text), "blob-size", () => `size ${blob.size}, expected ${utf8Length(text)}`);
  }
  // slice(long long start, long long end, DOMString contentType)
  const args = [];
  const n = g.below(4);
  for (let i = 0; i < n; i++) args.push(i < 2 ? plausible(g, NUMBERS) : plausible(g, PIECES));
  const s = attempt("Blob.slice", () => blob.slice(...args), { dom: [] });
  if (s.ok && args.slice(0, 2).every((a) => isPrimitive(a) && !numberThrows(a))) {
    const size = blob.size;
    const rel = (v, dflt) => {
      if (v === undefined) return dflt;
      const x = integer(v, 64, true);
      return x < 0 ? Math.max(size + x, 0) : Math.min(x, size);
    };
    const start = rel(args[0], 0);
    const end = rel(args[1], size);
    check(s.value.size === Math.max(end - start, 0), "blob-slice", () => `slice(${args.slice(0, 2).map(describe)}) of ${size} bytes has ${s.value.size}`);
  }
  if (g.chance(0.3)) {
    const p = attempt("Blob.text", () => blob.text());
    if (p.ok) {
      track(p.value, "Blob.text", {
        onFulfilled: (t) => {
          check(typeof t === "string", "promise-value", "text() did not give a string");
          // (text() decodes UTF-8, which drops a leading byte order mark.)
          if (text !== null) check(t === text.toWellFormed().replace(/^\uFEFF/, ""), "blob-text", () => `text() gave ${describe(t)}, expected ${describe(text)}`);
        },
      });
    }
  }
  if (g.chance(0.2)) {
    const p = attempt("Blob.arrayBuffer", () => blob.arrayBuffer());
    if (p.ok) track(p.value, "Blob.arrayBuffer", { onFulfilled: (b) => check(b instanceof ArrayBuffer && b.byteLength === blob.size, "promise-value", "arrayBuffer() does not hold the blob") });
  }
  const u = attempt("URL.createObjectURL", () => URL.createObjectURL(g.chance(0.8) ? blob : value(g)), { dom: [] });
  if (u.ok) {
    check(typeof u.value === "string" && u.value.startsWith("blob:"), "blob-url", () => `createObjectURL gave ${describe(u.value)}`);
    URL.revokeObjectURL(u.value);
  }
  attempt("URL.revokeObjectURL", () => URL.revokeObjectURL(value(g)), { dom: [] });
}

function urlTarget(g) {
  const input = plausible(g, PIECES);
  const hasBase = g.chance(0.5);
  const base = plausible(g, ["https://localhost/a/b", "about:blank", "x", "data:,", "https://[::1]:8080/"]);
  const r = attempt("new URL", () => (hasBase ? new URL(input, base) : new URL(input)), { dom: [] });
  const can = attempt("URL.canParse", () => (hasBase ? URL.canParse(input, base) : URL.canParse(input)), { dom: [] });
  if (isPrimitive(input) && isPrimitive(base) && !stringThrows(input) && !(hasBase && stringThrows(base))) {
    check(can.ok && can.value === r.ok, "url-canparse", () => `canParse says ${can.value} but the constructor ${r.ok ? "parsed" : "threw"} ${describe(input)}`);
    if (!r.ok) check(r.error instanceof TypeError, "url-error", () => `new URL threw ${describe(r.error)}`);
  }
  if (!r.ok) return;
  const url = r.value;
  check(url.href === url.toString() && url.href === url.toJSON(), "url-href", "href, toString() and toJSON() differ");
  for (let i = 0; i < 3; i++) {
    const attr = g.pick(["href", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"]);
    const v = plausible(g, PIECES);
    const before = url.href;
    const w = attempt(`URL.${attr} setter`, () => {
      url[attr] = v;
    }, { dom: [] });
    if (!w.ok && attr !== "href" && isPrimitive(v) && !stringThrows(v)) {
      violation("setter-threw", `URL.${attr} = ${describe(v)} threw ${describe(w.error)} (only href may throw)`);
    }
    check(typeof url.href === "string" && url.href === url.href.toWellFormed(), "url-href", "href is not a scalar value string");
    if (!w.ok) check(url.href === before, "url-href", "a failed setter changed the URL");
  }
  const params = url.searchParams;
  check(params === url.searchParams, "same-object", "searchParams is not [SameObject]");
  const appended = attempt("URLSearchParams.append (URL)", () => params.append(value(g), value(g)), { dom: [] });
  if (!appended.ok) return;
  check(url.search === (params.toString() === "" ? "" : "?" + params.toString()), "url-search", () => `search ${describe(url.search)} does not follow searchParams ${describe(params.toString())}`);
}

function searchParamsTarget(g) {
  const init = g.weighted([
    [3, () => string(g)],
    [2, () => [[string(g, 4), string(g, 4)], [primitive(g), primitive(g)]]],
    [1, () => [[1], [1, 2, 3]]],
    [2, () => hostileObject(g, 0)],
    [3, () => bounded(value(g))],
    [1, () => undefined],
  ])();
  const r = attempt("new URLSearchParams", () => new URLSearchParams(init), { dom: [] });
  if (!r.ok) return;
  const p = r.value;
  const ops = 1 + g.below(5);
  for (let i = 0; i < ops; i++) {
    const op = g.pick(["append", "delete", "get", "getAll", "has", "set", "sort", "size", "toString", "iterate"]);
    const a = plausible(g, PIECES);
    const b = plausible(g, PIECES);
    const res = attempt(`URLSearchParams.${op}`, () => {
      switch (op) {
        case "append":
          return p.append(a, b);
        case "delete":
          return g.bool() ? p.delete(a) : p.delete(a, b);
        case "get":
          return p.get(a);
        case "getAll":
          return p.getAll(a);
        case "has":
          return g.bool() ? p.has(a) : p.has(a, b);
        case "set":
          return p.set(a, b);
        case "sort":
          return p.sort();
        case "size":
          return p.size;
        case "toString":
          return p.toString();
        default:
          return [...p];
      }
    }, { dom: [] });
    if (!res.ok) continue;
    if ((op === "set" || op === "append") && isPrimitive(a) && isPrimitive(b) && !stringThrows(a) && !stringThrows(b)) {
      const all = p.getAll(a);
      check(all.includes(domString(b)), "search-params", () => `after ${op}(${describe(a)}, ${describe(b)}) getAll gives ${describe(all)}`);
      if (op === "set") check(all.length === 1, "search-params", "set() left more than one value");
    }
    if (op === "get") check(res.value === null || typeof res.value === "string", "result-type", "get() returned neither a string nor null");
  }
  const entries = [...p];
  check(entries.length === p.size, "search-params", () => `size ${p.size} but ${entries.length} entries`);
  check(entries.every((e) => e.length === 2 && e.every((x) => typeof x === "string" && x === x.toWellFormed())), "search-params", "an entry is not a pair of scalar value strings");
  const again = new URLSearchParams(p.toString());
  check(again.toString() === p.toString(), "search-params", () => `serializing ${describe(p.toString())} again gave ${describe(again.toString())}`);
}

const HEADER_NAMES = ["content-type", "X-Custom", "accept", "Set-Cookie", "a\u00FF", "a b", "", "x\u0100", "Content-Length", "Host", "cookie"];
const HEADER_VALUES = ["text/plain", " padded ", "a\u00FFb", "\u0100", "x\ny", "a\0b", "", "v,w"];

// Header names are tokens.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function headersInit(g) {
  return g.weighted([
    [3, () => [[g.pick(HEADER_NAMES), g.pick(HEADER_VALUES)], [plausible(g, HEADER_NAMES), plausible(g, HEADER_VALUES)]]],
    [3, () => ({ [g.pick(HEADER_NAMES)]: g.pick(HEADER_VALUES), [string(g, 4)]: plausible(g, HEADER_VALUES) })],
    [1, () => new Headers([["a", "b"]])],
    [1, () => [["a"]]],
    [2, () => hostileObject(g, 0, HEADER_NAMES)],
    [3, () => bounded(value(g))],
    [1, () => undefined],
  ])();
}

// `id`: the violation id (Request's and Response's headers have their own).
function checkHeaders(h, id = "headers") {
  const entries = [...h];
  const names = entries.map((e) => e[0]);
  check(names.every((n) => TOKEN.test(n) && n === n.toLowerCase()), id, () => `a header name is not a lowercase token: ${describe(names.join("|"))}`);
  check(names.every((n, i) => i === 0 || names[i - 1] <= n), id, "header names are not sorted");
  // (Combined values may end in ", " when an empty value was appended, so only what a value
  // may never hold is checked.)
  check(entries.every(([, v]) => /^[^\0\r\n]*$/.test(v) && /^[\x00-\xFF]*$/.test(v)), id, () => `a header value holds NUL, CR or LF: ${describe(entries.map((e) => e[1]).join("|"))}`);
}

function headersTarget(g) {
  const r = attempt("new Headers", () => new Headers(headersInit(g)), { dom: [] });
  if (!r.ok) return;
  const h = r.value;
  const ops = 1 + g.below(4);
  for (let i = 0; i < ops; i++) {
    const op = g.pick(["append", "set", "get", "has", "delete", "getSetCookie"]);
    const name = plausible(g, HEADER_NAMES);
    const v = plausible(g, HEADER_VALUES);
    const res = attempt(`Headers.${op}`, () => (op === "append" || op === "set" ? h[op](name, v) : op === "getSetCookie" ? h.getSetCookie() : h[op](name)), { dom: [] });
    if (res.ok && (op === "append" || op === "set") && isPrimitive(name) && !stringThrows(name)) {
      check(h.has(name), "headers", () => `after ${op}(${describe(name)}, …) has() is false`);
    }
    if (res.ok && op === "get") check(res.value === null || typeof res.value === "string", "result-type", "get() returned neither a string nor null");
    if (!res.ok && res.kind === "js" && isPrimitive(name) && isPrimitive(v)) {
      check(res.error instanceof TypeError, "headers", () => `Headers.${op} threw ${describe(res.error)}`);
    }
  }
  checkHeaders(h);
}

const METHODS = ["GET", "get", "POST", "post", "PUT", "delete", "Patch", "OPTIONS", "head", "CONNECT", "TRACE", "track", "x y", "\u00FF", ""];

function requestTarget(g) {
  const input = plausible(g, (g) => g.pick(["https://localhost/r", "/r?x", "r", "https://[::1", "data:,x", "https://u:p@localhost/", new Request("https://localhost/in")]));
  const d = dictionary(g, ["body", "headers", "method"], { body: PIECES, headers: headersInit, method: METHODS });
  const r = attempt("new Request", () => new Request(input, d.dict), { dom: [] });
  checkReads("RequestInit", d, ["body", "headers", "method"], r.ok);
  if (!r.ok) return;
  const req = r.value;
  check(typeof req.url === "string" && typeof req.method === "string", "result-type", "url or method is not a string");
  const method = member(d, "method");
  if (method && method.has && !stringThrows(method.v)) {
    const m = `${method.v}`;
    const upper = m.toUpperCase();
    const expected = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].includes(upper) ? upper : m;
    check(req.method === expected, "request-method", () => `method ${describe(req.method)} from ${describe(m)}`);
  }
  checkHeaders(req.headers, "init-headers-unvalidated");
  // A forbidden request header name is dropped by the "request" guard.
  check(!req.headers.has("host") && !req.headers.has("cookie") && !req.headers.has("content-length"), "init-headers-unvalidated", "a Request's headers hold a forbidden request header");
  check(req.headers === req.headers, "same-object", "headers is not [SameObject]");
  const c = attempt("Request.clone", () => req.clone(), { dom: [] });
  if (c.ok) check(c.value.url === req.url && c.value.method === req.method, "request-clone", "a clone differs");
  if (g.chance(0.3)) {
    const t = attempt("Request.text", () => req.text());
    if (t.ok) track(t.value, "Request.text", { onFulfilled: (s) => check(typeof s === "string", "promise-value", "text() did not give a string") });
  }
}

function responseTarget(g) {
  const body = plausible(g, [null, undefined, "body", "{\"a\":1}", "\uD800"]);
  const d = dictionary(g, ["headers", "status", "statusText"], {
    headers: headersInit,
    status: [200, 204, 299, 404, 599, 600, 199, 0, 65736, -65336, "201", NaN],
    statusText: ["OK", "", "Not Found", "a\nb", "\u00FF", "\u0100", " x"],
  });
  const r = attempt("new Response", () => new Response(body, d.dict), { dom: [] });
  checkReads("ResponseInit", d, ["headers", "status", "statusText"], r.ok);
  const status = member(d, "status");
  if (status && status.has && !numberThrows(status.v) && isPrimitive(body)) {
    const s = integer(status.v, 16, false);
    if (s < 200 || s > 599) check(!r.ok, "response-status", () => `status ${describe(status.v)} (${s}) was accepted`);
  }
  if (!r.ok) return;
  const res = r.value;
  if (status && !numberThrows(status.v)) {
    const expected = status.has ? integer(status.v, 16, false) : 200;
    check(res.status === expected, "integer-conversion", () => `status ${res.status}, expected ${expected} from ${describe(status.v)}`);
    check(res.ok === (expected >= 200 && expected <= 299), "response-ok", "ok does not follow status");
  }
  checkHeaders(res.headers, "init-headers-unvalidated");
  if (g.chance(0.3)) {
    const t = attempt("Response.text", () => (g.bool() ? res.text() : res.json()));
    if (t.ok) track(t.value, "Response.text/json", { allowed: { dom: [], js: new Set(["SyntaxError", "TypeError"]) } });
  }
}

// ---------------------------------------------------------------------------------------------
// Structured cloning: structuredClone(), window.postMessage(), MessagePort.postMessage()

const CLONE_ERRORS = { dom: ["DataCloneError"] };

// Transfer lists and options: arrays of buffers and ports (some twice, some detached),
// dictionaries, and anything.
function transferArgument(g, objects) {
  return g.weighted([
    [3, () => undefined],
    [3, () => ({ transfer: objects })],
    [2, () => objects],
    [1, () => ({ transfer: [...objects, ...objects] })],
    [1, () => dictionary(g, ["transfer"], { transfer: () => objects }).dict],
    [2, () => bounded(value(g))],
  ])();
}

function transferables(g) {
  const list = [];
  const n = g.size(2);
  for (let i = 0; i < n; i++) list.push(g.pick([() => buffer(g), () => new MessageChannel().port1, () => value(g), () => new ArrayBuffer(4)])());
  return list;
}

function structuredCloneTarget(g) {
  const good = g.chance(0.4);
  const v = good ? clonable(g) : value(g);
  const objects = transferables(g);
  const options = good ? undefined : transferArgument(g, objects);
  const sizes = objects.map((o) => (isA(o, ArrayBuffer) ? o.byteLength : -1));
  const r = attempt("structuredClone", () => structuredClone(v, options), CLONE_ERRORS);
  if (good) {
    if (check(r.ok, "clone-failed", () => `structuredClone(${describe(v)}) threw ${describe(r.error)}`)) {
      check(sameClone(r.value, v), "clone-round-trip", () => `structuredClone(${describe(v)}) gave ${describe(r.value)}`);
    }
    return;
  }
  if (r.ok && options && Array.isArray(options.transfer) && options.transfer === objects) {
    // Transferred buffers are detached.
    objects.forEach((o, i) => {
      if (isA(o, ArrayBuffer) && sizes[i] > 0) check(o.byteLength === 0, "transfer", "a transferred ArrayBuffer is not detached");
    });
  }
}

// Messages posted to this window with targetOrigin "*" or "/" must all arrive; the count is
// checked once the run is done.
let windowMessagesPosted = 0;
let windowMessagesReceived = 0;
addEventListener("message", (event) => {
  if (event.data && event.data.idlfuzz === true && event.data.counted === true) windowMessagesReceived++;
});

function postMessageTarget(g) {
  const good = g.chance(0.5);
  const form = g.below(4);
  // Only messages posted with a known target origin are counted (form 2's options may hold
  // anything).
  const origin = plausible(g, ["*", "/", "https://localhost", "https://a.test", "not a url", "https://localhost:443/"]);
  const counted = form !== 2 && (origin === "*" || origin === "/");
  const payload = good ? { idlfuzz: true, counted, v: clonable(g) } : value(g);
  const objects = transferables(g);
  const r = attempt("window.postMessage", () => {
    if (form === 0) return postMessage(payload, origin);
    if (form === 1) return postMessage(payload, origin, objects);
    if (form === 2) return postMessage(payload, transferArgument(g, objects));
    return postMessage(payload, { targetOrigin: origin, transfer: objects });
  }, { dom: ["DataCloneError", "SyntaxError"] });
  if (good && r.ok && counted) windowMessagesPosted++;
  if (!r.ok && r.kind === "dom" && r.error.name === "SyntaxError" && form !== 2) {
    check(!isPrimitive(origin) || stringThrows(origin) || !["*", "/"].includes(domString(origin)), "post-message-origin", () => `postMessage threw a SyntaxError for origin ${describe(origin)}`);
  }
}

// One channel for the whole run: port2 counts what arrives.
const channel = new MessageChannel();
let portMessagesPosted = 0;
let portMessagesReceived = 0;
channel.port2.onmessage = (event) => {
  if (event.data && event.data.idlfuzz === true) portMessagesReceived++;
};

function messagePortTarget(g) {
  const good = g.chance(0.5);
  const payload = good ? { idlfuzz: true, v: clonable(g) } : value(g);
  const objects = transferables(g);
  const arg = good && g.bool() ? undefined : transferArgument(g, objects);
  const r = attempt("MessagePort.postMessage", () => channel.port1.postMessage(payload, arg), CLONE_ERRORS);
  if (good && r.ok) portMessagesPosted++;
  if (g.chance(0.05)) {
    // A port of its own, closed or transferred away, must not take the channel down.
    const other = new MessageChannel();
    attempt("MessagePort.postMessage (own port)", () => other.port1.postMessage(value(g), [other.port1]), CLONE_ERRORS);
    other.port1.close();
    attempt("MessagePort.postMessage (closed)", () => other.port1.postMessage(value(g)), CLONE_ERRORS);
  }
}

// ---------------------------------------------------------------------------------------------
// Web Storage and the named-property objects (Storage, DOMStringMap)

function storageTarget(g) {
  const area = g.bool() ? localStorage : sessionStorage;
  if (g.chance(0.1)) area.clear();
  const ops = 1 + g.below(4);
  for (let i = 0; i < ops; i++) {
    const op = g.pick(["setItem", "getItem", "removeItem", "key", "length"]);
    const k = plausible(g, PIECES);
    const v = plausible(g, (g) => string(g, 16));
    const r = attempt(`Storage.${op}`, () => {
      switch (op) {
        case "setItem":
          return area.setItem(k, v);
        case "getItem":
          return area.getItem(k);
        case "removeItem":
          return area.removeItem(k);
        case "key":
          return area.key(plausible(g, NUMBERS));
        default:
          return area.length;
      }
    }, { dom: ["QuotaExceededError"] });
    if (!r.ok) continue;
    if (op === "setItem" && isPrimitive(k) && isPrimitive(v) && !stringThrows(k) && !stringThrows(v)) {
      const got = area.getItem(k);
      check(got === domString(v), "storage-round-trip", () => `getItem(${describe(k)}) gave ${describe(got)} after setItem(…, ${describe(v)})`);
    }
    if (op === "getItem" || op === "key") check(r.value === null || typeof r.value === "string", "result-type", () => `${op} returned ${describe(r.value)}`);
    if (op === "length") check(Number.isInteger(r.value) && r.value >= 0, "result-type", "length is not an unsigned long");
  }
  // Every key listed is one getItem finds.
  const n = area.length;
  for (let i = 0; i < Math.min(n, 4); i++) {
    const key = area.key(i);
    check(typeof key === "string" && area.getItem(key) !== null, "storage-keys", () => `key(${i}) is ${describe(key)}, which getItem does not find`);
  }
  if (area.length > 64) area.clear();
}

// The named-property objects through their wrapper proxies (bindings/named_map.rs).
function namedMapTarget(g) {
  const isStorage = g.bool();
  const element = document.createElement("div");
  const map = isStorage ? sessionStorage : element.dataset;
  if (isStorage && g.chance(0.2)) sessionStorage.clear();
  const name = plausible(g, isStorage ? PIECES : ["fooBar", "a", "x1", "a-b", "-a", "aB", "", "\uD800", "a\u00E9"]);
  const v = plausible(g, PIECES);
  const op = g.below(9);
  const receiver = g.bool() ? map : {};
  const descriptor = g.pick([{ value: v }, { value: v, writable: false }, { get() {} }, {}]);
  const had = typeof name === "string" && name in map;
  const r = attempt(`named property (${op})`, () => {
    switch (op) {
      case 0:
        map[name] = v;
        return;
      case 1:
        return map[name];
      case 2:
        return delete map[name];
      case 3:
        return name in map;
      case 4:
        return Object.getOwnPropertyDescriptor(map, name);
      case 5:
        return Reflect.defineProperty(map, name, descriptor);
      case 6:
        return Object.keys(map);
      case 7:
        return Reflect.set(map, name, v, receiver);
      default:
        return Reflect.ownKeys(map);
    }
  }, { dom: ["SyntaxError", "QuotaExceededError", "InvalidCharacterError"] });
  if (!r.ok) return;
  if (op === 0 && isPrimitive(name) && isPrimitive(v) && !stringThrows(name) && !stringThrows(v) && typeof name !== "symbol") {
    const got = map[name];
    const expected = domString(v);
    if (!isStorage || !(domString(name) in Storage.prototype)) {
      check(got === expected, "named-property", () => `reading ${describe(name)} gave ${describe(got)} after setting ${describe(v)}`);
    }
    if (!isStorage) {
      // DOMStringMap: the attribute is data- followed by the name with capitals as -lowercase.
      const attr = "data-" + domString(name).replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
      check(element.getAttribute(attr) === expected, "dataset-attribute", () => `${attr} is ${describe(element.getAttribute(attr))}`);
    }
  }
  if (op === 7 && receiver !== map && typeof name === "string" && !had && r.value === true) {
    // [[Set]] with another receiver does not call the named setter: the property is made on
    // the receiver (OrdinarySetWithOwnDescriptor).
    // https://webidl.spec.whatwg.org/#legacy-platform-object-set
    check(!(name in map), "named-set-receiver", () => `Reflect.set(map, ${describe(name)}, v, {}) set a named property on the map`);
  }
  if (op === 5 && typeof name === "string" && !("value" in descriptor)) {
    // [[DefineOwnProperty]] with a descriptor that is not a data descriptor (an accessor, or
    // a generic one such as {}) fails, and calls no setter.
    // https://webidl.spec.whatwg.org/#legacy-platform-object-defineownproperty
    check(r.value === false && (had || !(name in map)), "named-define-generic", () => `defineProperty(map, ${describe(name)}, ${"get" in descriptor ? "{get}" : "{}"}) returned ${r.value}`);
  }
  if (op === 4 && r.value) {
    check("value" in r.value || "get" in r.value, "named-property", "a property descriptor that is neither data nor accessor");
  }
  if (op === 6 || op === 8) {
    check(Array.isArray(r.value), "named-property", "keys are not an array");
  }
  // A symbol-keyed own property is one of the object's own keys ([[OwnPropertyKeys]] lists the
  // supported names, then the object's own properties).
  if (g.chance(0.2)) {
    const s = Symbol("own");
    const defined = attempt("defineProperty (symbol)", () => Object.defineProperty(map, s, { value: 1, configurable: true }), { dom: [] });
    if (defined.ok) {
      const keys = Reflect.ownKeys(map);
      check(keys.includes(s), "named-map-own-symbol", "a symbol-keyed own property of a named-property object is missing from Reflect.ownKeys");
      delete map[s];
    }
  }
  if (isStorage && sessionStorage.length > 64) sessionStorage.clear();
}

// ---------------------------------------------------------------------------------------------
// The DOM: elements (never connected to the document), attributes, tokens, style, markup

const TAGS = ["div", "span", "input", "select", "option", "textarea", "button", "form", "label", "p", "x-y"];
const DOM_ERRORS = { dom: ["InvalidCharacterError", "SyntaxError", "HierarchyRequestError", "NotFoundError", "IndexSizeError", "NoModificationAllowedError", "InvalidStateError", "NotSupportedError", "NamespaceError"] };

// A valid XML Name, roughly: what createElement and setAttribute accept.
function nameLike(s) {
  return /^[A-Za-z_:][-A-Za-z0-9_:.]*$/.test(s);
}

function domTarget(g) {
  const root = document.createElement("div");
  const tag = plausible(g, TAGS);
  const created = attempt("createElement", () => document.createElement(tag), DOM_ERRORS);
  if (isPrimitive(tag) && !stringThrows(tag)) {
    const t = domString(tag);
    if (nameLike(t)) check(created.ok, "create-element-name", () => `createElement(${describe(t)}) threw ${describe(created.error)}`);
    if (created.ok) check(created.value.localName === t.replace(/[A-Z]/g, (c) => c.toLowerCase()), "create-element", () => `localName ${describe(created.value.localName)} for ${describe(t)}`);
    if (t === "") check(!created.ok && created.error.name === "InvalidCharacterError", "create-element", "createElement(\"\") did not throw an InvalidCharacterError");
  }
  const el = created.ok ? created.value : document.createElement("div");
  root.append(el);
  const ops = 2 + g.below(6);
  for (let i = 0; i < ops; i++) {
    const op = g.below(22);
    const a = plausible(g, PIECES);
    const b = plausible(g, PIECES);
    const r = attempt(`Element op ${op}`, () => {
      switch (op) {
        case 0:
          return el.setAttribute(a, b);
        case 1:
          return el.getAttribute(a);
        case 2:
          return el.toggleAttribute(a, g.bool() ? undefined : value(g));
        case 3:
          return el.removeAttribute(a);
        case 4:
          return el.hasAttribute(a);
        case 5:
          return el.classList[g.pick(["add", "remove"])](...[a, b].slice(0, 1 + g.below(2)));
        case 6:
          return el.classList.toggle(a, g.bool() ? undefined : value(g));
        case 7:
          return el.style.setProperty(a, b, g.bool() ? undefined : plausible(g, ["important", "", "IMPORTANT", null]));
        case 8:
          return el.style.getPropertyValue(a);
        case 9:
          el.style.cssText = b;
          return;
        case 10:
          el.innerHTML = b;
          return;
        case 11:
          return el.insertAdjacentHTML(a, b);
        case 12:
          return el.insertAdjacentText(a, b);
        case 13:
          return el[g.pick(["append", "prepend", "replaceChildren", "before", "after"])](...[value(g), a, new Text("t")].slice(0, g.below(4)));
        case 14:
          return el.querySelector(a);
        case 15:
          return el.matches(a);
        case 16:
          el[g.pick(["id", "className", "title", "lang", "textContent", "innerText", "hidden", "tabIndex"])] = b;
          return;
        case 17:
          return el.getElementsByTagName(a);
        case 18:
          return el.closest(a);
        case 19:
          return el.isEqualNode(value(g));
        case 20:
          return el.contains(value(g));
        default:
          return el.insertAdjacentElement(a, g.bool() ? document.createElement("b") : value(g));
      }
    }, DOM_ERRORS);
    if (!r.ok) continue;
    const prim = isPrimitive(a) && isPrimitive(b) && !stringThrows(a) && !stringThrows(b);
    if (op === 0 && prim) {
      const got = el.getAttribute(domString(a));
      check(got === domString(b), "attribute-round-trip", () => `getAttribute(${describe(a)}) is ${describe(got)} after setting ${describe(b)}`);
    }
    if (op === 1) check(r.value === null || typeof r.value === "string", "result-type", "getAttribute returned neither a string nor null");
    if (op === 9 && prim) check(typeof el.style.cssText === "string", "result-type", "cssText is not a string");
  }
  check(typeof root.innerHTML === "string", "result-type", "innerHTML is not a string");
  check(!root.isConnected, "dom", "a detached element became connected");
}

function formTarget(g) {
  const tag = g.pick(["input", "select", "textarea", "button", "option", "form", "label"]);
  const el = document.createElement(tag);
  if (tag === "select") el.append(document.createElement("option"), document.createElement("option"));
  const attributes = {
    input: ["type", "value", "valueAsNumber", "maxLength", "minLength", "checked", "defaultValue", "name", "min", "max", "step", "placeholder", "indeterminate"],
    select: ["size", "selectedIndex", "value", "multiple", "name"],
    textarea: ["cols", "rows", "maxLength", "minLength", "value", "defaultValue", "wrap"],
    button: ["type", "value", "name", "disabled", "formAction"],
    option: ["value", "label", "selected", "defaultSelected", "text"],
    form: ["action", "method", "enctype", "encoding", "target", "noValidate", "acceptCharset"],
    label: ["htmlFor"],
  }[tag];
  const ops = 1 + g.below(4);
  for (let i = 0; i < ops; i++) {
    const attr = g.pick(attributes);
    const v = plausible(g, [...NUMBERS, ...PIECES]);
    const r = attempt(`${tag}.${attr} setter`, () => {
      el[attr] = v;
    }, { dom: ["IndexSizeError", "InvalidStateError", "SyntaxError"] });
    if (!r.ok || !isPrimitive(v) || numberThrows(v)) continue;
    const got = el[attr];
    if (["cols", "rows", "size"].includes(attr)) {
      // unsigned long reflecting: 0 and values above 2^31-1 fall back to the default.
      check(Number.isInteger(got) && got >= 0 && got <= 2 ** 31 - 1, "reflect-unsigned", () => `${tag}.${attr} is ${got} after setting ${describe(v)}`);
    } else if (["maxLength", "minLength"].includes(attr)) {
      check(integer(v, 32, true) >= 0 && got === integer(v, 32, true), "reflect-long", () => `${tag}.${attr} is ${got} after setting ${describe(v)} (a negative value must throw)`);
    }
  }
  if (tag === "input" || tag === "textarea" || tag === "select" || tag === "button") {
    attempt("setCustomValidity", () => el.setCustomValidity(plausible(g, PIECES)), { dom: [] });
    const valid = attempt("checkValidity", () => el.checkValidity(), { dom: [] });
    if (valid.ok) check(typeof valid.value === "boolean", "result-type", "checkValidity did not return a boolean");
  }
}

function textTarget(g) {
  const data = plausible(g, PIECES);
  const r = attempt("new Text", () => (g.bool() ? new Text(data) : new Text()), { dom: [] });
  if (!r.ok) return;
  const t = r.value;
  check(typeof t.data === "string" && t.length === t.data.length, "text", "length does not match data");
  const v = plausible(g, PIECES);
  const w = attempt("Text.data setter", () => {
    t.data = v;
  }, { dom: [] });
  if (w.ok && isPrimitive(v) && !stringThrows(v)) check(t.data === domString(v), "string-conversion", () => `data ${describe(t.data)} after setting ${describe(v)}`);
  const parent = document.createElement("p");
  parent.append(t);
  attempt("Text.before/after", () => t[g.pick(["before", "after", "replaceWith"])](...[value(g), plausible(g, PIECES)].slice(0, g.below(3))), DOM_ERRORS);
}

// ---------------------------------------------------------------------------------------------
// Timers, microtasks, the console

// Timers that are left to fire are counted and checked at the end.
let timersExpected = 0;
let timersFired = 0;

function timerTarget(g) {
  const kind = g.below(3);
  const args = [];
  const n = g.below(3);
  for (let i = 0; i < n; i++) args.push(value(g));
  let fired = 0;
  const ours = function (...got) {
    fired++;
    timersFired++;
    check(got.length === args.length && got.every((x, i) => x === args[i] || (x !== x && args[i] !== args[i])), "timer-arguments", "a timer callback did not get its arguments");
  };
  // A string handler is evaluated: only tame code, or a value whose conversion throws.
  const handler = g.weighted([
    [6, ours],
    [1, "void 0"],
    [2, () => value(g)],
  ]);
  const handlerValue = typeof handler === "function" && handler !== ours ? handler() : handler;
  const timeout = plausible(g, [0, 1, -1, NaN, 2 ** 31, 2 ** 32 + 1, "2", 0.5, undefined]);
  const set = kind === 2 ? setInterval : setTimeout;
  const r = attempt(kind === 2 ? "setInterval" : "setTimeout", () => set(handlerValue, timeout, ...args), { dom: [] });
  if (!r.ok) return;
  const id = r.value;
  check(Number.isInteger(id) && id > 0 && id <= 2 ** 31 - 1, "timer-id", () => `the timer id is ${describe(id)}`);
  // Only our own one-shot callbacks with a timeout that converts to 0 or 1 ms may fire; the
  // rest is cleared at once (a long timeout would keep herald running).
  const ms = isPrimitive(timeout) && !numberThrows(timeout) ? integer(timeout, 32, true) : null;
  if (kind !== 2 && handlerValue === ours && ms !== null && ms <= 1) {
    timersExpected++;
  } else {
    attempt("clearTimeout", () => (kind === 2 ? clearInterval : clearTimeout)(g.chance(0.9) ? id : value(g)), { dom: [] });
    (kind === 2 ? clearInterval : clearTimeout)(id);
  }
  if (g.chance(0.2)) attempt("clearTimeout (any)", () => clearTimeout(value(g)), { dom: [] });
}

let microtasksExpected = 0;
let microtasksRun = 0;

function microtaskTarget(g) {
  const ours = g.chance(0.5);
  const v = ours ? () => microtasksRun++ : value(g);
  const r = attempt("queueMicrotask", () => queueMicrotask(v), { dom: [] });
  if (typeof v === "function") {
    if (check(r.ok, "microtask", () => `queueMicrotask(function) threw ${describe(r.error)}`) && ours) microtasksExpected++;
  } else {
    check(!r.ok && (r.error instanceof TypeError || (current && current.thrown.has(r.error))), "conversion-accepted", () => `queueMicrotask accepted ${describe(v)}`);
  }
}

function consoleTarget(g) {
  const method = g.pick(["log", "info", "warn", "error", "debug"]);
  const args = [];
  const n = g.below(4);
  // Short strings: the output goes to standard error.
  for (let i = 0; i < n; i++) {
    let v = value(g);
    if (typeof v === "string" && v.length > 64) v = v.slice(0, 64);
    args.push(v);
  }
  args.unshift("idlfuzz-console:");
  attempt(`console.${method}`, () => console[method](...args), { dom: [] });
}

// ---------------------------------------------------------------------------------------------
// Canvas: ImageData and OffscreenCanvas

function canvasSize(g) {
  const v = plausible(g, [0, 1, 2, 3, -1, -(2 ** 31), 2 ** 31 - 1, 2 ** 16, 2 ** 13 + 1, 4096, NaN, 2 ** 32 + 2, 2 ** 32 - 1]);
  if (!PARAMS.known.has("imagedata-size-overflow")) return v;
  // Below 2^30 in absolute value, so 4 × width × height stays below 2^62.
  return isPrimitive(v) && !numberThrows(v) && Math.abs(integer(v, 32, true)) < 2 ** 30 && integer(v, 32, false) < 2 ** 30 ? v : 7;
}

// With known=getimagedata-size, the rectangles getImageData is asked for are at most 256 × 256.
function smallRect(sw, sh) {
  if (!PARAMS.known.has("getimagedata-size")) return [sw, sh];
  const small = (v) => (isPrimitive(v) && !numberThrows(v) && Math.abs(integer(v, 32, true)) <= 256 ? v : 16);
  return [small(sw), small(sh)];
}

function canvasTarget(g) {
  const op = g.below(4);
  if (op === 0) {
    const w = canvasSize(g);
    const h = canvasSize(g);
    const d = dictionary(g, ["colorSpace"], { colorSpace: ["srgb", "display-p3", "rec2020", ""] });
    const r = attempt("new ImageData", () => new ImageData(w, h, d.dict), { dom: ["IndexSizeError", "NotSupportedError"] });
    if (r.ok) {
      const img = r.value;
      if (isPrimitive(w) && isPrimitive(h) && !numberThrows(w) && !numberThrows(h)) {
        check(img.width === u32(w) && img.height === u32(h), "integer-conversion", () => `ImageData(${describe(w)}, ${describe(h)}) is ${img.width}×${img.height}`);
      }
      check(img.data instanceof Uint8ClampedArray && img.data.length === 4 * img.width * img.height, "imagedata", "data does not hold 4 × width × height bytes");
      check(["srgb", "display-p3"].includes(img.colorSpace), "enum-value", () => `colorSpace ${describe(img.colorSpace)}`);
    }
    return;
  }
  const cw = plausible(g, [0, 1, 16, 300, 2 ** 40, -1, NaN]);
  const ch = plausible(g, [0, 1, 16, 150, 2 ** 53, -1]);
  const c = attempt("new OffscreenCanvas", () => new OffscreenCanvas(cw, ch), { dom: [] });
  if (!c.ok) return;
  const canvas = c.value;
  if (isPrimitive(cw) && !numberThrows(cw)) check(canvas.width === u64(cw), "integer-conversion", () => `OffscreenCanvas width ${canvas.width} from ${describe(cw)}`);
  const id = plausible(g, ["2d", "2d", "webgl", "bitmaprenderer", "3d", ""]);
  const ctx = attempt("OffscreenCanvas.getContext", () => canvas.getContext(id, value(g)), { dom: ["InvalidStateError"] });
  if (!ctx.ok || ctx.value === null) return;
  const context = ctx.value;
  check(context.canvas === canvas, "same-object", "the context's canvas is not the canvas");
  const [sw, sh] = smallRect(canvasSize(g), canvasSize(g));
  if (op === 1) {
    attempt("createImageData", () => context.createImageData(sw, sh), { dom: ["IndexSizeError"] });
  } else if (op === 2) {
    attempt("getImageData", () => context.getImageData(plausible(g, NUMBERS), plausible(g, NUMBERS), sw, sh), { dom: ["IndexSizeError", "SecurityError"] });
  } else {
    const img = g.chance(0.8) ? new ImageData(1 + g.below(4), 1 + g.below(4)) : value(g);
    attempt("putImageData", () => context.putImageData(img, plausible(g, NUMBERS), plausible(g, NUMBERS)), { dom: ["InvalidStateError"] });
  }
}

// ---------------------------------------------------------------------------------------------
// DOMException, Permissions, XMLHttpRequest

function domExceptionTarget(g) {
  const message = plausible(g, PIECES);
  const name = plausible(g, Object.keys(DOM_EXCEPTION_CODES).concat(["Error", "", "NotAnError"]));
  const n = g.below(3);
  const r = attempt("new DOMException", () => (n === 0 ? new DOMException() : n === 1 ? new DOMException(message) : new DOMException(message, name)), { dom: [] });
  if (!r.ok) return;
  const e = r.value;
  check(e instanceof DOMException && Object.getPrototypeOf(Object.getPrototypeOf(e)) === Error.prototype, "domexception", "a DOMException does not inherit from Error.prototype");
  const expectedName = n === 2 && isPrimitive(name) && name !== undefined ? domString(name) : "Error";
  if (n < 2 || (isPrimitive(name) && !stringThrows(name))) {
    check(e.name === expectedName, "string-conversion", () => `name ${describe(e.name)}, expected ${describe(expectedName)}`);
    const code = Object.hasOwn(DOM_EXCEPTION_CODES, expectedName) ? DOM_EXCEPTION_CODES[expectedName] : 0;
    check(e.code === code, "dom-exception-code", () => `code ${e.code} for ${describe(expectedName)}`);
  }
  if (n >= 1 && isPrimitive(message) && !stringThrows(message)) {
    check(e.message === (message === undefined ? "" : domString(message)), "string-conversion", () => `message ${describe(e.message)}`);
  }
}

function permissionsTarget(g) {
  const d = g.chance(0.5) ? { dict: g.pick([{ name: "notifications" }, { name: "geolocation" }, { name: "push" }, {}]) } : dictionary(g, ["name"], { name: ["notifications", "camera", "\uD800"] });
  const r = attempt("permissions.query", () => navigator.permissions.query(d.dict), undefined, { promise: true });
  if (!r.ok) {
    violation("promise-operation-threw", `permissions.query threw ${describe(r.error)} instead of returning a rejected promise`);
    return;
  }
  track(r.value, "permissions.query", {
    rejectWith: r.rejectWith,
    onFulfilled: (status) => {
      check(status instanceof PermissionStatus && ["granted", "denied", "prompt"].includes(status.state) && status.name === "notifications", "promise-value", () => `query resolved to ${describe(status)}`);
    },
    allowed: { dom: [] },
  });
}

function xhrTarget(g) {
  const xhr = new XMLHttpRequest();
  const ops = 1 + g.below(5);
  let opened = false;
  for (let i = 0; i < ops; i++) {
    const op = g.below(8);
    const r = attempt(`XMLHttpRequest op ${op}`, () => {
      switch (op) {
        case 0: {
          const args = [plausible(g, METHODS), plausible(g, ["https://localhost/x", "data:,x", "https://[::1", "/y", ""])];
          if (g.bool()) args.push(true, plausible(g, [null, "u", "\uD800"]), plausible(g, [null, "p"]));
          xhr.open(...args);
          opened = true;
          return;
        }
        case 1:
          return xhr.setRequestHeader(plausible(g, HEADER_NAMES), plausible(g, HEADER_VALUES));
        case 2:
          xhr.timeout = plausible(g, NUMBERS);
          return;
        case 3: {
          const before = xhr.responseType;
          const v = plausible(g, ["", "arraybuffer", "blob", "document", "json", "text", "JSON", "bogus"]);
          xhr.responseType = v;
          // An enumeration attribute ignores a value that is not one of the enumeration's.
          if (typeof v === "string" && !["", "arraybuffer", "blob", "document", "json", "text"].includes(v)) {
            check(xhr.responseType === before, "enum-setter", () => `responseType = ${describe(v)} changed it to ${describe(xhr.responseType)}`);
          }
          return;
        }
        case 4:
          xhr.withCredentials = value(g);
          return;
        case 5:
          return xhr.overrideMimeType(plausible(g, ["text/plain", "", "x", "\u0100"]));
        case 6:
          return xhr.getResponseHeader(plausible(g, HEADER_NAMES));
        default:
          return xhr.abort();
      }
    }, { dom: ["SyntaxError", "SecurityError", "InvalidStateError", "InvalidAccessError"] });
    if (op === 2 && r.ok) check(Number.isInteger(xhr.timeout) && xhr.timeout >= 0, "result-type", "timeout is not an unsigned long");
  }
  // A request that was opened is never sent: abort() leaves it UNSENT or DONE.
  if (opened) xhr.abort();
}

// ---------------------------------------------------------------------------------------------
// IndexedDB: keys (indexedDB.cmp, IDBKeyRange) and store operations

const IDB_ERRORS = { dom: ["DataError", "TransactionInactiveError", "ReadOnlyError", "InvalidStateError", "NotFoundError", "InvalidAccessError", "DataCloneError", "ConstraintError", "SyntaxError"] };

// A key or a near miss: numbers, strings, dates, buffers, arrays of keys (nested, sparse,
// cyclic, deep), and anything.
function key(g, depth = 0) {
  switch (g.below(depth > 2 ? 6 : 9)) {
    case 0:
      return number(g);
    case 1:
      return string(g, 8);
    case 2:
      return new Date(g.pick([0, -1, 8.64e15, NaN, 1e12]));
    case 3:
      return g.pick([() => buffer(g), () => new Uint8Array([1, 2]), () => new DataView(new ArrayBuffer(2))])();
    case 4:
      return value(g);
    case 5:
      return primitive(g);
    case 6: {
      const a = [];
      const n = g.size(3);
      for (let i = 0; i < n; i++) a.push(key(g, depth + 1));
      return a;
    }
    case 7:
      return array(g, depth);
    default:
      return g.pick([deepKey, cyclic, hugeArray])(g);
  }
}

// While an IndexedDB target runs, the known problems with keys (known=idb-deep-key,
// idb-key-capacity) keep the generator from making the arrays that crash herald: anything it
// makes then may end up converted to a key (a key path reaches into values, a Proxy trap
// returns a new value).
let idbMode = false;

function deepLimit() {
  return idbMode && PARAMS.known.has("idb-deep-key") ? 400 : PARAMS.maxDepth;
}

function hugeLength(g) {
  // (Lengths whose ToString is longer than the engine's longest string, so converting one to
  // a string fails at once instead of building 2^24 commas.)
  return idbMode && PARAMS.known.has("idb-key-capacity") ? 2 ** 16 : g.pick([2 ** 32 - 1, 2 ** 31, 2 ** 30]);
}

function deepKey(g) {
  const limit = deepLimit();
  const depth = Math.min(limit, g.pick([10, 100, 500, 2000, 10000, 20000]));
  let k = 1;
  for (let i = 0; i < depth; i++) k = [k];
  return k;
}

// An array with a huge length and no elements: invalid as a key (its first element is
// missing), which must be found without making room for every element.
function hugeArray(g) {
  const a = [];
  a.length = hugeLength(g);
  return a;
}

// A valid key (no hooks), for comparisons the checker can predict.
function validKey(g, depth = 0) {
  switch (g.below(depth > 1 ? 4 : 5)) {
    case 0:
      return g.pick([0, -0, 1, -1, 1e300, -Infinity, Infinity, 2 ** 53, 0.5]);
    case 1:
      return g.pick(["", "a", "b", "\uD800", "\uFFFF", "aa", "\u00E9"]);
    case 2:
      return new Date(g.pick([0, 1, -1e12]));
    case 3:
      return new Uint8Array(g.pick([[], [0], [1], [0, 0], [255]])).buffer;
    default: {
      const a = [];
      const n = g.below(3);
      for (let i = 0; i < n; i++) a.push(validKey(g, depth + 1));
      return a;
    }
  }
}

function idbCmpTarget(g) {
  if (g.chance(0.4)) {
    // Valid keys: cmp is an order (antisymmetric, reflexive, and transitive on a triple).
    const a = validKey(g);
    const b = validKey(g);
    const c = validKey(g);
    const ab = indexedDB.cmp(a, b);
    const ba = indexedDB.cmp(b, a);
    check([-1, 0, 1].includes(ab) && ab === -ba, "idb-cmp", () => `cmp(a, b) = ${ab} but cmp(b, a) = ${ba}`);
    check(indexedDB.cmp(a, a) === 0, "idb-cmp", "cmp(a, a) is not 0");
    const bc = indexedDB.cmp(b, c);
    const ac = indexedDB.cmp(a, c);
    if (ab <= 0 && bc <= 0) check(ac <= 0, "idb-cmp", "cmp is not transitive");
    return;
  }
  const a = (key(g));
  const b = (key(g));
  const r = attempt("indexedDB.cmp", () => indexedDB.cmp(a, b), IDB_ERRORS);
  if (r.ok) check([-1, 0, 1].includes(r.value), "idb-cmp", () => `cmp returned ${describe(r.value)}`);
}

function idbKeyRangeTarget(g) {
  const op = g.pick(["only", "lowerBound", "upperBound", "bound"]);
  const a = (g.chance(0.5) ? validKey(g) : key(g));
  const b = (g.chance(0.5) ? validKey(g) : key(g));
  const o1 = value(g);
  const o2 = value(g);
  const r = attempt(`IDBKeyRange.${op}`, () => {
    switch (op) {
      case "only":
        return IDBKeyRange.only(a);
      case "lowerBound":
        return IDBKeyRange.lowerBound(a, o1);
      case "upperBound":
        return IDBKeyRange.upperBound(a, o1);
      default:
        return IDBKeyRange.bound(a, b, o1, o2);
    }
  }, IDB_ERRORS);
  if (!r.ok) return;
  const range = r.value;
  check(range instanceof IDBKeyRange, "result-type", "not an IDBKeyRange");
  if (op === "bound") {
    const c = indexedDB.cmp(range.lower, range.upper);
    check(c < 0 || (c === 0 && !range.lowerOpen && !range.upperOpen), "idb-range", "bound() made an empty range");
    check(range.lowerOpen === !!o1 && range.upperOpen === !!o2, "boolean-conversion", "lowerOpen or upperOpen does not follow the arguments");
  }
  if (op === "only") check(indexedDB.cmp(range.lower, range.upper) === 0, "idb-range", "only() has different bounds");
  const probe = (g.chance(0.5) ? validKey(g) : key(g));
  const inc = attempt("IDBKeyRange.includes", () => range.includes(probe), IDB_ERRORS, { id: "idb-includes-rethrow" });
  if (inc.ok && op === "only") {
    let same = null;
    try {
      same = indexedDB.cmp(probe, range.lower) === 0;
    } catch (e) {}
    if (same !== null) check(inc.value === same, "idb-range", "includes() disagrees with cmp() on an only() range");
  }
}

// The store operations run on one database opened before the cases (see setUp).
let db = null;

function idbStoreTarget(g) {
  if (!db) return;
  const storeName = g.pick(["out", "inline", "auto", "missing"]);
  const mode = plausible(g, ["readwrite", "readonly", "versionchange", "bogus"]);
  const options = g.chance(0.2) ? dictionary(g, ["durability"], { durability: ["default", "strict", "relaxed", "x"] }).dict : undefined;
  const names = g.chance(0.9) ? (g.bool() ? storeName : [storeName, "out"]) : bounded(value(g));
  const t = attempt("IDBDatabase.transaction", () => db.transaction(names, mode, options), IDB_ERRORS);
  if (!t.ok) return;
  const tx = t.value;
  tx.onerror = (e) => e.preventDefault();
  const s = attempt("IDBTransaction.objectStore", () => tx.objectStore(storeName), IDB_ERRORS);
  if (!s.ok) return;
  const store = s.value;
  const ops = 1 + g.below(4);
  for (let i = 0; i < ops; i++) {
    const op = g.pick(["put", "add", "get", "getKey", "getAll", "getAllKeys", "count", "delete", "openCursor", "openKeyCursor", "index"]);
    const k = (g.chance(0.5) ? validKey(g) : key(g));
    const v = g.chance(0.5) ? { a: { b: validKey(g) }, x: [validKey(g), validKey(g)], v: clonable(g) } : value(g);
    const r = attempt(`IDBObjectStore.${op}`, () => {
      switch (op) {
        case "put":
        case "add":
          return storeName === "out" ? store[op](v, k) : g.bool() ? store[op](v) : store[op](v, k);
        case "getAll":
        case "getAllKeys":
          return store[op](g.bool() ? k : undefined, g.bool() ? plausible(g, NUMBERS) : undefined);
        case "openCursor":
        case "openKeyCursor":
          return store[op](g.bool() ? k : undefined, plausible(g, ["next", "prev", "nextunique", "prevunique", "x"]));
        case "index":
          return store.index(plausible(g, ["x", "missing"])).get(k);
        default:
          return store[op](k);
      }
    }, IDB_ERRORS);
    if (!r.ok) continue;
    const request = r.value;
    check(request instanceof IDBRequest, "result-type", `${op} did not return an IDBRequest`);
    request.onerror = (e) => e.preventDefault();
    if (op === "openCursor" || op === "openKeyCursor") {
      // Cursor methods convert their arguments when the cursor has a value.
      let steps = 0;
      const sub = new Gen(g.u32(), 0);
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor || steps++ > 3) return;
        asyncCheck(-1, "IDBCursor", () => {
          idbMode = true;
          const which = sub.below(3);
          try {
            if (which === 0) cursor.continue((sub.chance(0.5) ? validKey(sub) : key(sub)));
            else if (which === 1) cursor.advance(plausible(sub, [1, 0, -1, 2 ** 32, NaN, "2"]));
            else cursor.continue();
          } catch (e) {
            checkThrown(e, "IDBCursor.continue/advance", IDB_ERRORS);
          } finally {
            idbMode = false;
          }
        });
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Constructors with another new.target: the prototype comes from new.target's "prototype"
// (read with Get, so a getter or Proxy trap may throw), or the interface's when that is not an
// object. https://webidl.spec.whatwg.org/#internally-create-a-new-object-implementing-the-interface

const CONSTRUCTIBLE = [
  [Event, ["x"]], [EventTarget, []], [Blob, [["b"]]], [URL, ["https://localhost/"]],
  [URLSearchParams, ["a=b"]], [Headers, [[]]], [Notification, ["n"]], [Text, ["t"]],
  [DOMException, ["m", "DataError"]], [MessageChannel, []], [ImageData, [1, 1]],
  [OffscreenCanvas, [1, 1]], [XMLHttpRequest, []], [Request, ["https://localhost/"]],
  [Response, ["r"]], [ErrorEvent, ["e"]], [ProgressEvent, ["p"]], [MessageEvent, ["m"]],
];

function constructTarget(g) {
  const [Interface, args] = g.pick(CONSTRUCTIBLE);
  const proto = g.weighted([
    [2, () => ({})],
    [1, () => primitive(g)],
    [1, () => g.pick(CONSTRUCTIBLE)[0].prototype],
    [2, () => "getter"],
    [1, () => null],
  ])();
  let newTarget;
  if (proto === "getter") {
    // A bound function has no "prototype" of its own to collide with the getter.
    newTarget = function () {}.bind(null);
    Object.defineProperty(newTarget, "prototype", { get: hook(g, 0), configurable: true });
  } else if (g.chance(0.2)) {
    // A Proxy: its traps may answer differently each time, so only the throw is checked.
    const p = proxy(g, 0);
    attempt(`Reflect.construct(${Interface.name}, …, Proxy)`, () => Reflect.construct(Interface, args, typeof p === "function" ? p : function () {}), { dom: [] });
    return;
  } else {
    newTarget = function () {};
    newTarget.prototype = proto;
  }
  const r = attempt(`Reflect.construct(${Interface.name})`, () => Reflect.construct(Interface, args, newTarget), { dom: [] });
  if (!r.ok || proto === "getter") return;
  let expected;
  try {
    const p = newTarget.prototype;
    expected = p !== null && (typeof p === "object" || typeof p === "function") ? p : Interface.prototype;
  } catch (e) {
    return;
  }
  const got = Object.getPrototypeOf(r.value);
  check(got === expected, "new-target-prototype", () => `Reflect.construct(${Interface.name}, …, newTarget) has prototype ${describe(got)}, not ${describe(expected)}`);
  try {
    // (Its prototype may be Notification.prototype without it being a Notification.)
    if (r.value instanceof Notification) r.value.close();
  } catch (e) {}
}

// ---------------------------------------------------------------------------------------------
// The driver

const TARGETS = [
  { name: "notification", weight: 10, run: notificationTarget },
  { name: "notification-data", weight: 3, run: notificationDataTarget },
  { name: "request-permission", weight: 2, run: requestPermissionTarget },
  { name: "event", weight: 8, run: eventTarget },
  { name: "listener", weight: 6, run: listenerTarget },
  { name: "event-handler", weight: 3, run: handlerTarget },
  { name: "blob", weight: 5, run: blobTarget },
  { name: "url", weight: 4, run: urlTarget },
  { name: "url-search-params", weight: 4, run: searchParamsTarget },
  { name: "headers", weight: 4, run: headersTarget },
  { name: "request", weight: 3, run: requestTarget },
  { name: "response", weight: 3, run: responseTarget },
  { name: "structured-clone", weight: 5, run: structuredCloneTarget },
  { name: "post-message", weight: 3, run: postMessageTarget },
  { name: "message-port", weight: 3, run: messagePortTarget },
  { name: "storage", weight: 3, run: storageTarget },
  { name: "named-map", weight: 4, run: namedMapTarget },
  { name: "dom", weight: 5, run: domTarget },
  { name: "form", weight: 3, run: formTarget },
  { name: "text", weight: 2, run: textTarget },
  { name: "timer", weight: 3, run: timerTarget },
  { name: "microtask", weight: 1, run: microtaskTarget },
  { name: "console", weight: 1, run: consoleTarget },
  { name: "canvas", weight: 3, run: canvasTarget },
  { name: "dom-exception", weight: 2, run: domExceptionTarget },
  { name: "permissions", weight: 1, run: permissionsTarget },
  { name: "xhr", weight: 3, run: xhrTarget },
  { name: "idb-cmp", weight: 4, run: idbCmpTarget },
  { name: "idb-key-range", weight: 3, run: idbKeyRangeTarget },
  { name: "idb-store", weight: 3, run: idbStoreTarget },
  { name: "construct", weight: 3, run: constructTarget },
];

for (const name of PARAMS.skip) {
  if (!TARGETS.some((t) => t.name === name)) log(`warning: skip=${name} names no target`);
}
for (const name of PARAMS.known) {
  if (!(name in KNOWN_PROBLEMS)) log(`warning: known=${name} names no known problem`);
}
const ACTIVE = TARGETS.filter((t) => !PARAMS.skip.has(t.name)).map((t) => [t.weight, t]);
const runs = new Map();
let slowest = { ms: 0, index: -1, target: "" };
const started = performance.now();

function runCase(index) {
  const g = new Gen(PARAMS.seed, index);
  const target = g.weighted(ACTIVE);
  current = { index, target: target.name, thrown: new Set(), mustSurface: [], buffers: [], async: false };
  idbMode = target.name.startsWith("idb");
  if (PARAMS.verbose) log(`case ${index}: ${target.name}`);
  const t0 = performance.now();
  try {
    target.run(g);
  } catch (e) {
    // A throw the target did not expect: from a check of its own, or a sentinel that came out
    // of a call the target made without attempt() (such as a getter it reads back).
    if (!current.thrown.has(e)) violation("uncaught-in-target", `${describe(e)}${e && e.stack ? " at " + e.stack.split("\n")[0] : ""}`);
  } finally {
    idbMode = false;
  }
  const ms = performance.now() - t0;
  if (ms > slowest.ms) slowest = { ms, index, target: target.name };
  if (PARAMS.slow > 0 && ms > PARAMS.slow) violation("slow", `the case took ${ms.toFixed(0)} ms (slow=${PARAMS.slow})`);
  runs.set(target.name, (runs.get(target.name) || 0) + 1);
  current = null;
}

// Opens the database the store operations use: an out-of-line store, one with an in-line key
// path and an index, and one with a key generator.
function setUp() {
  return new Promise((resolve) => {
    const request = indexedDB.open("idlfuzz", 1);
    request.onupgradeneeded = () => {
      const d = request.result;
      d.createObjectStore("out");
      const inline = d.createObjectStore("inline", { keyPath: "a.b" });
      inline.createIndex("x", "x", { multiEntry: true });
      d.createObjectStore("auto", { keyPath: "id", autoIncrement: true });
    };
    request.onsuccess = () => {
      db = request.result;
      resolve();
    };
    request.onerror = (e) => {
      e.preventDefault();
      log("warning: the IndexedDB database did not open; idb-store does nothing");
      resolve();
    };
  });
}

// Empties the stores between batches, so stored values do not pile up.
function clearStores() {
  if (!db) return;
  try {
    const tx = db.transaction(["out", "inline", "auto"], "readwrite");
    tx.onerror = (e) => e.preventDefault();
    for (const name of ["out", "inline", "auto"]) tx.objectStore(name).clear();
  } catch (e) {}
}

function nextBatch(from) {
  const end = PARAMS.only >= 0 ? PARAMS.only + 1 : Math.min(PARAMS.cases, from + PARAMS.batch);
  for (let i = from; i < end; i++) {
    if (PARAMS.only >= 0 && i !== PARAMS.only) continue;
    runCase(i);
    if (PARAMS.progress > 0 && (i + 1) % PARAMS.progress === 0) {
      log(`progress ${i + 1} cases, ${((performance.now() - started) / 1000).toFixed(1)} s, ${violations} violations`);
    }
  }
  if (end % 1000 < PARAMS.batch) clearStores();
  const more = end < PARAMS.cases && PARAMS.only < 0;
  if (more && PARAMS.gc > 0 && end % PARAMS.gc < PARAMS.batch && typeof TestUtils !== "undefined") {
    TestUtils.gc().then(() => {
      log(`gc after ${end} cases`);
      setTimeout(nextBatch, 1000, end);
    });
    return;
  }
  if (more) setTimeout(nextBatch, 0, end);
  else setTimeout(finish, 0, 0);
}

// Waits for promises, messages and timers to settle (at most 30 s), then checks the counts and
// prints the result line.
function finish(waited) {
  const settled =
    pendingPromises === 0 &&
    windowMessagesReceived >= windowMessagesPosted &&
    portMessagesReceived >= portMessagesPosted &&
    timersFired >= timersExpected;
  if (!settled && waited < 300) {
    setTimeout(finish, 100, waited + 1);
    return;
  }
  check(pendingPromises === 0, "promise-never-settled", () => `${pendingPromises} promises never settled`);
  check(windowMessagesReceived === windowMessagesPosted, "message-lost", () => `${windowMessagesPosted} messages posted to the window, ${windowMessagesReceived} arrived`);
  check(portMessagesReceived === portMessagesPosted, "message-lost", () => `${portMessagesPosted} messages posted to the port, ${portMessagesReceived} arrived`);
  check(timersFired === timersExpected, "timer-lost", () => `${timersExpected} timers due, ${timersFired} fired`);
  check(microtasksRun === microtasksExpected, "microtask-lost", () => `${microtasksExpected} microtasks queued, ${microtasksRun} ran`);
  channel.port1.close();
  channel.port2.close();
  if (db) db.close();
  sessionStorage.clear();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const per = [...runs].sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n}=${c}`).join(" ");
  log(`targets: ${per}`);
  log(`slowest case: ${slowest.index} (${slowest.target}) ${slowest.ms.toFixed(1)} ms; ${reported} reported errors`);
  if (knownCounts.size > 0) log(`known problems seen: ${[...knownCounts].map(([k, c]) => `${k}=${c}`).join(" ")}`);
  if (violationCounts.size > 0) log(`violations by id: ${[...violationCounts].map(([k, c]) => `${k}=${c}`).join(" ")}`);
  const count = PARAMS.only >= 0 ? 1 : PARAMS.cases;
  log(`done ${count} cases, ${violations} violations (seed ${PARAMS.seed}, ${seconds} s)`);
  // Under --wpt, herald runs until the page reports test results.
  if (typeof HeraldTest !== "undefined") HeraldTest.reportResults(JSON.stringify({ status: 0, message: null, tests: [] }));
}

log(`seed ${PARAMS.seed}, ${PARAMS.only >= 0 ? `case ${PARAMS.only} only` : `${PARAMS.cases} cases`}${PARAMS.known.size ? `, known: ${[...PARAMS.known].join(",")}` : ""}`);
setUp().then(() => nextBatch(0));
