package csvfile_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"kabinet/server/csvfile"
	"kabinet/shared"
)

// Each gathers the rows that cannot be read and those the importer finds
// wrong, each with its line; an importer's error stops the reading.
func TestEachGathersWrongRows(t *testing.T) {
	body := "сумма;уин\n1;a\n\n2;b\n3;\"broken\n"
	r, err := csvfile.OpenFor("test.Import", []byte(body), cols, "a", "b")
	if err != nil {
		t.Fatal(err)
	}
	var good []int
	bad, err := r.Each(func(line int, get csvfile.Row) ([]csvfile.LineError, error) {
		if get("b") == "b" {
			return csvfile.FieldErrors(line, shared.Fields{"b": {Code: shared.CodeBadFormat}, "a": {Code: shared.CodeRequired}}), nil
		}
		good = append(good, line)
		return nil, nil
	})
	want := []csvfile.LineError{
		{Line: 4, Field: "a", Code: shared.CodeRequired},
		{Line: 4, Field: "b", Code: shared.CodeBadFormat},
		{Line: 5, Field: "file", Code: shared.CodeBadFormat},
	}
	if err != nil || !cmp.Equal(good, []int{2}) {
		t.Fatalf("good rows %v, %v", good, err)
	}
	if d := cmp.Diff(want, bad); d != "" {
		t.Errorf("wrong rows (-want +got):\n%s", d)
	}
	if got := bad[0].Error(); got != "line 4: a: required" {
		t.Errorf("message %q", got)
	}

	stop := errors.New("stop")
	r, _ = csvfile.OpenFor("test.Import", []byte(body), cols, "a", "b")
	if _, err := r.Each(func(int, csvfile.Row) ([]csvfile.LineError, error) { return nil, stop }); !errors.Is(err, stop) {
		t.Errorf("an importer's error: %v", err)
	}
	if _, err := csvfile.OpenFor("test.Import", []byte("сумма\n1\n"), cols, "a", "b"); err == nil ||
		err.Error() != `test.Import: no column "b" (уин, uin)` {
		t.Errorf("a missing column: %v", err)
	}
}
