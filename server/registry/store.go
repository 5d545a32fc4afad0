package registry

// The SQL of the register's entries (registry_entries). Store functions
// take a bun.IDB, so they run on the pool or inside a caller's
// transaction (an import) alike.

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/derrors"
	"kabinet/shared"
)

type entryRow struct {
	bun.BaseModel `bun:"table:registry_entries"`

	INN          string     `bun:"inn,pk"`
	Kind         string     `bun:"kind"`
	OGRN         string     `bun:"ogrn"`
	KPP          *string    `bun:"kpp"`
	Name         string     `bun:"name"`
	Status       string     `bun:"status"`
	RegisteredOn time.Time  `bun:"registered_on,type:date"`
	ClosedOn     *time.Time `bun:"closed_on,type:date"`
}

func (r entryRow) public() shared.RegistryEntry {
	e := shared.RegistryEntry{INN: r.INN, Kind: r.Kind, OGRN: r.OGRN, Name: r.Name, Status: r.Status,
		RegisteredOn: r.RegisteredOn.Format(time.DateOnly)}
	if r.KPP != nil {
		e.KPP = *r.KPP
	}
	if r.ClosedOn != nil {
		e.ClosedOn = r.ClosedOn.Format(time.DateOnly)
	}
	return e
}

// selectEntry reads the entry with the ИНН; sql.ErrNoRows when none.
func selectEntry(ctx context.Context, db bun.IDB, inn string) (r entryRow, err error) {
	defer derrors.Wrap(&err, "registry.selectEntry(ctx, %q)", inn)
	err = db.NewSelect().Model(&r).Where("inn = ?", inn).Scan(ctx)
	return r, err
}

// upsertEntry records the entry, or replaces the one with its ИНН.
func upsertEntry(ctx context.Context, db bun.IDB, row *entryRow) (err error) {
	defer derrors.Wrap(&err, "registry.upsertEntry(ctx, %q)", row.INN)
	_, err = db.NewInsert().Model(row).On("CONFLICT (inn) DO UPDATE").
		Set("kind = EXCLUDED.kind, ogrn = EXCLUDED.ogrn, kpp = EXCLUDED.kpp, name = EXCLUDED.name, status = EXCLUDED.status").
		Set("registered_on = EXCLUDED.registered_on, closed_on = EXCLUDED.closed_on, updated_at = now()").Exec(ctx)
	return err
}
