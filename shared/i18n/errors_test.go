package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sharedCodes parses the sources of shared and of its packages (each
// cabinet's codes live with its vocabulary) and returns the value of every
// constant declared with the type Code or shared.Code, keyed by package and
// name (two cabinets may both name a constant CodeNotConfirmed).
func sharedCodes(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob(filepath.Join("..", "*", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, more...)
	codes := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if !isCode(vs.Type) {
					continue
				}
				for i, n := range vs.Names {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok {
						t.Fatalf("%s: constant %s is not a string literal", name, n.Name)
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					codes[filepath.Base(filepath.Dir(name))+"."+n.Name] = v
				}
			}
		}
	}
	if len(codes) < 50 {
		t.Fatalf("found only %d Code constants: is the parser looking at shared/?", len(codes))
	}
	return codes
}

// isCode reports whether a constant's declared type is Code (in shared)
// or shared.Code (in its packages).
func isCode(typ ast.Expr) bool {
	switch t := typ.(type) {
	case *ast.Ident:
		return t.Name == "Code"
	case *ast.SelectorExpr:
		x, ok := t.X.(*ast.Ident)
		return ok && x.Name == "shared" && t.Sel.Name == "Code"
	}
	return false
}

func TestEveryCodeHasTexts(t *testing.T) {
	for name, code := range sharedCodes(t) {
		t.Run(name, func(t *testing.T) {
			text, ok := catalogue["err."+code]
			if !ok {
				t.Fatalf("no text for err.%s", code)
			}
			if strings.TrimSpace(text.RU) == "" || strings.TrimSpace(text.EN) == "" {
				t.Errorf("err.%s: want Russian and English, got %+v", code, text)
			}
		})
	}
}

func TestNoStaleErrorTexts(t *testing.T) {
	known := map[string]bool{}
	for _, code := range sharedCodes(t) {
		known["err."+code] = true
	}
	for key := range catalogue {
		if strings.HasPrefix(key, "err.") && !known[key] {
			t.Errorf("%s has a text but no shared.Code", key)
		}
	}
}

func TestErrorTextsLookUp(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		key  string
		want string
	}{
		{"russian", RU, "err.inn_checksum", "Контрольная цифра ИНН не совпадает — проверьте номер"},
		{"english", EN, "err.inn_length", "An ИНН (tax number) has 10 or 12 digits"},
		{"hint", RU, "pw.hint.common", "Такой пароль легко подобрать — он есть в списках утёкших паролей"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := T(tt.lang, tt.key); got != tt.want {
				t.Errorf("T(%s, %q) = %q, want %q", tt.lang, tt.key, got, tt.want)
			}
		})
	}
}

// A notice's title is given its body's arguments: a title without verbs
// must not turn them into %!(EXTRA …) in an e-mail subject.
func TestTextWithoutVerbsIgnoresArguments(t *testing.T) {
	if got := T(RU, "msg.npd.limit80.title", "1 920 000,00 ₽", "2 400 000,00 ₽"); got != "Доход достиг 80 % годового лимита" {
		t.Fatalf("title %q", got)
	}
}
