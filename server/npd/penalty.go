package npd

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// rateGap lets through (as nil, after logging it) an error that is only
// key rates missing for some days: what does not need them is done.
func (s *Service) rateGap(ctx context.Context, err error) error {
	if err != nil && shared.ErrorCode(err) == shared.CodeKeyRateMissing {
		s.log.WarnContext(ctx, "penalties not computed: key rates missing — run `kabinet rates import`", "err", err)
		return nil
	}
	return err
}

// AccrueArrears records, for every issued notice unpaid after its due
// date, each day up to and including day on which it was in arrears, and
// recomputes its penalty from those days. A day is in arrears when the
// payments made before it do not cover the notice (Tax Code art. 75 p. 3:
// from the day after the due date to the day of payment inclusive).
// Days already recorded are kept, so running it twice, or after days were
// missed, gives the same rows.
func (s *Service) AccrueArrears(ctx context.Context, day time.Time) error {
	ids, err := accrueArrearsDays(ctx, s.db, ymd(day))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	// The job fails naming the missing key rates, if any, so it runs again;
	// the notices they do not touch are done.
	var missing error
	for _, id := range ids {
		if err := s.setPenalty(ctx, id); shared.ErrorCode(err) == shared.CodeKeyRateMissing {
			missing = errors.Join(missing, fmt.Errorf("npd.AccrueArrears(%s): %w", id, err))
		} else if err != nil {
			return err
		}
	}
	return missing
}

// setPenalty recomputes a notice's penalty from its days of arrears. When
// the key rates do not cover one of them, the penalty is kept and the day
// is recorded (penalty_missing), so that the ledger names it and the next
// run computes it once the rates are imported; the error is returned.
func (s *Service) setPenalty(ctx context.Context, id string) error {
	ex, err := s.explain(ctx, s.db, id)
	if e, ok := shared.AsError(err); ok && e.Code == shared.CodeKeyRateMissing && len(e.Args) > 0 {
		if err := updatePenaltyGap(ctx, s.db, id, e.Args[0]); err != nil {
			return err
		}
		return e
	}
	if err != nil {
		return err
	}
	return updatePenalty(ctx, s.db, id, int64(ex.Total))
}

// explain computes a notice's penalty from its days of arrears: stretches
// of the same arrears, each split by the engine at every key-rate change.
// explain computes a notice's penalty from its days of arrears: stretches
// of the same arrears, each split by the engine at every key-rate change.
func (s *Service) explain(ctx context.Context, db bun.IDB, noticeID string) (sharednpd.PenaltyExplained, error) {
	days, err := selectArrearsDays(ctx, db, noticeID)
	if err != nil {
		return sharednpd.PenaltyExplained{}, err
	}
	rates, err := s.Reference.KeyRates(ctx)
	if err != nil {
		return sharednpd.PenaltyExplained{}, err
	}
	out := sharednpd.PenaltyExplained{Lines: []sharednpd.PenaltyLine{}}
	var most int64
	for i := 0; i < len(days); {
		j := i
		for j+1 < len(days) && days[j+1].Arrears == days[i].Arrears && dateOf(days[j+1].Day).Equal(dateOf(days[j].Day).AddDate(0, 0, 1)) {
			j++
		}
		r, err := rates.Compute(shared.Kopecks(days[i].Arrears), penaltyWho, dateOf(days[i].Day), dateOf(days[j].Day))
		if err != nil {
			return sharednpd.PenaltyExplained{}, err // a day past the key-rate data: named, never a 0 % rate
		}
		for _, l := range r.Lines {
			out.Lines = append(out.Lines, sharednpd.PenaltyLine{From: ymd(l.From), To: ymd(l.To), Days: l.Days, Arrears: r.Arrears,
				RateBP: l.RateBP, Denominator: l.Denominator, Amount: l.Amount})
			out.Total += l.Amount
		}
		most = max(most, days[i].Arrears)
		i = j + 1
	}
	if int64(out.Total) > most && most > 0 {
		out.Total, out.Capped = shared.Kopecks(most), true
	}
	return out, nil
}

// Explain is the penalty of one of the account's notices, day by day.
func (s *Service) Explain(ctx context.Context, accountID, noticeID string) (sharednpd.PenaltyExplained, error) {
	if _, err := s.ownNotice(ctx, accountID, noticeID); err != nil {
		return sharednpd.PenaltyExplained{}, err
	}
	return s.explain(ctx, s.db, noticeID)
}

// ownNotice loads a notice of the account; another person's is not found.
func (s *Service) ownNotice(ctx context.Context, accountID, noticeID string) (noticeRow, error) {
	if !api.ValidUUID(noticeID) {
		return noticeRow{}, shared.E(shared.CodeNotFound)
	}
	n, err := selectOwnNotice(ctx, s.db, accountID, noticeID)
	if errors.Is(err, sql.ErrNoRows) {
		return n, shared.E(shared.CodeNotFound)
	}
	return n, err
}
