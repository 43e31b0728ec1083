import assert from 'node:assert/strict'
import { test } from 'node:test'
import { now, openmeter, unique } from './client.mjs'

const baseUrl = process.env.TOLLGATE_URL ?? 'http://127.0.0.1:8888'

test('billing: a profile, a customer pinned to it, a one-off charge invoiced now, approved, listed and voided', async () => {
  const profile = await openmeter.billing.profiles.create({
    name: unique('SDK profile'), default: false,
    supplier: { name: 'Tollgate SDK Ltd', addresses: [{ country: 'NL', city: 'Amsterdam' }] },
    workflow: { invoicing: { autoAdvance: false, dueAfter: 'P14D' } },
    apps: {},
  })
  assert.equal(profile.default, false)
  assert.equal(profile.workflow.invoicing.autoAdvance, false)
  assert.equal(profile.workflow.collection.interval, 'PT1H')
  assert.equal((await openmeter.billing.profiles.get(profile.id)).name, profile.name)
  const profiles = await openmeter.billing.profiles.list({ pageSize: 1000 })
  assert.ok(profiles.items.some((p) => p.id === profile.id))
  const renamed = await openmeter.billing.profiles.update(profile.id, {
    name: profile.name + ' renamed', default: false, supplier: profile.supplier, workflow: profile.workflow,
  })
  assert.equal(renamed.name, profile.name + ' renamed')

  const customer = await openmeter.customers.create({
    key: unique('sdk_billed'), name: 'SDK billed', currency: 'USD',
    usageAttribution: { subjectKeys: [unique('sdk_billed_subject')] },
  })
  const override = await openmeter.billing.customers.createOverride(customer.id, { billingProfileId: profile.id })
  assert.equal(override.baseBillingProfileId, profile.id)
  assert.equal((await openmeter.billing.customers.getOverride(customer.id)).customerOverride.billingProfileId,
    profile.id)

  const at = now()
  const created = await openmeter.billing.invoices.createLineItems(customer.id, {
    currency: 'USD',
    lines: [{ name: 'Onboarding', period: { from: new Date(at.getTime() - 3600_000), to: at }, invoiceAt: at,
      price: { type: 'flat', amount: '250' } }],
  })
  assert.equal(created.lines.length, 1)
  assert.equal(created.invoice.status, 'gathering')

  const invoices = await openmeter.billing.invoices.invoicePendingLines({ customerId: customer.id })
  assert.equal(invoices.length, 1)
  const draft = invoices[0]
  assert.equal(draft.status, 'draft')
  assert.equal(draft.totals.total, '250')
  assert.ok(draft.statusDetails.availableActions.approve)

  const updated = await openmeter.billing.invoices.update(draft.id, {
    description: 'Set-up', supplier: draft.supplier, customer: draft.customer, workflow: draft.workflow.workflow,
    lines: draft.lines.map((l) => ({ id: l.id, name: l.name, period: l.period, invoiceAt: l.invoiceAt })),
  })
  assert.equal(updated.description, 'Set-up')

  const issued = await openmeter.billing.invoices.approve(draft.id)
  assert.equal(issued.status, 'payment_processing')
  assert.match(issued.number, /^INV-\d{4}-\d{6}$/)
  assert.ok(issued.dueAt instanceof Date)

  const listed = await openmeter.billing.invoices.list({ customers: [customer.id], expand: ['lines'] })
  assert.ok(listed.items.some((i) => i.id === issued.id && i.lines.length === 1))
  assert.equal((await openmeter.billing.invoices.get(issued.id)).number, issued.number)

  const voided = await openmeter.billing.invoices.void(issued.id, {
    action: { percentage: 100, action: { type: 'discard' } }, reason: 'SDK test',
  })
  assert.equal(voided.status, 'voided')
  await assert.rejects(openmeter.billing.invoices.approve(issued.id),
    (error) => (error.status ?? error.response?.status) === 409)

  await openmeter.billing.customers.deleteOverride(customer.id)
  await openmeter.billing.profiles.delete(profile.id)
})

test('billing: a run reports its progress, read with info.getProgress', async () => {
  const answer = await fetch(`${baseUrl}/api/v1/billing/runs`, {
    method: 'POST', headers: { Authorization: `Bearer ${process.env.TOLLGATE_API_KEY}` },
  })
  assert.equal(answer.status, 200)
  const run = await answer.json()
  const progress = await openmeter.info.getProgress(run.progressId)
  assert.equal(progress.total, run.customersDue)
  assert.ok(progress.updatedAt instanceof Date)
})
