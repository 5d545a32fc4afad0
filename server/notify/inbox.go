package notify

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"kabinet/shared"
	"kabinet/shared/i18n"
)

// Note is one event to tell a person about: in the inbox and, when the
// account has a confirmed e-mail, by e-mail — unless the person switched
// its category off.
type Note struct {
	Account  shared.Account
	Category string   // one of shared.NotifyCategories
	Key      string   // the event: a second Note with the same key is dropped
	Message  string   // catalogue key of "<Message>.title" and "<Message>.body"
	Args     []string // the texts' arguments
	Link     string   // a page of the portal ("/npd/tax")
}

type noteRow struct {
	bun.BaseModel `bun:"table:notifications"`

	ID        int64      `bun:"id,pk,autoincrement"`
	AccountID string     `bun:"account_id,type:uuid"`
	Category  string     `bun:"category"`
	DedupKey  string     `bun:"dedup_key"`
	Message   string     `bun:"message"`
	Args      []string   `bun:"args,type:jsonb"`
	Link      string     `bun:"link"`
	Muted     bool       `bun:"muted"`
	CreatedAt time.Time  `bun:"created_at,nullzero,default:now()"`
	ReadAt    *time.Time `bun:"read_at"`
}

// Notify records n in db's transaction, once per key; its e-mail goes
// through the outbox in the same transaction. A muted category is still
// recorded (so the event is not told later), but hidden and not sent.
func (s *Service) Notify(ctx context.Context, db bun.IDB, n Note) error {
	if !slices.Contains(shared.NotifyCategories, n.Category) {
		return fmt.Errorf("notify.Notify: unknown category %q", n.Category)
	}
	muted, err := db.NewSelect().Table("notification_prefs").
		Where("account_id = ? AND category = ?", n.Account.ID, n.Category).Exists(ctx)
	if err != nil {
		return fmt.Errorf("notify.Notify: %w", err)
	}
	args := n.Args
	if args == nil {
		args = []string{}
	}
	r := &noteRow{AccountID: n.Account.ID, Category: n.Category, DedupKey: n.Key, Message: n.Message, Args: args, Link: n.Link, Muted: muted}
	res, err := db.NewInsert().Model(r).On("CONFLICT (account_id, dedup_key) DO NOTHING").Exec(ctx)
	if err != nil {
		return fmt.Errorf("notify.Notify: %w", err)
	}
	if k, _ := res.RowsAffected(); k == 0 || muted || !n.Account.EmailConfirmed {
		return nil
	}
	lang := i18n.Lang(n.Account.Lang)
	anyArgs := make([]any, len(args))
	for i, a := range args {
		anyArgs[i] = a
	}
	body := i18n.T(lang, n.Message+".body", anyArgs...)
	if n.Link != "" {
		body += "\n\n" + s.publicURL + n.Link
	}
	body += "\n\n" + i18n.T(lang, "msg.notify.footer", s.publicURL+"/notifications")
	return s.Send(ctx, db, Message{AccountID: n.Account.ID, Channel: shared.ChannelEmail, To: n.Account.Email,
		Subject: i18n.T(lang, n.Message+".title", anyArgs...), Body: body})
}

// Inbox is the account's newest visible notifications.
func (s *Service) Inbox(ctx context.Context, accountID string, limit int) (shared.Inbox, error) {
	var rows []noteRow
	if err := s.db.NewSelect().Model(&rows).Where("account_id = ? AND NOT muted", accountID).
		Order("id DESC").Limit(int64(limit)).Scan(ctx); err != nil {
		return shared.Inbox{}, fmt.Errorf("notify.Inbox: %w", err)
	}
	out := shared.Inbox{Items: make([]shared.Notification, len(rows))}
	for i, r := range rows {
		out.Items[i] = shared.Notification{ID: r.ID, Category: r.Category, Message: r.Message, Args: r.Args, Link: r.Link,
			CreatedAt: r.CreatedAt, Read: r.ReadAt != nil}
	}
	n, err := s.db.NewSelect().Model((*noteRow)(nil)).Where("account_id = ? AND NOT muted AND read_at IS NULL", accountID).Count(ctx)
	if err != nil {
		return shared.Inbox{}, fmt.Errorf("notify.Inbox: %w", err)
	}
	out.Unread = int(n)
	return out, nil
}

// MarkRead marks the account's notifications read: those ids, or all.
func (s *Service) MarkRead(ctx context.Context, accountID string, ids []int64) error {
	q := s.db.NewUpdate().Model((*noteRow)(nil)).Set("read_at = now()").Where("account_id = ? AND read_at IS NULL", accountID)
	if len(ids) > 0 {
		q = q.Where("id IN (?)", bun.In(ids))
	}
	_, err := q.Exec(ctx)
	return err
}

// Prefs are the account's categories switched off.
func (s *Service) Prefs(ctx context.Context, accountID string) (shared.NotifyPrefs, error) {
	out := shared.NotifyPrefs{Off: []string{}}
	err := s.db.NewSelect().Table("notification_prefs").Column("category").Where("account_id = ?", accountID).
		Order("category").Scan(ctx, &out.Off)
	return out, err
}

// SetPref switches a category on or off.
func (s *Service) SetPref(ctx context.Context, accountID, category string, on bool) error {
	if !slices.Contains(shared.NotifyCategories, category) {
		return shared.E(shared.CodeNotFound)
	}
	q := "INSERT INTO notification_prefs (account_id, category) VALUES (?, ?) ON CONFLICT DO NOTHING"
	if on {
		q = "DELETE FROM notification_prefs WHERE account_id = ? AND category = ?"
	}
	_, err := s.db.ExecContext(ctx, q, accountID, category)
	return err
}
