// events.ingest and events.list as OpenMeter answers them (GET/POST /api/v1/events).
import assert from 'node:assert/strict'
import { before } from 'node:test'
import {
  clockOffsetMs, createTokenMeter, eventually, hoursAgo, isHTTPError, now, openmeter, sdkTest, total, unique,
} from './compat.mjs'

let meter

before(async () => {
  meter = await createTokenMeter()
})

sdkTest('events.ingest(one event) answers 204 and events.list returns it with every CloudEvents field', async () => {
  const id = unique('compat_event')
  const subject = unique('compat_subject')
  const time = hoursAgo(1)
  const answer = await openmeter.events.ingest({
    id, source: 'tollgate-compat', type: meter.eventType, subject, time,
    data: { tokens: 7, model: 'gpt-4o', region: 'eu' },
  })
  assert.equal(answer, undefined, 'ingest answers 204 No Content')

  const listed = await eventually(async () => {
    const events = await openmeter.events.list({ id, from: hoursAgo(24) })
    return events.length === 1 ? events : null
  })
  const { event, ingestedAt, storedAt } = listed[0]
  assert.equal(event.id, id)
  assert.equal(event.source, 'tollgate-compat')
  assert.equal(event.type, meter.eventType)
  assert.equal(event.subject, subject)
  assert.equal(event.specversion, '1.0')
  assert.ok(event.time instanceof Date)
  assert.ok(Math.abs(event.time - time) < 1000, `time ${event.time.toISOString()} is the sent ${time.toISOString()}`)
  assert.deepEqual(event.data, { tokens: 7, model: 'gpt-4o', region: 'eu' })
  assert.ok(ingestedAt instanceof Date)
  assert.ok(storedAt instanceof Date)
  // The meter was created just before: it counts the event.
  await eventually(async () => total(await openmeter.meters.query(meter.slug, { subject: [subject] })) === 7)
})

sdkTest('events.ingest(batch) with SDK-generated ids is counted by the meter and listed by subject', async () => {
  const subject = unique('compat_subject')
  await openmeter.events.ingest([
    { type: meter.eventType, subject, time: hoursAgo(2), data: { tokens: 1, model: 'a', region: 'eu' } },
    { type: meter.eventType, subject, time: hoursAgo(2), data: { tokens: 2, model: 'a', region: 'eu' } },
    { type: meter.eventType, subject, time: hoursAgo(1), data: { tokens: '4', model: 'b', region: 'us' } },
  ])

  const usage = await eventually(async () => {
    const result = await openmeter.meters.query(meter.slug, { subject: [subject] })
    return total(result) === 7 ? result : null
  })
  assert.equal(usage.data.length, 1)
  assert.equal(usage.data[0].subject, subject)

  const events = await eventually(async () => {
    const list = await openmeter.events.list({ subject, from: hoursAgo(24) })
    return list.length === 3 ? list : null
  })
  assert.ok(events.every((e) => e.event.source === '@openmeter/sdk'), 'the SDK defaults source to @openmeter/sdk')
  assert.equal(new Set(events.map((e) => e.event.id)).size, 3)
  assert.ok(events.every((e) => /^[0-9a-f-]{36}$/.test(e.event.id)), 'the SDK generates UUIDs')
  assert.ok(events[0].event.time >= events[2].event.time, 'newest first')
})

sdkTest('events.ingest without time, id and source: the SDK fills them in and the server takes them',
  { skip: Math.abs(clockOffsetMs) > 60_000 && 'the server runs on a moved clock; the SDK dates by this machine' },
  async () => {
    const subject = unique('compat_subject')
    const startedAt = now()
    await openmeter.events.ingest({ type: meter.eventType, subject, data: { tokens: 5, model: 'a', region: 'eu' } })
    const events = await eventually(async () => {
      const list = await openmeter.events.list({ subject, from: hoursAgo(1) })
      return list.length === 1 ? list : null
    })
    assert.ok(Math.abs(events[0].event.time - startedAt) < 60_000)
    await eventually(async () => total(await openmeter.meters.query(meter.slug, { subject: [subject] })) === 5)
  })

sdkTest('events.list filters: limit, to, ingestedAtFrom and ingestedAtTo', async () => {
  const subject = unique('compat_subject')
  const ingestStart = new Date(now().getTime() - 60_000)
  await openmeter.events.ingest([3, 2, 1].map((hours) => ({
    type: meter.eventType, subject, time: hoursAgo(hours), data: { tokens: hours, model: 'a', region: 'eu' },
  })))
  await eventually(async () => (await openmeter.events.list({ subject, from: hoursAgo(24) })).length === 3)

  const limited = await openmeter.events.list({ subject, from: hoursAgo(24), limit: 2 })
  assert.deepEqual(limited.map((e) => e.event.data.tokens), [1, 2], 'the newest two')

  const upTo = await openmeter.events.list({ subject, from: hoursAgo(24), to: hoursAgo(1.5) })
  assert.deepEqual(upTo.map((e) => e.event.data.tokens), [2, 3])

  const byIngestion = await openmeter.events.list({
    subject, from: hoursAgo(24), ingestedAtFrom: ingestStart, ingestedAtTo: new Date(now().getTime() + 60_000),
  })
  assert.equal(byIngestion.length, 3)
  const beforeIngestion = await openmeter.events.list({
    subject, from: hoursAgo(24), ingestedAtTo: new Date(ingestStart.getTime() - 3600_000),
  })
  assert.equal(beforeIngestion.length, 0)
})

sdkTest('events.list({ customerId }) lists the customer\'s events, each with its customerId', async () => {
  const subject = unique('compat_subject')
  const customer = await openmeter.customers.create({
    key: unique('compat_customer'), name: 'Compat events customer', usageAttribution: { subjectKeys: [subject] },
  })
  await openmeter.events.ingest({
    type: meter.eventType, subject, time: hoursAgo(1), data: { tokens: 3, model: 'a', region: 'eu' },
  })
  const events = await eventually(async () => {
    const list = await openmeter.events.list({ customerId: [customer.id], from: hoursAgo(24) })
    return list.length === 1 ? list : null
  })
  assert.equal(events[0].event.subject, subject)
  assert.equal(events[0].customerId, customer.id)
})

sdkTest('an invalid event is a 400 problem+json that the SDK turns into an HTTPError with its detail', async () => {
  await assert.rejects(
    openmeter.events.ingest({ type: '', subject: unique('compat_subject'), time: hoursAgo(1), data: {} }),
    (error) => {
      assert.ok(isHTTPError(error), `an SDK HTTPError, got ${error}`)
      assert.equal(error.status, 400)
      // The SDK reads type, title and detail only when Content-Type is exactly application/problem+json.
      assert.equal(error.title, 'Bad Request', 'HTTPError.title comes from the problem body')
      assert.equal(typeof error.getField('detail'), 'string')
      assert.ok(error.message.includes(error.getField('detail')))
      return true
    },
  )
})
