package ip

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/shared"
	"kabinet/shared/i18n"
	sharedip "kabinet/shared/ip"
)

// Queue is the filings waiting for the registry (of one form, or all),
// overdue first, then by deadline and age.
func (s *Service) Queue(ctx context.Context, form string) (sharedip.Queue, error) {
	if form != "" && !slices.Contains(sharedip.Forms, form) {
		return sharedip.Queue{}, fieldErr("form", sharedip.CodeFormUnknown)
	}
	rows, err := queue(ctx, s.db, form)
	if err != nil {
		return sharedip.Queue{}, err
	}
	today := s.today()
	out := sharedip.Queue{Items: make([]sharedip.QueueItem, 0, len(rows))}
	for _, r := range rows {
		out.Items = append(out.Items, sharedip.QueueItem{ID: r.ID, Number: r.Number, Form: r.Form, Status: r.Status,
			Applicant: strings.TrimSpace(r.LastName + " " + r.FirstName + " " + r.MiddleName), INN: r.INN,
			SubmittedAt: r.SubmittedAt, DueOn: r.DueOn.Format(time.DateOnly), Overdue: r.DueOn.Before(today),
			AgeDays: int(s.now().Sub(r.SubmittedAt).Hours() / 24)})
	}
	return out, nil
}

// OfficeFiling opens a filing that was submitted: its answers and
// timeline, who filed it, and the record it changes. A draft is the
// person's own and not found here.
func (s *Service) OfficeFiling(ctx context.Context, id string) (sharedip.OfficeFiling, error) {
	f, err := filingByID(ctx, s.db, id, false)
	if err != nil {
		return sharedip.OfficeFiling{}, err
	}
	if f.Status == sharedip.StatusDraft {
		return sharedip.OfficeFiling{}, shared.E(shared.CodeNotFound)
	}
	acc, err := s.accounts.Get(ctx, f.AccountID)
	if err != nil {
		return sharedip.OfficeFiling{}, err
	}
	pub, err := s.withTimeline(ctx, s.db, f)
	if err != nil {
		return sharedip.OfficeFiling{}, err
	}
	out := sharedip.OfficeFiling{Filing: pub, Applicant: acc.FullName(), INN: f.INN}
	if f.SignedDoc != nil {
		// The check made at submission, made again now: the signed
		// document still holds these answers and a valid, sealed key
		// signature of the person.
		_, err := s.keySignature(ctx, f.AccountID, f, *f.SignedDoc)
		if _, coded := shared.AsError(err); err != nil && !coded {
			return out, err
		}
		out.KeyCheck = &sharedip.KeyCheck{Valid: err == nil, At: s.now()}
	}
	if r, err := recordByINN(ctx, s.db, f.INN, false); err == nil {
		rec, err := s.record(ctx, s.db, r)
		if err != nil {
			return out, err
		}
		out.Record = &rec
	} else if shared.ErrorCode(err) != sharedip.CodeNotIP {
		return out, err
	}
	return out, nil
}

// Search finds ИП in ЕГРИП by ИНН, ОГРНИП or name.
func (s *Service) Search(ctx context.Context, q string) (sharedip.SearchResult, error) {
	q = strings.TrimSpace(q)
	switch n := len([]rune(q)); {
	case n < 2:
		return sharedip.SearchResult{}, fieldErr("q", shared.CodeTooShort)
	case n > 100:
		return sharedip.SearchResult{}, fieldErr("q", shared.CodeTooLong)
	}
	items, err := searchIP(ctx, s.db, q)
	return sharedip.SearchResult{Items: items}, err
}

// OfficeRecord is an ИП's record and the filings under its ИНН, for the
// registry officer.
func (s *Service) OfficeRecord(ctx context.Context, inn string) (sharedip.OfficeRecord, error) {
	r, err := recordByINN(ctx, s.db, inn, false)
	if err != nil {
		return sharedip.OfficeRecord{}, err
	}
	rec, err := s.record(ctx, s.db, r)
	if err != nil {
		return sharedip.OfficeRecord{}, err
	}
	rows, err := filingsByINN(ctx, s.db, inn)
	if err != nil {
		return sharedip.OfficeRecord{}, err
	}
	out := sharedip.OfficeRecord{Record: rec, Filings: make([]sharedip.Filing, 0, len(rows))}
	for i := range rows {
		f, err := s.withTimeline(ctx, s.db, &rows[i])
		if err != nil {
			return out, err
		}
		out.Filings = append(out.Filings, f)
	}
	return out, nil
}

var (
	undecided = []string{sharedip.StatusSubmitted, sharedip.StatusInReview}
	decided   = []string{sharedip.StatusRegistered, sharedip.StatusRefused}
)

// decide moves a filing from submitted or in review (into review: from
// submitted only) to status for the officer, in tx: a filing another
// officer decided first is CodeFilingDecided, one waiting for the person
// or already in review CodeFilingState, the officer's own filing
// CodeOwnCase.
func (s *Service) decide(ctx context.Context, tx bun.Tx, id, status, officerID string) (*filingRow, shared.Account, error) {
	f, err := filingByID(ctx, tx, id, false)
	if err != nil {
		return nil, shared.Account{}, err
	}
	if f.Status == sharedip.StatusDraft {
		return nil, shared.Account{}, shared.E(shared.CodeNotFound)
	}
	if err := auth.NotOwn(officerID, f.AccountID); err != nil {
		return nil, shared.Account{}, err
	}
	decider, from := "", undecided
	if status == sharedip.StatusInReview {
		from = []string{sharedip.StatusSubmitted} // two officers must not both take it
	} else {
		decider = officerID
	}
	moved, err := moveFiling(ctx, tx, id, from, status, decider, nil)
	if err != nil {
		return nil, shared.Account{}, err
	}
	if !moved {
		now, err := filingByID(ctx, tx, id, false)
		if err != nil {
			return nil, shared.Account{}, err
		}
		if slices.Contains(decided, now.Status) {
			return nil, shared.Account{}, shared.E(sharedip.CodeFilingDecided)
		}
		return nil, shared.Account{}, shared.E(sharedip.CodeFilingState)
	}
	f.Status = status
	acc, err := s.accounts.GetIn(ctx, tx, f.AccountID)
	return f, acc, err
}

// Review takes a submitted filing into review and tells the person.
func (s *Service) Review(ctx context.Context, id, officerID string, m api.Meta) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		f, err := filingByID(ctx, tx, id, false)
		if err != nil {
			return err
		}
		if f.Status != sharedip.StatusSubmitted {
			if f.Status == sharedip.StatusDraft {
				return shared.E(shared.CodeNotFound)
			}
			return shared.E(sharedip.CodeFilingState)
		}
		f, acc, err := s.decide(ctx, tx, id, sharedip.StatusInReview, officerID)
		if err != nil {
			return err
		}
		return s.decided(ctx, tx, f, acc, officerID, eventRow{Status: sharedip.StatusInReview}, sharedip.JournalInReview, m, "msg.ip.in_review")
	})
}

// decided writes what every step of the registry writes: the event of
// the timeline, the journal row of the applicant (by the officer), and
// the notice.
func (s *Service) decided(ctx context.Context, tx bun.IDB, f *filingRow, acc shared.Account, officerID string, e eventRow,
	kind string, m api.Meta, msg string, args ...string) error {
	e.FilingID, e.ByRegistry, e.ActorID = f.ID, true, &officerID
	event, err := insertEvent(ctx, tx, e)
	if err != nil {
		return err
	}
	details := map[string]string{"number": *f.Number, "form": f.Form}
	if e.Reason != "" {
		details["reason"] = e.Reason
	}
	if err := s.journal(ctx, tx, acc.ID, officerID, kind, m, details); err != nil {
		return err
	}
	return s.tell(ctx, tx, acc, f, event, msg, args...)
}

// Refuse decides a filing with a refusal: a legal ground and the words,
// issued as a PDF decision with its verification page.
func (s *Service) Refuse(ctx context.Context, id, officerID string, req sharedip.DecisionRequest, m api.Meta) error {
	if err := req.Validate(true); err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		f, acc, err := s.decide(ctx, tx, id, sharedip.StatusRefused, officerID)
		if err != nil {
			return err
		}
		text := strings.TrimSpace(req.Text)
		doc, err := s.refusalSheet(ctx, tx, decision{f, acc, officerID, m}, req.Reason, text)
		if err != nil {
			return err
		}
		return s.decided(ctx, tx, f, acc, officerID, eventRow{Status: sharedip.StatusRefused, Reason: req.Reason, Body: text, DocumentID: &doc},
			sharedip.JournalRefused, m, "msg.ip.refused", refusalText(acc, req.Reason), text)
	})
}

// refusalText is a refusal's ground in the person's language.
func refusalText(acc shared.Account, reason string) string {
	return i18n.T(i18n.Lang(acc.Lang), "ip.refusal."+reason)
}

// Additions asks the person for additions; they answer in the same thread.
func (s *Service) Additions(ctx context.Context, id, officerID string, req sharedip.DecisionRequest, m api.Meta) error {
	if err := req.Validate(false); err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		f, acc, err := s.decide(ctx, tx, id, sharedip.StatusAdditions, officerID)
		if err != nil {
			return err
		}
		text := strings.TrimSpace(req.Text)
		return s.decided(ctx, tx, f, acc, officerID, eventRow{Status: sharedip.StatusAdditions, Body: text},
			sharedip.JournalAdditions, m, "msg.ip.additions", text)
	})
}
