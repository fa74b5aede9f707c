package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNextCommand: import's next: line works from the working directory,
// wherever --out is.
func TestNextCommand(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		out    string
		config bool
		want   string
	}{
		{out: "bapi", want: "bapi validate bapi && bapi plan bapi"},
		{out: "./infra//bapi/", want: "bapi validate infra/bapi && bapi plan infra/bapi"},
		{out: filepath.Join(wd, "specs"), want: "bapi validate specs && bapi plan specs"},
		{out: "bapi", config: true, want: "bapi validate --config bapi/.bapi.yaml bapi && bapi plan --config bapi/.bapi.yaml bapi"},
		{out: ".", config: true, want: "bapi validate . && bapi plan ."},
		{out: "../specs", config: true, want: "cd ../specs && bapi validate . && bapi plan ."},
		{out: "../my specs", want: "cd '../my specs' && bapi validate . && bapi plan ."},
		{out: filepath.Join(filepath.Dir(wd), "specs"), want: "cd " + shellQuote(filepath.Join(filepath.Dir(wd), "specs")) + " && bapi validate . && bapi plan ."},
		{out: "it's here", want: `bapi validate 'it'\''s here' && bapi plan 'it'\''s here'`},
	} {
		if got := nextCommand(tc.out, tc.config); got != tc.want {
			t.Errorf("nextCommand(%q, %v) = %q, want %q", tc.out, tc.config, got, tc.want)
		}
	}
}
