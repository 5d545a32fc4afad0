package auth

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/derrors"
	"kabinet/shared"
)

// Signing in with a phone: the QR code shown at sign-in (the browser's
// side and the phone's), the approvals a phone is asked for, and the
// phone's Web Push subscription that asks it.

func (s *Service) handleStartQR(c *fiber.Ctx, _ api.NoBody) (shared.QRTicket, error) {
	return s.StartQR(c.UserContext(), api.MetaOf(c))
}

func (s *Service) handleRotateQR(c *fiber.Ctx, req shared.QRSecretRequest) (shared.QRTicket, error) {
	return s.RotateQR(c.UserContext(), api.Param(c, "id"), req.Secret)
}

// The two long polls hold at most maxWaits per ticket or session, and
// end when their client goes (api.LongPoll).
func (s *Service) handleWaitQR(c *fiber.Ctx, req shared.QRSecretRequest) (shared.QRStatus, error) {
	id := api.Param(c, "id")
	release, err := s.waits.hold("qr:" + id)
	if err != nil {
		return shared.QRStatus{}, err
	}
	defer release()
	ctx, cancel := api.LongPoll(c)
	defer cancel()
	return s.WaitQR(ctx, id, req.Secret, req.Seen)
}

func (s *Service) handleFinishQR(c *fiber.Ctx) error {
	var req shared.QRSecretRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	token, sess, err := s.FinishQR(c.UserContext(), api.Param(c, "id"), req.Secret, api.MetaOf(c))
	if err != nil {
		return err
	}
	return s.signedIn(c, token, sess)
}

func (s *Service) handleScanQR(c *fiber.Ctx, req shared.QRScanRequest) (shared.QRRequest, error) {
	return s.ScanQR(c.UserContext(), Current(c), accountOf(c), req.Code, api.MetaOf(c))
}

func (s *Service) handleApproveQR(c *fiber.Ctx, req shared.QRApproveRequest) error {
	return s.ApproveQR(c.UserContext(), Current(c), accountOf(c), api.Param(c, "id"), req, api.MetaOf(c))
}

func (s *Service) handleDenyQR(c *fiber.Ctx, _ api.NoBody) error {
	return s.DenyQR(c.UserContext(), accountOf(c), api.Param(c, "id"), api.MetaOf(c))
}

func (s *Service) handleApprovals(c *fiber.Ctx, _ api.NoBody) (shared.ApprovalList, error) {
	return s.Approvals(c.UserContext(), Current(c).AccountID, Current(c).ID)
}

func (s *Service) handleWaitApprovals(c *fiber.Ctx, req shared.ApprovalsWaitRequest) (shared.ApprovalList, error) {
	release, err := s.waits.hold("sess:" + string(Current(c).ID))
	if err != nil {
		return shared.ApprovalList{}, err
	}
	defer release()
	ctx, cancel := api.LongPoll(c)
	defer cancel()
	return s.WaitApprovals(ctx, Current(c).AccountID, Current(c).ID, req.Seen)
}

func (s *Service) handleApproval(c *fiber.Ctx, _ api.NoBody) (shared.QRRequest, error) {
	return s.Approval(c.UserContext(), Current(c).AccountID, Current(c).ID, api.Param(c, "id"))
}

// handlePushStatus says whether this session's browser gets push
// requests, and the key it subscribes with.
func (s *Service) handlePushStatus(c *fiber.Ctx, _ api.NoBody) (st shared.PushStatus, err error) {
	defer derrors.Wrap(&err, "auth.handlePushStatus")
	st = shared.PushStatus{CanApprove: strong(Current(c))}
	if s.push != nil {
		st.Key = s.push.PublicKey()
		if st.Subscribed, err = s.push.Subscribed(c.UserContext(), Current(c).ID); err != nil {
			return st, err
		}
	}
	return st, nil
}

func (s *Service) handleSubscribePush(c *fiber.Ctx, sub shared.PushSubscription) (err error) {
	if s.push == nil || !strong(Current(c)) {
		return shared.E(shared.CodeNoFactor) // only a session opened with a second factor approves
	}
	defer derrors.Wrap(&err, "auth.handleSubscribePush(account %s)", Current(c).AccountID)
	return s.push.Subscribe(c.UserContext(), Current(c).AccountID, Current(c).ID, sub)
}

func (s *Service) handleUnsubscribePush(c *fiber.Ctx, _ api.NoBody) (err error) {
	if s.push == nil {
		return nil
	}
	defer derrors.Wrap(&err, "auth.handleUnsubscribePush(account %s)", Current(c).AccountID)
	return s.push.Unsubscribe(c.UserContext(), Current(c).ID)
}
