// Package audit is the node's tamper-evident audit log. Every security-relevant
// event and every processing of police data becomes an Entry; entries are the
// leaves of an append-only Merkle tree with RFC 6962 hashing
// (golang.org/x/mod/sumdb/tlog), and after each integrated batch the node signs
// a checkpoint of the tree (size and root) with its Ed25519 key, as a C2SP
// tlog-checkpoint signed note. Anyone holding the verifier key can check that
// an entry is in the log (inclusion proof) and that the log only grew between
// two checkpoints (consistency proof); Verify re-derives the whole tree from
// the stored leaves and finds the first entry that was changed, removed,
// inserted or moved.
//
// Appends are group-committed: concurrent Append calls wait while the one
// integrator goroutine (Log.Run) writes them in a single transaction together
// with their hashes and the new checkpoint, so an Append that returns is
// durable and provable. AppendTx stages entries inside a caller's transaction
// so that an action and its audit entry commit or roll back together; right
// after the commit, before the caller's transaction returns, Sync waits until
// the integrator has moved them into the tree. Authorize is how services
// enforce the access decision: a refusal is itself appended.
//
// The package must never update or delete an integrated entry, never sign a
// checkpoint for a tree it has not recomputed from the stored hashes, never
// integrate on top of a tree that disagrees with its latest checkpoint, and
// never log or return the private key. Reading entries is itself processing
// of personal data: Read, ReadEntry and ProveInclusion pass the access
// decision and append an "audit.read" entry; Entries, Entry and
// InclusionProof beneath them are for the node's own use.
//
// What Verify cannot see: an attacker with write access to the store who
// removes the newest entries together with their checkpoints leaves a shorter
// log that is consistent in itself. Clients that keep the checkpoints they
// were shown, and ask for consistency proofs from them, detect it.
package audit
