package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: parsefloor PATH...")
		os.Exit(2)
	}
	files, docs, err := parseAll(os.Args[1:], runtime.GOMAXPROCS(0))
	if err != nil {
		fmt.Fprintf(os.Stderr, "parsefloor: %v\n", err)
		os.Exit(2)
	}
	fmt.Printf("%d files, %d documents\n", files, docs)
}

// parseAll parses every file under paths with par workers, returning the
// number of files and of documents that parsed.
func parseAll(paths []string, par int) (int64, int64, error) {
	work := make(chan string, 2*par)
	var files, docs atomic.Int64
	var wg sync.WaitGroup
	for range par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				data, err := os.ReadFile(p)
				if err != nil {
					continue
				}
				files.Add(1)
				docs.Add(int64(parse(data)))
			}
		}()
	}
	err := walk(paths, func(p string) { work <- p })
	close(work)
	wg.Wait()
	return files.Load(), docs.Load(), err
}

// parse decodes every document into a yaml.Node; a syntax error ends the
// file, as it does for bapi.
func parse(data []byte) (n int) {
	defer func() {
		if recover() != nil {
			n = 0
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var node yaml.Node
		if err := dec.Decode(&node); err != nil {
			return n // io.EOF, or a syntax error that ends the file
		}
		n++
	}
}

func walk(paths []string, visit func(string)) error {
	for _, arg := range paths {
		info, err := os.Stat(arg)
		if err != nil {
			return err
		}
		if !info.IsDir() {
			visit(arg)
			continue
		}
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != arg && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if ext := strings.ToLower(filepath.Ext(p)); ext == ".yaml" || ext == ".yml" {
				visit(p)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
