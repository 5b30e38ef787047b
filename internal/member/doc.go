// Package member holds who is on the network: the member countries, each with
// its National Central Bureau (NCB); the units a bureau creates (specialised
// units, border points); the two network-wide bodies (the Secretariat and the
// oversight body); and the users of every unit with their roles.
//
// Every change goes through Service, which asks the access decision first and
// writes the audit entry in the same transaction as the change. Nothing here
// stores a password in clear: users arrive with a hash made by a Hasher.
package member
