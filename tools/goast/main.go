// Command goast is the reference for gohazard's parser conformance test: for every .go file
// under the given paths (directories or files) it prints one JSON line with go/parser's
// verdict: the errors it reports (position and message, in go/parser's order) and a
// fingerprint of the syntax tree it returns, accepted or not.
//
// The fingerprint hashes, in go/ast.Inspect order and then every comment, each node's kind, its
// Pos() and End() as line:column (UTF-8 bytes, //line directives ignored), the positions of
// the tokens it records (brackets, braces, operators) and its key values (names, literals, operators,
// directions), so that two parsers agree on it only if they build the same tree.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"hash"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type result struct {
	Path   string   `json:"path"`
	OK     bool     `json:"ok"`
	Errors []string `json:"errors,omitempty"`
	Nodes  int      `json:"nodes"`
	Hash   uint32   `json:"hash"`
}

// With -v, it prints the fingerprinted text of each tree instead, one node per line.
var verbose = flag.Bool("v", false, "print the fingerprint text, one node per line")

func main() {
	flag.Parse()
	var files []string
	for _, root := range flag.Args() {
		// `go env GOROOT`/src is a symbolic link on Debian; WalkDir does not follow a linked root.
		if resolved, err := filepath.EvalSymlinks(root); err == nil {
			root = resolved
		}
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
		var h io.Writer = fnv.New32a()
		if *verbose {
			h = out
		}
		r := check(path, h)
		if !*verbose {
			enc.Encode(r)
		}
	}
}

func check(path string, h io.Writer) result {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
	r := result{Path: path, OK: err == nil}
	if err != nil {
		var list scanner.ErrorList
		if !errors.As(err, &list) {
			r.Errors = []string{"0:0: " + err.Error()}
			return r
		}
		// as go/parser sorts them (by position after //line directives), but located without
		// the directives so that they compare with offsets
		var tf *token.File
		fset.Iterate(func(f *token.File) bool { tf = f; return false })
		for _, e := range list {
			pos := e.Pos
			if tf != nil && pos.Offset <= tf.Size() {
				pos = tf.PositionFor(tf.Pos(pos.Offset), false)
			}
			r.Errors = append(r.Errors, fmt.Sprintf("%d:%d: %s", pos.Line, pos.Column, e.Msg))
		}
	}
	ast.Inspect(f, func(node ast.Node) bool {
		switch node.(type) {
		case nil, *ast.CommentGroup, *ast.Comment:
			return node != nil
		}
		r.Nodes++
		fingerprint(h, fset, node)
		return true
	})
	for _, g := range f.Comments {
		for _, c := range g.List {
			r.Nodes++
			fingerprint(h, fset, c)
		}
	}
	if h, ok := h.(hash.Hash32); ok {
		r.Hash = h.Sum32()
	}
	return r
}

func fingerprint(h io.Writer, fset *token.FileSet, node ast.Node) {
	at := func(p token.Pos) string {
		if !p.IsValid() {
			return "-"
		}
		pos := fset.PositionFor(p, false)
		return fmt.Sprintf("%d:%d", pos.Line, pos.Column)
	}
	kind := strings.TrimPrefix(fmt.Sprintf("%T", node), "*ast.")
	var detail []string
	switch n := node.(type) {
	case *ast.Ident:
		detail = []string{n.Name}
	case *ast.BasicLit:
		detail = []string{n.Kind.String(), n.Value}
	case *ast.CompositeLit:
		detail = []string{at(n.Lbrace), at(n.Rbrace)}
	case *ast.IndexExpr:
		detail = []string{at(n.Lbrack), at(n.Rbrack)}
	case *ast.IndexListExpr:
		detail = []string{at(n.Lbrack), at(n.Rbrack)}
	case *ast.SliceExpr:
		detail = []string{fmt.Sprint(n.Slice3)}
	case *ast.CallExpr:
		detail = []string{at(n.Lparen), at(n.Ellipsis), at(n.Rparen)}
	case *ast.UnaryExpr:
		detail = []string{n.Op.String()}
	case *ast.BinaryExpr:
		detail = []string{n.Op.String(), at(n.OpPos)}
	case *ast.ChanType:
		detail = []string{at(n.Arrow), fmt.Sprint(n.Dir)}
	case *ast.FieldList:
		detail = []string{at(n.Opening), at(n.Closing)}
	case *ast.EmptyStmt:
		detail = []string{fmt.Sprint(n.Implicit)}
	case *ast.SendStmt:
		detail = []string{at(n.Arrow)}
	case *ast.IncDecStmt:
		detail = []string{n.Tok.String()}
	case *ast.AssignStmt:
		detail = []string{n.Tok.String(), at(n.TokPos)}
	case *ast.BranchStmt:
		detail = []string{n.Tok.String()}
	case *ast.BlockStmt:
		detail = []string{at(n.Lbrace), at(n.Rbrace)}
	case *ast.CaseClause:
		detail = []string{fmt.Sprint(n.List == nil), at(n.Colon)}
	case *ast.CommClause:
		detail = []string{at(n.Colon)}
	case *ast.RangeStmt:
		detail = []string{n.Tok.String(), at(n.TokPos)}
	case *ast.TypeSpec:
		detail = []string{at(n.Assign)}
	case *ast.GenDecl:
		detail = []string{n.Tok.String(), at(n.Lparen)}
	case *ast.File:
		detail = []string{at(n.Package)}
	case *ast.Comment:
		detail = []string{n.Text}
	}
	sep := ";"
	if *verbose {
		sep = "\n"
	}
	fmt.Fprintf(h, "%s %s %s %s%s", kind, at(node.Pos()), at(node.End()), strings.Join(detail, " "), sep)
}
