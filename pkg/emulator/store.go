package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Buckets of the state file. Keys join their parts with keySep, which can
// not appear in a URI segment the emulator accepts.
var (
	bucketEnvs      = []byte("environments") // app␀env -> envRecord
	bucketResources = []byte("resources")    // app␀env␀name -> resourceRecord
	bucketJobs      = []byte("jobs")         // app␀env␀jobId -> jobRecord
	bucketPending   = []byte("pending")      // app␀env -> jobId of the latest job
)

const keySep = "\x00"

func key(parts ...string) []byte { return []byte(strings.Join(parts, keySep)) }

// lockTimeout is how long openState waits for another process's lock on the
// state file before giving up.
const lockTimeout = time.Second

// ErrDamagedState is wrapped by the error of a state file that is not a
// readable bbolt file (a damaged page, a bad checksum, random bytes).
var ErrDamagedState = errors.New("damaged")

// DamagedStateError is a state file bbolt cannot read: it says which file
// and what to do, in one line, whatever bbolt found (or panicked on).
type DamagedStateError struct {
	Path   string
	Detail string // bbolt's first complaint
}

func (e *DamagedStateError) Error() string {
	return fmt.Sprintf("emulator state %s is damaged and cannot be read (%s): delete it or move it away, and the emulator starts again from an empty state", e.Path, e.Detail)
}

func (e *DamagedStateError) Unwrap() error { return ErrDamagedState }

// damaged builds the DamagedStateError of path from what bbolt reported;
// a long detail (a page dump) is cut to its first line.
func damaged(path string, detail any) error {
	d, _, _ := strings.Cut(fmt.Sprint(detail), "\n")
	if len(d) > 200 {
		d = d[:200] + "..."
	}
	return &DamagedStateError{Path: path, Detail: d}
}

// openBolt is bolt.Open that turns a panic (bbolt asserts on some damaged
// pages as it opens the file) into a DamagedStateError.
func openBolt(path string) (db *bolt.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, damaged(path, r)
		}
	}()
	return bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
}

// checkState runs bbolt's consistency check over every page of db, so that
// a damaged file is refused as it is opened instead of panicking in the
// middle of a request. The check recovers bbolt's own panics into errors;
// the recover here is for any it misses.
func checkState(db *bolt.DB, path string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = damaged(path, r)
		}
	}()
	return db.View(func(tx *bolt.Tx) error {
		var first error
		for cerr := range tx.Check() {
			if first == nil {
				first = damaged(path, cerr)
			}
		}
		return first
	})
}

// openState opens (creating it and its directory if needed) the state file,
// and checks that it is whole.
func openState(path string) (*bolt.DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create emulator state directory: %w", err)
		}
	}
	db, err := openBolt(path)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("open emulator state %s: %w: another emulator is using it; stop it or pick another --state file", path, err)
	}
	var de *DamagedStateError
	switch {
	case errors.As(err, &de):
		return nil, err
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrInvalidMapping):
		return nil, damaged(path, err)
	case err != nil:
		return nil, fmt.Errorf("open emulator state %s: %w", path, err)
	}
	if err := checkState(db, path); err != nil {
		db.Close()
		return nil, err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketEnvs, bucketResources, bucketJobs, bucketPending} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("initialise emulator state %s: %w", path, err)
	}
	return db, nil
}

// envRecord is one backend environment of an app. AppName is the app's
// name as CreateBackend gave it (the app ID when the environment was made
// some other way). Categories are the categories the backend holds besides
// the GraphQL API (Options.Categories): they show in amplifyMetaConfig, and
// any but auth and storage make API deployments fail.
type envRecord struct {
	CreateTime time.Time `json:"createTime"`
	AppName    string    `json:"appName,omitempty"`
	Categories []string  `json:"categories,omitempty"`
}

// resourceRecord is one BackendAPI resource. Config is the configuration as
// last accepted (nil once a delete is accepted); Prev is what it was before
// the job JobID, restored if that job ends FAILED.
type resourceRecord struct {
	Config *ab.BackendAPIResourceConfig `json:"config,omitempty"`
	Prev   *ab.BackendAPIResourceConfig `json:"prev,omitempty"`
	JobID  string                       `json:"jobId"`
}

// jobRecord is one job. Its status is computed from the times when read.
type jobRecord struct {
	AppID        string    `json:"appId"`
	Env          string    `json:"env"`
	JobID        string    `json:"jobId"`
	Operation    string    `json:"operation"`
	ResourceName string    `json:"resourceName"`
	CreateTime   time.Time `json:"createTime"`
	EndTime      time.Time `json:"endTime"`
	Fail         bool      `json:"fail,omitempty"`
	// Seq orders jobs created in the same instant (job IDs are random).
	Seq uint64 `json:"seq"`
	// Error is why the job fails, when it is not an injected fault.
	Error string `json:"error,omitempty"`
}

const jobFailureMessage = "the emulator failed this job on purpose (--fault-job-failure)"

// status is the job's status at now.
func (j *jobRecord) status(now time.Time) string {
	if now.Before(j.EndTime) {
		return StatusRunning
	}
	if j.Fail {
		return StatusFailed
	}
	return StatusCompleted
}

func (j *jobRecord) pending(now time.Time) bool { return now.Before(j.EndTime) }

func (j *jobRecord) failed(now time.Time) bool { return j.Fail && !j.pending(now) }

// wire is the job as GetBackendJob and ListBackendJobs answer it at now.
func (j *jobRecord) wire(now time.Time) ab.BackendJobRespObj {
	o := ab.BackendJobRespObj{
		AppId:                  j.AppID,
		BackendEnvironmentName: j.Env,
		JobId:                  j.JobID,
		Operation:              j.Operation,
		Status:                 j.status(now),
		CreateTime:             epochMillis(j.CreateTime),
		UpdateTime:             epochMillis(j.CreateTime),
	}
	if !j.pending(now) {
		o.UpdateTime = epochMillis(j.EndTime)
	}
	if o.Status == StatusFailed {
		o.Error = jobFailureMessage
		if j.Error != "" {
			o.Error = j.Error
		}
	}
	return o
}

// epochMillis is a time as the service writes job times: milliseconds since
// the Unix epoch, as a decimal string.
func epochMillis(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

func getJSON(b *bolt.Bucket, k []byte, v any) (bool, error) {
	data := b.Get(k)
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("corrupt emulator state at %q: %w", strings.ReplaceAll(string(k), keySep, "/"), err)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, k []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(k, data)
}

func envExists(tx *bolt.Tx, app, env string) bool {
	return tx.Bucket(bucketEnvs).Get(key(app, env)) != nil
}

func appExists(tx *bolt.Tx, app string) bool {
	c := tx.Bucket(bucketEnvs).Cursor()
	prefix := []byte(app + keySep)
	k, _ := c.Seek(prefix)
	return k != nil && strings.HasPrefix(string(k), string(prefix))
}

// effective returns the resource's configuration at now (nil when there is
// none), with the stored record.
func effective(tx *bolt.Tx, app, env, name string, now time.Time) (*ab.BackendAPIResourceConfig, *resourceRecord, error) {
	var rec resourceRecord
	ok, err := getJSON(tx.Bucket(bucketResources), key(app, env, name), &rec)
	if err != nil || !ok {
		return nil, nil, err
	}
	var job jobRecord
	found, err := getJSON(tx.Bucket(bucketJobs), key(app, env, rec.JobID), &job)
	if err != nil {
		return nil, nil, err
	}
	if found && job.failed(now) {
		return rec.Prev, &rec, nil
	}
	return rec.Config, &rec, nil
}

// pendingJob returns the job pending in app/env at now, if any.
func pendingJob(tx *bolt.Tx, app, env string, now time.Time) (*jobRecord, error) {
	id := tx.Bucket(bucketPending).Get(key(app, env))
	if id == nil {
		return nil, nil
	}
	var job jobRecord
	ok, err := getJSON(tx.Bucket(bucketJobs), key(app, env, string(id)), &job)
	if err != nil || !ok || !job.pending(now) {
		return nil, err
	}
	return &job, nil
}

// newJob stores a job with a random ID, RUNNING from now for d, and makes
// it the pair's pending job unless one already pending ends later (a seeded
// job may).
func newJob(tx *bolt.Tx, op, app, env, name string, now time.Time, d time.Duration, fail bool) (*jobRecord, error) {
	jobs := tx.Bucket(bucketJobs)
	seq, err := jobs.NextSequence()
	if err != nil {
		return nil, err
	}
	j := &jobRecord{
		AppID:        app,
		Env:          env,
		JobID:        newRequestID(),
		Operation:    op,
		ResourceName: name,
		CreateTime:   now,
		EndTime:      now.Add(d),
		Seq:          seq,
		Fail:         fail,
	}
	if err := putJSON(jobs, key(app, env, j.JobID), j); err != nil {
		return nil, err
	}
	p, err := pendingJob(tx, app, env, now)
	if err != nil {
		return nil, err
	}
	if p == nil || !p.EndTime.After(j.EndTime) {
		if err := tx.Bucket(bucketPending).Put(key(app, env), []byte(j.JobID)); err != nil {
			return nil, err
		}
	}
	return j, nil
}

// listJobs returns the jobs of app/env, newest first.
func listJobs(tx *bolt.Tx, app, env string) ([]jobRecord, error) {
	var out []jobRecord
	prefix := string(key(app, env)) + keySep
	c := tx.Bucket(bucketJobs).Cursor()
	for k, v := c.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, v = c.Next() {
		var j jobRecord
		if err := json.Unmarshal(v, &j); err != nil {
			return nil, fmt.Errorf("corrupt emulator state at job %q: %w", k[len(prefix):], err)
		}
		out = append(out, j)
	}
	sort.Slice(out, func(a, b int) bool {
		if !out[a].CreateTime.Equal(out[b].CreateTime) {
			return out[a].CreateTime.After(out[b].CreateTime)
		}
		return out[a].Seq > out[b].Seq
	})
	return out, nil
}

// countResources returns how many resources exist at now (for tests).
func countResources(tx *bolt.Tx, now time.Time) (int, error) {
	n := 0
	err := tx.Bucket(bucketResources).ForEach(func(k, _ []byte) error {
		parts := strings.Split(string(k), keySep)
		if len(parts) != 3 {
			return nil
		}
		cfg, _, err := effective(tx, parts[0], parts[1], parts[2], now)
		if err != nil {
			return err
		}
		if cfg != nil {
			n++
		}
		return nil
	})
	return n, err
}

// statePath is the state file's path, as bbolt opened it.
func (s *Server) statePath() string { return s.db.Path() }
