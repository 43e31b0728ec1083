// The SDK as an application would use it: base URL and API key, nothing else.
import { OpenMeter } from '@openmeter/sdk'
import { randomUUID } from 'node:crypto'

const baseUrl = process.env.TOLLGATE_URL ?? 'http://127.0.0.1:8888'

export const openmeter = new OpenMeter({ baseUrl, apiKey: process.env.TOLLGATE_API_KEY })

/**
 * How far the server's clock is from this machine's. The suite's server runs a movable clock (shifted to another date
 * in some test runs); an application would date its events by its own clock, which agrees with the server's.
 */
const clockOffsetMs = await (async () => {
  // The server read its clock somewhere between sending and receiving: take the middle, not the end.
  const sent = Date.now()
  const answer = await fetch(`${baseUrl}/api/v1/test/clock`,
    { headers: { Authorization: `Bearer ${process.env.TOLLGATE_API_KEY}` } })
  return answer.ok ? Date.parse((await answer.json()).now) - (sent + Date.now()) / 2 : 0
})()

/** Now, by the server's clock. */
export function now() {
  return new Date(Date.now() + clockOffsetMs)
}

/** A key, slug or subject no other run uses: the suite runs again and again against one database. */
export function unique(prefix) {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`
}

/** Polls until `check` returns a truthy value, for the aggregator writes windows every fraction of a second. */
export async function eventually(check, { timeoutMs = 20000, intervalMs = 200 } = {}) {
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
  throw new Error(`not so within ${timeoutMs} ms; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`)
}

/** Hours ago, to the millisecond, as an SDK user's `new Date()` arithmetic gives it. */
export function hoursAgo(hours) {
  return new Date(now().getTime() - hours * 3600 * 1000)
}
