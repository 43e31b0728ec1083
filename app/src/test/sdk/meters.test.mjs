import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually, hoursAgo, now, openmeter, unique } from './client.mjs'

test('a meter is created, read, listed, queried with SDK millisecond bounds, and deleted', async () => {
  const slug = unique('sdk_meter')
  const eventType = unique('sdk_tokens')
  const created = await openmeter.meters.create({
    slug,
    name: 'SDK tokens',
    aggregation: 'SUM',
    eventType,
    valueProperty: '$.tokens',
    groupBy: { model: '$.model' },
  })
  assert.equal(created.slug, slug)
  assert.equal(created.aggregation, 'SUM')
  assert.ok(created.id)

  assert.equal((await openmeter.meters.get(slug)).id, created.id)
  assert.equal((await openmeter.meters.get(created.id)).slug, slug)
  assert.ok((await openmeter.meters.list()).some((meter) => meter.slug === slug))

  const subject = unique('sdk_subject')
  await openmeter.events.ingest([
    { type: eventType, subject, time: hoursAgo(3), data: { tokens: 10, model: 'a' } },
    { type: eventType, subject, time: hoursAgo(2), data: { tokens: 5, model: 'b' } },
  ])
  // new Date() carries milliseconds: OpenMeter accepts any instant, and so must Tollgate.
  const from = hoursAgo(24)
  const to = now()
  const result = await eventually(async () => {
    const answer = await openmeter.meters.query(slug, { from, to, windowSize: 'HOUR', subject: [subject] })
    const total = answer.data.reduce((sum, row) => sum + row.value, 0)
    return total === 15 ? answer : null
  })
  assert.equal(result.windowSize, 'HOUR')
  assert.ok(result.from instanceof Date)
  assert.ok(result.from <= from && from - result.from < 60000, 'from moves at most to the start of its minute')

  const filtered = await openmeter.meters.query(slug, { filterGroupBy: { model: 'b' }, subject: [subject] })
  assert.deepEqual(filtered.data.map((row) => row.value), [5])

  const grouped = await openmeter.meters.query(slug, { groupBy: ['model'], subject: [subject] })
  assert.deepEqual(grouped.data.map((row) => [row.groupBy.model, row.value]).sort(), [['a', 10], ['b', 5]])

  await openmeter.meters.delete(slug)
  await assert.rejects(openmeter.meters.get(slug), (error) => error.status === 404 || error.response?.status === 404)
})

test('a query that names no meter is a 404 problem the SDK surfaces', async () => {
  await assert.rejects(openmeter.meters.query(unique('no_meter'), {}),
    (error) => (error.status ?? error.response?.status) === 404)
})
