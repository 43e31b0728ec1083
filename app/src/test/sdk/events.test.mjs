import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually, hoursAgo, openmeter, unique } from './client.mjs'

test('a single event and a batch are ingested and counted by the default meters', async () => {
  const subject = unique('sdk_subject')
  await openmeter.events.ingest({
    type: 'api-request',
    subject,
    time: hoursAgo(1),
    data: { route: '/v1/chat', method: 'POST', status: 200 },
  })
  await openmeter.events.ingest([
    { type: 'llm-usage', subject, time: hoursAgo(1), data: { model: 'gpt-4o', input_tokens: 1200, output_tokens: 300 } },
    { type: 'llm-usage', subject, time: hoursAgo(1), data: { model: 'gpt-4o-mini', input_tokens: '800', output_tokens: 50 } },
  ])

  const requests = await eventually(async () => {
    const result = await openmeter.meters.query('api_requests', { subject: [subject] })
    return result.data.length === 1 && result.data[0].value === 1 ? result : null
  })
  assert.equal(requests.data[0].subject, subject)

  const tokens = await eventually(async () => {
    const result = await openmeter.meters.query('llm_input_tokens', { subject: [subject], groupBy: ['model'] })
    return result.data.length === 2 ? result : null
  })
  assert.deepEqual(
    tokens.data.map((row) => [row.groupBy.model, row.value]).sort(),
    [['gpt-4o', 1200], ['gpt-4o-mini', 800]],
  )
})

test('ingested events are listed back with their ingestion time', async () => {
  const subject = unique('sdk_listed')
  const id = unique('sdk_event')
  await openmeter.events.ingest({ id, source: 'sdk-suite', type: 'api-request', subject, time: hoursAgo(2),
    data: { route: '/x', method: 'GET', status: 200 } })
  const listed = await eventually(async () => {
    const events = await openmeter.events.list({ id, from: hoursAgo(24) })
    return events.length === 1 ? events : null
  })
  assert.equal(listed[0].event.subject, subject)
  assert.ok(listed[0].ingestedAt instanceof Date)
})
