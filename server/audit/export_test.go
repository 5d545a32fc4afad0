package audit

import (
	"context"

	"github.com/uptrace/bun"
)

// WriteRecordAsBefore writes chain's check record as the earlier version
// does: with its MAC, over every field but the time, and the timed MAC
// left as it was (here none, as in a deployment just upgraded).
func (j *Journal) WriteRecordAsBefore(ctx context.Context, db bun.IDB, chain string) error {
	rec, err := j.loadRecord(ctx, db, chain)
	if err != nil || rec == nil {
		return err
	}
	_, err = db.NewUpdate().Model((*checkRecord)(nil)).Set("mac = ?, timed_mac = NULL", j.recordMAC(rec)).Where("chain = ?", chain).Exec(ctx)
	return err
}
