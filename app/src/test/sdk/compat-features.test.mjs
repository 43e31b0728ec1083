// features.create/get/list/delete (archive), as OpenMeter answers them.
import assert from 'node:assert/strict'
import { before } from 'node:test'
import { createTokenMeter, openmeter, rejectsWithStatus, sdkTest, unique } from './compat.mjs'

let meter

before(async () => {
  meter = await createTokenMeter()
})

function definition(key, extra = {}) {
  return {
    key, name: 'Compat GPT-4o tokens', meterSlug: meter.slug, meterGroupByFilters: { model: 'gpt-4o' },
    metadata: { team: 'ai' }, ...extra,
  }
}

sdkTest('features.create answers 201 with the feature as defined', async () => {
  const key = unique('compat_feature')
  const feature = await openmeter.features.create(definition(key))
  assert.equal(typeof feature.id, 'string')
  assert.equal(feature.key, key)
  assert.equal(feature.name, 'Compat GPT-4o tokens')
  assert.equal(feature.meterSlug, meter.slug)
  assert.deepEqual(feature.meterGroupByFilters, { model: 'gpt-4o' })
  assert.deepEqual(feature.metadata, { team: 'ai' })
  assert.ok(feature.createdAt instanceof Date)
  assert.ok(feature.updatedAt instanceof Date)
  assert.equal(feature.archivedAt, undefined)
})

sdkTest('features.create without a meter (a boolean or static feature)', async () => {
  const key = unique('compat_feature')
  const feature = await openmeter.features.create({ key, name: 'Compat SSO' })
  assert.equal(feature.key, key)
  assert.equal(feature.meterSlug, undefined)
})

sdkTest('features.get by id and by key', async () => {
  const key = unique('compat_feature')
  const created = await openmeter.features.create(definition(key))
  assert.equal((await openmeter.features.get(created.id)).key, key)
  assert.equal((await openmeter.features.get(key)).id, created.id)
  await rejectsWithStatus(assert, openmeter.features.get(unique('compat_unknown')), 404)
})

sdkTest('features.list: a bare array, filtered by meterSlug; with page/pageSize a page', async () => {
  const own = await createTokenMeter()
  const a = await openmeter.features.create({ key: unique('compat_feature_a'), name: 'A', meterSlug: own.slug })
  const b = await openmeter.features.create({ key: unique('compat_feature_b'), name: 'B', meterSlug: own.slug })

  const all = await openmeter.features.list()
  assert.ok(Array.isArray(all))
  assert.ok(all.some((f) => f.id === a.id))

  const byMeter = await openmeter.features.list({ meterSlug: [own.slug] })
  assert.ok(Array.isArray(byMeter))
  assert.deepEqual(byMeter.map((f) => f.id), [a.id, b.id], 'sorted by key')

  const page = await openmeter.features.list({ meterSlug: [own.slug], page: 1, pageSize: 1 })
  assert.equal(page.totalCount, 2)
  assert.equal(page.page, 1)
  assert.equal(page.pageSize, 1)
  assert.deepEqual(page.items.map((f) => f.id), [a.id])
})

sdkTest('features.create with a manual unitCost answers it as sent', async () => {
  const key = unique('compat_feature')
  const feature = await openmeter.features.create(definition(key, { unitCost: { type: 'manual', amount: '0.25' } }))
  assert.deepEqual(feature.unitCost, { type: 'manual', amount: '0.25' })
  assert.deepEqual((await openmeter.features.get(feature.id)).unitCost, { type: 'manual', amount: '0.25' })
})

sdkTest('features.delete answers 204 and archives: the list leaves it out, includeArchived shows archivedAt', async () => {
  const own = await createTokenMeter()
  const key = unique('compat_feature')
  const created = await openmeter.features.create({ key, name: 'Archived soon', meterSlug: own.slug })
  assert.equal(await openmeter.features.delete(created.id), undefined)

  assert.deepEqual((await openmeter.features.list({ meterSlug: [own.slug] })).map((f) => f.id), [])
  const archived = await openmeter.features.list({ meterSlug: [own.slug], includeArchived: true })
  assert.deepEqual(archived.map((f) => f.id), [created.id])
  assert.ok(archived[0].archivedAt instanceof Date)

  const again = await openmeter.features.create({ key, name: 'Same key again', meterSlug: own.slug })
  assert.notEqual(again.id, created.id)
  await rejectsWithStatus(assert, openmeter.features.delete(created.id), 404)
})

sdkTest('features.get of an archived feature is a 404', async () => {
  // OpenMeter's v1 getFeature reads with IncludeArchivedFeatureFalse (openmeter/productcatalog/driver/feature.go).
  const created = await openmeter.features.create(definition(unique('compat_feature')))
  await openmeter.features.delete(created.id)
  await rejectsWithStatus(assert, openmeter.features.get(created.id), 404)
})
