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
// the integrator has moved them into the tree. A staged row carries an
// HMAC-SHA256 keyed from the signing key (HKDF), so a row written with SQL
// access alone is not integrated: the integrator moves it to audit_rejected
// and appends an "audit.pending.rejected" entry instead. An entry whose time
// is more than MaxClockSkew from the integrator's clock keeps its time and
// gains an "integrated_at" detail. Authorize is how services enforce the
// access decision: a refusal is itself appended, whatever the request held.
//
// The package must never update or delete an integrated entry, never sign a
// checkpoint for a tree it has not recomputed from the stored hashes, never
// integrate on top of a tree that disagrees with its latest checkpoint or
// that does not extend the tree it last signed or saw, and never log or
// return the private key. Reading entries is itself processing
// of personal data: Read, ReadEntry and ProveInclusion pass the access
// decision and append an "audit.read" entry; Entries, Entry and
// InclusionProof beneath them are for the node's own use.
//
// Anchors. An attacker with write access to the store who removes the newest
// entries together with their checkpoints leaves a shorter log that is
// consistent in itself; the store alone cannot show it. So the node keeps
// its latest checkpoint outside the store (Config.AnchorFile, in the data
// folder, rewritten atomically by Run every AnchorInterval and when it
// stops), New refuses a store whose log does not contain that checkpoint
// (ErrRollback: shorter, or another tree at its size), and the running
// integrator refuses a tree that shrank or changed under it. Verify takes
// such anchors, and witnesses' saved checkpoints, and names the first
// missing entry.
//
// What Verify cannot see: a truncation newer than every anchor it is given
// (the data folder's anchor trails the store by up to AnchorInterval, and
// an attacker who can write both the store and the data folder can roll
// both back: only a witness elsewhere, ncbnet audit checkpoint --state,
// then shows it); the position at which a forked log first differs (the
// store keeps no trace of the other branch, so every entry before the
// anchor's size is suspect); and a staged row replayed, with its valid
// authentication code, after it was integrated (it is integrated twice, as
// a second entry with the same ID, marked "integrated_at" when late).
package audit
