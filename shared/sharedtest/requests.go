// Package sharedtest holds the checks every package of request types runs
// from its own tests: the fuzzing of outside JSON into each request type,
// and the guard that no type with a Validate method escapes that fuzzing.
// It is imported by tests only and imports nothing of the portal, so the
// root of shared can use it from its own package.
package sharedtest

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Validator is a request type: it validates itself.
type Validator interface{ Validate() error }

// Seeds are JSON bodies that reach the corners of the request types: NUL
// bytes, control characters, years out of range, spaces to trim.
var Seeds = []string{`{}`, `{"name":"\u0000"}`, `{"ticket":"a\u0000b","code":"12345\u0000"}`,
	`{"lastName":" Иванов ","firstName":"Иван","phone":"8 912 345 67 89","email":" A@B.RU ","password":"Kot-na-okne7"}`,
	`{"birthDate":"-0001-01-01","passport":{"issuedOn":"0000-01-01","series":"45\u000010"}}`,
	`{"items":[{"name":"x\u001b","quantity":1,"amount":100}],"settledAt":"0001-01-02T00:00:00Z"}`,
	`{"settledAt":"9999-12-31T23:59:59Z","buyerType":"person","payment":"cash"}`,
	`{"login":"\u0085ivan@mail.ru","reason":"\t\r\n"}`, `{"endpoint":"https://x","keys":{"p256dh":"\u0000"}}`}

// FuzzRequests decodes outside JSON into every request type of types and
// checks what the API relies on: check (shared.CheckRequest) and Validate
// never panic, Normalize never brings in a character check refuses, and
// normalising twice validates as normalising once.
func FuzzRequests(f *testing.F, types func() []Validator, check func(any) error) {
	for _, s := range Seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, v := range types() {
			if json.Unmarshal(data, v) != nil {
				continue
			}
			clean := check(v) == nil
			_ = v.Validate()
			n, ok := v.(interface{ Normalize() })
			if !ok {
				continue
			}
			n.Normalize()
			if clean && check(v) != nil {
				t.Fatalf("%T: Normalize brought in a refused character: %v", v, check(v))
			}
			once := errText(v.Validate())
			n.Normalize()
			if twice := errText(v.Validate()); twice != once {
				t.Fatalf("%T: normalised once %q, twice %q", v, once, twice)
			}
		}
	})
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// CoversEveryRequestType fails when a type declared in the test's package
// directory has a Validate method but is missing from types.
func CoversEveryRequestType(t *testing.T, types func() []Validator) {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	var declared []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "Validate" && fn.Recv != nil {
				typ := fn.Recv.List[0].Type
				if star, ok := typ.(*ast.StarExpr); ok {
					typ = star.X
				}
				declared = append(declared, typ.(*ast.Ident).Name)
			}
		}
	}
	var fuzzed []string
	for _, v := range types() {
		fuzzed = append(fuzzed, reflect.TypeOf(v).Elem().Name())
	}
	slices.Sort(declared)
	slices.Sort(fuzzed)
	if !slices.Equal(declared, fuzzed) {
		t.Errorf("types with Validate %v, fuzzed %v", declared, fuzzed)
	}
}
