// meters.create/get/list/update/delete, meters.query (GET), meters.queryPost, meters.listGroupByValues and the
// meter subjects endpoint (only in the SDK's generated client), as OpenMeter answers them.
import assert from 'node:assert/strict'
import { before } from 'node:test'
import {
  createTokenMeter, eventually, hourStart, isHTTPError, now, openmeter, plus, rejectsWithStatus, sdkTest, total,
  unique,
} from './compat.mjs'

// Usage of the shared meter: subject A 10 tokens (model a, eu) at t1 and 5 (model b, us) at t2; subject B 2 tokens
// (model a, eu) at t2. t1 and t2 fall inside minutes, to the millisecond, as `new Date()` dates events.
const H = hourStart(0) // the current UTC hour, fixed for the whole file
const t1 = plus(H, { minutes: -180 + 10, seconds: 15, ms: 250 })
const t2 = plus(H, { minutes: -120 + 20, seconds: 40, ms: 500 })
const subjectA = unique('compat_subject_a')
const subjectB = unique('compat_subject_b')
let shared

before(async () => {
  shared = await createTokenMeter({ description: 'Tokens per model', metadata: { owner: 'compat' } })
  await openmeter.events.ingest([
    { type: shared.eventType, subject: subjectA, time: t1, data: { tokens: 10, model: 'a', region: 'eu' } },
    { type: shared.eventType, subject: subjectA, time: t2, data: { tokens: 5, model: 'b', region: 'us' } },
    { type: shared.eventType, subject: subjectB, time: t2, data: { tokens: 2, model: 'a', region: 'eu' } },
  ])
  await eventually(async () => total(await openmeter.meters.query(shared.slug)) === 17)
})

sdkTest('meters.create answers 201 with the meter as defined', async () => {
  const { meter, slug, eventType } = shared
  assert.equal(typeof meter.id, 'string')
  assert.equal(meter.slug, slug)
  assert.equal(meter.name, 'Compat tokens')
  assert.equal(meter.description, 'Tokens per model')
  assert.deepEqual(meter.metadata, { owner: 'compat' })
  assert.equal(meter.aggregation, 'SUM')
  assert.equal(meter.eventType, eventType)
  assert.equal(meter.valueProperty, '$.tokens')
  assert.deepEqual(meter.groupBy, { model: '$.model', region: '$.region' })
  assert.ok(meter.createdAt instanceof Date)
  assert.ok(meter.updatedAt instanceof Date)
  assert.equal(meter.deletedAt, undefined)
})

sdkTest('meters.get by slug and by id, meters.list includes the meter', async () => {
  const bySlug = await openmeter.meters.get(shared.slug)
  const byId = await openmeter.meters.get(shared.meter.id)
  assert.equal(bySlug.id, shared.meter.id)
  assert.equal(byId.slug, shared.slug)
  const list = await openmeter.meters.list()
  assert.ok(Array.isArray(list))
  assert.equal(list.find((m) => m.slug === shared.slug)?.id, shared.meter.id)
})

sdkTest('meters.update (PUT) replaces name, description, metadata and groupBy', async () => {
  const { slug, meter } = await createTokenMeter()
  const updated = await openmeter.meters.update(slug, {
    name: 'Renamed', description: 'Now described', metadata: { team: 'billing' },
    groupBy: { model: '$.model', region: '$.region', tier: '$.tier' },
  })
  assert.equal(updated.id, meter.id)
  assert.equal(updated.slug, slug)
  assert.equal(updated.aggregation, 'SUM')
  assert.equal(updated.name, 'Renamed')
  assert.equal(updated.description, 'Now described')
  assert.deepEqual(updated.metadata, { team: 'billing' })
  assert.deepEqual(updated.groupBy, { model: '$.model', region: '$.region', tier: '$.tier' })
  assert.deepEqual((await openmeter.meters.get(meter.id)).groupBy, updated.groupBy)
  await openmeter.meters.delete(slug)
})

sdkTest('meters.query without parameters: one total, subject null, windows at the minutes of the usage', async () => {
  const result = await openmeter.meters.query(shared.slug)
  assert.equal(result.data.length, 1)
  const [row] = result.data
  assert.equal(row.value, 17)
  assert.equal(row.subject, null)
  assert.deepEqual(row.groupBy, {})
  assert.equal(row.windowStart.toISOString(), plus(H, { minutes: -170 }).toISOString())
  assert.equal(row.windowEnd.toISOString(), plus(H, { minutes: -99 }).toISOString())
  assert.equal(result.windowSize, undefined)
})

sdkTest('meters.query({ subject: [...] }) filters and splits by subject', async () => {
  const one = await openmeter.meters.query(shared.slug, { subject: [subjectA] })
  assert.deepEqual(one.data.map((row) => [row.subject, row.value]), [[subjectA, 15]])
  const two = await openmeter.meters.query(shared.slug, { subject: [subjectA, subjectB] })
  assert.deepEqual(two.data.map((row) => [row.subject, row.value]).sort(), [[subjectA, 15], [subjectB, 2]].sort())
})

sdkTest('meters.query with millisecond from/to (as the SDK sends Dates) and windowSize HOUR', async () => {
  const from = plus(H, { minutes: -180 + 5, ms: 724 })
  const to = now()
  const result = await openmeter.meters.query(shared.slug, { from, to, windowSize: 'HOUR' })
  assert.equal(result.windowSize, 'HOUR')
  assert.ok(result.from instanceof Date && result.to instanceof Date)
  assert.deepEqual(
    result.data.map((row) => [row.windowStart.toISOString(), row.windowEnd.toISOString(), row.value]),
    [
      [plus(H, { minutes: -180 }).toISOString(), plus(H, { minutes: -120 }).toISOString(), 10],
      [plus(H, { minutes: -120 }).toISOString(), plus(H, { minutes: -60 }).toISOString(), 7],
    ],
  )
})

// Tollgate stores usage per minute, so it differs from OpenMeter here on purpose (docs/api.md, "Query bounds"):
// OpenMeter echoes from/to as sent and counts raw events from `from` to the second; Tollgate moves each bound to the
// start of its minute, answers the bounds it used, and so counts the whole of from's minute.
const minuteStart = (date) => new Date(Math.floor(date.getTime() / 60_000) * 60_000)

sdkTest('meters.query answers the bounds it used: from and to moved to the start of their minute', async () => {
  const from = plus(H, { minutes: -240, seconds: 11, ms: 724 })
  const to = now()
  const result = await openmeter.meters.query(shared.slug, { from, to })
  assert.equal(result.from?.toISOString(), minuteStart(from).toISOString())
  assert.equal(result.to?.toISOString(), minuteStart(to).toISOString())
  assert.equal(result.data.length, 1)
  assert.equal(result.data[0].value, 17)
  assert.equal(result.data[0].windowStart.toISOString(), minuteStart(from).toISOString())
  assert.equal(result.data[0].windowEnd.toISOString(), minuteStart(to).toISOString())
})

sdkTest('meters.query: a from inside a minute counts that whole minute', async () => {
  const from = plus(t1, { seconds: 1 })
  const result = await openmeter.meters.query(shared.slug, { subject: [subjectA], from, to: now() })
  assert.deepEqual(result.data.map((row) => row.value), [15])
})

sdkTest('meters.query windowSize MINUTE puts each event in its minute', async () => {
  const result = await openmeter.meters.query(shared.slug, { windowSize: 'MINUTE', subject: [subjectA] })
  assert.deepEqual(
    result.data.map((row) => [row.windowStart.toISOString(), row.windowEnd.toISOString(), row.value]),
    [
      [plus(H, { minutes: -170 }).toISOString(), plus(H, { minutes: -169 }).toISOString(), 10],
      [plus(H, { minutes: -100 }).toISOString(), plus(H, { minutes: -99 }).toISOString(), 5],
    ],
  )
})

sdkTest('meters.query windowSize DAY with windowTimeZone starts days at local midnight', async () => {
  const result = await openmeter.meters.query(shared.slug, { windowSize: 'DAY', windowTimeZone: 'Asia/Kolkata' })
  assert.ok(result.data.length >= 1)
  for (const row of result.data) {
    assert.equal(row.windowStart.toISOString().slice(11), '18:30:00.000Z', 'midnight in Asia/Kolkata (UTC+05:30)')
    assert.equal(row.windowEnd - row.windowStart, 24 * 3600_000)
  }
  assert.equal(total(result), 17)
})

sdkTest('meters.query({ groupBy }) splits by the meter\'s group-by keys', async () => {
  const byModel = await openmeter.meters.query(shared.slug, { groupBy: ['model'] })
  assert.deepEqual(byModel.data.map((row) => [row.groupBy.model, row.value]).sort(), [['a', 12], ['b', 5]])
  assert.ok(byModel.data.every((row) => row.subject === null))
  const bySubjectAndModel = await openmeter.meters.query(shared.slug, { groupBy: ['subject', 'model'] })
  assert.deepEqual(
    bySubjectAndModel.data.map((row) => [row.subject, row.groupBy.model, row.value]).sort(),
    [[subjectA, 'a', 10], [subjectA, 'b', 5], [subjectB, 'a', 2]].sort(),
  )
})

sdkTest('meters.query({ filterGroupBy }) (deepObject filterGroupBy[model]=a) keeps the matching usage', async () => {
  const result = await openmeter.meters.query(shared.slug, { filterGroupBy: { model: 'a' } })
  assert.deepEqual(result.data.map((row) => row.value), [12])
  const withSubject = await openmeter.meters.query(shared.slug, { filterGroupBy: { region: 'us' }, subject: [subjectA] })
  assert.deepEqual(withSubject.data.map((row) => [row.subject, row.value]), [[subjectA, 5]])
})

sdkTest('meters.query({ advancedMeterGroupByFilters }) (GET, JSON-encoded filter) keeps the matching usage', async () => {
  const result = await openmeter.meters.query(shared.slug, {
    advancedMeterGroupByFilters: JSON.stringify({ model: { $eq: 'b' } }),
  })
  assert.deepEqual(result.data.map((row) => row.value), [5])
})

sdkTest('meters.queryPost with from/to, windowSize, subject, groupBy and filterGroupBy arrays', async () => {
  const from = plus(H, { minutes: -240, ms: 1 })
  const to = now()
  const result = await openmeter.meters.queryPost(shared.slug, {
    from, to, windowSize: 'HOUR', subject: [subjectA], groupBy: ['model'], filterGroupBy: { model: ['a', 'b'] },
  })
  assert.equal(result.windowSize, 'HOUR')
  assert.deepEqual(
    result.data.map((row) => [row.windowStart.toISOString(), row.subject, row.groupBy.model, row.value]),
    [
      [plus(H, { minutes: -180 }).toISOString(), subjectA, 'a', 10],
      [plus(H, { minutes: -120 }).toISOString(), subjectA, 'b', 5],
    ],
  )
})

sdkTest('meters.queryPost({ advancedMeterGroupByFilters }) keeps the matching usage', async () => {
  const result = await openmeter.meters.queryPost(shared.slug, {
    advancedMeterGroupByFilters: { model: { $in: ['b'] } },
  })
  assert.deepEqual(result.data.map((row) => row.value), [5])
})

sdkTest('meters.listGroupByValues lists a group-by key\'s values', async () => {
  const values = await openmeter.meters.listGroupByValues(shared.slug, 'model', { from: plus(H, { minutes: -300, ms: 5 }) })
  assert.deepEqual([...values].sort(), ['a', 'b'])
  const regions = await openmeter.meters.listGroupByValues(shared.meter.id, 'region')
  assert.deepEqual([...regions].sort(), ['eu', 'us'])
})

sdkTest('GET /api/v1/meters/{meterIdOrSlug}/subjects (the SDK\'s generated client) lists the subjects', async () => {
  const { data, error, response } = await openmeter.client.GET('/api/v1/meters/{meterIdOrSlug}/subjects', {
    params: { path: { meterIdOrSlug: shared.slug } },
  })
  assert.equal(response.status, 200, JSON.stringify(error))
  assert.deepEqual([...data].sort(), [subjectA, subjectB].sort())
})

sdkTest('meters.query with a groupBy the meter does not have is a 400 problem', async () => {
  await rejectsWithStatus(assert, openmeter.meters.query(shared.slug, { groupBy: ['no_such_key'] }), 400)
})

sdkTest('meters.delete answers 204; the slug is then unknown and the list leaves the meter out', async () => {
  const { slug } = await createTokenMeter()
  assert.equal(await openmeter.meters.delete(slug), undefined)
  await rejectsWithStatus(assert, openmeter.meters.get(slug), 404)
  assert.ok(!(await openmeter.meters.list()).some((m) => m.slug === slug))
})

sdkTest('meters.get(id) of a deleted meter answers it with deletedAt', async () => {
  // OpenMeter's GetMeterByIDOrSlug matches an id whether or not the meter is deleted, a slug only while it is live
  // (openmeter/meter/adapter/meter.go); the v1 GET handler returns what it finds.
  const { slug, meter } = await createTokenMeter()
  await openmeter.meters.delete(slug)
  const deleted = await openmeter.meters.get(meter.id)
  assert.equal(deleted.slug, slug)
  assert.ok(deleted.deletedAt instanceof Date)
})

sdkTest('meters.query of a deleted meter\'s slug is a 404 problem', async () => {
  const { slug } = await createTokenMeter()
  await openmeter.meters.delete(slug)
  await assert.rejects(openmeter.meters.query(slug), (error) => isHTTPError(error) && error.status === 404)
})
