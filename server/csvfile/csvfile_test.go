package csvfile_test

import (
	"errors"
	"io"
	"testing"

	"kabinet/server/csvfile"
)

var cols = csvfile.Columns{"a": {"сумма", "amount"}, "b": {"уин", "uin"}}

func TestRowsByColumnWithTheirLines(t *testing.T) {
	// A BOM, ',' as the separator, headers in either language and case, a
	// blank row, a quoted cell over two lines, and a broken row.
	body := "\xef\xbb\xbfAmount, УИН ,other\n1,x,z\n\n\"2\n2\",y\n3,\"broken\n"
	r, err := csvfile.Open([]byte(body), cols, "a", "b")
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		line int
		a, b string
		bad  bool
	}
	var rows []got
	for {
		line, row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			rows = append(rows, got{line: line, bad: true})
			continue
		}
		rows = append(rows, got{line: line, a: row("a"), b: row("b")})
	}
	want := []got{{line: 2, a: "1", b: "x"}, {line: 4, a: "2\n2", b: "y"}, {line: 6, bad: true}}
	if len(rows) != len(want) {
		t.Fatalf("rows %+v", rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, rows[i], want[i])
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	if _, err := csvfile.Open([]byte("сумма;дата\n1;2\n"), cols, "a", "b"); err == nil {
		t.Fatal("a missing column was not refused")
	} else if m, ok := errors.AsType[*csvfile.MissingError](err); !ok || m.Column != "b" {
		t.Fatalf("missing column: %v", err)
	}
	if _, err := csvfile.Open([]byte("\xff\xfeс"), cols); !errors.Is(err, csvfile.ErrEncoding) {
		t.Fatalf("not UTF-8: %v", err)
	}
	if _, err := csvfile.Open(nil, cols); !errors.Is(err, csvfile.ErrNoHeader) {
		t.Fatalf("empty: %v", err)
	}
}
