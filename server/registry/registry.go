// Package registry keeps the registers of legal entities and individual
// entrepreneurs (ЕГРЮЛ, ЕГРИП) as the portal knows them, and looks a
// subject up by ИНН: a receipt to an organisation or an ИП names one that
// exists.
package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/csvfile"
	"kabinet/shared"
)

// Service looks entries up and records them.
type Service struct{ db *bun.DB }

// New returns the service.
func New(db *bun.DB) *Service { return &Service{db: db} }

// Lookup returns the entry with the ИНН: a field error on "inn" when the
// ИНН is malformed (its code says how), not found when nobody has it.
func (s *Service) Lookup(ctx context.Context, inn string) (shared.RegistryEntry, error) {
	if err := shared.ValidateINN(inn); err != nil {
		return shared.RegistryEntry{}, &shared.Error{Code: shared.CodeInvalidInput,
			Fields: shared.Fields{"inn": {Code: shared.ErrorCode(err)}}}
	}
	r, err := selectEntry(ctx, s.db, inn)
	if errors.Is(err, sql.ErrNoRows) {
		return shared.RegistryEntry{}, shared.E(shared.CodeRegistryUnknown)
	}
	if err != nil {
		return shared.RegistryEntry{}, err
	}
	return r.public(), nil
}

// Put records or replaces an entry after checking its numbers: the ИНН
// and the ОГРН (ОГРНИП) with their check digits, of the entry's kind.
func (s *Service) Put(ctx context.Context, db bun.IDB, e shared.RegistryEntry) error {
	var f shared.Fields
	switch e.Kind {
	case shared.RegistryOrg:
		f.Check("inn", shared.ValidateOrgINN(e.INN))
		f.Check("ogrn", shared.ValidateOGRN(e.OGRN))
	case shared.RegistryIP:
		f.Check("inn", shared.ValidatePersonINN(e.INN))
		f.Check("ogrn", shared.ValidateOGRNIP(e.OGRN))
	default:
		f.Add("kind", shared.CodeRequired)
	}
	if e.Name == "" {
		f.Add("name", shared.CodeRequired)
	}
	reg, err := shared.ParseDate(e.RegisteredOn)
	f.Check("registeredOn", err)
	row := entryRow{INN: e.INN, Kind: e.Kind, OGRN: e.OGRN, Name: e.Name, Status: e.Status, RegisteredOn: reg}
	if e.KPP != "" {
		f.Check("kpp", shared.ValidateKPP(e.KPP))
		row.KPP = &e.KPP
	}
	switch e.Status {
	case shared.RegistryActive, shared.RegistryExcluding:
	case shared.RegistryClosed:
		closed, err := shared.ParseDate(e.ClosedOn)
		f.Check("closedOn", err)
		row.ClosedOn = &closed
	default:
		f.Add("status", shared.CodeRequired)
	}
	if len(f) > 0 {
		return &shared.Error{Code: shared.CodeInvalidInput, Fields: f}
	}
	return upsertEntry(ctx, db, &row)
}

// Routes mounts the lookup, GET /registry/{inn}, for signed-in people:
// what ЕГРЮЛ and ЕГРИП say of a subject is public.
func (s *Service) Routes(r fiber.Router, authed fiber.Handler) {
	r.Get("/registry/:inn", authed, api.JSON(s.handleLookup))
}

func (s *Service) handleLookup(c *fiber.Ctx, _ api.NoBody) (shared.RegistryEntry, error) {
	return s.Lookup(c.UserContext(), api.Param(c, "inn"))
}

// Demo are the entries of the demo data: organisations and an ИП the demo
// self-employed person sells to, and a liquidated company.
var Demo = []shared.RegistryEntry{
	{INN: "7707083893", Kind: shared.RegistryOrg, OGRN: "1027700132195", KPP: "773601001", Name: "ПАО Сбербанк",
		Status: shared.RegistryActive, RegisteredOn: "2002-08-16"},
	{INN: "5504036333", Kind: shared.RegistryOrg, OGRN: "1022200525819", KPP: "550401001", Name: "ООО «Ромашка»",
		Status: shared.RegistryActive, RegisteredOn: "2002-10-01"},
	{INN: "561100409545", Kind: shared.RegistryIP, OGRN: "304770000000031", Name: "ИП Петров Пётр Петрович",
		Status: shared.RegistryActive, RegisteredOn: "2004-03-15"},
	{INN: "7707280242", Kind: shared.RegistryOrg, OGRN: "1022500001325", KPP: "770701001", Name: "ООО «Былое»",
		Status: shared.RegistryClosed, RegisteredOn: "2002-07-20", ClosedOn: "2025-03-01"},
}

// SeedDemo records the demo entries (again: it replaces them).
func (s *Service) SeedDemo(ctx context.Context) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, e := range Demo {
			if err := s.Put(ctx, tx, e); err != nil {
				return fmt.Errorf("registry.SeedDemo %s: %w", e.INN, err)
			}
		}
		return nil
	})
}

// importColumns are the columns of a registry file; КПП and the closing
// date may be left out.
var importColumns = csvfile.Columns{
	"inn":          {"инн", "inn"},
	"ogrn":         {"огрн", "огрнип", "ogrn"},
	"kpp":          {"кпп", "kpp"},
	"name":         {"наименование", "name"},
	"status":       {"статус", "status"},
	"registeredOn": {"дата регистрации", "registered"},
	"closedOn":     {"дата прекращения", "closed"},
}

// Import records the entries of a registry file (CSV, UTF-8, ';' or ','
// separated, with a header): every row or, when any row is wrong, none;
// the wrong rows are returned. The kind follows from the ИНН's length.
func (s *Service) Import(ctx context.Context, r io.Reader) (n int, bad []csvfile.LineError, err error) {
	body, err := io.ReadAll(io.LimitReader(r, 256<<20))
	if err != nil {
		return 0, nil, err
	}
	cr, err := csvfile.OpenFor("registry.Import", body, importColumns, "inn", "ogrn", "name", "status", "registeredOn")
	if err != nil {
		return 0, nil, err
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		bad, err = cr.Each(func(line int, get csvfile.Row) ([]csvfile.LineError, error) {
			e := shared.RegistryEntry{INN: get("inn"), OGRN: get("ogrn"), KPP: get("kpp"), Name: get("name"),
				Status: get("status"), RegisteredOn: get("registeredOn"), ClosedOn: get("closedOn"), Kind: shared.RegistryOrg}
			if len(e.INN) == 12 {
				e.Kind = shared.RegistryIP
			}
			err := s.Put(ctx, tx, e)
			if fe, ok := shared.AsError(err); ok && len(fe.Fields) > 0 {
				return csvfile.FieldErrors(line, fe.Fields), nil
			}
			if err != nil {
				return nil, err
			}
			n++
			return nil, nil
		})
		if err == nil && len(bad) > 0 {
			return ErrRejected // a file is taken whole or not at all
		}
		return err
	})
	if err != nil {
		return 0, bad, err
	}
	return n, nil, nil
}

// ErrRejected is an import with wrong rows: nothing was recorded.
var ErrRejected = errors.New("registry.Import: the file has wrong rows; nothing recorded")
