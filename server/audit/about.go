package audit

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"kabinet/shared"
)

// About is the account's journal entries whose details name one of the
// values under a key (a document's history: "document" = its id, or
// "sending" = one of the sendings it is in), newest first, at most limit.
func About(ctx context.Context, db bun.IDB, accountID string, match map[string][]string, limit int) ([]shared.JournalEntry, error) {
	var rows []row
	q := db.NewSelect().Model(&rows).Where("account_id = ?", accountID).OrderExpr("id DESC").Limit(int64(limit))
	q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		for key, values := range match {
			if len(values) > 0 {
				q = q.WhereOr("details->>? IN (?)", key, bun.In(values))
			}
		}
		return q.WhereOr("false")
	})
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("audit.About(%q): %w", accountID, err)
	}
	out := make([]shared.JournalEntry, 0, len(rows))
	for _, r := range rows {
		out = append(out, shared.JournalEntry{ID: r.ID, At: r.At, Kind: r.Kind, IP: r.IP, Device: DeviceName(r.UserAgent), Details: r.Details})
	}
	return out, nil
}
