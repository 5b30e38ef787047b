// Package httpapi is the node's HTTP API under /api/v1: JSON in and out,
// bearer tokens, one error writer, one pagination style, and the OpenAPI
// document generated from the same route table that serves the requests.
//
// Handlers only translate: they decode and check the shape of a request, call
// a domain service with the caller's principal, and encode the answer. They
// never decide access themselves and never touch the store directly.
package httpapi
