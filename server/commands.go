package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/uptrace/bun"

	"kabinet/migrations"
	"kabinet/server/account"
	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/config"
	"kabinet/server/csvfile"
	"kabinet/server/db"
	"kabinet/server/ip"
	"kabinet/server/notify"
	"kabinet/server/refdata"
	"kabinet/server/registry"
	"kabinet/shared/i18n"
)

// The command line is parsed whole before anything else happens: a wrong
// one is a usage error (exit 2) that has touched no database, started no
// PostgreSQL and created no data directory.

// dbNeed is what a command needs of the database.
type dbNeed int

const (
	noDB          dbNeed = iota
	anySchema            // migrations work on a schema in any state
	currentSchema        // the rest refuse a schema that is behind
)

// command is one thing the binary does.
type command struct {
	name    string // the words that select it: "migrate down"
	args    string // its arguments as the help shows them
	summary string
	db      dbNeed
	// prepare checks the arguments and returns what runs the command.
	prepare func(args []string) (action, error)
}

// action runs a command whose command line was right.
type action func(ctx context.Context, e *cmdEnv) error

// cmdEnv is what an action gets: the configuration, the database when
// its command needs one, the log and where to write its answer.
type cmdEnv struct {
	cfg config.Config
	db  *bun.DB
	log *slog.Logger
	out io.Writer
}

// commands is the command table: the help lists it, parse selects from it.
func commands() []command {
	return []command{
		{"serve", "", "run the portal: the API, the pages and the background jobs (the default)", currentSchema, noArgs(serveCmd)},
		{"migrate up", "", "apply pending migrations", anySchema, noArgs(migrateUp)},
		{"migrate down", "[N]", "roll back the last N migrations (1)", anySchema, migrateDownArgs},
		{"migrate status", "", "list applied and pending migrations", anySchema, noArgs(migrateStatus)},
		{"registry import", "FILE.csv", "record ЕГРЮЛ/ЕГРИП entries (ИНН;ОГРН;КПП;Наименование;Статус;Дата регистрации;Дата прекращения)", currentSchema, oneFile(importRegistry)},
		{"okved import", "FILE.csv", "replace the ОКВЭД2 classifier (код;наименование[;редакция]), the whole file or nothing", currentSchema, oneFile(importOKVED)},
		{"ip tax import", "FILE.csv", "record the tax authority's facts of ИП: reports received and ЕНС balances (ИНН;Вид;КНД;Период;Дата;Задолженность)", currentSchema, oneFile(importTaxFacts)},
		{"rates import", "FILE.csv", "record the Bank of Russia key rate history (from;rate;to), the whole file or nothing", currentSchema, oneFile(importRates)},
		{"calendar import", "FILE.csv", "record the production calendar (date;kind;source: holiday, workday or shortened), each year whole", currentSchema, oneFile(importCalendar)},
		{"journal verify", "[--account ID]", "check the journal's hash chains (all, or one account's)", currentSchema, journalVerifyArgs},
		{"journal acknowledge", "--by NAME [--note TEXT] CHAIN ENTRY", "record that NAME has looked at CHAIN's recorded break at ENTRY (as `journal verify` prints them); /api/v1/health is ok again until a new break", currentSchema, journalAckArgs},
		{"help", "", "this list (also -h, --help)", noDB, noArgs(help)},
	}
}

// usageError is a wrong command line: main exits 2 and points to the help.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// parse finds the command of args (serve when there is none) and checks
// its arguments.
func parse(args []string) (command, action, error) {
	table := commands()
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			args = []string{"help"}
		}
	}
	if len(args) == 0 {
		args = []string{"serve"}
	}
	for _, c := range table {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && slices.Equal(args[:len(words)], words) {
			act, err := c.prepare(args[len(words):])
			return c, act, err
		}
	}
	if strings.HasPrefix(args[0], "-") {
		return command{}, nil, usagef("unknown flag %s", args[0])
	}
	var subs []string
	for _, c := range table {
		if group, sub, ok := strings.Cut(c.name, " "); ok && group == args[0] {
			subs = append(subs, sub)
		}
	}
	if len(subs) > 0 {
		return command{}, nil, usagef("unknown command %q: %s is followed by %s", strings.Join(args, " "), args[0], strings.Join(subs, ", "))
	}
	return command{}, nil, usagef("unknown command %q", args[0])
}

// noArgs is a command that takes no arguments.
func noArgs(f action) func([]string) (action, error) {
	return func(args []string) (action, error) {
		if len(args) > 0 {
			return nil, badArg(args[0])
		}
		return f, nil
	}
}

// oneFile is a command that takes one file name.
func oneFile(f func(ctx context.Context, e *cmdEnv, file string) error) func([]string) (action, error) {
	return func(args []string) (action, error) {
		switch {
		case len(args) == 0:
			return nil, usagef("a file name is missing")
		case len(args) > 1 || strings.HasPrefix(args[0], "-"):
			return nil, badArg(args[len(args)-1])
		}
		return func(ctx context.Context, e *cmdEnv) error { return f(ctx, e, args[0]) }, nil
	}
}

func badArg(a string) error {
	if strings.HasPrefix(a, "-") {
		return usagef("unknown flag %s", a)
	}
	return usagef("unexpected argument %q", a)
}

func migrateDownArgs(args []string) (action, error) {
	n := 1
	switch {
	case len(args) > 1:
		return nil, badArg(args[1])
	case len(args) == 1:
		var err error
		if n, err = strconv.Atoi(args[0]); err != nil || n < 1 {
			return nil, usagef("migrate down N: N must be a positive number, not %q", args[0])
		}
	}
	return func(ctx context.Context, e *cmdEnv) error { return migrateDown(ctx, e, n) }, nil
}

func journalVerifyArgs(args []string) (action, error) {
	fs := flag.NewFlagSet("journal verify", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the usage error says what is wrong; main prints it
	account := fs.String("account", "", "")
	if err := fs.Parse(args); err != nil {
		return nil, usagef("journal verify: %v", err)
	}
	if fs.NArg() > 0 {
		return nil, badArg(fs.Arg(0))
	}
	return func(ctx context.Context, e *cmdEnv) error { return verifyJournal(ctx, e, *account) }, nil
}

func journalAckArgs(args []string) (action, error) {
	fs := flag.NewFlagSet("journal acknowledge", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	by := fs.String("by", "", "")
	note := fs.String("note", "", "")
	if err := fs.Parse(args); err != nil {
		return nil, usagef("journal acknowledge: %v", err)
	}
	switch {
	case strings.TrimSpace(*by) == "":
		return nil, usagef("journal acknowledge: --by NAME is missing (who looked at the break)")
	case fs.NArg() < 2:
		return nil, usagef("journal acknowledge: CHAIN and ENTRY are missing (as `journal verify` prints them)")
	case fs.NArg() > 2:
		return nil, badArg(fs.Arg(2))
	}
	chain := fs.Arg(0)
	if chain != audit.SystemChain && !audit.IsAnchor(chain) && !api.ValidUUID(chain) {
		return nil, usagef("journal acknowledge: %q is not an account id, %q or an anchor (%q…)", chain, audit.SystemChain, audit.AnchorChain)
	}
	entry, err := strconv.ParseInt(fs.Arg(1), 10, 64)
	if err != nil || entry < 0 {
		return nil, usagef("journal acknowledge: ENTRY must be a row number, not %q", fs.Arg(1))
	}
	return func(ctx context.Context, e *cmdEnv) error {
		return acknowledgeBreak(ctx, e, chain, entry, strings.TrimSpace(*by), *note)
	}, nil
}

// acknowledgeBreak is `journal acknowledge`: the break stays recorded, and
// the acknowledgement is journalled on the system chain.
func acknowledgeBreak(ctx context.Context, e *cmdEnv, chain string, entry int64, by, note string) error {
	j, err := audit.New(e.cfg.JournalKey)
	if err != nil {
		return err
	}
	br, err := j.Acknowledge(ctx, e.db, chain, entry, by, note)
	if errors.Is(err, audit.ErrNoSuchBreak) {
		return fmt.Errorf("%s has no unacknowledged break recorded at entry %d (see `kabinet journal verify`)", chain, entry)
	}
	if err != nil {
		return err
	}
	left, err := j.Unacknowledged(ctx, e.db)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "acknowledged %s: entry %d (%s), by %s; %d unacknowledged break(s) left\n", chain, entry, br.Reason, by, left)
	return nil
}

// help prints the commands, the environment and the exit statuses.
func help(_ context.Context, e *cmdEnv) error {
	fmt.Fprint(e.out, "Kabinet: a portal of personal cabinets.\n\nUsage: kabinet [command] [arguments]\n\nCommands:\n")
	w := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %s\t%s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	w.Flush()
	fmt.Fprint(e.out, "\nEnvironment (default in brackets):\n")
	for _, v := range config.Vars() {
		def := ""
		if v.Default != "" {
			def = " [" + v.Default + "]"
		}
		fmt.Fprintf(w, "  %s\t%s%s\n", v.Name, v.Summary, def)
	}
	w.Flush()
	fmt.Fprint(e.out, "\nExit status: 0 done, 1 failed, 2 wrong command line.\n")
	return nil
}

func serveCmd(ctx context.Context, e *cmdEnv) error { return serve(ctx, e.cfg, e.db, e.log, e.out) }

// importRegistry is `registry import FILE.csv`: the entries of
// ЕГРЮЛ/ЕГРИП a receipt to an organisation or ИП is checked against.
func importRegistry(ctx context.Context, e *cmdEnv, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	n, bad, err := registry.New(e.db).Import(ctx, f)
	for _, b := range bad {
		fmt.Fprintf(e.out, "line %d: %s: %s\n", b.Line, b.Field, i18n.T(i18n.RU, "err."+string(b.Code)))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "recorded %d entries\n", n)
	return nil
}

// importOKVED is `okved import FILE.csv`: the full ОКВЭД2 classifier
// over the subset the release ships (server/ip/okved2.csv); every row
// or none, each wrong row named.
func importOKVED(ctx context.Context, e *cmdEnv, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	n, bad, err := ip.New(e.db, e.log, nil, ip.Deps{}).ImportOKVED(ctx, f)
	for _, b := range bad {
		fmt.Fprintf(e.out, "line %d: %s: %s\n", b.Line, b.Field, i18n.T(i18n.RU, "err."+string(b.Code)))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "recorded %d ОКВЭД2 codes\n", n)
	return nil
}

// importTaxFacts is `ip tax import FILE.csv`: what the tax authority
// knows of ИП — each row a report received (вид «отчёт»: КНД, период,
// дата получения) or an ЕНС balance (вид «ЕНС»: дата, задолженность in
// roubles) — which the exclusion-risk job reads; the whole file or
// nothing, each wrong row named; loading a file again changes nothing.
func importTaxFacts(ctx context.Context, e *cmdEnv, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	n, bad, err := ip.New(e.db, e.log, nil, ip.Deps{}).ImportTaxFacts(ctx, f)
	for _, b := range bad {
		fmt.Fprintf(e.out, "line %d: %s: %s\n", b.Line, b.Field, i18n.T(i18n.RU, "err."+string(b.Code)))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "recorded %d reports and %d ЕНС balances\n", n.Reports, n.Balances)
	return nil
}

// importRates is `rates import FILE.csv`: the Bank of Russia's key rate
// history (from;rate;to — the day a rate applies from, the rate in
// percent, and on the last row the day it is known to), which penalties
// need; the whole file or nothing, each wrong row named.
func importRates(ctx context.Context, e *cmdEnv, file string) error {
	return importReference(ctx, e, file, func(ref *refdata.Service, f io.Reader) (string, []csvfile.LineError, error) {
		n, bad, err := ref.ImportRates(ctx, f)
		return fmt.Sprintf("recorded %d key rates", n), bad, err
	})
}

// importCalendar is `calendar import FILE.csv`: the production calendar
// (date;kind;source — kind is holiday, workday or shortened), which due
// dates need; each year in the file replaces that year whole.
func importCalendar(ctx context.Context, e *cmdEnv, file string) error {
	return importReference(ctx, e, file, func(ref *refdata.Service, f io.Reader) (string, []csvfile.LineError, error) {
		years, bad, err := ref.ImportCalendar(ctx, f)
		return fmt.Sprintf("recorded the production calendar of %v", years), bad, err
	})
}

func importReference(ctx context.Context, e *cmdEnv, file string,
	load func(*refdata.Service, io.Reader) (string, []csvfile.LineError, error)) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	ref := refdata.New(e.db)
	done, bad, err := load(ref, f)
	for _, b := range bad {
		fmt.Fprintf(e.out, "line %d: %s: %s\n", b.Line, b.Field, i18n.T(i18n.RU, "err."+string(b.Code)))
	}
	if err != nil {
		return err
	}
	through, years, err := ref.Coverage(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "%s; key rates known to %s, calendar years %v\n", done, through, years)
	return nil
}

// verifyJournal is `journal verify [--account ID]`: every chain (or one
// account's) walked from its first row; an error, and so exit status 1,
// when any is broken. Breaks found here first are alerted from here.
func verifyJournal(ctx context.Context, e *cmdEnv, accountID string) error {
	j, err := audit.New(e.cfg.JournalKey)
	if err != nil {
		return err
	}
	j = j.Anchored(e.cfg.JournalAnchorFile)
	var sum audit.Summary
	if accountID != "" {
		if !api.ValidUUID(accountID) {
			return usagef("journal verify --account: %q is not an account id", accountID)
		}
		c, err := j.Verify(ctx, e.db, accountID, true)
		if err != nil {
			return err
		}
		sum = audit.Summary{Chains: 1, CheckedAt: c.CheckedAt}
		if c.Break != nil {
			sum.Broken = []audit.Check{c}
		}
		if c.Break != nil && !c.Since.Before(c.CheckedAt) {
			sum.Fresh = sum.Broken
		}
	} else {
		// An unusable anchor file fails the command, after what the
		// chains gave is told and printed.
		sum, err = j.VerifyAll(ctx, e.db, true)
	}
	failed := err
	n := notify.New(e.db, e.log, e.cfg.Dev, e.cfg.PublicURL, nil, nil,
		notify.Budget{Pause: e.cfg.CodeResend, Codes: e.cfg.CodeDailyCap, Notices: e.cfg.NoticeDailyCap})
	if err := account.AlertJournalBreaks(ctx, e.db, e.log, n, sum.Fresh); err != nil {
		return err
	}
	for _, c := range sum.Broken {
		by, err := j.AcknowledgedBy(ctx, e.db, c.Chain, *c.Break)
		if err != nil {
			return err
		}
		ack := ""
		if by != "" {
			ack = ", acknowledged by " + by
		}
		fmt.Fprintf(e.out, "BROKEN  %s: entry %d (%s), found %s%s\n", c.Chain, c.Break.ID, c.Break.Reason, c.Since.Format(time.RFC3339), ack)
	}
	if failed != nil {
		return failed
	}
	broken := sum.BrokenChains()
	fmt.Fprintf(e.out, "verified %d journal chain(s): %d intact, %d broken\n", sum.Chains, sum.Chains-broken, broken)
	if a := sum.Anchor; a != nil && a.Break == nil {
		fmt.Fprintf(e.out, "the anchor (%s): all %d entries it counted are there\n", e.cfg.JournalAnchorFile, a.Entries)
	}
	if len(sum.Broken) > 0 {
		return fmt.Errorf("the journal's integrity is broken in %d chain(s)", len(sum.Broken))
	}
	return nil
}

func migrateUp(ctx context.Context, e *cmdEnv) error {
	applied, err := db.Up(ctx, e.db, migrations.FS)
	for _, m := range applied {
		fmt.Fprintf(e.out, "applied %d %s\n", m.Version, m.Name)
	}
	return err
}

func migrateDown(ctx context.Context, e *cmdEnv, n int) error {
	undone, err := db.Down(ctx, e.db, migrations.FS, n)
	for _, m := range undone {
		fmt.Fprintf(e.out, "rolled back %d %s\n", m.Version, m.Name)
	}
	return err
}

func migrateStatus(ctx context.Context, e *cmdEnv) error {
	st, err := db.Status(ctx, e.db, migrations.FS)
	if err != nil {
		return err
	}
	for _, m := range st.Applied {
		fmt.Fprintf(e.out, "applied  %d %s\n", m.Version, m.Name)
	}
	for _, m := range st.Pending {
		fmt.Fprintf(e.out, "pending  %d %s\n", m.Version, m.Name)
	}
	for _, v := range st.Unknown {
		fmt.Fprintf(e.out, "unknown  %d (applied, but this binary has no such migration)\n", v)
	}
	return nil
}
