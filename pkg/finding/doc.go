// Package finding defines the one result type every check in bapi reports:
// a problem at a position in a spec file. Loading, schema validation and the
// semantic rules all produce findings; pkg/output renders them.
package finding
