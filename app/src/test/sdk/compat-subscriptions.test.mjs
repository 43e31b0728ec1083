// subscriptions.create/get/cancel/unscheduleCancelation/change/delete/edit/migrate and
// customers.listSubscriptions, as OpenMeter answers them.
import assert from 'node:assert/strict'
import { before } from 'node:test'
import { createTokenMeter, now, openmeter, sdkTest, unique } from './compat.mjs'

let featureKey
let pro
let free

function planDefinition(key, name, rateCards) {
  return {
    key, name, currency: 'USD', billingCadence: 'P1M',
    phases: [{ key: 'standard', name: 'Standard', duration: null, rateCards }],
  }
}

async function publishedPlan(name, rateCards) {
  const plan = await openmeter.plans.create(planDefinition(unique('compat_plan'), name, rateCards))
  return openmeter.plans.publish(plan.id)
}

function customer() {
  return openmeter.customers.create({
    key: unique('compat_customer'), name: 'Compat Subscriber', currency: 'USD',
    usageAttribution: { subjectKeys: [unique('compat_subject')] },
  })
}

before(async () => {
  const meter = await createTokenMeter()
  featureKey = unique('compat_feature')
  await openmeter.features.create({ key: featureKey, name: 'Compat tokens', meterSlug: meter.slug })
  const usage = (amount) => ({
    type: 'usage_based', key: featureKey, name: 'Tokens', featureKey, billingCadence: 'P1M',
    price: { type: 'unit', amount },
  })
  pro = await publishedPlan('Compat Pro', [
    { type: 'flat_fee', key: 'platform_fee', name: 'Platform fee', billingCadence: 'P1M',
      price: { type: 'flat', amount: '29', paymentTerm: 'in_advance' } },
    usage('0.001'),
  ])
  free = await publishedPlan('Compat Free', [usage('0')])
})

sdkTest('subscriptions.create answers 201 with the subscription on the plan\'s active version', async () => {
  const buyer = await customer()
  const startedAt = now()
  const subscription = await openmeter.subscriptions.create({ customerKey: buyer.key, plan: { key: pro.key } })
  assert.equal(typeof subscription.id, 'string')
  assert.equal(subscription.customerId, buyer.id)
  assert.deepEqual(subscription.plan, { id: pro.id, key: pro.key, version: 1 })
  assert.equal(subscription.status, 'active')
  assert.equal(subscription.name, 'Compat Pro')
  assert.equal(subscription.currency, 'USD')
  assert.equal(subscription.billingCadence, 'P1M')
  assert.ok(subscription.activeFrom instanceof Date)
  assert.ok(Math.abs(subscription.activeFrom - startedAt) < 60_000)
  assert.equal(subscription.activeTo, undefined)
  assert.ok(subscription.billingAnchor instanceof Date)
  assert.ok(subscription.createdAt instanceof Date)
})

async function expandedSubscription() {
  const buyer = await customer()
  const created = await openmeter.subscriptions.create({ customerId: buyer.id, plan: { key: pro.key, version: 1 } })
  return { created, expanded: await openmeter.subscriptions.get(created.id) }
}

sdkTest('subscriptions.get answers the expanded subscription: its phase, the rate cards as items, alignment', async () => {
  const { created, expanded } = await expandedSubscription()
  assert.equal(expanded.id, created.id)
  assert.equal(expanded.status, 'active')
  assert.equal(expanded.phases.length, 1)
  const [phase] = expanded.phases
  assert.equal(phase.key, 'standard')
  assert.ok(phase.activeFrom instanceof Date)
  const items = Object.fromEntries(phase.items.map((item) => [item.key, item]))
  assert.deepEqual(Object.keys(items).sort(), [featureKey, 'platform_fee'].sort())
  assert.deepEqual(items.platform_fee.price, { type: 'flat', amount: '29', paymentTerm: 'in_advance' })
  assert.equal(items.platform_fee.billingCadence, 'P1M')
  assert.equal(items[featureKey].featureKey, featureKey)
  assert.deepEqual(items[featureKey].price, { type: 'unit', amount: '0.001' })

  const period = expanded.alignment?.currentAlignedBillingPeriod
  assert.ok(period?.from instanceof Date && period?.to instanceof Date)
  // The period in force when the server made the subscription (this machine's estimate of the server's clock can be
  // a few milliseconds behind it under load).
  assert.ok(period.from <= expanded.createdAt && expanded.createdAt < period.to)
})

sdkTest('subscriptions.get: phases and items carry the required SubscriptionPhaseExpanded/SubscriptionItem fields',
  async () => {
    // Required (readonly) in OpenMeter's schema: phase id, createdAt, updatedAt; item id, activeFrom, createdAt,
    // updatedAt.
    const { expanded } = await expandedSubscription()
    const [phase] = expanded.phases
    const missing = []
    if (typeof phase.id !== 'string') missing.push('phases[0].id')
    if (!(phase.createdAt instanceof Date)) missing.push('phases[0].createdAt')
    if (!(phase.updatedAt instanceof Date)) missing.push('phases[0].updatedAt')
    for (const item of phase.items) {
      if (typeof item.id !== 'string') missing.push(`items[${item.key}].id`)
      for (const field of ['activeFrom', 'createdAt', 'updatedAt']) {
        if (!(item[field] instanceof Date)) missing.push(`items[${item.key}].${field}`)
      }
    }
    assert.deepEqual(missing, [])
  })

sdkTest('subscriptions.get: phases[].itemTimelines holds each item key\'s items over time', async () => {
  // itemTimelines is a required field of SubscriptionPhaseExpanded.
  const { expanded } = await expandedSubscription()
  const [phase] = expanded.phases
  assert.equal(typeof phase.itemTimelines, 'object', 'phases[].itemTimelines is present')
  assert.deepEqual(Object.keys(phase.itemTimelines ?? {}).sort(), [featureKey, 'platform_fee'].sort())
  assert.deepEqual(phase.itemTimelines[featureKey].map((item) => item.key), [featureKey])
})

sdkTest('customers.listSubscriptions and customers.get name the customer\'s subscription', async () => {
  const buyer = await customer()
  const subscription = await openmeter.subscriptions.create({ customerId: buyer.id, plan: { key: pro.key } })
  const page = await openmeter.customers.listSubscriptions(buyer.key)
  assert.equal(page.totalCount, 1)
  assert.deepEqual(page.items.map((s) => s.id), [subscription.id])
  const active = await openmeter.customers.listSubscriptions(buyer.id, { status: ['active'] })
  assert.deepEqual(active.items.map((s) => s.id), [subscription.id])

  // OpenMeter's v1 customer answers expand the active subscriptions by default (customer/httpdriver).
  const read = await openmeter.customers.get(buyer.id)
  assert.equal(read.currentSubscriptionId, subscription.id)
  assert.deepEqual(read.subscriptions?.map((s) => s.id), [subscription.id])
})

sdkTest('subscriptions.cancel at the next billing cycle, then unscheduleCancelation', async () => {
  const buyer = await customer()
  const subscription = await openmeter.subscriptions.create({ customerId: buyer.id, plan: { key: pro.key } })
  const { alignment } = await openmeter.subscriptions.get(subscription.id)
  const canceled = await openmeter.subscriptions.cancel(subscription.id, { timing: 'next_billing_cycle' })
  assert.equal(canceled.id, subscription.id)
  assert.equal(canceled.status, 'canceled')
  assert.equal(canceled.activeTo?.toISOString(), alignment.currentAlignedBillingPeriod.to.toISOString())

  const resumed = await openmeter.subscriptions.unscheduleCancelation(subscription.id)
  assert.equal(resumed.status, 'active')
  assert.equal(resumed.activeTo, undefined)
})

sdkTest('subscriptions.change (immediate) ends the current subscription and starts the next on the new plan',
  async () => {
    const buyer = await customer()
    const subscription = await openmeter.subscriptions.create({ customerId: buyer.id, plan: { key: pro.key } })
    const { current, next } = await openmeter.subscriptions.change(subscription.id, {
      timing: 'immediate', plan: { key: free.key },
    })
    assert.equal(current.id, subscription.id)
    assert.ok(current.activeTo instanceof Date)
    assert.notEqual(next.id, subscription.id)
    assert.deepEqual(next.plan, { id: free.id, key: free.key, version: 1 })
    assert.equal(next.status, 'active')
    assert.equal(next.activeFrom.toISOString(), current.activeTo.toISOString())
    assert.deepEqual(next.phases.map((p) => p.key), ['standard'])

    const canceled = await openmeter.subscriptions.cancel(next.id, { timing: 'immediate' })
    assert.equal(canceled.status, 'inactive')
  })

sdkTest('subscriptions.create with a future timing is scheduled; subscriptions.delete removes it', async () => {
  const buyer = await customer()
  const start = new Date(now().getTime() + 7 * 24 * 3600_000)
  const scheduled = await openmeter.subscriptions.create({
    customerId: buyer.id, plan: { key: pro.key }, timing: start,
  })
  assert.equal(scheduled.status, 'scheduled')
  assert.equal(scheduled.activeFrom.toISOString(), start.toISOString())
  assert.equal(await openmeter.subscriptions.delete(scheduled.id), undefined)
  assert.equal((await openmeter.customers.listSubscriptions(buyer.id)).totalCount, 0)
})

sdkTest('subscriptions.edit (PATCH) removes an item from the running phase', {
  todo: 'Tollgate does not edit subscriptions yet: change the plan instead (docs/api.md)',
}, async () => {
  const buyer = await customer()
  const subscription = await openmeter.subscriptions.create({ customerId: buyer.id, plan: { key: pro.key } })
  const edited = await openmeter.subscriptions.edit(subscription.id, {
    customizations: [{ op: 'remove_item', phaseKey: 'standard', itemKey: 'platform_fee' }],
  })
  assert.equal(edited.id, subscription.id)
  const expanded = await openmeter.subscriptions.get(subscription.id)
  const current = expanded.phases[0].items.filter((item) => !item.activeTo || item.activeTo > now())
  assert.deepEqual(current.map((item) => item.key), [featureKey])
})

sdkTest('subscriptions.migrate moves the subscription to the plan\'s newer version', async () => {
  const key = unique('compat_plan')
  const usage = {
    type: 'usage_based', key: featureKey, name: 'Tokens', featureKey, billingCadence: 'P1M',
    price: { type: 'unit', amount: '0.001' },
  }
  const v1 = await openmeter.plans.create(planDefinition(key, 'Compat Migrate', [usage]))
  await openmeter.plans.publish(v1.id)
  const buyer = await customer()
  const subscription = await openmeter.subscriptions.create({ customerId: buyer.id, plan: { key } })
  const v2 = await openmeter.plans.create(planDefinition(key, 'Compat Migrate', [
    { ...usage, price: { type: 'unit', amount: '0.002' } }]))
  await openmeter.plans.publish(v2.id)

  const { current, next } = await openmeter.subscriptions.migrate(subscription.id, {
    timing: 'immediate', targetVersion: 2,
  })
  assert.equal(current.id, subscription.id)
  assert.deepEqual(next.plan, { id: v2.id, key, version: 2 })
})
