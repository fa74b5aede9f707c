package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	n := flag.Int("n", 1000, "number of spec files to write")
	out := flag.String("out", "", "directory to write into (created if missing)")
	seed := flag.Uint64("seed", 1, "random seed; the same seed gives the same corpus")
	invalid := flag.Float64("invalid", 0.05, "fraction of files with a defect")
	flag.Parse()
	if *out == "" || *n < 0 {
		fmt.Fprintln(os.Stderr, "gencorpus: give -out DIR and -n N (N >= 0)")
		os.Exit(2)
	}
	stats, err := Write(*out, *n, *seed, *invalid)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gencorpus: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gencorpus: wrote %d files (%d invalid) to %s\n", stats.Files, stats.Invalid, filepath.Clean(*out))
}
