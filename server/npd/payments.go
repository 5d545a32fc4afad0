package npd

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/server/csvfile"
	kdb "kabinet/server/db"
	"kabinet/server/notify"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// Journal kinds of the tax officer's payments work: a bank statement
// applied, an unidentified payment assigned to its notice.
const (
	JournalPayments = "npd.statement_imported"
	JournalAssigned = "npd.payment_assigned"
)

// Payments is the account's payment history, newest first.
func (s *Service) Payments(ctx context.Context, accountID string) (sharednpd.Payments, error) {
	rows, err := selectPayments(ctx, s.db, accountID)
	if err != nil {
		return sharednpd.Payments{}, err
	}
	out := sharednpd.Payments{Items: make([]sharednpd.Payment, len(rows))}
	for i, r := range rows {
		out.Items[i] = sharednpd.Payment{ID: r.ID, NoticeID: r.NoticeID, Period: ymd(dateOf(r.PeriodFrom)) + ".." + ymd(dateOf(r.PeriodTo)),
			UIN: r.UIN, Amount: shared.Kopecks(r.Amount), PaidOn: ymd(dateOf(r.PaidOn)), Reference: r.Reference}
	}
	return out, nil
}

// statementColumns are the columns a statement must have.
var statementColumns = csvfile.Columns{
	"date":      {"дата", "date"},
	"amount":    {"сумма", "amount"},
	"uin":       {"уин", "uin"},
	"reference": {"номер документа", "документ", "reference"},
}

// ImportStatement reads a bank statement (CSV with a header, ';' or ','
// separated, UTF-8) and records each row as a payment of the issued notice
// whose УИН it carries. A dry run changes nothing. An import is one
// transaction: every matched row, or none; a bank document already
// imported is reported and skipped, so the same statement imported twice
// records each payment once.
func (s *Service) ImportStatement(ctx context.Context, body []byte, dryRun bool, officerID string) (sharednpd.StatementResult, error) {
	out := sharednpd.StatementResult{DryRun: dryRun, Lines: []sharednpd.StatementLine{}}
	r, err := csvfile.Open(body, statementColumns, "date", "amount", "uin", "reference")
	if missing, ok := errors.AsType[*csvfile.MissingError](err); ok {
		return out, &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"file": {Code: shared.CodeRequired, Message: missing.Column}}}
	}
	switch {
	case errors.Is(err, csvfile.ErrEncoding):
		return out, fieldErr("file", shared.CodeBadFormat)
	case err != nil:
		return out, fieldErr("file", shared.CodeRequired)
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// One import at a time: a statement imported twice at once (a
		// double click, two officers) must find the other's lines as
		// duplicates, not fail on the unique reference.
		if err := kdb.LockKey(ctx, tx, "npd:statements"); err != nil {
			return err
		}
		seen := map[string]bool{}
		for {
			line, get, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			l, day, ok := statementLine(line, get, err)
			if !ok {
				out.Lines = append(out.Lines, l)
				out.Invalid++
				continue
			}
			if err := s.applyLine(ctx, tx, &out, &l, day, seen[l.Reference], officerID); err != nil {
				return err
			}
			seen[l.Reference] = true
			out.Lines = append(out.Lines, l)
		}
		if dryRun {
			return nil
		}
		return s.Journal.Append(ctx, tx, audit.Entry{AccountID: officerID, Kind: JournalPayments,
			Details: map[string]string{"matched": fmt.Sprint(out.Matched), "total": out.Total.String()}})
	})
	if err != nil || dryRun || len(out.Lines) == 0 {
		return out, err
	}
	return out, s.recount(ctx)
}

// statementLine reads one line of a statement: its date, amount, УИН
// and bank document, each checked. ok is false for a line that is not
// valid (Status, Field and Code say why); err is the CSV reader's.
func statementLine(line int, get csvfile.Row, err error) (l sharednpd.StatementLine, day time.Time, ok bool) {
	l = sharednpd.StatementLine{Line: line}
	if err != nil {
		l.Status, l.Field, l.Code = sharednpd.LineInvalid, "file", shared.CodeBadFormat
		return l, day, false
	}
	l.Reference, l.UIN = get("reference"), shared.Digits(get("uin"))
	day, derr := shared.ParseDate(get("date"))
	amount, merr := shared.ParseMoney(get("amount"))
	switch {
	case derr != nil:
		l.Field, l.Code = "date", shared.ErrorCode(derr)
	case get("amount") == "":
		l.Field, l.Code = "amount", shared.CodeRequired
	case merr != nil || amount <= 0:
		l.Field, l.Code = "amount", shared.CodeMoneyFormat
	case l.Reference == "":
		l.Field, l.Code = "reference", shared.CodeRequired
	case shared.ValidateUIN(l.UIN) != nil:
		l.Field, l.Code = "uin", shared.ErrorCode(shared.ValidateUIN(l.UIN))
	}
	if l.Code != "" {
		l.Status = sharednpd.LineInvalid
		return l, day, false
	}
	l.Date, l.Amount = ymd(day), amount
	return l, day, true
}

// applyLine records a valid line of a statement (unless out is a dry
// run) and counts it in out: a payment of the issued notice whose УИН it
// carries, or an unidentified payment when no notice has that УИН; a
// bank document imported before (seen: earlier in this statement) is a
// duplicate and changes nothing.
func (s *Service) applyLine(ctx context.Context, tx bun.Tx, out *sharednpd.StatementResult, l *sharednpd.StatementLine, day time.Time, seen bool, officerID string) error {
	n, err := noticeByUIN(ctx, tx, l.UIN)
	dup, derr := referenceImported(ctx, tx, l.Reference)
	switch {
	case derr != nil:
		return derr
	case dup || seen:
		l.Status = sharednpd.LineDuplicate
		out.Duplicates++
	case errors.Is(err, sql.ErrNoRows):
		l.Status = sharednpd.LineUnmatched
		out.Unmatched++
		// Money received all the same: kept until an officer finds its notice.
		if !out.DryRun {
			return insertUnidentified(ctx, tx, ymd(day), int64(l.Amount), l.UIN, l.Reference, officerID)
		}
	case err != nil:
		return err
	default:
		l.Status, l.Payer = sharednpd.LineMatched, n.INN
		out.Matched++
		out.Total += l.Amount
		if !out.DryRun {
			_, err := s.recordPayment(ctx, tx, n, l.Amount, day, l.Reference, officerID)
			return err
		}
	}
	return nil
}

// recount brings the arrears and the penalties up to yesterday after
// payments changed them. A penalty the key rates do not cover yet keeps
// its old sum (the ledger says why): the payments are recorded all the
// same.
func (s *Service) recount(ctx context.Context) error {
	yesterday := civilDay(s.now()).AddDate(0, 0, -1)
	if err := s.AccrueArrears(ctx, yesterday); s.rateGap(ctx, err) != nil {
		return err
	}
	ids, err := penalisedNotices(ctx, s.db)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	for _, id := range ids {
		if err := s.setPenalty(ctx, id); s.rateGap(ctx, err) != nil {
			return err
		}
	}
	return nil
}

// recordPayment records a payment of a notice and tells the payer; the
// days of arrears after it had other arrears, and are counted again.
func (s *Service) recordPayment(ctx context.Context, tx bun.Tx, n notice, amount shared.Kopecks, day time.Time, ref, officerID string) (id string, err error) {
	id, err = insertPayment(ctx, tx, n, int64(amount), ymd(day), ref, officerID)
	if err != nil {
		return "", err
	}
	if err := deleteArrearsAfter(ctx, tx, n.ID, ymd(day)); err != nil {
		return "", err
	}
	return id, s.tellPaid(ctx, tx, n.AccountID, ref, amount, day)
}

func (s *Service) tellPaid(ctx context.Context, tx bun.IDB, accountID, ref string, amount shared.Kopecks, day time.Time) error {
	acc, err := s.accounts.GetIn(ctx, tx, accountID)
	if err != nil {
		return err
	}
	return s.Notify.Notify(ctx, tx, notify.Note{Account: acc, Category: shared.NotifyNPDPayment, Key: "npd.payment:" + ref,
		Message: "msg.npd.payment", Args: []string{amount.String(), day.Format("02.01.2006")}, Link: "/npd/tax"})
}

// Unidentified lists the payments no notice matched yet, oldest first.
func (s *Service) Unidentified(ctx context.Context) (sharednpd.UnidentifiedPayments, error) {
	rows, err := selectUnidentified(ctx, s.db)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return sharednpd.UnidentifiedPayments{}, err
	}
	out := sharednpd.UnidentifiedPayments{Items: make([]sharednpd.UnidentifiedPayment, len(rows))}
	for i, r := range rows {
		out.Items[i] = sharednpd.UnidentifiedPayment{ID: r.ID, PaidOn: ymd(dateOf(r.PaidOn)), Amount: shared.Kopecks(r.Amount),
			UIN: r.UIN, Reference: r.Reference, ImportedAt: r.CreatedAt}
		out.Total, out.Count = shared.Kopecks(r.AllSum), r.AllCount
	}
	return out, nil
}

// Assign records an unidentified payment as the payment of the issued
// notice with the УИН the officer found (the payer's letter, the bank's
// clarification); once only.
func (s *Service) Assign(ctx context.Context, id, uin, officerID string, m api.Meta) (sharednpd.AssignedPayment, error) {
	uin = shared.Digits(uin)
	if err := shared.ValidateNoticeUIN(uin); err != nil {
		return sharednpd.AssignedPayment{}, fieldErr("uin", shared.ErrorCode(err))
	}
	if !api.ValidUUID(id) {
		return sharednpd.AssignedPayment{}, shared.E(shared.CodeNotFound)
	}
	var out sharednpd.AssignedPayment
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		u, err := lockUnidentified(ctx, tx, id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return shared.E(shared.CodeNotFound)
		case err != nil:
			return err
		case u.PaymentID != nil:
			return shared.E(shared.CodeConflict)
		}
		n, err := noticeByUIN(ctx, tx, uin)
		if errors.Is(err, sql.ErrNoRows) {
			return fieldErr("uin", shared.CodeNotFound)
		}
		if err != nil {
			return err
		}
		if err := auth.NotOwn(officerID, n.AccountID); err != nil {
			return err
		}
		paymentID, err := s.recordPayment(ctx, tx, n, shared.Kopecks(u.Amount), dateOf(u.PaidOn), u.Reference, officerID)
		if err != nil {
			return err
		}
		if err := assignUnidentified(ctx, tx, id, paymentID, officerID); err != nil {
			return err
		}
		acc, err := s.accounts.GetIn(ctx, tx, n.AccountID)
		if err != nil {
			return err
		}
		out = sharednpd.AssignedPayment{Payer: n.INN, Name: acc.FullName()}
		// On the payer's chain, by the officer, as every decision on a
		// person's affairs (docs/authorization.md).
		return s.Journal.Append(ctx, tx, audit.Entry{AccountID: n.AccountID, ActorID: officerID, Kind: JournalAssigned, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"reference": u.Reference, "uin": uin}})
	})
	if err != nil {
		return out, err
	}
	return out, s.recount(ctx)
}
