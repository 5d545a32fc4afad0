package ip

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// Filings is the account's filings, newest first.
func (s *Service) Filings(ctx context.Context, accountID string) (sharedip.FilingList, error) {
	rows, err := filingsOf(ctx, s.db, accountID)
	if err != nil {
		return sharedip.FilingList{}, err
	}
	out := sharedip.FilingList{Items: make([]sharedip.Filing, 0, len(rows))}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	events, err := eventsOf(ctx, s.db, ids)
	if err != nil {
		return out, err
	}
	for i := range rows {
		out.Items = append(out.Items, s.public(&rows[i], events[rows[i].ID], nil))
	}
	return out, nil
}

// Filing is one of the account's filings; another's is not found.
func (s *Service) Filing(ctx context.Context, accountID, id string) (sharedip.Filing, error) {
	f, err := filingOf(ctx, s.db, accountID, id, false)
	if err != nil {
		return sharedip.Filing{}, err
	}
	return s.withTimeline(ctx, s.db, f)
}

func (s *Service) withTimeline(ctx context.Context, db bun.IDB, f *filingRow) (sharedip.Filing, error) {
	events, err := eventsOf(ctx, db, []string{f.ID})
	if err != nil {
		return sharedip.Filing{}, err
	}
	var warnings []string
	if f.Form == sharedip.FormClosure && f.Status == sharedip.StatusDraft {
		if warnings, err = s.closureWarnings(ctx, db, f); err != nil {
			return sharedip.Filing{}, err
		}
	}
	return s.public(f, events[f.ID], warnings), nil
}

// closureWarnings are what the real service warns of before Р26001: the
// other filings still in review, and the single tax account's debt by
// the tax authority's facts (when it sent no balance, the person is told
// to check it).
func (s *Service) closureWarnings(ctx context.Context, db bun.IDB, f *filingRow) ([]string, error) {
	var warnings []string
	acc, err := s.accounts.GetIn(ctx, db, f.AccountID)
	if err != nil {
		return nil, err
	}
	inn := ""
	if r, err := recordOf(ctx, db, acc, false); err == nil {
		inn = r.INN
	} else if shared.ErrorCode(err) != sharedip.CodeNotIP {
		return nil, err
	}
	tax, err := taxFactsOf(ctx, db, inn)
	switch {
	case err != nil:
		return nil, err
	case tax.AsOf == "":
		warnings = append(warnings, "ip.warning.ens_unknown")
	case tax.Debt > 0:
		warnings = append(warnings, "ip.warning.ens_debt")
	}
	n, err := openFilingsCount(ctx, db, f.AccountID, f.ID)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		warnings = append(warnings, "ip.warning.open_filings")
	}
	return warnings, nil
}

func (s *Service) public(f *filingRow, events []eventRow, warnings []string) sharedip.Filing {
	out := sharedip.Filing{ID: f.ID, Form: f.Form, Status: f.Status, Step: f.Step, Answers: f.Answers,
		CreatedAt: f.CreatedAt, Warnings: warnings, Timeline: []sharedip.Event{{At: f.CreatedAt, Status: sharedip.StatusDraft, By: "applicant"}}}
	if f.Number != nil {
		out.Number = *f.Number
	}
	if f.SubmittedAt != nil {
		out.SubmittedAt = *f.SubmittedAt
	}
	if f.DueOn != nil {
		out.DueOn = f.DueOn.Format(time.DateOnly)
	}
	for _, e := range events {
		by := "applicant"
		if e.ByRegistry {
			by = "registry"
		}
		ev := sharedip.Event{At: e.At, Status: e.Status, By: by, Reason: e.Reason, Text: e.Body, Method: e.Method}
		if e.DocumentID != nil {
			ev.Document = *e.DocumentID
		}
		out.Timeline = append(out.Timeline, ev)
	}
	return out
}

// answersOf decodes a filing's answers by its form.
func answersOf(form string, raw []byte) (validator, error) {
	var v validator
	switch form {
	case sharedip.FormRegistration:
		v = &sharedip.Registration{}
	case sharedip.FormChange:
		v = &sharedip.Change{}
	case sharedip.FormClosure:
		v = &sharedip.Closure{}
	default:
		return nil, fieldErr("form", sharedip.CodeFormUnknown)
	}
	if len(raw) == 0 || string(raw) == "null" {
		raw = []byte("{}")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, fieldErr("answers", shared.CodeBadFormat)
	}
	return v, nil
}

// validator is the answers of one of the forms.
type validator interface {
	Validate(complete bool, today time.Time) error
}

// eligible refuses a form the account cannot file now: Р21001 by a
// person who is an active ИП or was excluded within Terms.ExclusionBar;
// Р24001 and Р26001 by one who is not an active ИП.
func (s *Service) eligible(ctx context.Context, db bun.IDB, acc shared.Account, form string) error {
	r, err := recordOf(ctx, db, acc, false)
	found := err == nil
	if err != nil && shared.ErrorCode(err) != sharedip.CodeNotIP {
		return err
	}
	active := found && r.Status != shared.RegistryClosed
	if form != sharedip.FormRegistration {
		if !active {
			return shared.E(sharedip.CodeNotActive)
		}
		return nil
	}
	switch {
	case active:
		return shared.E(sharedip.CodeAlreadyActive)
	case found && r.ClosedReason == "excluded" && r.ClosedOn != nil && sharedip.Terms.ExclusionBar.After(*r.ClosedOn).After(s.today()):
		return shared.E(sharedip.CodeExcludedRecently)
	}
	return nil
}

// CreateFiling starts a draft of a form. Р21001's answers start from the
// account's data (names, birth date, ИНН, passport, contacts).
func (s *Service) CreateFiling(ctx context.Context, accountID string, secondFactor bool, req sharedip.CreateFilingRequest) (sharedip.Filing, error) {
	if !slices.Contains(sharedip.Forms, req.Form) {
		return sharedip.Filing{}, fieldErr("form", sharedip.CodeFormUnknown)
	}
	acc, err := s.accounts.Get(ctx, accountID)
	if err != nil {
		return sharedip.Filing{}, err
	}
	if err := gateFiling(acc, secondFactor); err != nil {
		return sharedip.Filing{}, err
	}
	if err := s.eligible(ctx, s.db, acc, req.Form); err != nil {
		return sharedip.Filing{}, err
	}
	var answers any = struct{}{}
	if req.Form == sharedip.FormRegistration {
		r := sharedip.Registration{LastName: acc.LastName, FirstName: acc.FirstName, MiddleName: acc.MiddleName,
			BirthDate: acc.BirthDate, INN: acc.INN, Email: acc.Email, Phone: acc.Phone}
		if acc.Passport != nil {
			r.Passport = *acc.Passport
		}
		answers = r
	}
	raw, _ := json.Marshal(answers)
	f := &filingRow{AccountID: accountID, Form: req.Form, Answers: raw}
	if err := insertFiling(ctx, s.db, f); err != nil {
		return sharedip.Filing{}, err
	}
	return s.withTimeline(ctx, s.db, f)
}

// SaveDraft keeps the step and the answers as the person types: the
// answers are checked only in the fields they have (the same codes the
// browser shows), and come back as saved.
func (s *Service) SaveDraft(ctx context.Context, accountID, id string, req sharedip.DraftRequest) (sharedip.Filing, error) {
	if req.Step < 0 || req.Step > 100 {
		return sharedip.Filing{}, fieldErr("step", shared.CodeBadFormat)
	}
	var out sharedip.Filing
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		f, err := filingOf(ctx, tx, accountID, id, true)
		if err != nil {
			return err
		}
		if f.Status != sharedip.StatusDraft {
			return shared.E(sharedip.CodeFilingState)
		}
		v, err := answersOf(f.Form, req.Answers)
		if err != nil {
			return err
		}
		if err := v.Validate(false, s.now().In(shared.Moscow)); err != nil {
			return err
		}
		if r, ok := v.(*sharedip.Registration); ok {
			if err := s.checkScan(ctx, accountID, r.PassportScan); err != nil {
				return err
			}
		}
		raw, _ := json.Marshal(v)
		f.Step, f.Answers = req.Step, raw
		if err := saveDraft(ctx, tx, f); err != nil {
			return err
		}
		out, err = s.withTimeline(ctx, tx, f)
		return err
	})
	return out, err
}

// checkAgainstData adds the server's checks to the form's own: codes the
// classifier has, and for Р24001 codes the record has (to remove) or
// lacks (to add).
func (s *Service) checkAgainstData(ctx context.Context, db bun.IDB, acc shared.Account, v validator) error {
	var f shared.Fields
	switch a := v.(type) {
	case *sharedip.Registration:
		// One registers oneself: under the ИНН the account holds, and the
		// names, birth date and passport its confirmation checked (they
		// become the ЕГРИП record).
		if a.INN != acc.INN {
			return fieldErr("inn", sharedip.CodeINNNotOwn)
		}
		ownIdentity(&f, a, acc)
		if err := s.innFree(ctx, db, a.INN); err != nil {
			return err
		}
		if err := s.checkScan(ctx, acc.ID, a.PassportScan); err != nil {
			return err
		}
		if err := s.unknownCodes(ctx, db, &f, "mainOkved", []string{a.MainOKVED}, true); err != nil {
			return err
		}
		if err := s.unknownCodes(ctx, db, &f, "otherOkved", a.OtherOKVED, false); err != nil {
			return err
		}
	case *sharedip.Change:
		r, err := recordOf(ctx, db, acc, false)
		if err != nil {
			return err
		}
		has := append([]string{r.MainOKVED}, r.OtherOKVED...)
		if err := s.unknownCodes(ctx, db, &f, "addOkved", a.AddOKVED, false); err != nil {
			return err
		}
		for i, c := range a.AddOKVED {
			if slices.Contains(has, c) {
				f.Add(fmt.Sprintf("addOkved.%d", i), sharedip.CodeOKVEDTwice)
			}
		}
		for i, c := range a.RemoveOKVED {
			if !slices.Contains(r.OtherOKVED, c) {
				f.Add(fmt.Sprintf("removeOkved.%d", i), sharedip.CodeOKVEDUnknown)
			}
		}
		if len(has)+len(a.AddOKVED)-len(a.RemoveOKVED) > sharedip.MaxOKVED { // the record after the change
			f.Add("addOkved", sharedip.CodeOKVEDTooMany)
		}
		if a.MainOKVED != "" {
			if err := s.unknownCodes(ctx, db, &f, "mainOkved", []string{a.MainOKVED}, true); err != nil {
				return err
			}
		}
	}
	return f.Err()
}

// ownIdentity adds CodeIdentityNotOwn to each of Р21001's names, birth
// date and passport number that is not the account's (names without case,
// ё as е).
func ownIdentity(f *shared.Fields, a *sharedip.Registration, acc shared.Account) {
	same := func(x, y string) bool {
		fold := func(s string) string { return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "ё", "е") }
		return fold(x) == fold(y)
	}
	for _, c := range []struct {
		field string
		ok    bool
	}{
		{"lastName", same(a.LastName, acc.LastName)},
		{"firstName", same(a.FirstName, acc.FirstName)},
		{"middleName", same(a.MiddleName, acc.MiddleName)},
		{"birthDate", a.BirthDate == acc.BirthDate},
		{"passport.number", acc.Passport != nil && a.Passport.Series == acc.Passport.Series && a.Passport.Number == acc.Passport.Number},
	} {
		if !c.ok {
			f.Add(c.field, sharedip.CodeIdentityNotOwn)
		}
	}
}
