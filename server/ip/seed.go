package ip

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// MethodDemo is the signing method recorded on the demo data's filing.
const MethodDemo = "demo"

// SeedDemo makes the demo person an active ИП (regime НПД, ОКВЭД 62.01
// with 62.02 and 63.11, registered in 2024 and changed once since, his
// passport in the record) and puts his Р24001 adding 74.90 into the
// registry officer's queue. The tax authority's facts come with it: the
// demo person filed 3-НДФЛ in April 2025 and 2026 and owes nothing (no
// risk); ИП Петров of the demo registry (on УСН, no account) last
// reported in April 2024 and owes 48 750 ₽, so the exclusion-risk job,
// run once here, marks him.
func (s *Service) SeedDemo(ctx context.Context, accountID string) error {
	acc, err := s.accounts.Get(ctx, accountID)
	if err != nil {
		return err
	}
	ogrnip, _ := sharedip.Number(sharedip.SignRegistration, 2024, "77", 123_456)
	change, _ := sharedip.Number(sharedip.SignOtherEntry, 2025, "77", 654_321)
	registered := time.Date(2024, 2, 12, 0, 0, 0, 0, time.UTC)
	birth, _ := shared.ParseDate(acc.BirthDate)
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		err := s.Registry.Put(ctx, tx, shared.RegistryEntry{INN: acc.INN, Kind: shared.RegistryIP, OGRN: ogrnip,
			Name: "ИП " + acc.FullName(), Status: shared.RegistryActive, RegisteredOn: registered.Format(time.DateOnly)})
		if err != nil {
			return fmt.Errorf("ip.SeedDemo: %w", err)
		}
		r := recordRow{INN: acc.INN, OGRN: ogrnip, AccountID: &accountID, LastName: acc.LastName, FirstName: acc.FirstName,
			MiddleName: acc.MiddleName, BirthDate: &birth, MainOKVED: "62.01", OtherOKVED: []string{"62.02", "63.11"},
			Regime: sharedip.RegimeNPD, Region: "77", Address: "г. Москва, ул. Тверская, д. 7, кв. 12"}
		if acc.Passport != nil {
			r.Identity = identityDoc(*acc.Passport)
		}
		if err := upsertRecord(ctx, tx, r); err != nil {
			return err
		}
		if err := seedTaxFacts(ctx, tx, acc.INN); err != nil {
			return err
		}
		if err := insertHistory(ctx, tx, ogrnip, acc.INN, "registration", registered, nil); err != nil {
			return err
		}
		if err := insertHistory(ctx, tx, change, acc.INN, "change", time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC), nil); err != nil {
			return err
		}
		answers := sharedip.Change{AddOKVED: []string{"74.90"}}
		raw, _ := json.Marshal(answers)
		f := &filingRow{AccountID: accountID, Form: sharedip.FormChange, Answers: raw, Step: 3}
		if err := insertFiling(ctx, tx, f); err != nil {
			return err
		}
		return s.submit(ctx, tx, f, acc, &answers, Signature{Method: MethodDemo}, api.Meta{})
	})
	if err != nil {
		return err
	}
	_, err = s.ComputeExclusionRisk(ctx)
	return err
}

// demoAtRisk is the ИП of the demo registry the demo tax facts put at
// risk of exclusion.
const demoAtRisk = "561100409545"

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// seedTaxFacts records the demo tax facts of the demo person (inn) and of
// ИП Петров, with Петров's record (when the demo registry holds him).
func seedTaxFacts(ctx context.Context, tx bun.IDB, inn string) error {
	for _, r := range []taxReportRow{{inn, "1151020", "2024", day(2025, 4, 28)}, {inn, "1151020", "2025", day(2026, 4, 21)}} {
		if err := insertTaxReport(ctx, tx, r); err != nil {
			return err
		}
	}
	if err := upsertBalance(ctx, tx, balanceRow{inn, day(2026, 12, 1), 0}); err != nil {
		return err
	}
	if known, err := knownIP(ctx, tx, demoAtRisk); err != nil || !known {
		return err
	}
	petrov := recordRow{INN: demoAtRisk, LastName: "Петров", FirstName: "Пётр", MiddleName: "Петрович", MainOKVED: "47.91",
		OtherOKVED: []string{}, Regime: sharedip.RegimeUSN6, Region: "77", Address: "г. Москва, ул. Арбат, д. 10, кв. 3"}
	if err := upsertRecord(ctx, tx, petrov); err != nil {
		return err
	}
	if err := insertTaxReport(ctx, tx, taxReportRow{demoAtRisk, "1152017", "2023", day(2024, 4, 25)}); err != nil {
		return err
	}
	return upsertBalance(ctx, tx, balanceRow{demoAtRisk, day(2026, 12, 1), 4_875_000})
}
