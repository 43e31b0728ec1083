// notifications.channels.*, notifications.rules.* and notifications.events.*, as OpenMeter answers them (its types in
// the SDK's schemas.d.ts; behaviour from openmeter/notification/{httpdriver,service}). Events are made with
// POST /api/v1/notification/rules/{ruleId}/test, which the SDK has no method for, and delivered to a receiver this
// file starts on 127.0.0.1 (OpenMeterSdkIT lets the app send to loopback addresses).
import assert from 'node:assert/strict'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import { after, before } from 'node:test'
import { baseUrl, eventually, openmeter, rejectsWithStatus, sdkTest, unique } from './compat.mjs'

const notifications = openmeter.notifications

/** Every request the receiver got: method, path, headers (lower-case names) and the raw body. */
const received = []
let receiver
let receiverUrl
let feature

before(async () => {
  receiver = createServer((request, response) => {
    const chunks = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      received.push({ method: request.method, path: request.url, headers: request.headers,
        body: Buffer.concat(chunks) })
      response.writeHead(204).end()
    })
  })
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${receiver.address().port}`
  feature = await openmeter.features.create({ key: unique('compat_notified'), name: 'Compat notified' })
})

after(() => new Promise((resolve) => receiver.close(resolve)))

/** A ULID no resource has: OpenMeter validates ids against the ULID pattern before looking them up. */
function unknownId() {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  return '01' + Array.from(randomBytes(24), (b) => alphabet[b % 32]).join('')
}

/** A Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes. */
function secret() {
  return `whsec_${randomBytes(32).toString('base64')}`
}

async function channel(extra = {}) {
  return notifications.channels.create({ type: 'WEBHOOK', name: unique('Compat channel'),
    url: `${receiverUrl}/${unique('hook')}`, ...extra })
}

/** Whether the Standard Webhooks signature headers of a request received are valid for the secret. */
function signedWith(signingSecret, request) {
  const id = request.headers['webhook-id']
  const timestamp = request.headers['webhook-timestamp']
  const key = Buffer.from(signingSecret.slice('whsec_'.length), 'base64')
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(request.body).digest()
  return String(request.headers['webhook-signature'] ?? '').split(' ').some((signature) => {
    const [version, value] = signature.split(',')
    const given = Buffer.from(value ?? '', 'base64')
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)
  })
}

/** POST /api/v1/notification/rules/{ruleId}/test, which the SDK has no method for. */
async function testRule(ruleId) {
  return fetch(`${baseUrl}/api/v1/notification/rules/${ruleId}/test`, {
    method: 'POST', headers: { Authorization: `Bearer ${process.env.TOLLGATE_API_KEY}` },
  })
}

sdkTest('notifications.channels.create answers 201 with a generated signing secret; get, update, list', async () => {
  const headers = { 'X-Team': 'billing' }
  const created = await channel({ customHeaders: headers, metadata: { owner: 'compat' } })
  assert.match(created.id, /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/)
  assert.equal(created.type, 'WEBHOOK')
  assert.equal(created.disabled, false)
  assert.deepEqual(created.customHeaders, headers)
  assert.deepEqual(created.metadata, { owner: 'compat' })
  // openmeter/notification/webhook/secret: "whsec_" and the base64 of 32 random bytes when none is given.
  assert.match(created.signingSecret, /^whsec_[A-Za-z0-9+/=]{44}$/)
  assert.ok(created.createdAt instanceof Date)
  assert.ok(created.updatedAt instanceof Date)
  assert.equal(created.deletedAt, undefined)

  const got = await notifications.channels.get(created.id)
  assert.equal(got.name, created.name)
  assert.equal(got.url, created.url)
  assert.equal(got.signingSecret, created.signingSecret)

  // PUT replaces the whole channel: left-out customHeaders and metadata are cleared; a new secret replaces the old.
  const newSecret = secret()
  const updated = await notifications.channels.update(created.id, { type: 'WEBHOOK', name: `${created.name} v2`,
    url: `${created.url}/v2`, signingSecret: newSecret, disabled: true })
  assert.equal(updated.id, created.id)
  assert.equal(updated.name, `${created.name} v2`)
  assert.equal(updated.url, `${created.url}/v2`)
  assert.equal(updated.disabled, true)
  assert.equal(updated.signingSecret, newSecret)
  assert.equal(updated.customHeaders, undefined)
  assert.equal(updated.metadata, undefined)
  assert.ok(updated.updatedAt.getTime() >= created.updatedAt.getTime())

  // Disabled channels are listed only with includeDisabled (httpdriver/channel.go).
  const query = { order: 'DESC', orderBy: 'createdAt', pageSize: 100 }
  const live = await notifications.channels.list(query)
  assert.equal(live.page, 1)
  assert.equal(live.pageSize, 100)
  assert.equal(typeof live.totalCount, 'number')
  assert.ok(!live.items.some((c) => c.id === created.id))
  const all = await notifications.channels.list({ ...query, includeDisabled: true })
  assert.ok(all.items.some((c) => c.id === created.id && c.disabled === true))
  assert.ok(all.totalCount > live.totalCount)
  await notifications.channels.delete(created.id)
})

sdkTest('notifications.channels.delete answers 204; the channel is still read by id, listed no more', async () => {
  const created = await channel({ signingSecret: secret() })
  assert.equal(await notifications.channels.delete(created.id), undefined)
  const deleted = await notifications.channels.get(created.id)
  assert.ok(deleted.deletedAt instanceof Date)
  const listed = await notifications.channels.list({ includeDisabled: true, order: 'DESC', orderBy: 'createdAt' })
  assert.ok(!listed.items.some((c) => c.id === created.id))
  // service/channel.go: "not allowed to update deleted channel" (UpdateAfterDeleteError, 409).
  await rejectsWithStatus(assert, notifications.channels.update(created.id, { type: 'WEBHOOK', name: 'x',
    url: created.url }), 409)
})

sdkTest('notifications.channels: 404 for an unknown channel, 400 for a bad signing secret', async () => {
  await rejectsWithStatus(assert, notifications.channels.get(unknownId()), 404)
  await rejectsWithStatus(assert, notifications.channels.update(unknownId(), { type: 'WEBHOOK', name: 'x',
    url: `${receiverUrl}/x` }), 404)
  await rejectsWithStatus(assert, notifications.channels.delete(unknownId()), 404)
  // The spec's pattern ^(whsec_)?[a-zA-Z0-9+/=]{32,100}$ and "invalid signing secret" (webhook/secret).
  await rejectsWithStatus(assert, channel({ signingSecret: 'whsec_short' }), 400)
  await rejectsWithStatus(assert, channel({ signingSecret: `whsec_${'!'.repeat(40)}` }), 400)
})

sdkTest('notifications.rules.create: all four types, thresholds (legacy PERCENT and NUMBER too) as sent', async () => {
  const c = await channel()
  const thresholds = [
    { type: 'usage_percentage', value: 80 }, { type: 'usage_value', value: 1000 },
    { type: 'balance_value', value: 10 }, { type: 'PERCENT', value: 100 }, { type: 'NUMBER', value: 5000 },
  ]
  const threshold = await notifications.rules.create({ type: 'entitlements.balance.threshold',
    name: unique('Compat thresholds'), channels: [c.id], features: [feature.key], thresholds,
    metadata: { team: 'compat' } })
  assert.equal(threshold.type, 'entitlements.balance.threshold')
  assert.equal(threshold.disabled, false)
  assert.deepEqual(threshold.channels, [{ id: c.id, type: 'WEBHOOK' }])
  // Thresholds are stored and answered as sent: legacy types are not rewritten.
  assert.deepEqual(threshold.thresholds, thresholds)
  // httpdriver/mapping.go: FeatureMeta.id is the id or key the rule was given.
  assert.equal(threshold.features.length, 1)
  assert.equal(threshold.features[0].id, feature.key)
  assert.deepEqual(threshold.metadata, { team: 'compat' })
  assert.ok(threshold.createdAt instanceof Date)

  const reset = await notifications.rules.create({ type: 'entitlements.reset', name: unique('Compat resets'),
    channels: [c.id], features: [feature.id] })
  assert.equal(reset.type, 'entitlements.reset')
  assert.equal(reset.features[0].id, feature.id)
  assert.equal(reset.thresholds, undefined)

  const invoiceRules = []
  for (const type of ['invoice.created', 'invoice.updated']) {
    const rule = await notifications.rules.create({ type, name: unique('Compat invoices'), channels: [c.id] })
    invoiceRules.push(rule)
    assert.equal(rule.type, type)
    assert.deepEqual(rule.channels, [{ id: c.id, type: 'WEBHOOK' }])
    assert.equal(rule.features, undefined)
    assert.equal(rule.thresholds, undefined)
    assert.equal((await notifications.rules.get(rule.id)).type, type)
  }

  const got = await notifications.rules.get(threshold.id)
  assert.equal(got.name, threshold.name)
  assert.deepEqual(got.thresholds, thresholds)
  assert.deepEqual(got.channels, [{ id: c.id, type: 'WEBHOOK' }])

  // Nothing of this run is left to send to the receiver once it is gone (billing files make invoices meanwhile).
  for (const rule of [threshold, reset, ...invoiceRules]) await notifications.rules.delete(rule.id)
  await notifications.channels.delete(c.id)
})

sdkTest('notifications.rules update, list (includeDisabled) and delete (204, still read by id)', async () => {
  const c = await channel()
  const other = await channel()
  const rule = await notifications.rules.create({ type: 'entitlements.balance.threshold',
    name: unique('Compat rule'), channels: [c.id], thresholds: [{ type: 'usage_percentage', value: 50 }] })
  const query = { order: 'DESC', orderBy: 'createdAt', pageSize: 100 }
  assert.ok((await notifications.rules.list(query)).items.some((r) => r.id === rule.id))

  // PUT replaces the rule: new channels, thresholds and features; disabled leaves the default list.
  const updated = await notifications.rules.update(rule.id, { type: 'entitlements.balance.threshold',
    name: `${rule.name} v2`, channels: [c.id, other.id], features: [feature.key], disabled: true,
    thresholds: [{ type: 'NUMBER', value: 10 }, { type: 'balance_value', value: 0 }] })
  assert.equal(updated.id, rule.id)
  assert.equal(updated.name, `${rule.name} v2`)
  assert.equal(updated.disabled, true)
  assert.deepEqual(updated.channels.map((ch) => ch.id).sort(), [c.id, other.id].sort())
  assert.deepEqual(updated.thresholds, [{ type: 'NUMBER', value: 10 }, { type: 'balance_value', value: 0 }])
  assert.equal(updated.features[0].id, feature.key)
  const live = await notifications.rules.list(query)
  assert.equal(live.page, 1)
  assert.equal(live.pageSize, 100)
  assert.ok(!live.items.some((r) => r.id === rule.id))
  const all = await notifications.rules.list({ ...query, includeDisabled: true })
  assert.ok(all.items.some((r) => r.id === rule.id && r.disabled === true))

  // The rule type cannot change (service/rule.go: "cannot change rule type").
  await rejectsWithStatus(assert, notifications.rules.update(rule.id, { type: 'entitlements.reset',
    name: rule.name, channels: [c.id] }), 400)

  assert.equal(await notifications.rules.delete(rule.id), undefined)
  assert.ok((await notifications.rules.get(rule.id)).deletedAt instanceof Date)
  assert.ok(!(await notifications.rules.list({ ...query, includeDisabled: true })).items.some((r) => r.id === rule.id))
  await rejectsWithStatus(assert, notifications.rules.update(rule.id, { type: 'entitlements.balance.threshold',
    name: rule.name, channels: [c.id], thresholds: [{ type: 'usage_value', value: 1 }] }), 409)
  // With their only rule deleted, the channels can go.
  await notifications.channels.delete(c.id)
  await notifications.channels.delete(other.id)
})

sdkTest('notifications.rules: 404 unknown rule, 400 empty thresholds, unknown channel, a channel in use', async () => {
  const c = await channel()
  await rejectsWithStatus(assert, notifications.rules.get(unknownId()), 404)
  await rejectsWithStatus(assert, notifications.rules.delete(unknownId()), 404)
  await rejectsWithStatus(assert, notifications.rules.update(unknownId(), { type: 'invoice.created', name: 'x',
    channels: [c.id] }), 404)
  // rule.go: "must provide at least one threshold" (and the spec's minItems 1).
  await rejectsWithStatus(assert, notifications.rules.create({ type: 'entitlements.balance.threshold',
    name: unique('Compat empty'), channels: [c.id], thresholds: [] }), 400)
  // service/rule.go: "non-existing channels".
  await rejectsWithStatus(assert, notifications.rules.create({ type: 'invoice.created', name: unique('Compat lost'),
    channels: [unknownId()] }), 400)

  // service/channel.go: "failed to delete channel as it is assigned to one or more rules" (400).
  const rule = await notifications.rules.create({ type: 'invoice.updated', name: unique('Compat holds'),
    channels: [c.id] })
  await rejectsWithStatus(assert, notifications.channels.delete(c.id), 400)
  assert.equal((await notifications.channels.get(c.id)).deletedAt, undefined)
  await notifications.rules.delete(rule.id)
  await notifications.channels.delete(c.id)
})

sdkTest('notifications.events: a rule test delivered (SUCCESS), listed, read, resent with the same webhook-id',
  async () => {
    const path = `/${unique('events')}`
    const c = await notifications.channels.create({ type: 'WEBHOOK', name: unique('Compat receiver'),
      url: `${receiverUrl}${path}`, customHeaders: { 'X-Compat': 'yes' } })
    const rule = await notifications.rules.create({ type: 'entitlements.balance.threshold',
      name: unique('Compat tested'), channels: [c.id], features: [feature.key],
      thresholds: [{ type: 'usage_percentage', value: 90 }] })

    // The spec's 201 with the NotificationEvent (openmeter/notification/internal/rule.go makes the sample data).
    const answer = await testRule(rule.id)
    assert.equal(answer.status, 201, await answer.clone().text())
    const tested = await answer.json()
    assert.equal(tested.type, 'entitlements.balance.threshold')
    assert.equal(tested.rule.id, rule.id)
    assert.equal(tested.payload.id, tested.id)
    assert.equal(tested.payload.type, 'entitlements.balance.threshold')
    assert.deepEqual(tested.payload.data.threshold, { type: 'PERCENT', value: 50 })
    assert.equal(tested.annotations['notification.rule.test'], true)
    assert.deepEqual(tested.deliveryStatus.map((d) => d.channel), [{ id: c.id, type: 'WEBHOOK' }])

    const listed = await notifications.events.list({ rule: [rule.id] })
    assert.equal(listed.totalCount, 1)
    assert.equal(listed.page, 1)
    assert.equal(listed.items[0].id, tested.id)
    assert.ok(listed.items[0].createdAt instanceof Date)
    assert.ok((await notifications.events.list({ channel: [c.id], pageSize: 10 })).items.some(
      (e) => e.id === tested.id))

    const delivered = await eventually(async () => {
      const event = await notifications.events.get(tested.id)
      return event.deliveryStatus[0].state === 'SUCCESS' && event
    })
    const status = delivered.deliveryStatus[0]
    assert.deepEqual(status.channel, { id: c.id, type: 'WEBHOOK' })
    assert.equal(typeof status.reason, 'string')
    assert.ok(status.updatedAt instanceof Date)
    assert.equal(status.attempts.length, 1)
    assert.equal(status.attempts[0].state, 'SUCCESS')
    assert.ok(status.attempts[0].timestamp instanceof Date)
    assert.equal(status.attempts[0].response.statusCode, 204)
    assert.equal(typeof status.attempts[0].response.durationMs, 'number')
    assert.equal(delivered.rule.id, rule.id)
    assert.deepEqual(delivered.payload.data.threshold, { type: 'PERCENT', value: 50 })

    const first = received.filter((r) => r.path === path)
    assert.equal(first.length, 1)
    assert.equal(first[0].method, 'POST')
    assert.equal(first[0].headers['webhook-id'], tested.id)
    assert.equal(first[0].headers['x-compat'], 'yes')
    assert.ok(signedWith(c.signingSecret, first[0]), 'the Standard Webhooks signature checks out')
    assert.equal(JSON.parse(first[0].body.toString()).id, tested.id)

    // 202, no body; the SDK answers undefined. Sent again at once, with the same webhook-id.
    assert.equal(await notifications.events.resend(tested.id), undefined)
    const again = await eventually(() => {
      const requests = received.filter((r) => r.path === path)
      return requests.length === 2 && requests
    })
    assert.equal(again[1].headers['webhook-id'], tested.id)
    assert.ok(signedWith(c.signingSecret, again[1]))
    const resent = await eventually(async () => {
      const event = await notifications.events.get(tested.id)
      return event.deliveryStatus[0].state === 'SUCCESS' && event.deliveryStatus[0].attempts.length === 2 && event
    })
    assert.equal(resent.deliveryStatus[0].attempts[0].response.statusCode, 204)
    assert.equal(resent.deliveryStatus[0].attempts[0].state, 'SUCCESS')

    await notifications.rules.delete(rule.id)
    await notifications.channels.delete(c.id)
  })

sdkTest('notifications.events: 404 for an unknown event (get, resend); 404 testing an unknown rule', async () => {
  await rejectsWithStatus(assert, notifications.events.get(unknownId()), 404)
  await rejectsWithStatus(assert, notifications.events.resend(unknownId()), 404)
  assert.equal((await testRule(unknownId())).status, 404)
})
