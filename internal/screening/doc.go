// Package screening answers first-line checks: a border desk, a patrol or a
// national system asks whether the document, person, vehicle, firearm or
// vessel in front of it is in the network's databases (POST /api/v1/checks,
// whole manifests at once), and learns in milliseconds hit or no hit, and on
// a hit what the record's owner asks it to do and whom to call.
//
// Every check passes the access decision (action check.run, a declared
// purpose, the databases granted to the checking unit); a record the owner's
// restrictions hide from the checker does not hit, and is not counted. Every
// hit is stored, told at once to the owner's streams and the checking
// bureau's, and waits for the owner's confirmation: urgent hits within 10
// minutes, routine ones within an hour, escalated to the owner's
// supervisors when the deadline passes. Every check is audited with its
// purpose and the records it hit.
//
// It must never show a border point (or anyone who may not read the record)
// more than the minimum to act on: database, record reference, owner, what
// matched and how strongly, the action, the contact, and the hit's
// confirmation. Never the record's personal data.
package screening
