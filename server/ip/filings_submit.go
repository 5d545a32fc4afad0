// Submitting a filing and answering the registry's request for
// additions: the two moves that send a filing to the registry.

package ip

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/calendar"
	sharedip "kabinet/shared/ip"
)

// Submit signs and sends a draft: the answers complete and valid, the
// person eligible for the form, the signature made (a fresh step-up until
// server/signature is wired). The filing gets its number and the
// registry's deadline, Terms.Decision by the production calendar.
// doc names the document signed with the «Ключ Кабинета» (keysign.go);
// "" signs with the step-up.
func (s *Service) Submit(ctx context.Context, accountID, id, doc string, stepUpAt time.Time, m api.Meta) (sharedip.Filing, error) {
	var out sharedip.Filing
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		f, err := filingOf(ctx, tx, accountID, id, true)
		if err != nil {
			return err
		}
		if f.Status != sharedip.StatusDraft {
			return shared.E(sharedip.CodeFilingState)
		}
		acc, err := s.accounts.GetIn(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if err := gateFiling(acc, true); err != nil {
			return err
		}
		v, err := answersOf(f.Form, f.Answers)
		if err != nil {
			return err
		}
		if err := v.Validate(true, s.now().In(shared.Moscow)); err != nil {
			return err
		}
		if err := s.eligible(ctx, tx, acc, f.Form); err != nil {
			return err
		}
		if err := s.checkAgainstData(ctx, tx, acc, v); err != nil {
			return err
		}
		var sig Signature
		if doc != "" {
			sig, err = s.keySignature(ctx, accountID, f, doc)
		} else {
			sig, err = s.Signatures.Sign(ctx, tx, Signing{AccountID: accountID, Document: f.Answers, StepUpAt: stepUpAt})
		}
		if err != nil {
			return err
		}
		if err := s.submit(ctx, tx, f, acc, v, sig, m); err != nil {
			return err
		}
		out, err = s.withTimeline(ctx, tx, f)
		return err
	})
	return out, err
}

// submit records a signed filing as submitted, with its event, journal
// row and notice.
func (s *Service) submit(ctx context.Context, tx bun.IDB, f *filingRow, acc shared.Account, v validator, sig Signature, m api.Meta) error {
	serial, err := nextSerial(ctx, tx, "ip_filing_number")
	if err != nil {
		return err
	}
	now := s.now()
	due, err := s.deadline(ctx, now)
	if err != nil {
		return err
	}
	number := fmt.Sprintf("%s-%d-%06d", f.Form[1:], now.In(shared.Moscow).Year(), serial)
	inn := acc.INN
	if r, ok := v.(*sharedip.Registration); ok {
		inn = r.INN
	}
	f.Status, f.Number, f.INN, f.SignMethod, f.SignedHash = sharedip.StatusSubmitted, &number, inn, sig.Method, sig.Hash
	f.SubmittedAt, f.DueOn = &now, &due
	if sig.Document != "" {
		f.SignedDoc = &sig.Document
	}
	if err := saveSubmitted(ctx, tx, f); err != nil {
		return err
	}
	event, err := insertEvent(ctx, tx, eventRow{FilingID: f.ID, At: now, Status: sharedip.StatusSubmitted, Method: sig.Method})
	if err != nil {
		return err
	}
	if err := s.journal(ctx, tx, acc.ID, "", sharedip.JournalSubmitted, m,
		map[string]string{"number": number, "form": f.Form, "method": sig.Method}); err != nil {
		return err
	}
	return s.tell(ctx, tx, acc, f, event, "msg.ip.submitted", due.Format("02.01.2006"))
}

// deadline is the registry's deadline for a filing received at t: the
// last of the Terms.Decision working days after the day of receipt. It
// is the registry's own target, so a year whose calendar is not loaded
// yet (a filing in late December, before the next year's decree is
// imported) does not refuse the person's filing: the days of that year
// are counted by the Labour Code's days off alone, and the log says
// which year to import (a transfer can make such a deadline a day
// early, never late for the person).
func (s *Service) deadline(ctx context.Context, t time.Time) (time.Time, error) {
	cal, err := s.Reference.Calendar(ctx)
	if err != nil {
		return time.Time{}, err
	}
	y, mo, d := t.In(shared.Moscow).Date()
	day := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	for n := 0; n < sharedip.Terms.Decision.WorkingDays; {
		day = day.AddDate(0, 0, 1)
		off, err := cal.DayOff(day)
		if shared.ErrorCode(err) == shared.CodeCalendarMissing {
			s.log.Warn("production calendar missing: the registry deadline counts the Labour Code's days off; run kabinet calendar import",
				"year", day.Year())
			off, err = calendar.Statutory(day), nil
		}
		if err != nil {
			return time.Time{}, err
		}
		if !off {
			n++
		}
	}
	return day, nil
}

// Answer is the person's answer to «требуются дополнения», in the same
// thread: the filing goes back to the registry, with a new deadline.
func (s *Service) Answer(ctx context.Context, accountID, id string, req sharedip.AnswerRequest, m api.Meta) (sharedip.Filing, error) {
	if err := req.Validate(); err != nil {
		return sharedip.Filing{}, err
	}
	var out sharedip.Filing
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		f, err := filingOf(ctx, tx, accountID, id, true)
		if err != nil {
			return err
		}
		due, err := s.deadline(ctx, s.now())
		if err != nil {
			return err
		}
		moved, err := moveFiling(ctx, tx, f.ID, []string{sharedip.StatusAdditions}, sharedip.StatusInReview, "", &due)
		if err != nil {
			return err
		}
		if !moved {
			return shared.E(sharedip.CodeFilingState)
		}
		if _, err := insertEvent(ctx, tx, eventRow{FilingID: f.ID, Status: sharedip.StatusInReview, Body: req.Text}); err != nil {
			return err
		}
		if err := s.journal(ctx, tx, accountID, "", sharedip.JournalAnswered, m, map[string]string{"number": *f.Number}); err != nil {
			return err
		}
		if f, err = filingOf(ctx, tx, accountID, id, false); err != nil {
			return err
		}
		out, err = s.withTimeline(ctx, tx, f)
		return err
	})
	return out, err
}

// tell notifies the filing's author (inbox and e-mail) of the change
// that made the timeline's event: one notice per event.
func (s *Service) tell(ctx context.Context, db bun.IDB, acc shared.Account, f *filingRow, event int64, msg string, more ...string) error {
	number := ""
	if f.Number != nil {
		number = *f.Number
	}
	args := append([]string{number, formName(f.Form)}, more...)
	return s.Notify.Notify(ctx, db, notify.Note{Account: acc, Category: shared.NotifyIPFiling,
		Key: fmt.Sprintf("ip.filing:%d", event), Message: msg, Args: args, Link: "/ip/filings/" + f.ID})
}

// formName is a form's name as the notices print it.
func formName(form string) string {
	return map[string]string{sharedip.FormRegistration: "Р21001", sharedip.FormChange: "Р24001", sharedip.FormClosure: "Р26001"}[form]
}
