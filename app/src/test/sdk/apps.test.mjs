import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openmeter, unique } from './client.mjs'

// The suite's process talks to a fake Stripe started by OpenMeterSdkIT, which hands over a key of a fresh account.
const stripeKey = process.env.STRIPE_TEST_KEY

test('apps: the Stripe listing, an install with an API key, the app, a customer linked and its portal', {
  skip: !stripeKey && 'no STRIPE_TEST_KEY (run through OpenMeterSdkIT)',
}, async () => {
  const listings = await openmeter.apps.marketplace.list()
  assert.ok(listings.items.some((l) => l.type === 'stripe'))
  assert.equal((await openmeter.apps.marketplace.get('stripe')).name, 'Stripe')

  await assert.rejects(openmeter.apps.marketplace.installWithAPIKey('stripe', { apiKey: 'not-a-key' }),
    (e) => e.status === 400 || e.response?.status === 400 || /400|apiKey/.test(String(e)))

  const installed = await openmeter.apps.marketplace.installWithAPIKey('stripe',
    { name: unique('SDK Stripe'), apiKey: stripeKey, createBillingProfile: false })
  const app = installed.app
  assert.equal(app.type, 'stripe')
  assert.equal(app.status, 'ready')
  assert.notEqual(app.maskedAPIKey, stripeKey)
  assert.ok(!JSON.stringify(installed).includes(stripeKey))
  assert.equal((await openmeter.apps.get(app.id)).id, app.id)
  assert.ok((await openmeter.apps.list({ pageSize: 100 })).items.some((a) => a.id === app.id))
  await openmeter.apps.stripe.updateApiKey(app.id, { secretAPIKey: stripeKey })

  const profile = await openmeter.billing.profiles.create({
    name: unique('SDK Stripe profile'), default: false, supplier: { name: 'Tollgate SDK Ltd' },
    apps: { invoicing: app.id, payment: app.id, tax: app.id },
  })
  assert.equal(profile.apps.invoicing.id, app.id)
  const customer = await openmeter.customers.create({
    key: unique('sdk_stripe'), name: 'SDK Stripe customer', primaryEmail: 'billing@example.com',
    usageAttribution: { subjectKeys: [] },
  })
  await openmeter.billing.customers.createOverride(customer.id, { billingProfileId: profile.id })
  await assert.rejects(openmeter.customers.stripe.get(customer.id))
  await assert.rejects(openmeter.customers.stripe.upsert(customer.id, { stripeCustomerId: 'cus_doesnotexist' }))
})
