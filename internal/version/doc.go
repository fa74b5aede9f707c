// Package version reports bapi's version, commit and Go version.
package version
