// Package oracle holds bapi's differential test against the real Amplify
// GraphQL transformer: oracle_test.go runs every TransformSchema of the
// repository's test data through bapi validate and through
// @aws-amplify/graphql-transformer (pinned in testdata/oracle, run offline
// by testdata/oracle/transform.js), and fails when their verdicts differ,
// except where exceptions.go says why they may. The package has no code
// besides the test's.
package oracle
