/**
 * Building blocks for outbound notification webhooks (logical module {@code dev.tollgate.notifications}, housed in
 * the invoicing Maven module): secrets and signatures after the Standard Webhooks spec
 * (https://www.standardwebhooks.com/), the SSRF guard for target URLs, the HTTP client that makes one delivery
 * attempt, and the retry schedule between attempts.
 */
package dev.tollgate.notifications.webhook;
