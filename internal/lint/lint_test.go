package lint

import (
	"bytes"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("repository root not found from %s", dir)
	}
	return dir
}

// goFiles returns the repository's Go files, grouped by folder.
func goFiles(t *testing.T) map[string][]string {
	root := repoRoot(t)
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			out[filepath.Dir(path)] = append(out[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEveryPackageSaysWhatItIsFor(t *testing.T) {
	for dir, files := range goFiles(t) {
		documented := false
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			if file.Doc != nil && len(strings.TrimSpace(file.Doc.Text())) > 20 {
				documented = true
			}
		}
		if !documented {
			t.Errorf("package in %s has no doc comment saying what it is for", dir)
		}
	}
}

func TestFilesAreGofmted(t *testing.T) {
	for _, files := range goFiles(t) {
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			formatted, err := format.Source(src)
			if err != nil {
				t.Errorf("%s: %v", f, err)
				continue
			}
			if !bytes.Equal(src, formatted) {
				t.Errorf("%s is not gofmt-ed", f)
			}
		}
	}
}

// A to-do comment must name the issue that will resolve it, as in "TODO(#12)".
var bareTodo = regexp.MustCompile(`\b(TODO|FIXME|XXX)\b[^(]`)

func TestNoTodoWithoutIssue(t *testing.T) {
	for _, files := range goFiles(t) {
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(src), "\n") {
				if strings.Contains(line, "//") && bareTodo.MatchString(line[strings.Index(line, "//"):]) {
					t.Errorf("%s:%d: TODO without an issue number", f, i+1)
				}
			}
		}
	}
}

// synthImporters are the folders whose code may import the synthetic-data
// generator: the generator itself, the benchmark harnesses and the command
// that runs them (and writes synthetic files, and gives the demo its
// documents). The node's packages never carry it; their tests may.
var synthImporters = []string{"internal/synth", "internal/bench", "cmd/ncbnet"}

func TestOnlyBenchAndCommandImportSynth(t *testing.T) {
	root := repoRoot(t)
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	synth := modfile.ModulePath(gomod) + "/internal/synth"
	for dir, files := range goFiles(t) {
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(synthImporters, filepath.ToSlash(rel)) {
			continue
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range file.Imports {
				if path, _ := strconv.Unquote(imp.Path.Value); path == synth || strings.HasPrefix(path, synth+"/") {
					t.Errorf("%s imports %s: only %s may (benchmark harnesses go in internal/bench)", f, path, strings.Join(synthImporters, ", "))
				}
			}
		}
	}
}
