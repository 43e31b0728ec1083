// The SDK as an application would use it: base URL and API key, nothing else.
import { OpenMeter } from '@openmeter/sdk'
import { randomUUID } from 'node:crypto'

export const openmeter = new OpenMeter({
  baseUrl: process.env.TOLLGATE_URL ?? 'http://127.0.0.1:8888',
  apiKey: process.env.TOLLGATE_API_KEY,
})

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

/** An hour ago, to the millisecond, as an SDK user's `new Date()` arithmetic gives it. */
export function hoursAgo(hours) {
  return new Date(Date.now() - hours * 3600 * 1000)
}
