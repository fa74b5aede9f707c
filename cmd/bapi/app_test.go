package main

import "testing"

func TestClosestName(t *testing.T) {
	commands := []string{"validate", "rules", "schema", "directives", "plan", "apply", "emulator", "init", "lsp", "version", "completion", "help"}
	tests := []struct {
		given, want string
	}{
		{given: "valdate", want: "validate"},
		{given: "verison", want: "version"},
		{given: "aply", want: "apply"},
		{given: "emu", want: "emulator"},
		{given: "comp", want: "completion"},
		{given: "pln", want: "plan"},
		{given: "frobnicate", want: ""},
		{given: "x", want: ""},
		{given: "", want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.given, func(t *testing.T) {
			if got := closestName(tc.given, commands); got != tc.want {
				t.Errorf("closestName(%q) = %q, want %q", tc.given, got, tc.want)
			}
		})
	}
}
