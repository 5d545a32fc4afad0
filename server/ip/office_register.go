// Registering a filing: the entry in ЕГРИП it makes, changes or closes,
// under a newly assigned ОГРНИП or ГРНИП.

package ip

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	kdb "kabinet/server/db"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// Register decides a filing by making its entry in ЕГРИП, in one
// transaction with the filing's status, the timeline, the record sheet
// (a PDF with its verification page), the journal and the notice: Р21001 creates the ИП with a new ОГРНИП, Р24001 changes
// the record under a new ГРНИП, Р26001 closes it. Of two officers
// registering at once one wins; the other gets CodeFilingDecided.
func (s *Service) Register(ctx context.Context, id, officerID string, m api.Meta) (sharedip.Record, error) {
	var out sharedip.Record
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		f, acc, err := s.decide(ctx, tx, id, sharedip.StatusRegistered, officerID)
		if err != nil {
			return err
		}
		v, err := answersOf(f.Form, f.Answers)
		if err != nil {
			return err
		}
		var grn string
		var r recordRow
		switch a := v.(type) {
		case *sharedip.Registration:
			r, grn, err = s.applyRegistration(ctx, tx, f, acc, a)
		case *sharedip.Change:
			r, grn, err = s.applyChange(ctx, tx, f, a)
		case *sharedip.Closure:
			r, grn, err = s.applyClosure(ctx, tx, f)
		}
		if err != nil {
			return err
		}
		doc, err := s.recordSheet(ctx, tx, decision{f, acc, officerID, m}, r, grn)
		if err != nil {
			return err
		}
		if err := s.decided(ctx, tx, f, acc, officerID, eventRow{Status: sharedip.StatusRegistered, Body: grn, DocumentID: &doc},
			sharedip.JournalRegistered, m, "msg.ip.registered", grn, r.OGRN); err != nil {
			return err
		}
		if r, err = recordByINN(ctx, tx, r.INN, false); err != nil {
			return err
		}
		out, err = s.record(ctx, tx, r)
		return err
	})
	return out, err
}

// newNumber assigns the next ОГРНИП (sign 3) or ГРНИП (sign 4) of the
// region this year: the sequence gives each caller its own serial; a
// number an import already holds is skipped.
func (s *Service) newNumber(ctx context.Context, db bun.IDB, sign byte, region string) (string, error) {
	sequence := "ip_grn_serial"
	if sign == sharedip.SignRegistration {
		sequence = "ip_ogrnip_serial"
	}
	for range 100 {
		serial, err := nextSerial(ctx, db, sequence)
		if err != nil {
			return "", err
		}
		n, err := sharedip.Number(sign, s.now().In(shared.Moscow).Year(), region, serial)
		if err != nil {
			return "", err
		}
		taken, err := numberTaken(ctx, db, n)
		if err != nil || !taken {
			return n, err
		}
	}
	return "", fmt.Errorf("ip.newNumber(%c, %s): 100 numbers in a row are taken", sign, region)
}

// Year is the current year in Moscow: the YY of new numbers.
func (s *Service) Year() int { return s.now().In(shared.Moscow).Year() }

// AssignOGRNIP is a new ОГРНИП for a registration in the region.
func (s *Service) AssignOGRNIP(ctx context.Context, db bun.IDB, region string) (string, error) {
	return s.newNumber(ctx, db, sharedip.SignRegistration, region)
}

func (s *Service) applyRegistration(ctx context.Context, tx bun.Tx, f *filingRow, acc shared.Account, a *sharedip.Registration) (recordRow, string, error) {
	// One registration of an ИНН at a time: two Р21001 of one person
	// registered at once by two officers both found the ИНН free and made
	// two ОГРНИП. The checks below read after the lock, so the second
	// finds the first's ИП.
	if err := kdb.LockKey(ctx, tx, "ip:inn:"+a.INN); err != nil {
		return recordRow{}, "", err
	}
	if err := s.eligible(ctx, tx, acc, sharedip.FormRegistration); err != nil {
		return recordRow{}, "", err
	}
	if err := s.innFree(ctx, tx, a.INN); err != nil {
		return recordRow{}, "", err
	}
	ogrnip, err := s.AssignOGRNIP(ctx, tx, a.Address.Region)
	if err != nil {
		return recordRow{}, "", err
	}
	today := s.today()
	name := "ИП " + strings.TrimSpace(strings.Join([]string{a.LastName, a.FirstName, a.MiddleName}, " "))
	if err := s.Registry.Put(ctx, tx, shared.RegistryEntry{INN: a.INN, Kind: shared.RegistryIP, OGRN: ogrnip, Name: name,
		Status: shared.RegistryActive, RegisteredOn: today.Format(time.DateOnly)}); err != nil {
		return recordRow{}, "", err
	}
	birth, _ := shared.ParseDate(a.BirthDate)
	r := recordRow{INN: a.INN, OGRN: ogrnip, AccountID: &f.AccountID, LastName: a.LastName, FirstName: a.FirstName,
		MiddleName: a.MiddleName, BirthDate: &birth, MainOKVED: a.MainOKVED, OtherOKVED: nonNil(a.OtherOKVED),
		Regime: a.Regime, Region: a.Address.Region, Address: a.Address.Text, Identity: identityDoc(a.Passport)}
	if err := upsertRecord(ctx, tx, r); err != nil {
		return r, "", err
	}
	return r, ogrnip, insertHistory(ctx, tx, ogrnip, a.INN, "registration", today, &f.ID)
}

func (s *Service) applyChange(ctx context.Context, tx bun.Tx, f *filingRow, a *sharedip.Change) (recordRow, string, error) {
	r, err := recordByINN(ctx, tx, f.INN, true)
	if err != nil {
		return r, "", err
	}
	if r.AccountID != nil && *r.AccountID != f.AccountID { // registered from another account
		return r, "", shared.E(sharedip.CodeNotActive)
	}
	if r.Status == shared.RegistryClosed || !r.Detailed {
		return r, "", shared.E(sharedip.CodeNotActive)
	}
	other := slices.DeleteFunc(slices.Clone(r.OtherOKVED), func(c string) bool { return slices.Contains(a.RemoveOKVED, c) })
	for _, c := range a.AddOKVED {
		if !slices.Contains(other, c) && c != r.MainOKVED {
			other = append(other, c)
		}
	}
	if a.MainOKVED != "" && a.MainOKVED != r.MainOKVED {
		other = slices.DeleteFunc(other, func(c string) bool { return c == a.MainOKVED })
		other = append(other, r.MainOKVED)
		r.MainOKVED = a.MainOKVED
	}
	r.OtherOKVED = nonNil(other)
	if a.Address != nil {
		r.Region, r.Address = a.Address.Region, a.Address.Text
	}
	if a.Passport != nil {
		r.Identity = identityDoc(*a.Passport)
	}
	if err := upsertRecord(ctx, tx, r); err != nil {
		return r, "", err
	}
	grn, err := s.newNumber(ctx, tx, sharedip.SignOtherEntry, r.Region)
	if err != nil {
		return r, "", err
	}
	return r, grn, insertHistory(ctx, tx, grn, r.INN, "change", s.today(), &f.ID)
}

func (s *Service) applyClosure(ctx context.Context, tx bun.Tx, f *filingRow) (recordRow, string, error) {
	r, err := recordByINN(ctx, tx, f.INN, true)
	if err != nil {
		return r, "", err
	}
	if r.AccountID != nil && *r.AccountID != f.AccountID { // registered from another account
		return r, "", shared.E(sharedip.CodeNotActive)
	}
	if r.Status == shared.RegistryClosed {
		return r, "", shared.E(sharedip.CodeNotActive)
	}
	today := s.today().Format(time.DateOnly)
	if err := s.Registry.Put(ctx, tx, shared.RegistryEntry{INN: r.INN, Kind: shared.RegistryIP, OGRN: r.OGRN, Name: r.Name,
		Status: shared.RegistryClosed, RegisteredOn: r.RegisteredOn.Format(time.DateOnly), ClosedOn: today}); err != nil {
		return r, "", err
	}
	if r.Detailed {
		r.ClosedReason = "stopped"
		if err := upsertRecord(ctx, tx, r); err != nil {
			return r, "", err
		}
	}
	region := r.Region
	if region == "" {
		region = r.OGRN[3:5]
	}
	grn, err := s.newNumber(ctx, tx, sharedip.SignOtherEntry, region)
	if err != nil {
		return r, "", err
	}
	return r, grn, insertHistory(ctx, tx, grn, r.INN, "closure", s.today(), &f.ID)
}

// identityDoc is a passport as the record keeps it; nil for none.
func identityDoc(p shared.Passport) *sharedip.IdentityDoc {
	if p.IsZero() {
		return nil
	}
	p.Normalize()
	return &sharedip.IdentityDoc{Kind: sharedip.DocPassportRF, Passport: p}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// innFree refuses a registration under an ИНН an active ИП holds (the
// applicant's account may name another ИНН than the form).
func (s *Service) innFree(ctx context.Context, db bun.IDB, inn string) error {
	r, err := recordByINN(ctx, db, inn, false)
	switch {
	case shared.ErrorCode(err) == sharedip.CodeNotIP:
		return nil
	case err != nil:
		return err
	case r.Status != shared.RegistryClosed:
		return shared.E(sharedip.CodeAlreadyActive)
	case r.ClosedReason == "excluded" && r.ClosedOn != nil && sharedip.Terms.ExclusionBar.After(*r.ClosedOn).After(s.today()):
		return shared.E(sharedip.CodeExcludedRecently)
	}
	return nil
}
