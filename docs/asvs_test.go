// Package docs holds no code: its tests keep the documents of this folder
// true to the code they describe. asvs.md names, for each requirement of
// OWASP ASVS 5.0 chapters V6–V8, the code that meets it and the test that
// proves it; TestASVSTableIsTrue fails when a row is missing, a test it
// names is gone, or a file, identifier or route it names no longer exists.
package docs

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// asvsL2 is every Level 1 and Level 2 requirement of ASVS 5.0.0 chapters
// V6 Authentication, V7 Session Management and V8 Authorization, with its
// level (1 or 2: the lowest level that requires it), in the standard's
// order. Level 3 requirements are out of the table's scope.
var asvsL2 = []struct{ id, level string }{
	{"6.1.1", "1"}, {"6.1.2", "2"}, {"6.1.3", "2"},
	{"6.2.1", "1"}, {"6.2.2", "1"}, {"6.2.3", "1"}, {"6.2.4", "1"}, {"6.2.5", "1"}, {"6.2.6", "1"},
	{"6.2.7", "1"}, {"6.2.8", "1"}, {"6.2.9", "2"}, {"6.2.10", "2"}, {"6.2.11", "2"}, {"6.2.12", "2"},
	{"6.3.1", "1"}, {"6.3.2", "1"}, {"6.3.3", "2"}, {"6.3.4", "2"},
	{"6.4.1", "1"}, {"6.4.2", "1"}, {"6.4.3", "2"}, {"6.4.4", "2"},
	{"6.5.1", "2"}, {"6.5.2", "2"}, {"6.5.3", "2"}, {"6.5.4", "2"}, {"6.5.5", "2"},
	{"6.6.1", "2"}, {"6.6.2", "2"}, {"6.6.3", "2"},
	{"6.8.1", "2"}, {"6.8.2", "2"}, {"6.8.3", "2"}, {"6.8.4", "2"},
	{"7.1.1", "2"}, {"7.1.2", "2"}, {"7.1.3", "2"},
	{"7.2.1", "1"}, {"7.2.2", "1"}, {"7.2.3", "1"}, {"7.2.4", "1"},
	{"7.3.1", "2"}, {"7.3.2", "2"},
	{"7.4.1", "1"}, {"7.4.2", "1"}, {"7.4.3", "2"}, {"7.4.4", "2"}, {"7.4.5", "2"},
	{"7.5.1", "2"}, {"7.5.2", "2"},
	{"7.6.1", "2"}, {"7.6.2", "2"},
	{"8.1.1", "1"}, {"8.1.2", "2"},
	{"8.2.1", "1"}, {"8.2.2", "1"}, {"8.2.3", "2"},
	{"8.3.1", "1"},
	{"8.4.1", "2"},
}

// row is one requirement's line of asvs.md.
type row struct{ id, level, status, code, test string }

func readRows(t *testing.T, doc string) []row {
	t.Helper()
	var rows []row
	for _, line := range strings.Split(doc, "\n") {
		if !regexp.MustCompile(`^\| [678]\.\d`).MatchString(line) {
			continue
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "|"), "|"), "|")
		if len(cells) != 6 {
			t.Errorf("a row of %d cells, want 6: %s", len(cells), line)
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, row{id: cells[0], level: cells[1], status: cells[3], code: cells[4], test: cells[5]})
	}
	return rows
}

// source is the project's Go and SQL text, read once: test files apart,
// with the directory each file is in.
type source struct {
	tests map[string][]string // test function name → the directories declaring it
	code  map[string]string   // directory → its non-test Go files, joined
	all   string              // every Go and SQL file, joined
}

func readSource(t *testing.T, root string) source {
	t.Helper()
	s := source{tests: map[string][]string{}, code: map[string]string{}}
	testFunc := regexp.MustCompile(`(?m)^func (Test\w+)\(t \*testing\.T\)`)
	var all strings.Builder
	for _, top := range []string{"app", "server", "shared", "migrations"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".sql")) {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			dir, _ := filepath.Rel(root, filepath.Dir(path))
			all.Write(b)
			switch {
			case strings.HasSuffix(path, "_test.go"):
				for _, m := range testFunc.FindAllStringSubmatch(string(b), -1) {
					s.tests[m[1]] = append(s.tests[m[1]], filepath.ToSlash(dir))
				}
			case strings.HasSuffix(path, ".go"):
				s.code[filepath.ToSlash(dir)] += string(b)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	s.all = all.String()
	return s
}

// declaration matches the declaration of name in Go text: a function, a
// type, a variable, a constant or a struct field; with method, the method
// of that name on the type name.
func declaration(name, method string) *regexp.Regexp {
	if method != "" {
		return regexp.MustCompile(`func \(\w+ \*?` + name + `\) ` + method + `\(`)
	}
	return regexp.MustCompile(`(?m)^(?:func (?:\([^)]*\) )?|type |var |const |\t)` + regexp.QuoteMeta(name) + `\b`)
}

// pathLike, identifier and route sort the code spans of a cell.
var (
	pathLike   = regexp.MustCompile(`^(app|server|shared|docs|migrations|web)/[\w./-]*$`)
	goFile     = regexp.MustCompile(`^\w+\.go$`)
	qualified  = regexp.MustCompile(`^([a-z]\w*)\.(\w+)(?:\.(\w+))?(?:\(\))?$`)
	identifier = regexp.MustCompile(`^([A-Za-z_]\w*)(?:\.(\w+))?(?:\(\))?$`)
	route      = regexp.MustCompile(`^(GET|POST|PUT|DELETE) (/\S+)$`)
	testName   = regexp.MustCompile("`(Test\\w+)`( \\(e2e\\))?")
	span       = regexp.MustCompile("`([^`]+)`")
)

// checkSpan reports what is wrong with one code span of the code column:
// a file that is not there, an identifier nobody declares, a route
// nobody mounts. Spans of other kinds (settings such as DEV=true, words)
// must at least occur in the source.
func checkSpan(root string, s source, sp string) string {
	switch {
	case strings.ContainsAny(sp, "=…"):
		return "" // a setting or an example, not a name
	case pathLike.MatchString(sp):
		if _, err := os.Stat(filepath.Join(root, sp)); err != nil {
			return "no file or folder " + sp
		}
	case goFile.MatchString(sp):
		if len(globFile(root, sp)) == 0 {
			return "no file " + sp + " in app, server or shared"
		}
	case route.MatchString(sp):
		if !strings.Contains(s.all, `"`+route.FindStringSubmatch(sp)[2]+`"`) {
			return "no route " + sp
		}
	case strings.Contains(sp, ".") && isLiteral(s, sp):
		return "" // a catalogue key such as login.smsWeak, a permission such as people.block
	case qualified.MatchString(sp):
		m := qualified.FindStringSubmatch(sp)
		re := declaration(m[2], m[3])
		for dir, text := range s.code {
			if filepath.Base(dir) == m[1] && re.MatchString(text) {
				return ""
			}
		}
		return "nothing declares " + sp
	case identifier.MatchString(sp) && strings.ToUpper(sp) != sp && strings.ContainsAny(sp, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
		m := identifier.FindStringSubmatch(sp)
		re := declaration(m[1], m[2])
		for _, text := range s.code {
			if re.MatchString(text) {
				return ""
			}
		}
		return "nothing declares " + sp
	default:
		if !regexp.MustCompile(`(^|[^\w-])` + regexp.QuoteMeta(sp) + `($|[^\w-])`).MatchString(s.all) {
			return "the source never says " + sp
		}
	}
	return ""
}

// isLiteral reports whether a span is a string literal of the source.
func isLiteral(s source, sp string) bool { return strings.Contains(s.all, `"`+sp+`"`) }

// globFile finds a file of that name under app, server or shared.
func globFile(root, name string) []string {
	var found []string
	for _, top := range []string{"app", "server", "shared"} {
		filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && d.Name() == name {
				found = append(found, path)
			}
			return nil
		})
	}
	return found
}

// asvs.md has a row for every Level 1 and 2 requirement of V6, V7 and V8,
// in order and at the right level; every row is met, a deviation with its
// reason written below the table, or n/a with why; every met row names a
// test or says why none can exist; every test named exists (the e2e ones
// in server/e2e); every file, identifier and route named in the code
// column exists.
func TestASVSTableIsTrue(t *testing.T) {
	b, err := os.ReadFile("asvs.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	root := ".."
	src := readSource(t, root)
	rows := readRows(t, doc)

	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.id + " L" + r.level
	}
	want := make([]string, len(asvsL2))
	for i, r := range asvsL2 {
		want[i] = r.id + " L" + r.level
	}
	if strings.Join(ids, ", ") != strings.Join(want, ", ") {
		t.Fatalf("rows of asvs.md:\n%s\nwant the requirements of ASVS 5.0 L1/L2:\n%s", strings.Join(ids, ", "), strings.Join(want, ", "))
	}

	applicable := 0
	for _, r := range rows {
		switch r.status {
		case "met":
			applicable++
			if !strings.Contains(r.test, "`Test") && !regexp.MustCompile(`^— \(.+\)$`).MatchString(r.test) {
				t.Errorf("%s is met but names no test and says no reason: %q", r.id, r.test)
			}
		case "**deviation**":
			applicable++
			if !strings.Contains(doc, "**Deviation "+r.id+".**") {
				t.Errorf("%s is a deviation without its paragraph «**Deviation %s.**»", r.id, r.id)
			}
		case "n/a":
			if r.code == "" {
				t.Errorf("%s is n/a without a reason", r.id)
			}
		default:
			t.Errorf("%s: status %q, want met, **deviation** or n/a", r.id, r.status)
		}
		for _, m := range testName.FindAllStringSubmatch(r.test+" "+r.code, -1) {
			dirs := src.tests[m[1]]
			switch {
			case len(dirs) == 0:
				t.Errorf("%s names %s: no such test", r.id, m[1])
			case m[2] != "" && !slices.Contains(dirs, "server/e2e"):
				t.Errorf("%s names %s as a browser test; it is in %v", r.id, m[1], dirs)
			}
		}
		for _, m := range span.FindAllStringSubmatch(r.code, -1) {
			if problem := checkSpan(root, src, m[1]); problem != "" {
				t.Errorf("%s: %s", r.id, problem)
			}
		}
	}
	t.Logf("%d rows, %d applicable", len(rows), applicable)
}
