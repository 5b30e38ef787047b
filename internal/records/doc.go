// Package records holds the network's criminal databases: the schema of each
// (declared once here and served to clients), the records members feed them,
// and the rules that keep every record under its owner's control.
//
// A record belongs to the bureau that entered it. Only that bureau (and the
// units it granted the database to) creates, changes or deletes it; every
// change is a new version and an audit entry written in the same
// transaction; deletion removes the data and leaves only a tombstone entry in
// the audit log. Reads name a purpose and pass the access decision, which
// applies the owner's restrictions.
//
// Records use the FollowTheMoney JSON convention: a schema name and
// multi-valued string properties, so OpenSanctions and Aleph habits carry
// over. This package must never return a record to a principal the access
// decision has not cleared for it.
package records
