// customers.entitlements.*, entitlements.*, entitlements.grants.* and customers.getAccess, as OpenMeter answers them.
import assert from 'node:assert/strict'
import { before } from 'node:test'
import {
  createTokenMeter, eventually, hoursAgo, openmeter, plus, rejectsWithStatus, sdkTest, unique,
} from './compat.mjs'

let meter
let feature

before(async () => {
  meter = await createTokenMeter()
  feature = await openmeter.features.create({ key: unique('compat_tokens'), name: 'Compat tokens',
    meterSlug: meter.slug, meterGroupByFilters: { model: 'gpt-4o' } })
})

async function customer() {
  const subject = unique('compat_subject')
  const created = await openmeter.customers.create({ key: unique('compat_customer'), name: 'Compat customer',
    usageAttribution: { subjectKeys: [subject] } })
  return { ...created, subject }
}

function minuteFloor(date) {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000)
}

sdkTest('customers.entitlements.create (metered) answers 201; usage burns the issued grant', async () => {
  const c = await customer()
  const start = minuteFloor(hoursAgo(2))
  const entitlement = await openmeter.customers.entitlements.create(c.id, {
    type: 'metered', featureKey: feature.key, issue: { amount: 1000 },
    usagePeriod: { interval: 'MONTH', anchor: start }, measureUsageFrom: start,
  })
  assert.equal(entitlement.type, 'metered')
  assert.equal(entitlement.featureKey, feature.key)
  assert.equal(entitlement.featureId, feature.id)
  assert.equal(entitlement.customerId, c.id)
  assert.equal(entitlement.usagePeriod.interval, 'MONTH')
  assert.equal(entitlement.usagePeriod.intervalISO, 'P1M')
  assert.equal(entitlement.measureUsageFrom.getTime(), start.getTime())
  assert.equal(entitlement.currentUsagePeriod.from.getTime(), start.getTime())
  assert.equal(entitlement.isSoftLimit, false)
  assert.deepEqual(entitlement.issue, { amount: 1000, priority: 1 })

  await openmeter.events.ingest([
    { type: meter.eventType, subject: c.subject, time: plus(start, { minutes: 5 }),
      data: { tokens: 300, model: 'gpt-4o', region: 'eu' } },
    { type: meter.eventType, subject: c.subject, time: plus(start, { minutes: 6 }),
      data: { tokens: 999, model: 'gpt-4o-mini', region: 'eu' } },
  ])
  const value = await eventually(async () => {
    const v = await openmeter.customers.entitlements.value(c.id, feature.key)
    return v.usage === 300 && v
  })
  assert.equal(value.hasAccess, true)
  assert.equal(value.balance, 700)
  assert.equal(value.overage, 0)
  assert.equal(value.totalAvailableGrantAmount, 1000)

  const access = await openmeter.customers.getAccess(c.id)
  assert.equal(access.entitlements[feature.key].balance, 700)
  assert.equal((await openmeter.customers.entitlementsV1.value(c.id, feature.key)).balance, 700)

  const history = await openmeter.customers.entitlements.history(c.id, feature.key, 'HOUR', {
    query: { from: start } })
  assert.ok(history.windowedHistory.length >= 2)
  assert.equal(history.windowedHistory.reduce((sum, w) => sum + w.usage, 0), 300)
  assert.equal(history.windowedHistory[0].balanceAtStart, 1000)
  assert.ok(history.burndownHistory.length >= 1)
})

sdkTest('customers.entitlements grants: createGrant, listGrants, entitlements.grants.list and void', async () => {
  const c = await customer()
  await openmeter.customers.entitlements.create(c.id, { type: 'metered', featureKey: feature.key,
    usagePeriod: { interval: 'DAY' } })
  const grant = await openmeter.customers.entitlements.createGrant(c.id, feature.key, {
    amount: 50, priority: 3, effectiveAt: minuteFloor(new Date(hoursAgo(0).getTime())),
    expiration: { duration: 'WEEK', count: 2 }, recurrence: { interval: 'DAY' },
  })
  assert.equal(grant.amount, 50)
  assert.equal(grant.priority, 3)
  assert.deepEqual(grant.expiration, { duration: 'WEEK', count: 2 })
  assert.equal(grant.recurrence.interval, 'DAY')
  assert.ok(grant.expiresAt instanceof Date)
  const listed = await openmeter.customers.entitlements.listGrants(c.id, feature.key)
  assert.deepEqual(listed.items.map((g) => g.id), [grant.id])
  const all = await openmeter.entitlements.grants.list({ query: { customer: [c.id] } })
  assert.deepEqual(all.items.map((g) => g.id), [grant.id])

  await openmeter.entitlements.grants.void(grant.id)
  const voided = await openmeter.customers.entitlements.listGrants(c.id, feature.key)
  assert.ok(voided.items[0].voidedAt instanceof Date)
  await rejectsWithStatus(assert, openmeter.customers.entitlements.createGrant(c.id, feature.key,
    { amount: -1, effectiveAt: new Date() }), 400)
})

sdkTest('customers.entitlements: boolean and static, get, list, override, delete; 409 for a second', async () => {
  const c = await customer()
  const flag = await openmeter.features.create({ key: unique('compat_flag'), name: 'Compat SSO' })
  const created = await openmeter.customers.entitlements.create(c.id, { type: 'boolean', featureKey: flag.key })
  assert.equal(created.type, 'boolean')
  await rejectsWithStatus(assert, openmeter.customers.entitlements.create(c.id,
    { type: 'boolean', featureKey: flag.key }), 409)
  assert.equal((await openmeter.customers.entitlements.get(c.id, flag.key)).id, created.id)
  assert.equal((await openmeter.entitlements.get(created.id)).id, created.id)
  assert.deepEqual((await openmeter.customers.entitlements.list(c.id)).items.map((e) => e.id), [created.id])

  const overridden = await openmeter.customers.entitlements.override(c.id, flag.key,
    { type: 'static', featureKey: flag.key, config: '{"seats":3}' })
  assert.equal(overridden.type, 'static')
  assert.equal(overridden.config, '{"seats":3}')
  const value = await openmeter.customers.entitlements.value(c.id, flag.key)
  assert.equal(value.hasAccess, true)
  assert.equal(value.config, '{"seats":3}')

  const listed = await openmeter.entitlements.list({ query: { customerIds: [c.id] } })
  assert.equal(listed.items.length, 2)

  await openmeter.customers.entitlements.delete(c.id, flag.key)
  assert.equal((await openmeter.customers.entitlements.value(c.id, flag.key)).hasAccess, false)
  await rejectsWithStatus(assert, openmeter.customers.entitlements.get(c.id, flag.key), 404)
})

sdkTest('customers.entitlements.resetUsage answers 204 and starts the period again', async () => {
  const c = await customer()
  const start = minuteFloor(hoursAgo(1))
  await openmeter.customers.entitlements.create(c.id, { type: 'metered', featureKey: feature.key,
    issueAfterReset: 10, usagePeriod: { interval: 'MONTH', anchor: start }, measureUsageFrom: start })
  await openmeter.events.ingest({ type: meter.eventType, subject: c.subject, time: plus(start, { minutes: 1 }),
    data: { tokens: 4, model: 'gpt-4o', region: 'us' } })
  await eventually(async () => (await openmeter.customers.entitlements.value(c.id, feature.key)).usage === 4)
  await openmeter.customers.entitlements.resetUsage(c.id, feature.key, {})
  const value = await openmeter.customers.entitlements.value(c.id, feature.key)
  assert.equal(value.usage, 0)
  assert.equal(value.balance, 10)
  await rejectsWithStatus(assert, openmeter.customers.entitlements.resetUsage(c.id, feature.key,
    { effectiveAt: plus(new Date(), { minutes: 90 }) }), 400)
})
