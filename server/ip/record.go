package ip

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// Gate says whether the account may use the cabinet, and why not: a
// confirmed, active account whose session proved a second factor. The
// codes name the remedy (confirm the account, add a factor, update the
// profile); a pending account gets reference information only.
func gate(acc shared.Account, secondFactor bool) error {
	switch {
	case acc.Status == shared.StatusBlocked:
		return shared.E(shared.CodeAccountBlocked)
	case acc.Status == shared.StatusPending:
		return shared.E(sharedip.CodeAccountLimited)
	case acc.Level != shared.LevelConfirmed:
		return shared.E(sharedip.CodeNotConfirmed)
	case !secondFactor:
		return shared.E(sharedip.CodeNoFactor)
	}
	return nil
}

// gateFiling is gate for what files to the registry: an account whose
// data differ from ЕГРИП's (CodeNeedsUpdate, with the reason) updates
// them before it files — the check that clears the flag stays open.
func gateFiling(acc shared.Account, secondFactor bool) error {
	if err := gate(acc, secondFactor); err != nil {
		return err
	}
	if acc.Status == shared.StatusNeedsUpdate {
		return &shared.Error{Code: sharedip.CodeNeedsUpdate, Args: []string{acc.StatusReason}}
	}
	return nil
}

// Home is the cabinet's home: the account's ЕГРИП record and filings.
// When the cabinet does not open the error says why (gate); an account
// whose ИНН names no ИП gets CodeNotIP (the remedy: file Р21001); one
// whose data need an update gets CodeNeedsUpdate with the reason.
func (s *Service) Home(ctx context.Context, accountID string, secondFactor bool) (sharedip.Home, error) {
	acc, err := s.accounts.Get(ctx, accountID)
	if err != nil {
		return sharedip.Home{}, err
	}
	if err := gateFiling(acc, secondFactor); err != nil {
		return sharedip.Home{}, err
	}
	r, err := recordOf(ctx, s.db, acc, false)
	if err != nil {
		return sharedip.Home{}, err
	}
	rec, err := s.record(ctx, s.db, r)
	if err != nil {
		return sharedip.Home{}, err
	}
	fl, err := s.Filings(ctx, accountID)
	if err != nil {
		return sharedip.Home{}, err
	}
	h := sharedip.Home{Record: rec, Filings: fl.Items, Dues: []sharedip.Due{}}
	if rec.Status != shared.RegistryClosed {
		cal, err := s.Reference.Calendar(ctx)
		if err != nil {
			return sharedip.Home{}, err
		}
		h.Dues = dues(rec.Regime, r.RegisteredOn, s.today(), cal)
	}
	return h, nil
}

// record turns a row into the record people read: the codes with their
// names and the history of entries.
func (s *Service) record(ctx context.Context, db bun.IDB, r recordRow) (sharedip.Record, error) {
	out := sharedip.Record{LastName: r.LastName, FirstName: r.FirstName, MiddleName: r.MiddleName, INN: r.INN,
		OGRNIP: r.OGRN, RegisteredOn: r.RegisteredOn.Format(time.DateOnly), Regime: r.Regime, Status: r.Status,
		Address: sharedip.Address{Region: r.Region, Text: r.Address}, OtherOKVED: []sharedip.OKVED{}, History: []sharedip.Entry{}}
	if !r.Detailed {
		// An entry imported with the lookup data only: the names from
		// «ИП Фамилия Имя Отчество».
		names := strings.Fields(strings.TrimPrefix(r.Name, "ИП "))
		for i, n := range names {
			switch i {
			case 0:
				out.LastName = n
			case 1:
				out.FirstName = n
			default:
				out.MiddleName = strings.TrimSpace(out.MiddleName + " " + n)
			}
		}
	}
	if r.BirthDate != nil {
		out.BirthDate = r.BirthDate.Format(time.DateOnly)
	}
	if r.ClosedOn != nil {
		out.ClosedOn = r.ClosedOn.Format(time.DateOnly)
	}
	if r.RiskSince != nil {
		out.RiskSince = r.RiskSince.Format(time.DateOnly)
		if r.RiskDebt != nil {
			out.RiskDebt = shared.Kopecks(*r.RiskDebt)
		}
		if r.RiskLast != nil {
			out.RiskLastReport = r.RiskLast.Format(time.DateOnly)
		}
	}
	out.Passport = r.Identity
	tax, err := taxFactsOf(ctx, db, r.INN)
	if err != nil {
		return out, err
	}
	out.Tax = tax
	names, err := okvedNamesOf(ctx, db, append([]string{r.MainOKVED}, r.OtherOKVED...))
	if err != nil {
		return out, err
	}
	if r.MainOKVED != "" {
		out.MainOKVED = sharedip.OKVED{Code: r.MainOKVED, Name: names[r.MainOKVED]}
	}
	for _, c := range r.OtherOKVED {
		out.OtherOKVED = append(out.OtherOKVED, sharedip.OKVED{Code: c, Name: names[c]})
	}
	hist, err := historyOf(ctx, db, r.INN)
	if err != nil {
		return out, err
	}
	for _, h := range hist {
		e := sharedip.Entry{GRN: h.GRN, MadeOn: h.MadeOn.Format(time.DateOnly), Kind: h.Kind}
		if h.Number != nil {
			e.Filing = *h.Number
		}
		out.History = append(out.History, e)
	}
	if len(out.History) == 0 {
		out.History = append(out.History, sharedip.Entry{GRN: r.OGRN, MadeOn: out.RegisteredOn, Kind: "import"})
	}
	return out, nil
}

// Compare names each field in which the account and the record differ:
// the names (letter case and ё/е as written count: the registry prints
// them as given), the ИНН, the birth date, the passport's fields when
// the record keeps a passport (written the canonical way on both sides),
// and the ОГРНИП the person holds when given.
func Compare(acc shared.Account, rec sharedip.Record, ogrnip string) []sharedip.Difference {
	out := []sharedip.Difference{}
	add := func(field, profile, registry string) {
		if strings.TrimSpace(profile) != strings.TrimSpace(registry) {
			out = append(out, sharedip.Difference{Field: field, Profile: profile, Registry: registry})
		}
	}
	add("lastName", acc.LastName, rec.LastName)
	add("firstName", acc.FirstName, rec.FirstName)
	add("middleName", acc.MiddleName, rec.MiddleName)
	add("inn", acc.INN, rec.INN)
	if rec.BirthDate != "" {
		add("birthDate", acc.BirthDate, rec.BirthDate)
	}
	if rec.Passport != nil {
		var p shared.Passport
		if acc.Passport != nil {
			p = *acc.Passport
		}
		q := rec.Passport.Passport
		p.Normalize()
		q.Normalize()
		add("passport.series", p.Series, q.Series)
		add("passport.number", p.Number, q.Number)
		add("passport.issuedOn", p.IssuedOn, q.IssuedOn)
		add("passport.issuedBy", p.IssuedBy, q.IssuedBy)
		add("passport.divisionCode", p.DivisionCode, q.DivisionCode)
	}
	if ogrnip = shared.Digits(ogrnip); ogrnip != "" {
		add("ogrnip", ogrnip, rec.OGRNIP)
	}
	return out
}

// Check is «Проверить данные в ЕГРИП»: it compares the account with its
// record and names each field that differs. A mismatch puts the account
// into «требуется обновление данных» with that reason, an agreement lifts
// that status; either way the outcome is journalled with the fields
// (never their values).
func (s *Service) Check(ctx context.Context, accountID string, secondFactor bool, req sharedip.CheckRequest, m api.Meta) (sharedip.CheckResult, error) {
	if req.OGRNIP != "" {
		if err := shared.ValidateOGRNIP(req.OGRNIP); err != nil {
			return sharedip.CheckResult{}, fieldErr("ogrnip", shared.ErrorCode(err))
		}
	}
	var out sharedip.CheckResult
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		acc, err := s.accounts.GetIn(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if err := gate(acc, secondFactor); err != nil {
			return err
		}
		r, err := recordOf(ctx, tx, acc, false)
		if err != nil {
			return err
		}
		rec, err := s.record(ctx, tx, r)
		if err != nil {
			return err
		}
		out.Differences = Compare(acc, rec, req.OGRNIP)
		out.Confirmed = len(out.Differences) == 0
		if out.Confirmed {
			if _, err := s.accounts.ClearNeedsUpdate(ctx, tx, accountID, sharedip.ReasonMismatch); err != nil {
				return err
			}
			return s.journal(ctx, tx, accountID, "", sharedip.JournalChecked, m, map[string]string{"ogrnip": rec.OGRNIP})
		}
		fields := make([]string, len(out.Differences))
		for i, d := range out.Differences {
			fields[i] = d.Field
		}
		if _, err := s.accounts.SetNeedsUpdate(ctx, tx, accountID, sharedip.ReasonMismatch); err != nil {
			return err
		}
		return s.journal(ctx, tx, accountID, "", sharedip.JournalMismatch, m,
			map[string]string{"ogrnip": rec.OGRNIP, "fields": strings.Join(fields, ",")})
	})
	return out, err
}
