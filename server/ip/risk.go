// The risk of exclusion from ЕГРИП (DOMAIN.md §3): an ИП with no reports
// for 15 months and a tax debt is struck off by the registry. A daily job
// computes it from what the portal holds, so that a page shows it
// without computing anything.

package ip

import (
	"context"
	"encoding/json"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/jobs"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// RiskMonths is the period without reports after which an ИП with a tax
// debt is at risk (129-ФЗ art. 22.4).
const RiskMonths = 15

// riskJob is the daily computation.
const riskJob = "ip.exclusion_risk"

// Arrears is what a person owes in tax, where the portal keeps it: today
// only the self-employed cabinet's НПД notices (the ЕНС is not kept).
// known is false when the portal holds no tax data of the person.
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
// queue (at 03:10 Moscow time).
func (s *Service) RegisterJobs(q *jobs.Queue) {
	q.Every(riskJob, jobs.Daily{Minute: 3*60 + 10, Loc: shared.Moscow}, func(ctx context.Context, _ json.RawMessage) error {
		n, err := s.ComputeExclusionRisk(ctx)
		if n > 0 {
			s.log.Info("ip: exclusion risk changed", "records", n)
		}
		return err
	})
}

// ComputeExclusionRisk marks each active ИП registered from an account
// that has shown no activity the portal sees for RiskMonths (no entry in
// its record, no filing submitted; reports are not kept yet) and owes tax
// (Arrears), and clears the mark of one that no longer does; each change
// is journalled on the person's chain. It returns how many changed.
func (s *Service) ComputeExclusionRisk(ctx context.Context) (int, error) {
	today := s.today()
	since := today.AddDate(0, -RiskMonths, 0)
	rows, err := riskCandidates(ctx, s.db)
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, r := range rows {
		risk := false
		if r.LastActive.Before(since) && s.Arrears != nil {
			debt, known, err := s.Arrears.Arrears(ctx, r.AccountID)
			if err != nil {
				return changed, err
			}
			risk = known && debt > 0
		}
		if risk == (r.RiskSince != nil) {
			continue
		}
		if err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			return s.setRisk(ctx, tx, r, risk, today)
		}); err != nil {
			return changed, err
		}
		changed++
	}
	return changed, nil
}

// setRisk records the change of an ИП's risk and journals it.
func (s *Service) setRisk(ctx context.Context, tx bun.IDB, r riskRow, risk bool, today time.Time) error {
	var on *time.Time
	kind := sharedip.JournalRiskCleared
	if risk {
		on, kind = &today, sharedip.JournalRisk
	}
	if err := setRiskSince(ctx, tx, r.INN, on); err != nil {
		return err
	}
	return s.journal(ctx, tx, r.AccountID, "", kind, api.Meta{}, map[string]string{"inn": r.INN,
		"lastActive": r.LastActive.Format(time.DateOnly)})
}
