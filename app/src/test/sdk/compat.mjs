// Shared set-up of the OpenMeter compatibility files (compat-*.test.mjs): the published SDK, unchanged, configured
// only from the environment, and small helpers. Every assertion in those files states what OpenMeter's own server
// answers, so a failure is an incompatibility of Tollgate's, not a test to relax.
import { OpenMeter, isHTTPError } from '@openmeter/sdk'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'

function setting(name) {
  const value = process.env[name]
  if (!value) {
    throw new Error(`${name} is not set: TOLLGATE_URL=http://127.0.0.1:18888 TOLLGATE_API_KEY=… node --test`)
  }
  return value
}

export const baseUrl = setting('TOLLGATE_URL').replace(/\/+$/, '')
const apiKey = setting('TOLLGATE_API_KEY')

/**
 * The latest HTTP exchanges the SDK made, so that a failing test names the request it sent and the answer it got.
 * The SDK's `fetch` option (passed through to openapi-fetch) only observes; requests and answers are not touched.
 */
const exchanges = []
let exchangeCount = 0

async function observingFetch(input, init) {
  const request = input instanceof Request ? input : new Request(input, init)
  const requestBody = request.body ? await request.clone().text() : ''
  const response = await fetch(input, init)
  const responseBody = await response.clone().text()
  exchanges.push({
    seq: ++exchangeCount,
    method: request.method,
    url: decodeURIComponent(request.url.slice(baseUrl.length)),
    requestBody,
    status: response.status,
    contentType: response.headers.get('content-type'),
    responseBody,
  })
  if (exchanges.length > 50) exchanges.shift()
  return response
}

/** The client exactly as an application would build it: base URL and API key. */
export const openmeter = new OpenMeter({ baseUrl, apiKey, fetch: observingFetch })

export { isHTTPError }

function describeExchanges(since) {
  return exchanges
    .filter((exchange) => exchange.seq > since)
    .slice(-3)
    .map((e) => `  ${e.method} ${e.url}${e.requestBody ? `\n    body: ${clip(e.requestBody)}` : ''}` +
      `\n    -> ${e.status} ${e.contentType ?? ''}${e.responseBody ? `\n    ${clip(e.responseBody)}` : ''}`)
    .join('\n')
}

function clip(text) {
  return text.length > 600 ? `${text.slice(0, 600)}…` : text
}

/**
 * A node:test test whose failure message ends with the SDK's last HTTP exchanges (method, path and query, body,
 * status, content type, answer).
 */
export function sdkTest(name, options, fn) {
  if (typeof options === 'function') {
    fn = options
    options = {}
  }
  return test(name, options, async (t) => {
    const since = exchangeCount
    try {
      await fn(t)
    } catch (error) {
      const trail = describeExchanges(since)
      if (!trail) throw error
      throw new Error(`${error.message}\n SDK exchanges of this test (latest last):\n${trail}`, { cause: error })
    }
  })
}

/**
 * How far the server's clock is from this machine's. Tollgate's own test command runs the app on a movable clock,
 * sometimes shifted to another date (`/api/v1/test/clock` then answers); a real deployment has no such endpoint and
 * the offset is 0.
 */
export const clockOffsetMs = await (async () => {
  try {
    // The server read its clock somewhere between sending and receiving: take the middle, not the end.
    const sent = Date.now()
    const answer = await fetch(`${baseUrl}/api/v1/test/clock`, { headers: { Authorization: `Bearer ${apiKey}` } })
    return answer.ok ? Date.parse((await answer.json()).now) - (sent + Date.now()) / 2 : 0
  } catch {
    return 0
  }
})()

/** Now, by the server's clock, to the millisecond as `new Date()` gives it. */
export function now() {
  return new Date(Date.now() + clockOffsetMs)
}

/** Hours before now, to the millisecond. */
export function hoursAgo(hours) {
  return new Date(now().getTime() - hours * 3600_000)
}

/** The start of the UTC hour `hours` hours before the current one. */
export function hourStart(hours) {
  const start = Math.floor(now().getTime() / 3600_000) * 3600_000
  return new Date(start - hours * 3600_000)
}

/** `date` plus minutes, seconds and milliseconds. */
export function plus(date, { minutes = 0, seconds = 0, ms = 0 } = {}) {
  return new Date(date.getTime() + minutes * 60_000 + seconds * 1000 + ms)
}

/** A key, slug or subject that no other run uses: the files run again and again against one database. */
export function unique(prefix) {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`
}

/**
 * Polls `check` until it returns a truthy value (the aggregator writes windows every 0.2 to 0.5 s). The error on
 * timeout holds the last value or error seen.
 */
export async function eventually(check, { timeoutMs = 15000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs
  let last
  while (Date.now() < deadline) {
    try {
      last = await check()
      if (last) return last
    } catch (error) {
      last = error
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
  const shown = last instanceof Error ? last.message : JSON.stringify(last)
  throw new Error(`not so within ${timeoutMs} ms; last: ${shown}`)
}

/** The HTTP status of an SDK error (`HTTPError.status`). */
export function statusOf(error) {
  return error?.status ?? error?.response?.status
}

/** Asserts that `promise` rejects with the SDK's HTTPError of the given status. */
export async function rejectsWithStatus(assert, promise, status) {
  await assert.rejects(promise, (error) => {
    assert.ok(isHTTPError(error), `an SDK HTTPError, got ${error}`)
    assert.equal(error.status, status, error.message)
    return true
  })
}

/** The sum of the rows' values. */
export function total(result) {
  return result.data.reduce((sum, row) => sum + row.value, 0)
}

/** A SUM meter over `$.tokens` of an event type of its own, with `model` and `region` group-bys. */
export async function createTokenMeter(extra = {}) {
  const slug = unique('compat_meter')
  const eventType = unique('compat_tokens')
  const meter = await openmeter.meters.create({
    slug,
    name: 'Compat tokens',
    aggregation: 'SUM',
    eventType,
    valueProperty: '$.tokens',
    groupBy: { model: '$.model', region: '$.region' },
    ...extra,
  })
  return { slug, eventType, meter }
}
