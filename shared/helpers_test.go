package shared

import "testing"

// wantCode fails the test unless err carries code ("" means no error).
func wantCode(t *testing.T, err error, code Code) {
	t.Helper()
	switch {
	case code == "" && err != nil:
		t.Fatalf("got error %v, want none", err)
	case code != "" && err == nil:
		t.Fatalf("got no error, want %s", code)
	case code != "" && ErrorCode(err) != code:
		t.Fatalf("got %v, want %s", err, code)
	}
}

// validateFunc is the shape of the identifier validators.
type validateFunc func(string) error

// vector is one input of a validator and the code it must give.
type vector struct {
	name string
	in   string
	want Code
}

func runVectors(t *testing.T, f validateFunc, vectors []vector) {
	t.Helper()
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			wantCode(t, f(v.in), v.want)
		})
	}
}
