package emulator

import (
	"strings"
	"testing"
	"time"
)

// TestOptionsValidate: the option checks live in Options.Validate only;
// bapi emulator's flags reach them unchanged, so the messages name the
// flags.
func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		want string // "" means valid
	}{
		{name: "zero", opts: Options{}},
		{name: "instant jobs", opts: Options{InstantJobs: true}},
		{name: "negative job duration", opts: Options{JobDuration: -time.Nanosecond}, want: "--job-duration -1ns is negative: give 0 or more"},
		{name: "negative latency", opts: Options{Latency: -time.Second}, want: "--latency -1s is negative: give 0 or more"},
		{name: "negative consistency delay", opts: Options{ConsistencyDelay: -time.Second}, want: "--consistency-delay -1s is negative"},
		{name: "ratio over 1", opts: Options{FaultThrottle: 1.5}, want: "--fault-throttle 1.5 is out of range: give a ratio between 0 and 1"},
		{name: "negative ratio", opts: Options{FaultJobFailure: -0.1}, want: "--fault-job-failure -0.1 is out of range"},
		{name: "key without secret", opts: Options{AccessKeyID: "AKID"}, want: "give both --access-key-id and --secret-access-key"},
		{name: "faults over 1", opts: Options{FaultThrottle: 0.6, FaultTimeout: 0.6}, want: "fault-throttle 0.6 plus fault-timeout 0.6 exceed 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.opts.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Validate() = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestInstantJobs: InstantJobs ends jobs at once, and a zero JobDuration
// without it is the default.
func TestInstantJobs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		opts Options
		want time.Duration
	}{
		{opts: Options{InstantJobs: true}, want: 0},
		{opts: Options{InstantJobs: true, JobDuration: time.Minute}, want: 0},
		{opts: Options{}, want: DefaultJobDuration},
		{opts: Options{JobDuration: time.Second}, want: time.Second},
	} {
		s, err := New(tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.opts.JobDuration; got != tc.want {
			t.Errorf("%+v: job duration %v, want %v", tc.opts, got, tc.want)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
