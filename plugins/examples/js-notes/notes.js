// js-notes: an example Leida business module written in JavaScript.
//
// Customers keep short notes from the mini-program; the radar user related
// to a customer reads them from enterprise WeChat. The module is built with
// componentize-js against `wit/platform@0.2.0` (world `business-module`),
// see README.md.
//
// How the generated bindings map WIT to JavaScript (what this file relies on):
// - records are objects with camelCase fields (`objectId`, `customerId`);
// - variants are `{ tag, val }`, enums are their kebab-case names ('info');
// - `option<T>` is the value or `undefined`;
// - u64/s64 are BigInt, u8/u16/u32 are Number;
// - an import returning `result<T, error>` returns T or throws an Error whose
//   `payload` is the `error` variant (e.g. `{ tag: 'invalid', val: '…' }`).

import { caller, getCompany, getCustomer, getRelation } from 'leida:platform/directory@0.2.0';
import { insert, find } from 'leida:platform/storage@0.2.0';
import { now } from 'leida:platform/clock@0.2.0';
import { write } from 'leida:platform/log@0.2.0';

// Keep in step with package.json; the host records it with the build.
const VERSION = '0.1.0';

const CUSTOMER_PREFIX = '/zhugeleida/xiaochengxu/js_notes';
const RADAR_PREFIX = '/zhugeleida/qiyeweixin/js_notes';
const COLLECTION = 'notes';

const MAX_TEXT_CHARS = 200;
const DEFAULT_LENGTH = 10;
const MAX_LENGTH = 50;
const U32_MAX = 0xffff_ffff;
const U64_MAX = (1n << 64n) - 1n;

/** A failed request: becomes an envelope with this code and message. */
class Failure extends Error {
  constructor(code, msg) {
    super(msg);
    this.code = code;
  }
}

// ---------------------------------------------------------------- exports

export const module = {
  describe() {
    return {
      name: 'js-notes',
      version: VERSION,
      routes: [CUSTOMER_PREFIX, RADAR_PREFIX],
      collections: [
        {
          name: COLLECTION,
          indexes: [{ name: 'by_customer', fields: ['customer_id', 'id'], unique: false }],
        },
      ],
    };
  },

  handle(req) {
    // Nothing may escape: an exception leaving an export traps the instance,
    // and the client would get the host's generic failure instead of ours.
    try {
      const route = ROUTES.get(routePath(req.path));
      if (!route) {
        return fail(404, '非法请求');
      }
      if (route.method !== req.method.toUpperCase()) {
        return fail(402, `请求方式异常,请使用 ${route.method}`);
      }
      return route.run(req);
    } catch (e) {
      return fromException(e);
    }
  },
};

// A Map, not an object literal, so no path can hit an inherited property.
const ROUTES = new Map([
  [`${CUSTOMER_PREFIX}/add`, { method: 'POST', run: addNote }],
  [`${CUSTOMER_PREFIX}/list`, { method: 'GET', run: listOwnNotes }],
  [`${RADAR_PREFIX}/list`, { method: 'GET', run: listCustomerNotes }],
]);

// ----------------------------------------------------------------- routes

/** POST …/xiaochengxu/js_notes/add: the calling customer stores a note. */
function addNote(req) {
  const customerId = requireCustomer();
  const text = field(req.form, 'text').trim();
  if (text === '') {
    throw new Failure(301, 'text 不能为空');
  }
  // Characters, not UTF-16 units: one emoji counts once.
  if ([...text].length > MAX_TEXT_CHARS) {
    throw new Failure(301, 'text 过长');
  }
  const doc = { customer_id: customerId, text, at: now() };
  const id = insert(COLLECTION, toJson(doc));
  write('info', `note ${id} added by customer ${customerId}`);
  return ok('添加成功', { id });
}

/** GET …/xiaochengxu/js_notes/list: the calling customer's own notes. */
function listOwnNotes(req) {
  const customerId = requireCustomer();
  const page = paging(req.query);
  const { total, notes } = notesOf(customerId, page);
  return ok('', { company: getCompany().name, total, notes });
}

/** GET …/qiyeweixin/js_notes/list?customer_id=N: a related customer's notes. */
function listCustomerNotes(req) {
  const userId = requireRadarUser();
  const customerId = parseId(field(req.query, 'customer_id'), 'customer_id');
  const page = paging(req.query);
  // Only the customer's own radar user may read them; a missing relation
  // and an unknown customer look the same to the caller.
  if (!related(userId, customerId)) {
    throw new Failure(302, '对应ID不存在');
  }
  const customer = getCustomer(customerId);
  const { total, notes } = notesOf(customerId, page);
  return ok('', { customer: customer.username, total, notes });
}

// ---------------------------------------------------------------- helpers

/** The caller's customer id, or 301 for anyone else. */
function requireCustomer() {
  const who = caller();
  if (who.tag !== 'customer') {
    throw new Failure(301, '仅限客户');
  }
  return who.val;
}

/** The caller's radar user id, or 301 for anyone else. */
function requireRadarUser() {
  const who = caller();
  if (who.tag !== 'radar-user') {
    throw new Failure(301, '仅限雷达用户');
  }
  return who.val;
}

/** Whether the pair has a relation; not-found counts as none. */
function related(userId, customerId) {
  try {
    return getRelation(userId, customerId) !== undefined;
  } catch (e) {
    if (hostError(e)?.tag === 'not-found') {
      return false;
    }
    throw e;
  }
}

/** One page of a customer's notes, newest first, and how many there are. */
function notesOf(customerId, page) {
  const found = find({
    collection: COLLECTION,
    // `customer_id` is stored as a JSON integer; the filter value is s64.
    filters: [{ field: 'customer_id', op: 'eq', value: { tag: 'integer', val: BigInt.asIntN(64, customerId) } }],
    order: [{ field: 'id', descending: true }],
    page,
  });
  const notes = found.documents.map((d) => {
    const data = JSON.parse(d.data);
    return { id: d.id, text: data.text, at: data.at };
  });
  return { total: found.total, notes };
}

/**
 * `current_page` (from 1, default 1) and `length` (default 10, at most 50)
 * as a storage page. An empty value counts as absent, as clients send them.
 */
function paging(query) {
  const currentPage = positiveInt(field(query, 'current_page'), 1);
  const length = Math.min(positiveInt(field(query, 'length'), DEFAULT_LENGTH), MAX_LENGTH);
  // The page's offset is a u32; a page past that is simply empty.
  const offset = Math.min((currentPage - 1) * length, U32_MAX);
  return { offset, limit: length };
}

function positiveInt(raw, fallback) {
  if (raw === '') {
    return fallback;
  }
  const n = /^\d{1,10}$/.test(raw) ? Number(raw) : 0;
  if (n < 1 || n > U32_MAX) {
    throw new Failure(301, 'current_page/length 须为正整数');
  }
  return n;
}

/** A u64 id given as decimal text, or 301. */
function parseId(raw, name) {
  const id = /^\d{1,20}$/.test(raw) ? BigInt(raw) : 0n;
  if (id < 1n || id > U64_MAX) {
    throw new Failure(301, `${name} 须为正整数`);
  }
  return id;
}

/** The value of the first `name` pair (query or form) as sent, or ''. */
function field(pairs, name) {
  const pair = pairs.find(([k]) => k === name);
  return pair ? pair[1] : '';
}

/** Strips trailing slashes so `…/list/` routes like `…/list`. */
function routePath(path) {
  return path.replace(/\/+$/, '');
}

// --------------------------------------------------------------- answers

function ok(msg, data) {
  return { code: 200, msg, data: toJson(data), note: undefined };
}

function fail(code, msg) {
  return { code, msg, data: '{}', note: undefined };
}

/** The `error` variant carried by a host call's thrown error, if it is one. */
function hostError(e) {
  const p = e?.payload;
  return p && typeof p.tag === 'string' ? p : undefined;
}

/** Our failures, host errors and anything unexpected as envelopes. */
function fromException(e) {
  if (e instanceof Failure) {
    return fail(e.code, e.message);
  }
  const err = hostError(e);
  switch (err?.tag) {
    case 'not-found':
      return fail(302, '对应ID不存在');
    case 'invalid':
      return fail(303, err.val || '参数错误');
    case 'denied':
      return fail(404, err.val || '非法请求');
    case 'conflict':
      return fail(300, '数据已存在');
    case 'unavailable':
      return fail(500, err.val || '服务暂不可用');
  }
  // A bug of ours: keep the cause for the host log, tell the client little.
  try {
    // SpiderMonkey's `stack` lacks the message, so both are written.
    const what = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e);
    write('error', `unexpected exception: ${what}`);
  } catch {
    // Logging is best effort; the answer below matters more.
  }
  return fail(500, '服务器内部错误');
}

/**
 * JSON text of `value`. JSON.stringify refuses BigInt, so 64-bit values (ids,
 * timestamps) are written as exact JSON integers: as numbers when they fit a
 * double exactly, else through JSON.rawJSON when the engine has it, else as
 * decimal strings rather than rounded numbers.
 */
function toJson(value) {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? bigintJson(v) : v));
}

function bigintJson(v) {
  if (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(v);
  }
  return typeof JSON.rawJSON === 'function' ? JSON.rawJSON(v.toString()) : v.toString();
}
