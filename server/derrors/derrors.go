// Package derrors wraps errors with the operation that failed, as
// golang/pkgsite's internal/derrors does: one deferred call at the top of
// a store or service function names the function and its arguments, so a
// failure deep in a query reads "npd.insertReceipt(ctx, 3f2…): pq: …" in
// the log instead of a bare driver error.
//
//	func insertReceipt(ctx context.Context, db bun.IDB, r Receipt) (err error) {
//		defer derrors.Wrap(&err, "npd.insertReceipt(ctx, %q)", r.Number)
//		…
//	}
//
// Errors the API answers with on purpose (a *shared.Error: not found,
// invalid input, a conflict) are left as they are: their code is the
// answer, and wrapping them would only lengthen the log of a request that
// went as designed. sql.ErrNoRows and context errors stay reachable with
// errors.Is through the wrap.
package derrors

import (
	"fmt"

	"kabinet/shared"
)

// Wrap adds "op: " in front of *errp when it is a failure (not nil, not a
// *shared.Error). format and args name the operation; call it deferred.
func Wrap(errp *error, format string, args ...any) {
	if *errp == nil {
		return
	}
	if _, ok := shared.AsError(*errp); ok {
		return
	}
	*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
}
