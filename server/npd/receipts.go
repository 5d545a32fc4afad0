package npd

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/notify"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// settlementAllowed checks when a receipt says the money came: not in the
// future (a minute of clock drift aside) and, back-dated, no earlier than
// the previous month while it is not yet the 10th — a receipt for a
// non-cash payment is due by the 9th of the next month (422-ФЗ art. 14
// p. 3); a receipt for cash is formed at once.
func settlementAllowed(at, now time.Time, payment string) error {
	if at.After(now.Add(time.Minute)) {
		return shared.E(sharednpd.CodeSettledInFuture)
	}
	nowM := now.In(shared.Moscow)
	earliest := time.Date(nowM.Year(), nowM.Month(), 1, 0, 0, 0, 0, shared.Moscow)
	if payment == sharednpd.PaymentAccount && nowM.Day() <= 9 {
		earliest = earliest.AddDate(0, -1, 0)
	}
	if payment == sharednpd.PaymentCash {
		earliest = now.Add(-24 * time.Hour) // formed at the settlement: a day's slack for a late entry
	}
	if at.Before(earliest) {
		return shared.E(sharednpd.CodeSettledTooEarly)
	}
	return nil
}

func fieldErr(field string, code shared.Code) error {
	return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{field: {Code: code}}}
}

// CreateReceipt issues a receipt; the payer's totals are read and written
// in one snapshot (seq, or the row lock on the slower path), so the
// deduction it spends and the year's income it checks against the limit
// are those of all receipts before it, also ones issued at the same
// moment. A receipt that crosses the limit is issued all the same: its
// part over the limit is outside НПД and the status ends with it.
func (s *Service) CreateReceipt(ctx context.Context, accountID string, req sharednpd.ReceiptRequest, m api.Meta) (sharednpd.Receipt, error) {
	for i := range req.Items {
		req.Items[i].Name = strings.Join(strings.Fields(req.Items[i].Name), " ")
	}
	req.BuyerINN = shared.Digits(req.BuyerINN)
	req.BuyerName = strings.TrimSpace(req.BuyerName)
	if err := req.Validate(); err != nil {
		return sharednpd.Receipt{}, err
	}
	now := s.now()
	if req.SettledAt.IsZero() {
		req.SettledAt = now
	}
	if err := settlementAllowed(req.SettledAt, now, req.Payment); err != nil {
		return sharednpd.Receipt{}, fieldErr("settledAt", shared.ErrorCode(err))
	}
	if req.BuyerType == sharednpd.BuyerBusiness {
		if err := s.buyerOf(ctx, &req); err != nil {
			return sharednpd.Receipt{}, err
		}
	}
	if out, ok, err := s.quickReceipt(ctx, accountID, req); ok || err != nil {
		return out, err
	}
	return s.lockedReceipt(ctx, accountID, req, m)
}

// lockedReceipt issues a receipt under the payer's row lock, in several
// statements: the path of receipts that cross a limit level or the limit
// itself (notices, the end of the status), and of those quickReceipt lost
// to another receipt issued at the same moment.
func (s *Service) lockedReceipt(ctx context.Context, accountID string, req sharednpd.ReceiptRequest, m api.Meta) (sharednpd.Receipt, error) {
	var out sharednpd.Receipt
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		p, err := selectPayer(ctx, tx, accountID, true)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && p.Status != sharednpd.StatusActive) {
			return shared.E(sharednpd.CodeNPDNotRegistered)
		}
		if err != nil {
			return err
		}
		income, err := yearIncome(ctx, tx, accountID, req.SettledAt.In(shared.Moscow).Year())
		if err != nil {
			return err
		}
		row, err := newReceipt(accountID, req, shared.Kopecks(income), shared.Kopecks(p.DeductionLeft))
		if err != nil {
			return err
		}
		if err := insertReceipt(ctx, tx, &row); err != nil {
			return err
		}
		if err := spendDeduction(ctx, tx, accountID, row.DeductionUsed); err != nil {
			return err
		}
		if err := addYearIncome(ctx, tx, accountID, req.SettledAt, row.Total); err != nil {
			return err
		}
		out = row.public()
		if row.OverLimit > 0 {
			if err := s.endByLimit(ctx, tx, row, m); err != nil {
				return err
			}
		}
		return s.warnLimit(ctx, tx, row, shared.Kopecks(income), shared.Kopecks(income+row.Total))
	})
	return out, err
}

// newReceipt is the row of a new receipt given the year's income before
// it: the НПД tax is on the part within the limit only; the part over it
// is recorded with the regime and tax it falls under instead.
func newReceipt(accountID string, req sharednpd.ReceiptRequest, income, deductionLeft shared.Kopecks) (receiptRow, error) {
	total := req.Total()
	within, over := sharednpd.SplitAtLimit(income, total, sharednpd.Limit(req.SettledAt))
	t, err := sharednpd.TaxOf(sharednpd.Sale{Amount: within, Buyer: sharednpd.Buyer(req.BuyerType), At: req.SettledAt}, deductionLeft)
	if err != nil {
		return receiptRow{}, err
	}
	number, err := receiptNumber()
	if err != nil {
		return receiptRow{}, err
	}
	row := receiptRow{Number: number, AccountID: accountID, Items: req.Items, Total: int64(total), BuyerType: req.BuyerType,
		BuyerINN: req.BuyerINN, BuyerName: req.BuyerName, Payment: req.Payment, SettledAt: req.SettledAt.UTC().Truncate(time.Microsecond),
		Tax: int64(t.Tax), DeductionUsed: int64(t.DeductionUsed)}
	if over > 0 {
		regime, tax := sharednpd.OverLimitTax(over, req.SettledAt)
		row.OverLimit, row.OverRegime, row.OverTax = int64(over), regime, int64(tax)
	}
	return row, nil
}

// endByLimit ends the status from the receipt that crossed the limit
// (deregistration with the reason «Превышение лимита дохода», on the day
// of its settlement) and records it in the journal; the person is told by
// warnLimit, with the days left to choose another regime.
func (s *Service) endByLimit(ctx context.Context, tx bun.Tx, r receiptRow, m api.Meta) error {
	if err := endPayerAt(ctx, tx, r.AccountID, sharednpd.ReasonLimit, r.SettledAt); err != nil {
		return err
	}
	return s.Journal.Append(ctx, tx, audit.Entry{AccountID: r.AccountID, Kind: JournalDeregistered, IP: m.IP, UserAgent: m.UserAgent,
		Details: map[string]string{"reason": sharednpd.ReasonLimit, "number": r.Number, "overLimit": shared.Kopecks(r.OverLimit).String()}})
}

// buyerOf finds the organisation or ИП buying in the registry, refuses one
// that does not exist or had ceased by the settlement, and names the buyer
// as the registry does.
func (s *Service) buyerOf(ctx context.Context, req *sharednpd.ReceiptRequest) error {
	e, err := s.Registry.Lookup(ctx, req.BuyerINN)
	switch {
	case shared.ErrorCode(err) == shared.CodeRegistryUnknown:
		return fieldErr("buyerInn", shared.CodeRegistryUnknown)
	case err != nil:
		return err
	case !e.Active(req.SettledAt.In(shared.Moscow).Format(time.DateOnly)):
		return fieldErr("buyerInn", shared.CodeRegistryClosed)
	}
	req.BuyerName = e.Name
	return nil
}

// warnLimit tells the person once per year and level when the year's
// income reaches 80, 90 or 100 % of the limit with receipt r. Crossing it
// is told instead of 100 %: the status ended with r, the part over the
// limit is outside НПД, and the days left to choose another regime.
func (s *Service) warnLimit(ctx context.Context, tx bun.Tx, r receiptRow, before, after shared.Kopecks) error {
	limit := sharednpd.Limit(r.SettledAt)
	from, to := sharednpd.LimitLevel(before, limit), sharednpd.LimitLevel(after, limit)
	if to == from && r.OverLimit == 0 {
		return nil
	}
	year := r.SettledAt.In(shared.Moscow).Year()
	for _, level := range sharednpd.LimitWarnings {
		if (level <= from || level > to) && !(level == 100 && r.OverLimit > 0) {
			continue
		}
		note := notify.Note{Category: shared.NotifyNPDLimit, Key: fmt.Sprintf("npd.limit:%d:%d", year, level),
			Message: fmt.Sprintf("msg.npd.limit%d", level), Args: []string{after.String(), limit.String()}, Link: "/npd"}
		if level == 100 && r.OverLimit > 0 {
			note.Key, note.Message = fmt.Sprintf("npd.limitCrossed:%d", year), "msg.npd.limitCrossed"
			note.Args = append(note.Args, r.Number, shared.Kopecks(r.OverLimit).String(),
				sharednpd.ChooseBy(r.SettledAt).Format("02.01.2006"), shared.Kopecks(r.OverTax).String())
		} else {
			fresh, err := recordLimitWarning(ctx, tx, r.AccountID, year, level)
			if err != nil {
				return err
			}
			if !fresh {
				continue
			}
		}
		acc, err := s.accounts.GetIn(ctx, tx, r.AccountID)
		if err != nil {
			return err
		}
		note.Account = acc
		if err := s.Notify.Notify(ctx, tx, note); err != nil {
			return err
		}
	}
	return nil
}

// ReceiptFilter narrows the list of receipts; zero fields do not filter.
type ReceiptFilter struct {
	From, To time.Time // settlement days, both inclusive
	Buyer    string    // a buyer type
	Status   string    // "active" or "annulled"
	Query    string    // part of the number, the buyer's name or ИНН, or an item
	Limit    int
}

// ReceiptFilterOf reads a filter from the query of GET /npd/receipts
// (from, to as YYYY-MM-DD; buyer; status; q).
func ReceiptFilterOf(q func(string) string) (ReceiptFilter, error) {
	f := ReceiptFilter{Buyer: q("buyer"), Status: q("status"), Query: strings.TrimSpace(q("q")), Limit: 500}
	var fields shared.Fields
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := q(name); v != "" {
			d, err := shared.ParseDay(v, shared.Moscow)
			fields.Check(name, err)
			*dst = d
		}
	}
	if f.Buyer != "" && f.Buyer != sharednpd.BuyerPerson && f.Buyer != sharednpd.BuyerBusiness && f.Buyer != sharednpd.BuyerForeign {
		fields.Add("buyer", shared.CodeBadFormat)
	}
	if f.Status != "" && f.Status != "active" && f.Status != "annulled" {
		fields.Add("status", shared.CodeBadFormat)
	}
	if len([]rune(f.Query)) > 100 {
		fields.Add("q", shared.CodeTooLong)
	}
	return f, fields.Err()
}

// Receipts lists the account's receipts, newest settlement first.
func (s *Service) Receipts(ctx context.Context, accountID string, f ReceiptFilter) (sharednpd.ReceiptList, error) {
	if f.Limit <= 0 {
		f.Limit = 500
	}
	rows, err := selectReceipts(ctx, s.db, accountID, f)
	if err != nil {
		return sharednpd.ReceiptList{}, err
	}
	out := sharednpd.ReceiptList{Items: make([]sharednpd.Receipt, len(rows))}
	for i, r := range rows {
		out.Items[i] = r.public()
	}
	return out, nil
}

// Annul annuls one of the account's receipts with one of the two legal
// reasons: its income and tax leave the totals at once and its deduction
// returns to the balance. An annulled receipt stays annulled.
func (s *Service) Annul(ctx context.Context, accountID, id string, req sharednpd.AnnulRequest, m api.Meta) (sharednpd.Receipt, error) {
	if req.Reason != sharednpd.AnnulMistake && req.Reason != sharednpd.AnnulRefund {
		return sharednpd.Receipt{}, fieldErr("reason", shared.CodeRequired)
	}
	if !api.ValidUUID(id) {
		return sharednpd.Receipt{}, shared.E(shared.CodeNotFound)
	}
	var out sharednpd.Receipt
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := lockPayer(ctx, tx, accountID); err != nil {
			return err
		}
		r, err := selectOwnReceipt(ctx, tx, accountID, id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return shared.E(shared.CodeNotFound) // none, or another person's
		case err != nil:
			return err
		case r.AnnulledAt != nil:
			return shared.E(sharednpd.CodeReceiptAnnulled)
		}
		if err := annulReceipt(ctx, tx, &r, req.Reason); err != nil {
			return err
		}
		r.AnnulReason = &req.Reason
		if err := returnDeduction(ctx, tx, accountID, r.DeductionUsed); err != nil {
			return err
		}
		if err := addYearIncome(ctx, tx, accountID, r.SettledAt, -r.Total); err != nil {
			return err
		}
		out = r.public()
		return s.Journal.Append(ctx, tx, audit.Entry{AccountID: accountID, Kind: JournalAnnulled, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"number": r.Number, "reason": req.Reason}})
	})
	return out, err
}

// PublicReceipt is the check page's view of a receipt, for anyone with
// its number: the seller's name and ИНН, the items, the total, the buyer,
// and whether it was annulled and why.
func (s *Service) PublicReceipt(ctx context.Context, number string) (sharednpd.Receipt, error) {
	if number == "" || len(number) > 20 {
		return sharednpd.Receipt{}, shared.E(shared.CodeNotFound)
	}
	r, err := selectReceiptByNumber(ctx, s.db, number)
	if errors.Is(err, sql.ErrNoRows) {
		return sharednpd.Receipt{}, shared.E(shared.CodeNotFound)
	}
	if err != nil {
		return sharednpd.Receipt{}, err
	}
	acc, err := s.accounts.Get(ctx, r.AccountID)
	if err != nil {
		return sharednpd.Receipt{}, err
	}
	out := r.public()
	out.ID, out.Tax, out.DeductionUsed, out.OverLimitTax = "", 0, 0, 0 // the seller's own business
	out.SellerName = acc.FullName()
	out.SellerINN = acc.INN
	return out, nil
}
