// The risk of exclusion from ЕГРИП (DOMAIN.md §3): an ИП with no reports
// for sharedip.Terms.ExclusionRisk (15 months) and a tax debt is struck
// off by the registry. A daily job computes it from the tax authority's
// facts (tax.go: reports received, the ЕНС balance) and the НПД ledger,
// so that a page shows it without computing anything.

package ip

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/jobs"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// riskJob is the daily computation.
const riskJob = "ip.exclusion_risk"

// Arrears is what a person owes in tax outside the ЕНС balance of the tax
// facts: the self-employed cabinet's НПД notices. known is false when the
// portal holds no such data of the person.
type Arrears interface {
	Arrears(ctx context.Context, accountID string) (debt shared.Kopecks, known bool, err error)
}

// ArrearsFunc is a function that is an Arrears.
type ArrearsFunc func(ctx context.Context, accountID string) (shared.Kopecks, bool, error)

// Arrears implements Arrears.
func (f ArrearsFunc) Arrears(ctx context.Context, accountID string) (shared.Kopecks, bool, error) {
	return f(ctx, accountID)
}

// RegisterJobs puts the daily computation of the exclusion risk on the
// queue (at 03:10 Moscow time), and the reminders of the deadlines (at
// 10:00).
func (s *Service) RegisterJobs(q *jobs.Queue) {
	q.Every(riskJob, jobs.Daily{Minute: 3*60 + 10, Loc: shared.Moscow}, func(ctx context.Context, _ json.RawMessage) error {
		n, err := s.ComputeExclusionRisk(ctx)
		if n > 0 {
			s.log.Info("ip: exclusion risk changed", "records", n)
		}
		return err
	})
	q.Every(duesJob, jobs.Daily{Minute: 10 * 60, Loc: shared.Moscow}, func(ctx context.Context, p json.RawMessage) error {
		at, err := jobs.TickOf(p)
		if err != nil {
			return err
		}
		_, err = s.RemindDues(ctx, at)
		return err
	})
}

// ComputeExclusionRisk marks each active ИП of the record whose last
// report the tax authority received longer than Terms.ExclusionRisk ago
// (or, with none since registration, registered longer ago) and who
// owes tax: the ЕНС debt of the tax facts plus, for one registered from
// an account, the НПД debt (Arrears). It clears the mark of one that no
// longer is, and keeps what it found (the debt, the last report) up to
// date on a marked one. Each mark and clearing is journalled on the
// person's chain (an imported ИП has none). It returns how many marks
// changed.
func (s *Service) ComputeExclusionRisk(ctx context.Context) (int, error) {
	today := s.today()
	since := sharedip.Terms.ExclusionRisk.Before(today)
	rows, err := riskCandidates(ctx, s.db)
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, r := range rows {
		last := r.RegisteredOn
		if r.LastReport != nil {
			last = *r.LastReport
		}
		debt := shared.Kopecks(r.ENSDebt)
		silent := last.Before(since)
		if silent && r.AccountID != nil && s.Arrears != nil {
			npd, known, err := s.Arrears.Arrears(ctx, *r.AccountID)
			if err != nil {
				return changed, err
			}
			if known {
				debt += npd
			}
		}
		risk := silent && debt > 0
		marked := r.RiskSince != nil
		if risk == marked && (!risk || sameFinding(r, debt)) {
			continue
		}
		if err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if risk && marked { // still at risk: what was found changed
				return setRisk(ctx, tx, r.INN, r.RiskSince, debt, r.LastReport)
			}
			return s.setRisk(ctx, tx, r, risk, debt, today)
		}); err != nil {
			return changed, err
		}
		if risk != marked {
			changed++
		}
	}
	return changed, nil
}

// sameFinding reports whether a marked ИП's debt and last report are
// those kept with its mark.
func sameFinding(r riskRow, debt shared.Kopecks) bool {
	sameLast := (r.LastReport == nil) == (r.RiskLast == nil) && (r.LastReport == nil || r.LastReport.Equal(*r.RiskLast))
	return sameLast && r.RiskDebt != nil && *r.RiskDebt == int64(debt)
}

// setRisk records the change of an ИП's risk and journals it.
func (s *Service) setRisk(ctx context.Context, tx bun.IDB, r riskRow, risk bool, debt shared.Kopecks, today time.Time) error {
	var on *time.Time
	kind := sharedip.JournalRisk
	if risk {
		on = &today
	} else {
		kind = sharedip.JournalRiskCleared
	}
	if err := setRisk(ctx, tx, r.INN, on, debt, r.LastReport); err != nil {
		return err
	}
	if r.AccountID == nil {
		return nil
	}
	lastReport := ""
	if r.LastReport != nil {
		lastReport = r.LastReport.Format(time.DateOnly)
	}
	return s.journal(ctx, tx, *r.AccountID, "", kind, api.Meta{}, map[string]string{"inn": r.INN,
		"lastReport": lastReport, "debt": strconv.FormatInt(int64(debt), 10)})
}
