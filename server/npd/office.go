package npd

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// Journal kinds of the tax officer's status changes.
const (
	JournalBlocked   = "npd.blocked"
	JournalUnblocked = "npd.unblocked"
)

// OfficeRoutes mounts the tax officer's pages under /office/npd; every
// route checks its permission on the server.
func (s *Service) OfficeRoutes(r fiber.Router, authed fiber.Handler) {
	auth.MountPermitted(r, authed, "/office/npd", s.OfficeTable())
}

// OfficeTable is the tax officer's routes with the permission each needs
// (docs/authorization.md is generated from it).
func (s *Service) OfficeTable() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/office/npd/payers/:inn", Perm: shared.PermNPDRead, Why: "a payer's receipts, notices, ledger and payments", Handle: s.handleOfficePayer},
		{Method: "POST", Path: "/office/npd/payers/:inn/block", Perm: shared.PermNPDManage, Why: "block a payer with the reason", Handle: s.handleSetBlocked(true)},
		{Method: "POST", Path: "/office/npd/payers/:inn/unblock", Perm: shared.PermNPDManage, Why: "lift a payer's block", Handle: s.handleSetBlocked(false)},
		{Method: "GET", Path: "/office/npd/unidentified", Perm: shared.PermNPDManage, Why: "payments not yet matched to a notice", Handle: s.handleUnidentified},
		{Method: "POST", Path: "/office/npd/unidentified/:id/assign", Perm: shared.PermNPDManage, Why: "match a payment to a notice by УИН", Handle: s.handleAssign},
		{Method: "POST", Path: "/office/npd/statements", Perm: shared.PermNPDManage, Why: "import a bank statement (with a dry run)", Handle: s.handleImportStatement},
	}
}

func (s *Service) handleOfficePayer(c *fiber.Ctx) error {
	p, err := s.OfficePayer(c.UserContext(), api.Param(c, "inn"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (s *Service) handleSetBlocked(block bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var req sharednpd.StatusRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		if err := s.SetBlocked(c.UserContext(), api.Param(c, "inn"), block, req.Reason, auth.Current(c).AccountID, api.MetaOf(c)); err != nil {
			return err
		}
		return api.NoContent(c)
	}
}

func (s *Service) handleUnidentified(c *fiber.Ctx) error {
	l, err := s.Unidentified(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (s *Service) handleAssign(c *fiber.Ctx) error {
	var req sharednpd.AssignPaymentRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	res, err := s.Assign(c.UserContext(), api.Param(c, "id"), req.UIN, auth.Current(c).AccountID, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (s *Service) handleImportStatement(c *fiber.Ctx) error {
	res, err := s.ImportStatement(c.UserContext(), c.Body(), c.Query("dry") != "", auth.Current(c).AccountID)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (s *Service) payerByINN(ctx context.Context, inn string) (payerRow, error) {
	if shared.ValidateINN(inn) != nil {
		return payerRow{}, fieldErr("inn", shared.ErrorCode(shared.ValidateINN(inn)))
	}
	p, err := selectPayerByINN(ctx, s.db, inn)
	if errors.Is(err, sql.ErrNoRows) {
		return p, shared.E(sharednpd.CodeNPDNotRegistered)
	}
	return p, err
}

// OfficePayer is everything the tax officer sees of a payer, by ИНН.
func (s *Service) OfficePayer(ctx context.Context, inn string) (sharednpd.OfficePayer, error) {
	p, err := s.payerByINN(ctx, inn)
	if err != nil {
		return sharednpd.OfficePayer{}, err
	}
	acc, err := s.accounts.Get(ctx, p.AccountID)
	if err != nil {
		return sharednpd.OfficePayer{}, err
	}
	out := sharednpd.OfficePayer{AccountID: p.AccountID, Payer: p.public(),
		Name: acc.FullName()}
	if out.Summary, err = s.Summary(ctx, p.AccountID); err != nil {
		return out, err
	}
	l, err := s.Ledger(ctx, p.AccountID)
	if err != nil {
		return out, err
	}
	out.Ledger = l.Rows
	rs, err := s.Receipts(ctx, p.AccountID, ReceiptFilter{Limit: 200})
	if err != nil {
		return out, err
	}
	out.Receipts = rs.Items
	ps, err := s.Payments(ctx, p.AccountID)
	if err != nil {
		return out, err
	}
	out.Payments = ps.Items
	return out, nil
}

// SetBlocked blocks an active payer with the reason (receipts stop until
// unblocked) or lifts the block.
func (s *Service) SetBlocked(ctx context.Context, inn string, block bool, reason, officerID string, m api.Meta) error {
	reason = strings.TrimSpace(reason)
	switch {
	case block && reason == "":
		return fieldErr("reason", shared.CodeRequired)
	case block && len([]rune(reason)) > 500:
		return fieldErr("reason", shared.CodeTooLong)
	}
	p, err := s.payerByINN(ctx, inn)
	if err != nil {
		return err
	}
	if err := auth.NotOwn(officerID, p.AccountID); err != nil {
		return err
	}
	from, to, kind := sharednpd.StatusActive, sharednpd.StatusBlocked, JournalBlocked
	if !block {
		from, to, kind, reason = sharednpd.StatusBlocked, sharednpd.StatusActive, JournalUnblocked, ""
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ok, err := setPayerStatus(ctx, tx, p.AccountID, from, to, reason)
		if err != nil {
			return err
		}
		if !ok {
			return shared.E(shared.CodeConflict)
		}
		return s.Journal.Append(ctx, tx, audit.Entry{AccountID: p.AccountID, Kind: kind, ActorID: officerID, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"reason": reason}})
	})
}
