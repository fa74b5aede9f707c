// Package ctxtime holds the one helper that both the client (between
// retries) and apply (between polls) need: a sleep that ends early when its
// context is done.
package ctxtime
