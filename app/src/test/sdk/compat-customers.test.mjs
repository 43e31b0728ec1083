// customers.create/get/list/update/delete and usage by customer, as OpenMeter answers them.
import assert from 'node:assert/strict'
import {
  createTokenMeter, eventually, hoursAgo, openmeter, rejectsWithStatus, sdkTest, total, unique,
} from './compat.mjs'

function definition(key, subjects, extra = {}) {
  return {
    key,
    name: 'Compat Customer',
    description: 'Created by the compatibility suite',
    metadata: { crm: '4711' },
    primaryEmail: 'billing@compat.example',
    currency: 'USD',
    billingAddress: {
      country: 'US', postalCode: '94105', state: 'CA', city: 'San Francisco', line1: '1 Market St', line2: 'Suite 1',
      phoneNumber: '+1 415 555 0100',
    },
    usageAttribution: { subjectKeys: subjects },
    ...extra,
  }
}

sdkTest('customers.create answers 201 with every field as sent', async () => {
  const key = unique('compat_customer')
  const subject = unique('compat_subject')
  const sent = definition(key, [subject])
  const customer = await openmeter.customers.create(sent)
  assert.equal(typeof customer.id, 'string')
  for (const field of ['key', 'name', 'description', 'metadata', 'primaryEmail', 'currency', 'billingAddress',
    'usageAttribution']) {
    assert.deepEqual(customer[field], sent[field], field)
  }
  assert.ok(customer.createdAt instanceof Date)
  assert.ok(customer.updatedAt instanceof Date)
  assert.equal(customer.deletedAt, undefined)
})

sdkTest('customers.get by id and by key', async () => {
  const key = unique('compat_customer')
  const created = await openmeter.customers.create(definition(key, [unique('compat_subject')]))
  const byId = await openmeter.customers.get(created.id)
  const byKey = await openmeter.customers.get(key)
  assert.equal(byId.key, key)
  assert.equal(byKey.id, created.id)
  assert.deepEqual(byKey.billingAddress, created.billingAddress)
  await rejectsWithStatus(assert, openmeter.customers.get(unique('compat_unknown')), 404)
})

sdkTest('customers.list: the page shape, and the key, subject, name and pagination parameters', async () => {
  const name = unique('Compat List')
  const first = await openmeter.customers.create(definition(unique('compat_customer'), [unique('compat_subject')],
    { name: `${name} one` }))
  const secondSubject = unique('compat_subject')
  const second = await openmeter.customers.create(definition(unique('compat_customer'), [secondSubject],
    { name: `${name} two` }))

  const byKey = await openmeter.customers.list({ key: first.key })
  assert.equal(byKey.totalCount, 1)
  assert.equal(byKey.page, 1)
  assert.equal(typeof byKey.pageSize, 'number')
  assert.deepEqual(byKey.items.map((c) => c.id), [first.id])

  const bySubject = await openmeter.customers.list({ subject: secondSubject })
  assert.deepEqual(bySubject.items.map((c) => c.id), [second.id])

  const byName = await openmeter.customers.list({ name, orderBy: 'name', order: 'DESC' })
  assert.deepEqual(byName.items.map((c) => c.id), [second.id, first.id])

  const paged = await openmeter.customers.list({ name, page: 2, pageSize: 1, orderBy: 'name' })
  assert.equal(paged.totalCount, 2)
  assert.equal(paged.page, 2)
  assert.equal(paged.pageSize, 1)
  assert.deepEqual(paged.items.map((c) => c.id), [second.id])
})

sdkTest('customers.update (PUT) replaces the customer', async () => {
  const key = unique('compat_customer')
  const subject = unique('compat_subject')
  const created = await openmeter.customers.create(definition(key, [subject]))
  const newSubject = unique('compat_subject')
  const updated = await openmeter.customers.update(created.id, {
    key, name: 'Renamed Customer', primaryEmail: 'new@compat.example', currency: 'EUR',
    usageAttribution: { subjectKeys: [subject, newSubject] }, metadata: { crm: '4712' },
  })
  assert.equal(updated.id, created.id)
  assert.equal(updated.name, 'Renamed Customer')
  assert.equal(updated.primaryEmail, 'new@compat.example')
  assert.equal(updated.currency, 'EUR')
  assert.deepEqual(updated.metadata, { crm: '4712' })
  assert.deepEqual([...updated.usageAttribution.subjectKeys].sort(), [subject, newSubject].sort())
  assert.ok(updated.updatedAt >= created.updatedAt)
  assert.equal((await openmeter.customers.get(key)).name, 'Renamed Customer')
})

sdkTest('meters.query({ filterCustomerId }) answers the customer\'s usage with customerId on each row', async () => {
  const { slug, eventType } = await createTokenMeter()
  const subjects = [unique('compat_subject'), unique('compat_subject')]
  const customer = await openmeter.customers.create(definition(unique('compat_customer'), subjects))
  const other = unique('compat_subject')
  await openmeter.events.ingest([
    { type: eventType, subject: subjects[0], time: hoursAgo(2), data: { tokens: 4, model: 'a', region: 'eu' } },
    { type: eventType, subject: subjects[1], time: hoursAgo(1), data: { tokens: 6, model: 'a', region: 'eu' } },
    { type: eventType, subject: other, time: hoursAgo(1), data: { tokens: 100, model: 'a', region: 'eu' } },
  ])
  await eventually(async () => total(await openmeter.meters.query(slug)) === 110)
  const result = await openmeter.meters.query(slug, { filterCustomerId: [customer.id] })
  assert.deepEqual(result.data.map((row) => [row.customerId, row.value]), [[customer.id, 10]])
})

sdkTest('customers.delete answers 204; the key then reads nothing and may be used again', async () => {
  const key = unique('compat_customer')
  const subject = unique('compat_subject')
  const created = await openmeter.customers.create(definition(key, [subject]))
  assert.equal(await openmeter.customers.delete(created.id), undefined)
  await rejectsWithStatus(assert, openmeter.customers.get(key), 404)

  assert.equal((await openmeter.customers.list({ key })).totalCount, 0)
  const withDeleted = await openmeter.customers.list({ key, includeDeleted: true })
  assert.deepEqual(withDeleted.items.map((c) => c.id), [created.id])
  assert.ok(withDeleted.items[0].deletedAt instanceof Date)

  const again = await openmeter.customers.create(definition(key, [subject]))
  assert.notEqual(again.id, created.id)
})

sdkTest('customers.get(id) of a deleted customer answers it with deletedAt', async () => {
  // OpenMeter's GetCustomer matches an id whether or not the customer is deleted, a key only while it is live
  // (openmeter/customer/adapter/customer.go); the v1 GET handler returns what it finds.
  const created = await openmeter.customers.create(definition(unique('compat_customer'), [unique('compat_subject')]))
  await openmeter.customers.delete(created.id)
  const deleted = await openmeter.customers.get(created.id)
  assert.equal(deleted.id, created.id)
  assert.ok(deleted.deletedAt instanceof Date)
})
