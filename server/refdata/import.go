package refdata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/csvfile"
	"kabinet/shared"
)

// Kinds of a calendar day as stored.
const (
	kindOff     = "off"     // a holiday or a transferred day off
	kindWorkday = "workday" // a weekend day made a working day
	kindShort   = "short"   // a shortened pre-holiday working day
)

// dayKinds are the words a calendar file may use for each kind.
var dayKinds = map[string]string{
	"holiday": kindOff, "off": kindOff, "выходной": kindOff, "праздник": kindOff, "праздничный": kindOff,
	"workday": kindWorkday, "workday-transfer": kindWorkday, "рабочий": kindWorkday,
	"shortened": kindShort, "short": kindShort, "сокращённый": kindShort, "сокращенный": kindShort, "предпраздничный": kindShort,
}

// ErrRejected is an import with wrong rows: nothing was recorded.
var ErrRejected = errors.New("refdata: the file has wrong rows; nothing recorded")

var rateColumns = csvfile.Columns{
	"from": {"from", "с", "дата", "date"},
	"rate": {"rate", "ставка", "ставка, %"},
	"to":   {"to", "по", "through"},
}

var calendarColumns = csvfile.Columns{
	"date":   {"date", "дата"},
	"kind":   {"kind", "вид", "тип"},
	"source": {"source", "источник"},
}

type rateRow struct {
	line     int
	from, to time.Time // to is zero when the row has none
	bp       int64
}

// ImportRates records the key rates of a file (columns from, rate in
// percent, and to — the day the last rate is known to — on the last row):
// every row or, when any row is wrong, none, with the wrong rows named.
// The file's rates replace those from its first day on; earlier ones stay.
func (s *Service) ImportRates(ctx context.Context, r io.Reader) (n int, bad []csvfile.LineError, err error) {
	rows, bad, err := readRates(r)
	if err != nil || len(bad) > 0 {
		return 0, bad, errors.Join(err, rejected(bad))
	}
	last := rows[len(rows)-1]
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewRaw("DELETE FROM key_rates WHERE from_date >= ?", ymd(rows[0].from)).Exec(ctx); err != nil {
			return err
		}
		for _, r := range rows {
			if _, err := tx.NewRaw("INSERT INTO key_rates (from_date, rate_bp, known_through) VALUES (?, ?, ?)",
				ymd(r.from), r.bp, ymd(last.to)).Exec(ctx); err != nil {
				return fmt.Errorf("refdata.ImportRates: line %d: %w", r.line, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return len(rows), nil, nil
}

func rejected(bad []csvfile.LineError) error {
	if len(bad) > 0 {
		return ErrRejected
	}
	return nil
}

func ymd(t time.Time) string { return t.Format(time.DateOnly) }

// readRates reads and checks every row of a key-rate file.
func readRates(r io.Reader) (rows []rateRow, bad []csvfile.LineError, err error) {
	cr, err := open(r, rateColumns, "from", "rate")
	if err != nil {
		return nil, nil, err
	}
	// Never an error: every fault is a row's.
	bad, _ = cr.Each(func(line int, get csvfile.Row) ([]csvfile.LineError, error) {
		row := rateRow{line: line}
		var f shared.Fields
		var err error
		row.from, err = shared.ParseDate(get("from"))
		f.Check("from", err)
		row.bp, err = percentBP(get("rate"))
		f.Check("rate", err)
		if v := get("to"); v != "" {
			row.to, err = shared.ParseDate(v)
			f.Check("to", err)
		}
		if len(f) > 0 {
			return csvfile.FieldErrors(line, f), nil
		}
		rows = append(rows, row)
		return nil, nil
	})
	return rows, append(bad, checkRateOrder(rows)...), nil
}

// checkRateOrder checks the rows against each other: dates going up, a
// "to" on the last row, and any other "to" the day before the next rate.
func checkRateOrder(rows []rateRow) (bad []csvfile.LineError) {
	if len(rows) == 0 {
		return []csvfile.LineError{{Line: 2, Field: "from", Code: shared.CodeRequired}}
	}
	for i, r := range rows {
		switch {
		case i > 0 && r.from.Equal(rows[i-1].from):
			bad = append(bad, csvfile.LineError{Line: r.line, Field: "from", Code: shared.CodeRowDuplicate})
		case i > 0 && r.from.Before(rows[i-1].from):
			bad = append(bad, csvfile.LineError{Line: r.line, Field: "from", Code: shared.CodeRowOrder})
		}
		last := i == len(rows)-1
		switch {
		case last && r.to.IsZero():
			bad = append(bad, csvfile.LineError{Line: r.line, Field: "to", Code: shared.CodeThroughMissing})
		case !r.to.IsZero() && r.to.Before(r.from):
			bad = append(bad, csvfile.LineError{Line: r.line, Field: "to", Code: shared.CodeThroughWrong})
		case !last && !r.to.IsZero() && !r.to.AddDate(0, 0, 1).Equal(rows[i+1].from):
			bad = append(bad, csvfile.LineError{Line: r.line, Field: "to", Code: shared.CodeThroughWrong})
		}
	}
	return bad
}

// percentBP reads a percent ("16", "16,5", "16.50") as basis points:
// more than 0 and at most 100 %, at most two decimals.
func percentBP(s string) (int64, error) {
	s = strings.TrimSuffix(strings.TrimSpace(strings.ReplaceAll(s, ",", ".")), "%")
	if s == "" {
		return 0, shared.E(shared.CodeRequired)
	}
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if len(frac) > 2 {
		return 0, shared.E(shared.CodeBadFormat)
	}
	w, err1 := strconv.ParseUint(whole, 10, 16)
	f, err2 := strconv.ParseUint(frac+strings.Repeat("0", 2-len(frac)), 10, 8)
	if err1 != nil || err2 != nil {
		return 0, shared.E(shared.CodeBadFormat)
	}
	bp := int64(w)*100 + int64(f)
	if bp <= 0 || bp > 10000 {
		return 0, shared.E(shared.CodeRateRange)
	}
	return bp, nil
}

func open(r io.Reader, cols csvfile.Columns, required ...string) (*csvfile.Reader, error) {
	body, err := io.ReadAll(io.LimitReader(r, 16<<20))
	if err != nil {
		return nil, err
	}
	return csvfile.OpenFor("refdata", body, cols, required...)
}
