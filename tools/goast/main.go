// Command goast is the reference for gohazard's parser conformance test: for every .go file
// under the given directories it prints one JSON line with whether go/parser accepts the file
// and, when it does, a fingerprint of the syntax tree (node kinds with start and end lines in
// go/ast.Inspect order, comments excluded).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type result struct {
	Path  string `json:"path"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
	Nodes int    `json:"nodes,omitempty"`
	Hash  uint32 `json:"hash,omitempty"`
}

func main() {
	var files []string
	for _, root := range os.Args[1:] {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
				files = append(files, path)
			}
			return nil
		})
	}
	sort.Strings(files)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for _, path := range files {
		enc.Encode(check(path))
	}
}

func check(path string) result {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return result{Path: path, Error: err.Error()}
	}
	h := fnv.New32a()
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		switch node.(type) {
		case nil, *ast.CommentGroup, *ast.Comment:
			return node != nil
		}
		n++
		fmt.Fprintf(h, "%s:%d:%d;", strings.TrimPrefix(fmt.Sprintf("%T", node), "*ast."),
			fset.PositionFor(node.Pos(), false).Line, fset.PositionFor(node.End(), false).Line)
		return true
	})
	return result{Path: path, OK: true, Nodes: n, Hash: h.Sum32()}
}
