package account

import (
	"context"
	"log/slog"
	"strings"

	"github.com/uptrace/bun"

	"kabinet/server/audit"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// AlertJournalBreaks tells the administrators and operators, by e-mail,
// of journal chains found broken for the first time: a broken chain means
// someone wrote to the database behind the portal's back.
func (s *Service) AlertJournalBreaks(ctx context.Context, breaks []audit.Check) error {
	return AlertJournalBreaks(ctx, s.db, s.log, s.notify, breaks)
}

// AlertJournalBreaks is the alert for whoever found the breaks first — the
// job, a journal page, or `kabinet journal verify`, which has no Service:
// a break the command finds is not fresh any more when the job comes, so
// the command must tell the staff itself. The messages go to the outbox,
// which the running server delivers.
func AlertJournalBreaks(ctx context.Context, db bun.IDB, log *slog.Logger, n *notify.Service, breaks []audit.Check) error {
	if len(breaks) == 0 {
		return nil
	}
	log.ErrorContext(ctx, "journal: integrity broken", "chains", len(breaks), "first", breaks[0].Chain,
		"entry", breaks[0].Break.ID, "reason", breaks[0].Break.Reason)
	staff, err := staffWithRoles(ctx, db, shared.RoleAdmin, shared.RoleOperator)
	if err != nil {
		return err
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, st := range staff {
			lang := i18n.Lang(st.Lang)
			var lines []string
			for _, b := range breaks {
				reason := i18n.T(lang, "msg.journalBroken.reason."+string(b.Break.Reason))
				if audit.IsAnchor(b.Chain) {
					lines = append(lines, i18n.T(lang, "msg.journalBroken.anchor", b.Break.ID, reason))
					continue
				}
				lines = append(lines, i18n.T(lang, "msg.journalBroken.line", b.Chain, b.Break.ID, reason))
			}
			body := i18n.T(lang, "msg.journalBroken.body", strings.Join(lines, "\n"))
			if err := n.Send(ctx, tx, notify.Message{AccountID: st.ID, Channel: shared.ChannelEmail,
				To: st.Email, Subject: i18n.T(lang, "msg.journalBroken.subject"), Body: body}); err != nil {
				return err
			}
		}
		return nil
	})
}
