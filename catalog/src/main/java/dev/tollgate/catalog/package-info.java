/**
 * Product catalog: customers, features, versioned plans with rate cards, subscriptions and the pricing engine. Built in
 * issue 5; it depends on {@code meters} (features read meters) and nothing downstream depends on it yet.
 */
package dev.tollgate.catalog;
