package derrors

import (
	"database/sql"
	"errors"
	"testing"

	"kabinet/shared"
)

func TestWrap(t *testing.T) {
	op := func(in error) (err error) {
		defer Wrap(&err, "store.get(ctx, %q)", "a1")
		return in
	}
	if err := op(nil); err != nil {
		t.Errorf("nil became %v", err)
	}
	err := op(sql.ErrNoRows)
	if err == nil || err.Error() != `store.get(ctx, "a1"): sql: no rows in result set` || !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("failure: %v", err)
	}
	want := shared.E(shared.CodeNotFound)
	if err := op(want); err != want {
		t.Errorf("an API error was wrapped: %v", err)
	}
}
