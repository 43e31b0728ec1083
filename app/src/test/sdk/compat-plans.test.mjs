// plans.create/get/list/update/publish/archive/delete and plan versions, as OpenMeter answers them.
import assert from 'node:assert/strict'
import { before } from 'node:test'
import { createTokenMeter, now, openmeter, rejectsWithStatus, sdkTest, unique } from './compat.mjs'

let featureKey

before(async () => {
  const meter = await createTokenMeter()
  featureKey = unique('compat_feature')
  await openmeter.features.create({ key: featureKey, name: 'Compat tokens', meterSlug: meter.slug })
})

const platformFee = {
  type: 'flat_fee', key: 'platform_fee', name: 'Platform fee', billingCadence: 'P1M',
  price: { type: 'flat', amount: '29', paymentTerm: 'in_advance' },
}

function usageCard(price = { type: 'unit', amount: '0.001' }) {
  return { type: 'usage_based', key: featureKey, name: 'Tokens', featureKey, billingCadence: 'P1M', price }
}

function definition(key, rateCards = [platformFee, usageCard()]) {
  return {
    key, name: 'Compat Pro', description: 'Flat fee and usage', metadata: { tier: 'pro' }, currency: 'USD',
    billingCadence: 'P1M',
    phases: [{ key: 'standard', name: 'Standard', duration: null, rateCards }],
  }
}

sdkTest('plans.create answers 201 with a draft, version 1, holding the flat-fee and usage-based rate cards', async () => {
  const key = unique('compat_plan')
  const tiered = {
    type: 'tiered', mode: 'graduated', tiers: [
      { upToAmount: '1000', flatPrice: null, unitPrice: { type: 'unit', amount: '0' } },
      { flatPrice: null, unitPrice: { type: 'unit', amount: '0.002' } },
    ],
  }
  const plan = await openmeter.plans.create(definition(key, [platformFee, usageCard(tiered)]))
  assert.equal(typeof plan.id, 'string')
  assert.equal(plan.key, key)
  assert.equal(plan.version, 1)
  assert.equal(plan.status, 'draft')
  assert.equal(plan.name, 'Compat Pro')
  assert.equal(plan.description, 'Flat fee and usage')
  assert.deepEqual(plan.metadata, { tier: 'pro' })
  assert.equal(plan.currency, 'USD')
  assert.equal(plan.billingCadence, 'P1M')
  assert.deepEqual(plan.proRatingConfig, { enabled: true, mode: 'prorate_prices' })
  assert.equal(plan.effectiveFrom, undefined)
  assert.ok(plan.createdAt instanceof Date)

  assert.equal(plan.phases.length, 1)
  const [phase] = plan.phases
  assert.equal(phase.key, 'standard')
  assert.equal(phase.duration, null)
  const [fee, usage] = phase.rateCards
  assert.equal(fee.type, 'flat_fee')
  assert.equal(fee.key, 'platform_fee')
  assert.equal(fee.billingCadence, 'P1M')
  assert.deepEqual(fee.price, { type: 'flat', amount: '29', paymentTerm: 'in_advance' })
  assert.equal(usage.type, 'usage_based')
  assert.equal(usage.featureKey, featureKey)
  assert.equal(usage.price.type, 'tiered')
  assert.equal(usage.price.mode, 'graduated')
  assert.deepEqual(usage.price.tiers.map((tier) => [tier.upToAmount ?? null, tier.unitPrice?.amount]),
    [['1000', '0'], [null, '0.002']], 'the last tier is open-ended (upToAmount null or left out)')
})

sdkTest('plans.get by id; by key with includeLatest the draft', async () => {
  const key = unique('compat_plan')
  const plan = await openmeter.plans.create(definition(key))
  assert.equal((await openmeter.plans.get(plan.id)).key, key)
  const latest = await openmeter.plans.get(key, { includeLatest: true })
  assert.equal(latest.id, plan.id)
  assert.equal(latest.status, 'draft')
  await rejectsWithStatus(assert, openmeter.plans.get(unique('compat_unknown')), 404)
})

sdkTest('plans.get by key without includeLatest reads only the active version: a key with only a draft is 404',
  async () => {
    // OpenMeter's plan adapter, GetPlan by key: effectiveFrom <= now < effectiveTo and not deleted, else not found.
    const key = unique('compat_plan')
    await openmeter.plans.create(definition(key))
    await rejectsWithStatus(assert, openmeter.plans.get(key), 404)
  })

sdkTest('plans.update (PUT) replaces a draft', async () => {
  const key = unique('compat_plan')
  const plan = await openmeter.plans.create(definition(key))
  const updated = await openmeter.plans.update(plan.id, {
    name: 'Compat Pro Updated', billingCadence: 'P1M',
    phases: [
      { key: 'trial', name: 'Trial', duration: 'P14D', rateCards: [usageCard({ type: 'unit', amount: '0' })] },
      { key: 'standard', name: 'Standard', duration: null, rateCards: [platformFee, usageCard()] },
    ],
  })
  assert.equal(updated.id, plan.id)
  assert.equal(updated.version, 1)
  assert.equal(updated.status, 'draft')
  assert.equal(updated.name, 'Compat Pro Updated')
  assert.deepEqual(updated.phases.map((p) => [p.key, p.duration]), [['trial', 'P14D'], ['standard', null]])
  assert.deepEqual((await openmeter.plans.get(plan.id)).phases.map((p) => p.key), ['trial', 'standard'])
})

sdkTest('plans.publish makes the draft active; plans.get(key) and plans.list find it', async () => {
  const key = unique('compat_plan')
  const plan = await openmeter.plans.create(definition(key))
  const startedAt = now()
  const published = await openmeter.plans.publish(plan.id)
  assert.equal(published.id, plan.id)
  assert.equal(published.status, 'active')
  assert.ok(published.effectiveFrom instanceof Date)
  assert.ok(Math.abs(published.effectiveFrom - startedAt) < 60_000)
  assert.equal(published.effectiveTo, undefined)

  assert.equal((await openmeter.plans.get(key)).id, plan.id)
  const list = await openmeter.plans.list({ key: [key] })
  assert.equal(list.totalCount, 1)
  assert.equal(list.page, 1)
  assert.deepEqual(list.items.map((p) => [p.id, p.status]), [[plan.id, 'active']])
  assert.equal((await openmeter.plans.list({ key: [key], status: ['draft'] })).totalCount, 0)
  assert.equal((await openmeter.plans.list({ id: [plan.id], status: ['active'], currency: ['USD'] })).totalCount, 1)
})

sdkTest('plans.create with a published key makes version 2; publishing it archives version 1', async () => {
  const key = unique('compat_plan')
  const v1 = await openmeter.plans.create(definition(key))
  await openmeter.plans.publish(v1.id)
  const v2 = await openmeter.plans.create({ ...definition(key), name: 'Compat Pro v2' })
  assert.equal(v2.version, 2)
  assert.equal(v2.status, 'draft')
  assert.equal((await openmeter.plans.get(key)).id, v1.id, 'by key: the active version')
  assert.equal((await openmeter.plans.get(key, { includeLatest: true })).id, v2.id, 'includeLatest: the draft')
  await rejectsWithStatus(assert, openmeter.plans.create(definition(key)), 400)

  await openmeter.plans.publish(v2.id)
  const old = await openmeter.plans.get(v1.id)
  assert.equal(old.status, 'archived')
  assert.ok(old.effectiveTo instanceof Date)
  assert.equal((await openmeter.plans.get(key)).id, v2.id)
  const versions = await openmeter.plans.list({ key: [key], orderBy: 'version' })
  assert.deepEqual(versions.items.map((p) => [p.version, p.status]), [[1, 'archived'], [2, 'active']])
})

sdkTest('plans.archive, then plans.delete soft-deletes the version', async () => {
  const key = unique('compat_plan')
  const plan = await openmeter.plans.create(definition(key))
  await openmeter.plans.publish(plan.id)
  const archived = await openmeter.plans.archive(plan.id)
  assert.equal(archived.status, 'archived')
  assert.ok(archived.effectiveTo instanceof Date)

  assert.equal(await openmeter.plans.delete(plan.id), undefined)
  assert.equal((await openmeter.plans.list({ key: [key] })).totalCount, 0)
  const withDeleted = await openmeter.plans.list({ key: [key], includeDeleted: true })
  assert.deepEqual(withDeleted.items.map((p) => p.id), [plan.id])
  assert.ok(withDeleted.items[0].deletedAt instanceof Date)
})

sdkTest('plans.delete of a draft answers 204; the active version cannot be deleted (400)', async () => {
  const draft = await openmeter.plans.create(definition(unique('compat_plan')))
  assert.equal(await openmeter.plans.delete(draft.id), undefined)
  const active = await openmeter.plans.create(definition(unique('compat_plan')))
  await openmeter.plans.publish(active.id)
  await rejectsWithStatus(assert, openmeter.plans.delete(active.id), 400)
})
