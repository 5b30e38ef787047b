// Package auth proves who is calling: it checks passwords (argon2id), issues
// and checks session tokens for users and API tokens for system clients, locks
// accounts after repeated failures, and turns a bearer token into the
// access.Principal the rest of the node decides on.
//
// It never stores or logs a secret: passwords are kept as argon2id hashes,
// token secrets as SHA-256 digests compared in constant time, and a token is
// shown to its holder once, when it is issued.
package auth
