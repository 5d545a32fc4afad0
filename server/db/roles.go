package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"
)

// The two roles of a database the portal runs itself (the embedded
// cluster): the owner, which owns the schema and applies the migrations,
// and the application, which reads and writes rows and owns nothing. A
// role that owns a table can disable its triggers or drop it; the server
// that faces the Internet must not be able to, so that the journal's
// append-only rule holds against it too.
const (
	OwnerRole = "kabinet_owner"
	AppRole   = "kabinet_app"
)

// EnsureRoles, run as the cluster's superuser on the portal's database,
// creates the owner and application roles when missing and hands the
// database, its public schema and everything in it to the owner (a
// database made before the roles existed was the superuser's).
func EnsureRoles(ctx context.Context, super bun.IDB, dbname string) error {
	for _, role := range []string{OwnerRole, AppRole} {
		_, err := super.ExecContext(ctx, "CREATE ROLE ? LOGIN", bun.Ident(role))
		var pgErr pgdriver.Error
		// 42710 duplicate_object; 23505 when two processes create it at once.
		if err != nil && !(errors.As(err, &pgErr) && (pgErr.Field('C') == "42710" || pgErr.Field('C') == "23505")) {
			return fmt.Errorf("db.EnsureRoles: create %s: %w", role, err)
		}
	}
	if _, err := super.ExecContext(ctx, "ALTER DATABASE ? OWNER TO ?", bun.Ident(dbname), bun.Ident(OwnerRole)); err != nil {
		return fmt.Errorf("db.EnsureRoles: %w", err)
	}
	if _, err := super.ExecContext(ctx, "ALTER SCHEMA public OWNER TO ?", bun.Ident(OwnerRole)); err != nil {
		return fmt.Errorf("db.EnsureRoles: %w", err)
	}
	// Tables carry the sequences of their columns along; sequences of
	// their own (a number series no column owns) and routines (functions
	// and procedures: ALTER ROUTINE takes both) go one by one.
	if _, err := super.ExecContext(ctx, `
		DO $$
		DECLARE r record;
		BEGIN
			FOR r IN SELECT format('ALTER TABLE public.%I OWNER TO `+OwnerRole+`', tablename) AS q
				FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '`+OwnerRole+`'
			LOOP EXECUTE r.q; END LOOP;
			FOR r IN SELECT format('ALTER SEQUENCE public.%I OWNER TO `+OwnerRole+`', c.relname) AS q
				FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE c.relkind = 'S' AND n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> '`+OwnerRole+`'
					AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
			LOOP EXECUTE r.q; END LOOP;
			FOR r IN SELECT format('ALTER ROUTINE %s OWNER TO `+OwnerRole+`', p.oid::regprocedure) AS q
				FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
				WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '`+OwnerRole+`'
			LOOP EXECUTE r.q; END LOOP;
		END $$`); err != nil {
		return fmt.Errorf("db.EnsureRoles: hand over: %w", err)
	}
	return nil
}

// GrantApp, run by the owner after the migrations, lets the application
// role read and write the rows of every table and use every sequence, but
// only add rows to the journal, and only read what the migrations keep.
// It is run at every start, so tables a migration adds are granted too.
func GrantApp(ctx context.Context, owner bun.IDB, app string) error {
	role := bun.Ident(app)
	for _, q := range []string{
		"GRANT USAGE ON SCHEMA public TO ?",
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ?",
		"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ?",
		"REVOKE UPDATE, DELETE, TRUNCATE ON journal FROM ?",
		"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON journal_legacy, schema_migrations FROM ?",
	} {
		if _, err := owner.ExecContext(ctx, q, role); err != nil {
			return fmt.Errorf("db.GrantApp(%s): %w", app, err)
		}
	}
	return nil
}

// OwnsJournal reports whether db's role owns the journal table (and so
// could disable its triggers): the server warns when it does.
func OwnsJournal(ctx context.Context, db bun.IDB) (bool, error) {
	var owns bool
	err := db.NewRaw(`SELECT coalesce((SELECT tableowner = current_user FROM pg_tables
		WHERE schemaname = 'public' AND tablename = 'journal'), false)`).Scan(ctx, &owns)
	return owns, err
}
