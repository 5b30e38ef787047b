// Package access makes the one policy decision of the node: may this principal
// do this action on this resource for this purpose? Decide answers it from the
// principal's roles, scopes, country and unit kind, the database grants of its
// unit, the resource's owner and restrictions, and the declared purpose; a
// refusal carries the reason as a stable code.
//
// Decide is a pure function: it reads nothing and writes nothing. Callers load
// what it needs, call it, audit the outcome and enforce it. No read or write of
// police data may skip it.
package access
