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
	"kabinet/server/csvfile"
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
	var rows []struct {
		ID         string    `bun:"id"`
		NoticeID   string    `bun:"notice_id"`
		PeriodFrom time.Time `bun:"period_from"`
		PeriodTo   time.Time `bun:"period_to"`
		UIN        string    `bun:"uin"`
		Amount     int64     `bun:"amount"`
		PaidOn     time.Time `bun:"paid_on"`
		Reference  string    `bun:"reference"`
	}
	if err := s.db.NewRaw(`SELECT p.id, p.notice_id, n.period_from, n.period_to, n.uin, p.amount, p.paid_on, p.reference
		FROM npd_payments p JOIN npd_notices n ON n.id = p.notice_id
		WHERE p.account_id = ? ORDER BY p.paid_on DESC, p.created_at DESC`, accountID).Scan(ctx, &rows); err != nil {
		return sharednpd.Payments{}, fmt.Errorf("npd.Payments: %w", err)
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
		seen := map[string]bool{}
		for {
			line, get, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			l := sharednpd.StatementLine{Line: line}
			if err != nil {
				l.Status, l.Field, l.Code = sharednpd.LineInvalid, "file", shared.CodeBadFormat
				out.Lines = append(out.Lines, l)
				out.Invalid++
				continue
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
				out.Lines = append(out.Lines, l)
				out.Invalid++
				continue
			}
			l.Date, l.Amount = ymd(day), amount
			n, err := noticeByUIN(ctx, tx, l.UIN)
			dup, derr2 := tx.NewSelect().TableExpr("(SELECT reference FROM npd_payments UNION ALL SELECT reference FROM npd_unidentified) AS r").
				Where("reference = ?", l.Reference).Exists(ctx)
			switch {
			case derr2 != nil:
				return derr2
			case dup || seen[l.Reference]:
				l.Status = sharednpd.LineDuplicate
				out.Duplicates++
			case errors.Is(err, sql.ErrNoRows):
				l.Status = sharednpd.LineUnmatched
				out.Unmatched++
				// Money received all the same: kept until an officer finds its notice.
				if !dryRun {
					if _, err := tx.NewRaw(`INSERT INTO npd_unidentified (paid_on, amount, uin, reference, imported_by)
						VALUES (?, ?, ?, ?, ?)`, ymd(day), int64(amount), l.UIN, l.Reference, officerID).Exec(ctx); err != nil {
						return err
					}
				}
			case err != nil:
				return err
			default:
				l.Status, l.Payer = sharednpd.LineMatched, n.INN
				out.Matched++
				out.Total += amount
				if !dryRun {
					if _, err := s.recordPayment(ctx, tx, n, amount, day, l.Reference, officerID); err != nil {
						return err
					}
				}
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

// recount brings the arrears and the penalties up to yesterday after
// payments changed them. A penalty the key rates do not cover yet keeps
// its old sum (the ledger says why): the payments are recorded all the
// same.
func (s *Service) recount(ctx context.Context) error {
	yesterday := civilDay(s.now()).AddDate(0, 0, -1)
	if err := s.AccrueArrears(ctx, yesterday); s.rateGap(ctx, err) != nil {
		return err
	}
	var ids []string
	if err := s.db.NewRaw(`SELECT id FROM npd_notices WHERE issued AND penalty > 0`).Scan(ctx, &ids); err != nil && !errors.Is(err, sql.ErrNoRows) {
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
	if err := tx.NewRaw(`INSERT INTO npd_payments (account_id, notice_id, amount, paid_on, reference, imported_by)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, n.AccountID, n.ID, int64(amount), ymd(day), ref, officerID).Scan(ctx, &id); err != nil {
		return "", fmt.Errorf("npd.recordPayment: %w", err)
	}
	if _, err := tx.NewRaw("DELETE FROM npd_arrears_days WHERE notice_id = ? AND day > ?", n.ID, ymd(day)).Exec(ctx); err != nil {
		return "", err
	}
	return id, s.tellPaid(ctx, tx, n.AccountID, ref, amount, day)
}

// notice is an issued notice found by its УИН, with its payer's ИНН.
type notice struct {
	ID        string `bun:"id"`
	AccountID string `bun:"account_id"`
	INN       string `bun:"inn"`
}

func noticeByUIN(ctx context.Context, tx bun.Tx, uin string) (notice, error) {
	var n notice
	err := tx.NewRaw(`SELECT n.id, n.account_id, p.inn FROM npd_notices n JOIN npd_payers p USING (account_id)
		WHERE n.uin = ? AND n.issued`, uin).Scan(ctx, &n)
	return n, err
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
	var rows []struct {
		ID        string    `bun:"id"`
		PaidOn    time.Time `bun:"paid_on"`
		Amount    int64     `bun:"amount"`
		UIN       string    `bun:"uin"`
		Reference string    `bun:"reference"`
		CreatedAt time.Time `bun:"created_at"`
	}
	if err := s.db.NewRaw(`SELECT id, paid_on, amount, uin, reference, created_at FROM npd_unidentified
		WHERE payment_id IS NULL ORDER BY created_at, reference LIMIT 500`).Scan(ctx, &rows); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return sharednpd.UnidentifiedPayments{}, fmt.Errorf("npd.Unidentified: %w", err)
	}
	out := sharednpd.UnidentifiedPayments{Items: make([]sharednpd.UnidentifiedPayment, len(rows))}
	for i, r := range rows {
		out.Items[i] = sharednpd.UnidentifiedPayment{ID: r.ID, PaidOn: ymd(dateOf(r.PaidOn)), Amount: shared.Kopecks(r.Amount),
			UIN: r.UIN, Reference: r.Reference, ImportedAt: r.CreatedAt}
		out.Total += shared.Kopecks(r.Amount)
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
		var u struct {
			PaidOn    time.Time `bun:"paid_on"`
			Amount    int64     `bun:"amount"`
			Reference string    `bun:"reference"`
			PaymentID *string   `bun:"payment_id"`
		}
		err := tx.NewRaw("SELECT paid_on, amount, reference, payment_id FROM npd_unidentified WHERE id = ? FOR UPDATE", id).Scan(ctx, &u)
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
		paymentID, err := s.recordPayment(ctx, tx, n, shared.Kopecks(u.Amount), dateOf(u.PaidOn), u.Reference, officerID)
		if err != nil {
			return err
		}
		if _, err := tx.NewRaw("UPDATE npd_unidentified SET payment_id = ?, assigned_by = ?, assigned_at = now() WHERE id = ?",
			paymentID, officerID, id).Exec(ctx); err != nil {
			return err
		}
		acc, err := s.accounts.GetIn(ctx, tx, n.AccountID)
		if err != nil {
			return err
		}
		out = sharednpd.AssignedPayment{Payer: n.INN, Name: acc.FullName()}
		return s.Journal.Append(ctx, tx, audit.Entry{AccountID: officerID, Kind: JournalAssigned, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"reference": u.Reference, "uin": uin, "payer": n.INN}})
	})
	if err != nil {
		return out, err
	}
	return out, s.recount(ctx)
}
