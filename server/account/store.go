package account

// The SQL of the accounts (accounts) and of the staff roles the account
// service reads or seeds (staff_roles). Store functions take a bun.IDB,
// so they run on the pool or inside the service's transaction alike; the
// service keeps the rules and the transaction boundaries.

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/uptrace/bun"

	kdb "kabinet/server/db"
	"kabinet/server/derrors"
	"kabinet/shared"
)

type accountRow struct {
	bun.BaseModel `bun:"table:accounts"`

	ID                   string     `bun:"id,pk,type:uuid,nullzero,default:gen_random_uuid()"`
	LastName             string     `bun:"last_name"`
	FirstName            string     `bun:"first_name"`
	MiddleName           string     `bun:"middle_name"`
	BirthDate            *time.Time `bun:"birth_date,type:date"`
	Phone                string     `bun:"phone"`
	PhoneConfirmedAt     *time.Time `bun:"phone_confirmed_at"`
	Email                string     `bun:"email"`
	EmailConfirmedAt     *time.Time `bun:"email_confirmed_at"`
	INN                  *string    `bun:"inn"`
	SNILS                *string    `bun:"snils"`
	PassportSeries       *string    `bun:"passport_series"`
	PassportNumber       *string    `bun:"passport_number"`
	PassportIssuedOn     *time.Time `bun:"passport_issued_on,type:date"`
	PassportIssuedBy     *string    `bun:"passport_issued_by"`
	PassportDivisionCode *string    `bun:"passport_division_code"`
	PasswordHash         string     `bun:"password_hash"`
	Level                string     `bun:"level"`
	Status               string     `bun:"status"`
	StatusReason         string     `bun:"status_reason"`
	ConfirmedAt          *time.Time `bun:"confirmed_at"`
	ConfirmedBy          *string    `bun:"confirmed_by,type:uuid"`
	Lang                 string     `bun:"lang"`
	ConsentVersion       *string    `bun:"consent_version"` // the policy agreed to at registration
	ConsentAt            *time.Time `bun:"consent_at"`
	CreatedAt            time.Time  `bun:"created_at,nullzero,default:now()"`
	UpdatedAt            time.Time  `bun:"updated_at,nullzero,default:now()"`
}

// loadAccount reads the account, under its row lock when forUpdate;
// CodeNotFound when there is none.
func loadAccount(ctx context.Context, db bun.IDB, id string, forUpdate bool) (r *accountRow, err error) {
	defer derrors.Wrap(&err, "account.loadAccount(ctx, %q, %t)", id, forUpdate)
	r = new(accountRow)
	q := db.NewSelect().Model(r).Where("id = ?", id)
	if forUpdate {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, shared.E(shared.CodeNotFound)
		}
		return nil, err
	}
	return r, nil
}

// accountWith is an account's row and one more column read beside it.
type accountWith struct {
	accountRow `bun:",extend"`
	With       []byte `bun:"with_,scanonly"`
}

// withText is the statement of loadAccountWith: the CTEs with ("WITH
// …", or ""), then the account whose id the SQL expression id yields and,
// in the same statement, the expression also, which may name the
// account's row as a. It always returns one row: a's columns are NULL
// when id yields no account.
func withText(with, id, also string) string {
	return with + " SELECT a.*, (" + also + ") AS with_ FROM (VALUES (1)) AS one LEFT JOIN accounts AS a ON a.id = (" + id + ")"
}

// loadAccountWith runs a statement of withText, prepared, with args:
// r.ID is "" when it yields no account.
func loadAccountWith(ctx context.Context, db *bun.DB, p *kdb.Prepared, args []any) (r *accountWith, err error) {
	defer derrors.Wrap(&err, "account.loadAccountWith(ctx)")
	r = new(accountWith)
	return r, p.Scan(ctx, db, args, r)
}

// loginText is the statement of loadAccountByLogin: the CTEs with ("WITH
// …", or ""), then the account that a login names — $1…$4 are its phone,
// e-mail, ИНН and СНИЛС, NULL where it does not read so — beside the
// value of the expression also, which may name the account's row as a.
// It always returns one row: a's columns are NULL when the login names no
// account, or two (a login read two ways that match two accounts).
func loginText(with, also string) string {
	return with + ` SELECT a.*, (` + also + `) AS with_ FROM (VALUES (1)) AS one
		LEFT JOIN accounts AS a ON a.id = (SELECT (array_agg(id))[1] FROM accounts
			WHERE phone = $1::text OR email = $2::text OR inn = $3::text OR snils = $4::text HAVING count(*) = 1)`
}

// loadAccountByLogin runs a statement of loginText, prepared, for the
// login's candidates and args ($5…): r.ID is "" when it names no account.
func loadAccountByLogin(ctx context.Context, db *bun.DB, p *kdb.Prepared, cands []shared.LoginCandidate, args []any) (r *accountWith, err error) {
	defer derrors.Wrap(&err, "account.loadAccountByLogin(ctx, %d candidates)", len(cands))
	byKind := map[string]*string{}
	for _, c := range cands {
		byKind[c.Kind] = &c.Value
	}
	all := append([]any{byKind[shared.LoginPhone], byKind[shared.LoginEmail], byKind[shared.LoginINN], byKind[shared.LoginSNILS]}, args...)
	r = new(accountWith)
	return r, p.Scan(ctx, db, all, r)
}

var loginColumn = map[string]string{
	shared.LoginPhone: "phone", shared.LoginEmail: "email", shared.LoginINN: "inn", shared.LoginSNILS: "snils",
}

// selectByLogins reads the accounts (two at most) that any of the
// candidates names: a phone, an e-mail, an ИНН or a СНИЛС.
func selectByLogins(ctx context.Context, db bun.IDB, cands []shared.LoginCandidate) (rows []accountRow, err error) {
	defer derrors.Wrap(&err, "account.selectByLogins(ctx, %d candidates)", len(cands))
	conds := make([]string, 0, len(cands))
	args := make([]any, 0, len(cands))
	for _, c := range cands {
		conds = append(conds, loginColumn[c.Kind]+" = ?") // column names from a fixed map
		args = append(args, c.Value)
	}
	err = db.NewSelect().Model(&rows).Where(strings.Join(conds, " OR "), args...).Limit(2).Scan(ctx)
	return rows, err
}

// contactColumn is the column of a channel's contact.
func contactColumn(channel string) string {
	if channel == shared.ChannelEmail {
		return "email"
	}
	return "phone"
}

// selectByContact reads the account whose phone (ChannelSMS) or e-mail
// (ChannelEmail) is value; sql.ErrNoRows when none.
func selectByContact(ctx context.Context, db bun.IDB, channel, value string) (r *accountRow, err error) {
	defer derrors.Wrap(&err, "account.selectByContact(ctx, %q)", channel)
	r = new(accountRow)
	return r, db.NewSelect().Model(r).Where(contactColumn(channel)+" = ?", value).Scan(ctx)
}

// contactTaken tells whether another account than exceptID has value as
// its phone (ChannelSMS) or e-mail (ChannelEmail).
func contactTaken(ctx context.Context, db bun.IDB, channel, value, exceptID string) (taken bool, err error) {
	defer derrors.Wrap(&err, "account.contactTaken(ctx, %q, %q)", channel, exceptID)
	return db.NewSelect().Model((*accountRow)(nil)).Where(contactColumn(channel)+" = ? AND id <> ?", value, exceptID).Exists(ctx)
}

// setContact puts value in place, confirmed, as the account's phone
// (ChannelSMS) or e-mail (ChannelEmail).
func setContact(ctx context.Context, db bun.IDB, accountID, channel, value string) (err error) {
	defer derrors.Wrap(&err, "account.setContact(ctx, %q, %q)", accountID, channel)
	col := contactColumn(channel)
	_, err = db.NewRaw("UPDATE accounts SET "+col+" = ?, "+col+"_confirmed_at = now(), updated_at = now() WHERE id = ?",
		value, accountID).Exec(ctx)
	return err
}

// confirmContact marks the account's phone (ChannelSMS) or e-mail
// (ChannelEmail) confirmed, keeping an earlier confirmation's time.
func confirmContact(ctx context.Context, db bun.IDB, acc *accountRow, channel string) (err error) {
	defer derrors.Wrap(&err, "account.confirmContact(ctx, %q, %q)", acc.ID, channel)
	col := contactColumn(channel) + "_confirmed_at"
	_, err = db.NewUpdate().Model(acc).Set(col + " = coalesce(" + col + ", now()), updated_at = now()").WherePK().Exec(ctx)
	return err
}

// activateConfirmed makes a pending account active once both of its
// contacts are confirmed; false when it did not.
func activateConfirmed(ctx context.Context, db bun.IDB, accountID string) (activated bool, err error) {
	defer derrors.Wrap(&err, "account.activateConfirmed(ctx, %q)", accountID)
	res, err := db.NewRaw(`UPDATE accounts SET status = 'active', status_reason = ''
			WHERE id = ? AND status = 'pending' AND phone_confirmed_at IS NOT NULL AND email_confirmed_at IS NOT NULL`, accountID).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// reloadStatus reads the account's status again into acc.
func reloadStatus(ctx context.Context, db bun.IDB, acc *accountRow) (err error) {
	defer derrors.Wrap(&err, "account.reloadStatus(ctx, %q)", acc.ID)
	return db.NewSelect().Model(acc).Column("status").WherePK().Scan(ctx)
}

// insertAccount adds the account (its id and created_at read back).
func insertAccount(ctx context.Context, db bun.IDB, acc *accountRow) (err error) {
	defer derrors.Wrap(&err, "account.insertAccount(ctx)") // no e-mail: the log keeps no personal data
	_, err = db.NewInsert().Model(acc).Returning("id, created_at").Exec(ctx)
	return err
}

// countAccounts is how many accounts there are.
func countAccounts(ctx context.Context, db bun.IDB) (n int64, err error) {
	defer derrors.Wrap(&err, "account.countAccounts(ctx)")
	return db.NewSelect().Model((*accountRow)(nil)).Count(ctx)
}

// updatePassword replaces the account's password hash.
func updatePassword(ctx context.Context, db bun.IDB, acc *accountRow, hash string) (err error) {
	defer derrors.Wrap(&err, "account.updatePassword(ctx, %q)", acc.ID)
	_, err = db.NewUpdate().Model(acc).Set("password_hash = ?, password_changed_at = now(), updated_at = now()", hash).WherePK().Exec(ctx)
	return err
}

// updateProfile writes acc's personal data, level and confirmation.
func updateProfile(ctx context.Context, db bun.IDB, acc *accountRow) (err error) {
	defer derrors.Wrap(&err, "account.updateProfile(ctx, %q)", acc.ID)
	_, err = db.NewUpdate().Model(acc).Column(
		"last_name", "first_name", "middle_name", "birth_date", "inn", "snils",
		"passport_series", "passport_number", "passport_issued_on", "passport_issued_by", "passport_division_code",
		"level", "confirmed_at", "confirmed_by", "updated_at").WherePK().Exec(ctx)
	return err
}

// confirmIdentity makes the account confirmed by the staff member, or
// with no staff member ("") when the person confirmed it with a signature.
func confirmIdentity(ctx context.Context, db bun.IDB, acc *accountRow, staffID string) (err error) {
	defer derrors.Wrap(&err, "account.confirmIdentity(ctx, %q)", acc.ID)
	_, err = db.NewUpdate().Model(acc).
		Set("level = 'confirmed', confirmed_at = now(), confirmed_by = NULLIF(?, '')::uuid, updated_at = now()", staffID).
		WherePK().Exec(ctx)
	return err
}

// updateStatus writes acc's status and its reason.
func updateStatus(ctx context.Context, db bun.IDB, acc *accountRow) (err error) {
	defer derrors.Wrap(&err, "account.updateStatus(ctx, %q, %q)", acc.ID, acc.Status)
	_, err = db.NewUpdate().Model(acc).Column("status", "status_reason").Set("updated_at = now()").WherePK().Exec(ctx)
	return err
}

// peopleQuery is what the back office's search looks for; empty fields
// do not.
type peopleQuery struct {
	Email, Phone, INN, SNILS string
	SurnameLike              string // a LIKE pattern of the lower-case surname
}

// searchAccounts reads the accounts (fifty at most, by name) with any of
// the query's identifiers, or a surname the pattern matches.
func searchAccounts(ctx context.Context, db bun.IDB, q peopleQuery) (rows []accountRow, err error) {
	defer derrors.Wrap(&err, "account.searchAccounts(ctx)")
	var conds []string
	var args []any
	for _, c := range []struct{ cond, value string }{
		{"email = ?", q.Email}, {"phone = ?", q.Phone}, {"inn = ?", q.INN}, {"snils = ?", q.SNILS},
		{"lower(last_name) LIKE ?", q.SurnameLike},
	} {
		if c.value != "" {
			conds, args = append(conds, c.cond), append(args, c.value)
		}
	}
	err = db.NewSelect().Model(&rows).Where(strings.Join(conds, " OR "), args...).
		OrderExpr("last_name, first_name").Limit(50).Scan(ctx)
	return rows, err
}

// staffContact is where a staff member is told of something.
type staffContact struct {
	ID    string `bun:"id"`
	Email string `bun:"email"`
	Lang  string `bun:"lang"`
}

// staffWithRoles are the staff with any of the two roles and a confirmed
// e-mail.
func staffWithRoles(ctx context.Context, db bun.IDB, role1, role2 string) (staff []staffContact, err error) {
	defer derrors.Wrap(&err, "account.staffWithRoles(ctx, %q, %q)", role1, role2)
	err = db.NewRaw(`
		SELECT DISTINCT a.id, a.email, a.lang FROM accounts a JOIN staff_roles r ON r.account_id = a.id
		WHERE r.role IN (?, ?) AND a.email_confirmed_at IS NOT NULL`,
		role1, role2).Scan(ctx, &staff)
	return staff, err
}

// grantDemoRoles makes the demo operator, tax officer and registry officer staff.
func grantDemoRoles(ctx context.Context, db bun.IDB, operatorID, taxOfficerID, registryOfficerID, fnsOfficerID string) (err error) {
	defer derrors.Wrap(&err, "account.grantDemoRoles(ctx)")
	_, err = db.NewRaw("INSERT INTO staff_roles (account_id, role) VALUES (?, ?), (?, ?), (?, ?), (?, ?)",
		operatorID, shared.RoleOperator, taxOfficerID, shared.RoleTaxOfficer, registryOfficerID, shared.RoleRegistryOfficer,
		fnsOfficerID, shared.RoleOfficerFNS).Exec(ctx)
	return err
}
