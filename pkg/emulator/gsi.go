package emulator

import (
	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/plan/schemachange"
	bolt "go.etcd.io/bbolt"
)

// gsiFailure is why an update from cur to next fails the way CloudFormation
// fails it: more than one GSI created or deleted on a table in one update.
// "" when the update is within that limit.
func gsiFailure(cur, next *ab.BackendAPIResourceConfig) string {
	if cur == nil || next == nil {
		return ""
	}
	if err := schemachange.CheckUpdate(cur.TransformSchema, next.TransformSchema); err != nil {
		return err.Error()
	}
	return ""
}

// failJob makes a stored job end FAILED with message.
func failJob(tx *bolt.Tx, j *jobRecord, message string) error {
	j.Fail = true
	j.Error = message
	return putJSON(tx.Bucket(bucketJobs), key(j.AppID, j.Env, j.JobID), j)
}
