package auth

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/shared"
)

// Routes mounts sign-in, sign-out and the session endpoints on r.
func (s *Service) Routes(r fiber.Router) {
	r.Post("/login", s.handleLogin)
	r.Post("/login/second-factor", s.handleSecondFactor)
	r.Post("/login/second-factor/sms", func(c *fiber.Ctx) error {
		var req shared.SMSCodeRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		ch, err := s.SendLoginSMS(c.UserContext(), req.Ticket, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.JSON(ch)
	})
	r.Post("/login/second-factor/push", func(c *fiber.Ctx) error {
		var req shared.PushApprovalRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		t, err := s.StartPushApproval(c.UserContext(), req.Ticket, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(t)
	})
	r.Post("/login/factor-reset", func(c *fiber.Ctx) error {
		var req shared.FactorResetRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		if err := s.FileFactorReset(c.UserContext(), req, api.MetaOf(c)); err != nil {
			return err
		}
		return api.NoContent(c)
	})
	r.Post("/login/qr", func(c *fiber.Ctx) error {
		t, err := s.StartQR(c.UserContext(), api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(t)
	})
	r.Post("/login/qr/:id/rotate", func(c *fiber.Ctx) error {
		var req shared.QRSecretRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		t, err := s.RotateQR(c.UserContext(), api.Param(c, "id"), req.Secret)
		if err != nil {
			return err
		}
		return c.JSON(t)
	})
	r.Post("/login/qr/:id/wait", func(c *fiber.Ctx) error {
		var req shared.QRSecretRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		st, err := s.WaitQR(c.UserContext(), api.Param(c, "id"), req.Secret, req.Seen)
		if err != nil {
			return err
		}
		return c.JSON(st)
	})
	r.Post("/login/qr/:id/finish", func(c *fiber.Ctx) error {
		var req shared.QRSecretRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		token, sess, err := s.FinishQR(c.UserContext(), api.Param(c, "id"), req.Secret, api.MetaOf(c))
		if err != nil {
			return err
		}
		return s.signedIn(c, token, sess)
	})
	r.Post("/not-me", func(c *fiber.Ctx) error {
		var req shared.NotMeRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		if err := s.NotMe(c.UserContext(), req.Token, api.MetaOf(c)); err != nil {
			return err
		}
		s.clearCookie(c)
		return api.NoContent(c)
	})
	r.Post("/login/passkey/options", func(c *fiber.Ctx) error {
		var req shared.PasskeyLoginOptionsRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		o, err := s.BeginPasskeyLogin(c.UserContext(), req, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.JSON(o)
	})
	r.Post("/login/passkey", func(c *fiber.Ctx) error {
		var req shared.PasskeyLoginRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		token, sess, err := s.PasskeyLogin(c.UserContext(), req, api.MetaOf(c))
		if err != nil {
			return err
		}
		return s.signedIn(c, token, sess)
	})
	// Per route: a Group("") with middleware would guard every later route.
	authed := s.Authenticate()
	r.Post("/logout", authed, s.handleLogout)
	r.Get("/session", authed, s.handleSession)
	r.Post("/session/extend", authed, s.handleSession) // Authenticate already extended it
	r.Get("/me/sessions", authed, s.handleSessions)
	r.Post("/me/sessions/revoke-others", authed, s.handleRevokeOthers)
	r.Delete("/me/sessions/:id", authed, s.handleRevokeOne)
	r.Get("/me/factors", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		f, err := s.Factors(c.UserContext(), acc)
		if err != nil {
			return err
		}
		return c.JSON(f)
	}))
	r.Post("/me/totp", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		e, err := s.StartTOTP(c.UserContext(), Current(c), acc)
		if err != nil {
			return err
		}
		return c.JSON(e)
	}))
	r.Post("/me/totp/confirm", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		var req shared.TOTPConfirmRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		codes, err := s.ConfirmTOTP(c.UserContext(), Current(c), acc, req.Code, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.JSON(codes)
	}))
	r.Delete("/me/totp", authed, RequireStepUp(), s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		if err := s.RemoveTOTP(c.UserContext(), acc, api.MetaOf(c)); err != nil {
			return err
		}
		return api.NoContent(c)
	}))
	r.Post("/me/recovery-codes", authed, RequireStepUp(), s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		codes, err := s.RenewRecoveryCodes(c.UserContext(), acc, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.JSON(codes)
	}))
	r.Get("/me/passkeys", authed, func(c *fiber.Ctx) error {
		l, err := s.Passkeys(c.UserContext(), Current(c).AccountID)
		if err != nil {
			return err
		}
		return c.JSON(l)
	})
	r.Post("/me/passkeys/options", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		var req shared.PasskeyBeginRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		o, err := s.BeginPasskey(c.UserContext(), Current(c), acc, req, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.JSON(o)
	}))
	r.Post("/me/passkeys", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		var req shared.PasskeyRegisterRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		p, err := s.FinishPasskey(c.UserContext(), Current(c), acc, req, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(p)
	}))
	r.Delete("/me/passkeys/:id", authed, RequireStepUp(), s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		if err := s.RemovePasskey(c.UserContext(), acc, api.Param(c, "id"), api.MetaOf(c)); err != nil {
			return err
		}
		return api.NoContent(c)
	}))
	r.Post("/me/step-up/options", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		o, err := s.BeginPasskeyStepUp(c.UserContext(), Current(c), acc)
		if err != nil {
			return err
		}
		return c.JSON(o)
	}))
	r.Get("/me/push", authed, func(c *fiber.Ctx) error {
		st := shared.PushStatus{CanApprove: strong(Current(c))}
		if s.push != nil {
			st.Key = s.push.PublicKey()
			var err error
			if st.Subscribed, err = s.push.Subscribed(c.UserContext(), Current(c).ID); err != nil {
				return err
			}
		}
		return c.JSON(st)
	})
	r.Post("/me/push", authed, func(c *fiber.Ctx) error {
		var sub shared.PushSubscription
		if err := api.Bind(c, &sub); err != nil {
			return err
		}
		if s.push == nil || !strong(Current(c)) {
			return shared.E(shared.CodeNoFactor) // only a session opened with a second factor approves
		}
		if err := s.push.Subscribe(c.UserContext(), Current(c).AccountID, Current(c).ID, sub); err != nil {
			return err
		}
		return api.NoContent(c)
	})
	r.Delete("/me/push", authed, func(c *fiber.Ctx) error {
		if s.push != nil {
			if err := s.push.Unsubscribe(c.UserContext(), Current(c).ID); err != nil {
				return err
			}
		}
		return api.NoContent(c)
	})
	r.Get("/me/approvals", authed, func(c *fiber.Ctx) error {
		l, err := s.Approvals(c.UserContext(), Current(c).AccountID)
		if err != nil {
			return err
		}
		return c.JSON(l)
	})
	r.Post("/me/approvals/wait", authed, func(c *fiber.Ctx) error {
		var req shared.ApprovalsWaitRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		l, err := s.WaitApprovals(c.UserContext(), Current(c).AccountID, req.Seen)
		if err != nil {
			return err
		}
		return c.JSON(l)
	})
	r.Get("/me/approvals/:id", authed, func(c *fiber.Ctx) error {
		q, err := s.Approval(c.UserContext(), Current(c).AccountID, api.Param(c, "id"))
		if err != nil {
			return err
		}
		return c.JSON(q)
	})
	r.Post("/me/qr/scan", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		var req shared.QRScanRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		q, err := s.ScanQR(c.UserContext(), Current(c), acc, req.Code, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.JSON(q)
	}))
	r.Post("/me/qr/:id/approve", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		var req shared.QRApproveRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		if err := s.ApproveQR(c.UserContext(), Current(c), acc, api.Param(c, "id"), req, api.MetaOf(c)); err != nil {
			return err
		}
		return api.NoContent(c)
	}))
	r.Post("/me/qr/:id/deny", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		if err := s.DenyQR(c.UserContext(), acc, api.Param(c, "id"), api.MetaOf(c)); err != nil {
			return err
		}
		return api.NoContent(c)
	}))
	r.Post("/me/step-up/sms", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		ch, err := s.SendStepUpSMS(c.UserContext(), Current(c), acc)
		if err != nil {
			return err
		}
		return c.JSON(ch)
	}))
	r.Post("/me/sms-factor", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		ch, err := s.StartSMSFactor(c.UserContext(), Current(c), acc)
		if err != nil {
			return err
		}
		return c.JSON(ch)
	}))
	r.Post("/me/sms-factor/confirm", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		var req shared.SMSFactorConfirmRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		if err := s.ConfirmSMSFactor(c.UserContext(), Current(c), acc, req.Code, api.MetaOf(c)); err != nil {
			return err
		}
		return api.NoContent(c)
	}))
	r.Delete("/me/sms-factor", authed, RequireStepUp(), s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		if err := s.RemoveSMSFactor(c.UserContext(), acc, api.MetaOf(c)); err != nil {
			return err
		}
		return api.NoContent(c)
	}))
	r.Post("/me/reauth", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		var req shared.ReauthRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		if err := s.Reauth(c.UserContext(), Current(c), req, api.MetaOf(c)); err != nil {
			return err
		}
		info, err := s.Info(c.UserContext(), Current(c), acc)
		if err != nil {
			return err
		}
		return c.JSON(info)
	}))
	r.Post("/me/step-up", authed, s.withAccount(func(c *fiber.Ctx, acc shared.Account) error {
		var req shared.SecondFactorRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		if err := s.StepUp(c.UserContext(), Current(c), acc, req, api.MetaOf(c)); err != nil {
			return err
		}
		info, err := s.Info(c.UserContext(), Current(c), acc)
		if err != nil {
			return err
		}
		return c.JSON(info)
	}))
}

func (s *Service) handleLogin(c *fiber.Ctx) error {
	var req shared.LoginRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	token, sess, step, err := s.Login(c.UserContext(), req, api.MetaOf(c))
	if err != nil {
		return err
	}
	if step != nil {
		return c.Status(fiber.StatusAccepted).JSON(step)
	}
	return s.signedIn(c, token, sess)
}

func (s *Service) handleSecondFactor(c *fiber.Ctx) error {
	var req shared.SecondFactorRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	if req.Ticket == "" {
		return shared.E(shared.CodeCodeExpired)
	}
	token, sess, err := s.SecondFactor(c.UserContext(), req, api.Lang(c), api.MetaOf(c))
	if err != nil {
		return err
	}
	return s.signedIn(c, token, sess)
}

// signedIn sets the cookie of a new session and answers its SessionInfo.
func (s *Service) signedIn(c *fiber.Ctx, token string, sess *Session) error {
	acc, err := s.accounts.Get(c.UserContext(), sess.AccountID)
	if err != nil {
		return err
	}
	info, err := s.Info(c.UserContext(), sess, acc)
	if err != nil {
		return err
	}
	if err := s.endPrior(c, sess); err != nil {
		return err
	}
	s.setCookie(c, token, sess.ExpiresAt)
	return c.JSON(info)
}

func (s *Service) handleLogout(c *fiber.Ctx) error {
	if err := s.Logout(c.UserContext(), Current(c), api.MetaOf(c)); err != nil {
		return err
	}
	s.clearCookie(c)
	return api.NoContent(c)
}

func (s *Service) handleSession(c *fiber.Ctx) error {
	sess := Current(c)
	acc, err := s.accounts.Get(c.UserContext(), sess.AccountID)
	if err != nil {
		return err
	}
	info, err := s.Info(c.UserContext(), sess, acc)
	if err != nil {
		return err
	}
	return c.JSON(info)
}

// withAccount loads the caller's account for a handler.
func (s *Service) withAccount(h func(c *fiber.Ctx, acc shared.Account) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		acc, err := s.accounts.Get(c.UserContext(), Current(c).AccountID)
		if err != nil {
			return err
		}
		return h(c, acc)
	}
}
