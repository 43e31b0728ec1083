import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually, hoursAgo, openmeter, unique } from './client.mjs'

test('customers: create, get by id and key, list, update, usage by customer, delete', async () => {
  const key = unique('sdk_customer')
  const subject = unique('sdk_subject')
  const created = await openmeter.customers.create({
    key, name: 'SDK Customer', currency: 'USD', usageAttribution: { subjectKeys: [subject] },
  })
  assert.equal(created.key, key)
  assert.deepEqual(created.usageAttribution.subjectKeys, [subject])
  assert.equal((await openmeter.customers.get(created.id)).key, key)
  assert.equal((await openmeter.customers.get(key)).id, created.id)

  const page = await openmeter.customers.list({ key })
  assert.equal(page.items.length, 1)

  const updated = await openmeter.customers.update(created.id, {
    key, name: 'SDK Customer Renamed', currency: 'USD', usageAttribution: { subjectKeys: [subject] },
  })
  assert.equal(updated.name, 'SDK Customer Renamed')

  await openmeter.events.ingest({ type: 'api-request', subject, time: hoursAgo(1),
    data: { route: '/c', method: 'GET', status: 200 } })
  await eventually(async () => {
    const result = await openmeter.meters.query('api_requests', { filterCustomerId: [created.id] })
    return result.data.length === 1 && result.data[0].value === 1 && result.data[0].customerId === created.id
  })

  await openmeter.customers.delete(created.id)
  assert.ok((await openmeter.customers.get(created.id)).deletedAt instanceof Date)
  await assert.rejects(openmeter.customers.get(key),
    (error) => (error.status ?? error.response?.status) === 404)
})

test('features, a plan with a flat fee and a usage price, published, subscribed to, changed and cancelled', async () => {
  const featureKey = unique('sdk_feature')
  const feature = await openmeter.features.create({ key: featureKey, name: 'SDK requests', meterSlug: 'api_requests' })
  assert.equal(feature.key, featureKey)
  assert.equal((await openmeter.features.get(feature.id)).meterSlug, 'api_requests')
  assert.ok((await openmeter.features.list()).some((f) => f.key === featureKey))

  const planKey = unique('sdk_plan')
  const plan = await openmeter.plans.create({
    key: planKey, name: 'SDK Pro', currency: 'USD', billingCadence: 'P1M',
    phases: [{
      key: 'standard', name: 'Standard', duration: null,
      rateCards: [
        { type: 'flat_fee', key: 'platform_fee', name: 'Platform fee', billingCadence: 'P1M',
          price: { type: 'flat', amount: '29', paymentTerm: 'in_advance' } },
        { type: 'usage_based', key: featureKey, name: 'Requests', featureKey, billingCadence: 'P1M',
          price: { type: 'unit', amount: '0.001' } },
      ],
    }],
  })
  assert.equal(plan.status, 'draft')
  const published = await openmeter.plans.publish(plan.id)
  assert.equal(published.status, 'active')
  assert.equal((await openmeter.plans.get(plan.id)).key, planKey)
  const plans = await openmeter.plans.list({ key: [planKey] })
  assert.equal(plans.items.length, 1)

  const freeKey = unique('sdk_free')
  const free = await openmeter.plans.create({
    key: freeKey, name: 'SDK Free', currency: 'USD', billingCadence: 'P1M',
    phases: [{ key: 'standard', name: 'Standard', duration: null, rateCards: [
      { type: 'usage_based', key: featureKey, name: 'Requests', featureKey, billingCadence: 'P1M',
        price: { type: 'unit', amount: '0' } }] }],
  })
  await openmeter.plans.publish(free.id)

  const customer = await openmeter.customers.create({ key: unique('sdk_buyer'), name: 'Buyer', currency: 'USD',
    usageAttribution: { subjectKeys: [unique('sdk_subject')] } })
  const subscription = await openmeter.subscriptions.create({ customerId: customer.id, plan: { key: planKey } })
  assert.equal(subscription.status, 'active')
  const expanded = await openmeter.subscriptions.get(subscription.id)
  assert.deepEqual(expanded.phases.map((p) => p.key), ['standard'])
  assert.ok(expanded.alignment.currentAlignedBillingPeriod.from instanceof Date)
  const listed = await openmeter.customers.listSubscriptions(customer.id)
  assert.equal(listed.items[0].id, subscription.id)

  const change = await openmeter.subscriptions.change(subscription.id, {
    timing: 'next_billing_cycle', plan: { key: freeKey } })
  assert.equal(change.current.id, subscription.id)
  assert.equal(change.next.plan.key, freeKey)
  await openmeter.subscriptions.delete(change.next.id)
  await openmeter.subscriptions.unscheduleCancelation(subscription.id)

  const canceled = await openmeter.subscriptions.cancel(subscription.id, { timing: 'immediate' })
  assert.equal(canceled.status, 'inactive')

  await openmeter.features.delete(feature.id)
})
