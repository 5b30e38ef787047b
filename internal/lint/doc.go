// Package lint holds cheap guards that keep the code honest: its tests read
// the repository's Go files and fail on a package without a doc comment, a
// file that is not gofmt-ed, a to-do comment that names no issue, or a
// package of the node importing the synthetic-data generator. It has no
// code.
package lint
