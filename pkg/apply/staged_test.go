package apply_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/bapi-dev/bapi/pkg/plan/schemachange"
)

const (
	stagedLive    = "type Comment @model { id: ID! a: ID b: ID c: ID }\n"
	stagedDesired = "type Comment @model { id: ID! a: ID @index(name: \"byA\") b: ID @index(name: \"byB\") c: ID @index(name: \"byC\") }\n"
)

// jobsOf lists the pair's jobs, oldest first, as "OPERATION STATUS".
func jobsOf(t *testing.T, api amplifybackend.API, app, env string) []string {
	t.Helper()
	out, err := api.ListBackendJobs(context.Background(), &amplifybackend.ListBackendJobsRequest{AppId: app, BackendEnvironmentName: env})
	if err != nil {
		t.Fatal(err)
	}
	var jobs []string
	for i := len(out.Jobs) - 1; i >= 0; i-- {
		jobs = append(jobs, out.Jobs[i].Operation+" "+out.Jobs[i].Status)
	}
	return jobs
}

func liveSchema(t *testing.T, api amplifybackend.API, app, env, name string) string {
	t.Helper()
	got, err := api.GetBackendAPI(context.Background(), &amplifybackend.GetBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: name})
	if err != nil {
		t.Fatal(err)
	}
	return got.ResourceConfig.TransformSchema
}

// TestStagedApplyOneIndexPerJob applies three new indexes on one table:
// without Staged it is refused; with Staged it takes three
// UpdateBackendAPI jobs, each creating one index.
func TestStagedApplyOneIndexPerJob(t *testing.T) {
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 20 * time.Millisecond})
	ctx := context.Background()
	if _, err := apply.Apply(ctx, api, makePlan(t, api, withSchema(stagedLive)), fastOpts(), nil); err != nil {
		t.Fatal(err)
	}
	p := makePlan(t, api, withSchema(stagedDesired))
	if c := p.Changes[0].SchemaChange; c == nil || c.Steps != 3 {
		t.Fatalf("schema change %+v, want 3 deployment steps", c)
	}

	// Unstaged, the job would fail (the emulator fails it as CloudFormation
	// does, pkg/emulator's TestUpdateCreatingTwoIndexesFails): refused
	// before any job.
	_, err := apply.Apply(ctx, api, p, fastOpts(), nil)
	var be *plan.BudgetError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), schemachange.GSIMessage) || !strings.Contains(err.Error(), "--staged") {
		t.Fatalf("unstaged: Apply = %v, want a *plan.BudgetError naming %q and --staged", err, schemachange.GSIMessage)
	}
	if got := liveSchema(t, api, "app00", "env", "api000"); got != stagedLive {
		t.Fatalf("after the refusal the schema is %q, want it unchanged", got)
	}

	opts := fastOpts()
	opts.Staged = true
	rep, err := apply.Apply(ctx, api, p, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || len(rep.Results) != 1 || rep.Results[0].Status != apply.StatusCompleted {
		t.Fatalf("staged: results %+v, want one COMPLETED change", rep.Results)
	}
	if got := liveSchema(t, api, "app00", "env", "api000"); got != stagedDesired {
		t.Errorf("schema %q, want %q", got, stagedDesired)
	}
	want := []string{"CreateBackendAPI COMPLETED", "UpdateBackendAPI COMPLETED", "UpdateBackendAPI COMPLETED", "UpdateBackendAPI COMPLETED"}
	if got := jobsOf(t, api, "app00", "env"); strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("jobs %q, want %q", got, want)
	}
	if p := makePlan(t, api, withSchema(stagedDesired)); p.HasChanges() {
		t.Errorf("plan after the staged apply has changes: %+v", p.Counts())
	}
}

// TestStagedKill9Converges kills bapi apply --staged between its steps;
// reruns go on from the intermediate schema the service has, no job ever
// exceeds one index per table, and the end state is the spec.
func TestStagedKill9Converges(t *testing.T) {
	dir, bin, specs, _, url := killSetup(t, 1, 1, 300*time.Millisecond)
	env := bapiEnv(dir)
	run := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, append([]string{"apply", "--auto-approve", "--endpoint-url", url,
			"--poll-initial", "20ms", "--poll-max", "50ms"}, append(args, specs)...)...)
		cmd.Env = env
		cmd.Dir = dir
		return cmd
	}
	if out, err := run().CombinedOutput(); err != nil {
		t.Fatalf("create: %v\n%s", err, out)
	}
	spec := filepath.Join(specs, "api000.yaml")
	b, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	const from = "    type Post @model @auth(rules: [{ allow: public }]) {\n      id: ID!\n    }\n"
	desired := "type Post @model @auth(rules: [{ allow: public }]) {\n  id: ID!\n  a: ID @index(name: \"byA\")\n  b: ID @index(name: \"byB\")\n  c: ID @index(name: \"byC\")\n  d: ID @index(name: \"byD\")\n}\n"
	indented := "    " + strings.ReplaceAll(strings.TrimSuffix(desired, "\n"), "\n", "\n    ") + "\n"
	if !strings.Contains(string(b), from) {
		t.Fatalf("spec does not hold the schema to replace:\n%s", b)
	}
	if err := os.WriteFile(spec, []byte(strings.Replace(string(b), from, indented, 1)), 0o644); err != nil {
		t.Fatal(err)
	}

	client := emutest.Client(t, emutest.Config(emulator.DefaultAccessKeyID, emulator.DefaultSecretAccessKey, emulator.DefaultRegion), amplifybackend.Options{EndpointURL: url})
	updates := func() int { return emutest.Metrics(t, url).Count(emulator.OpUpdateBackendAPI, 200) }
	// Kill twice, each time once one more step's job was accepted (or, on
	// a machine slow enough, once the run ended by itself): no wall-clock
	// bound, go test's -timeout catches a hang.
	for kill := 1; kill <= 2; kill++ {
		cmd := run("--staged")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() {
			cmd.Wait()
			close(exited)
		}()
	wait:
		for updates() < kill {
			select {
			case <-exited:
				break wait
			case <-time.After(5 * time.Millisecond):
			}
		}
		cmd.Process.Signal(os.Kill)
		<-exited
	}
	if n := updates(); n < 2 {
		t.Fatalf("%d updates accepted before the kills, want 2", n)
	}
	converged := false
	for range 4 {
		out, err := run("--staged").CombinedOutput()
		if err == nil {
			converged = true
			break
		}
		t.Logf("rerun did not converge yet: %v\n%s", err, out)
	}
	if !converged {
		t.Fatal("apply --staged did not converge after kills")
	}
	if got := liveSchema(t, client, "dkill00", "enva", "api000"); got != desired {
		t.Errorf("schema %q, want %q", got, desired)
	}
	for _, j := range jobsOf(t, client, "dkill00", "enva") {
		if !strings.HasSuffix(j, "COMPLETED") {
			t.Errorf("job %s: every step must stay within one index per table", j)
		}
	}
	if n := updates(); n != 4 {
		t.Errorf("%d UpdateBackendAPI accepted, want 4 (one per index)", n)
	}
}
