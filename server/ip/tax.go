// The tax authority's facts of an ИП: the reports it received and its
// ЕНС balance, loaded from a file the way the registry is
// (`kabinet ip tax import`), shown on the record and read by the daily
// exclusion-risk job.

package ip

import (
	"context"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/csvfile"
	"kabinet/server/derrors"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// taxColumns are the columns of a tax facts file. A row is a report
// (вид «отчёт»: КНД, период, дата — the day it was received) or an ЕНС
// balance (вид «ЕНС»: дата — the day it is as of, задолженность — the
// debt in roubles, «48 750,00»; 0 when none).
var taxColumns = csvfile.Columns{
	"inn":    {"инн", "inn"},
	"kind":   {"вид", "kind"},
	"knd":    {"кнд", "knd"},
	"period": {"период", "period"},
	"date":   {"дата", "date"},
	"debt":   {"задолженность", "debt"},
}

// Kinds of a row of a tax facts file, as written in it.
var (
	reportKinds  = []string{"отчёт", "отчет", "report"}
	balanceKinds = []string{"енс", "ens", "balance"}
)

var (
	kndPattern    = regexp.MustCompile(`^\d{7}$`)
	periodPattern = regexp.MustCompile(`^\d{4}(-(Q[1-4]|0[1-9]|1[0-2]))?$`)
)

// ErrTaxRejected is a tax facts import with wrong rows: nothing was
// recorded.
var ErrTaxRejected = errors.New("ip.ImportTaxFacts: the file has wrong rows; nothing recorded")

// TaxImport is what an import recorded.
type TaxImport struct {
	Reports, Balances int
}

type taxReportRow struct {
	INN        string    `bun:"inn"`
	KND        string    `bun:"knd"`
	Period     string    `bun:"period"`
	ReceivedOn time.Time `bun:"received_on,type:date"`
}

type balanceRow struct {
	INN  string         `bun:"inn"`
	AsOf time.Time      `bun:"as_of,type:date"`
	Debt shared.Kopecks `bun:"debt"`
}

// ImportTaxFacts records the rows of a tax facts file (CSV, UTF-8, ';'
// or ',' separated, a header naming ИНН;Вид;КНД;Период;Дата;
// Задолженность in any order): every row or, when any is wrong, none,
// and each wrong row is returned with its field. Each ИНН must be an ИП
// of the registry. A report already recorded and a balance of the same
// day are recorded again as the file says, so loading a file twice
// changes nothing.
func (s *Service) ImportTaxFacts(ctx context.Context, r io.Reader) (TaxImport, []csvfile.LineError, error) {
	body, err := io.ReadAll(io.LimitReader(r, 256<<20))
	if err != nil {
		return TaxImport{}, nil, err
	}
	cr, err := csvfile.OpenFor("ip.ImportTaxFacts", body, taxColumns, "inn", "kind", "date")
	if err != nil {
		return TaxImport{}, nil, err
	}
	var out TaxImport
	var bad []csvfile.LineError
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		debts := map[string]shared.Kopecks{} // inn and day: one debt
		bad, err = cr.Each(func(line int, get csvfile.Row) ([]csvfile.LineError, error) {
			fail := func(field string, code shared.Code) ([]csvfile.LineError, error) {
				return []csvfile.LineError{{Line: line, Field: field, Code: code}}, nil
			}
			inn := shared.Digits(get("inn"))
			if err := shared.ValidatePersonINN(inn); err != nil {
				return fail("inn", shared.ErrorCode(err))
			}
			if known, err := knownIP(ctx, tx, inn); err != nil {
				return nil, err
			} else if !known {
				return fail("inn", sharedip.CodeNotIP)
			}
			day, dateErr := shared.ParseDate(get("date"))
			kind := strings.ToLower(get("kind"))
			switch {
			case slices.Contains(reportKinds, kind):
				knd, period := get("knd"), strings.ToUpper(get("period"))
				switch {
				case !kndPattern.MatchString(knd):
					return fail("knd", sharedip.CodeKNDFormat)
				case !periodPattern.MatchString(period):
					return fail("period", sharedip.CodeTaxPeriod)
				case dateErr != nil:
					return fail("date", shared.ErrorCode(dateErr))
				}
				out.Reports++
				return nil, insertTaxReport(ctx, tx, taxReportRow{inn, knd, period, day})
			case slices.Contains(balanceKinds, kind):
				debt, debtErr := shared.ParseMoney(get("debt"))
				key := inn + day.Format(time.DateOnly)
				prev, twice := debts[key]
				switch {
				case dateErr != nil:
					return fail("date", shared.ErrorCode(dateErr))
				case debtErr != nil:
					return fail("debt", shared.ErrorCode(debtErr))
				case twice && prev != debt:
					return fail("debt", sharedip.CodeTaxFactTwice)
				}
				debts[key] = debt
				out.Balances++
				return nil, upsertBalance(ctx, tx, balanceRow{inn, day, debt})
			}
			return fail("kind", sharedip.CodeTaxFactKind)
		})
		if err == nil && len(bad) > 0 {
			return ErrTaxRejected // a file is taken whole or not at all
		}
		return err
	})
	if err != nil {
		return TaxImport{}, bad, err
	}
	return out, nil, nil
}

// knownIP reports whether the ИНН names an ИП of the registry.
func knownIP(ctx context.Context, db bun.IDB, inn string) (_ bool, err error) {
	defer derrors.Wrap(&err, "ip.knownIP(%s)", inn)
	var known bool
	err = db.NewRaw("SELECT EXISTS (SELECT 1 FROM registry_entries WHERE inn = ? AND kind = 'ip')", inn).Scan(ctx, &known)
	return known, err
}

func insertTaxReport(ctx context.Context, db bun.IDB, r taxReportRow) (err error) {
	defer derrors.Wrap(&err, "ip.insertTaxReport(%s)", r.INN)
	_, err = db.NewRaw(`INSERT INTO ip_tax_reports (inn, knd, period, received_on) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, r.INN, r.KND, r.Period, r.ReceivedOn).Exec(ctx)
	return err
}

func upsertBalance(ctx context.Context, db bun.IDB, b balanceRow) (err error) {
	defer derrors.Wrap(&err, "ip.upsertBalance(%s)", b.INN)
	_, err = db.NewRaw(`INSERT INTO ip_ens_balances (inn, as_of, debt) VALUES (?, ?, ?)
		ON CONFLICT (inn, as_of) DO UPDATE SET debt = EXCLUDED.debt`, b.INN, b.AsOf, b.Debt).Exec(ctx)
	return err
}

// taxFactsOf is what the record shows: the last reports, newest first,
// and the latest ЕНС balance.
func taxFactsOf(ctx context.Context, db bun.IDB, inn string) (_ sharedip.TaxFacts, err error) {
	defer derrors.Wrap(&err, "ip.taxFactsOf(%s)", inn)
	out := sharedip.TaxFacts{Reports: []sharedip.TaxReport{}}
	var reports []taxReportRow
	if err := db.NewRaw(`SELECT inn, knd, period, received_on FROM ip_tax_reports WHERE inn = ?
		ORDER BY received_on DESC, period DESC, knd LIMIT ?`, inn, sharedip.MaxTaxReports).Scan(ctx, &reports); err != nil {
		return out, err
	}
	for _, r := range reports {
		out.Reports = append(out.Reports, sharedip.TaxReport{KND: r.KND, Period: r.Period, ReceivedOn: r.ReceivedOn.Format(time.DateOnly)})
	}
	var b []balanceRow
	if err := db.NewRaw("SELECT inn, as_of, debt FROM ip_ens_balances WHERE inn = ? ORDER BY as_of DESC LIMIT 1", inn).
		Scan(ctx, &b); err != nil {
		return out, err
	}
	if len(b) == 1 {
		out.Debt, out.AsOf = b[0].Debt, b[0].AsOf.Format(time.DateOnly)
	}
	return out, nil
}
