package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/shared"
)

// Kiosks are the self-service terminals of service centres. An operator
// registers one; its browser keeps the device secret (shared.KioskHeader
// on every request), and sessions opened there are kiosk sessions: a short
// idle timeout, never a passkey registration.

type kioskRow struct {
	bun.BaseModel `bun:"table:kiosks"`

	ID         string     `bun:"id,pk,type:uuid,default:gen_random_uuid()"`
	Name       string     `bun:"name"`
	Centre     string     `bun:"centre"`
	Address    string     `bun:"address"`
	SecretHash []byte     `bun:"secret_hash"`
	CreatedBy  string     `bun:"created_by,type:uuid"`
	CreatedAt  time.Time  `bun:"created_at,nullzero,default:now()"`
	LastSeenAt *time.Time `bun:"last_seen_at"`
	RevokedAt  *time.Time `bun:"revoked_at"`
}

func (k kioskRow) public() shared.Kiosk {
	out := shared.Kiosk{ID: k.ID, Name: k.Name, Centre: k.Centre, Address: k.Address, CreatedAt: k.CreatedAt, Revoked: k.RevokedAt != nil}
	if k.LastSeenAt != nil {
		out.LastSeenAt = *k.LastSeenAt
	}
	return out
}

func secretHash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// RegisterKiosk adds a kiosk and returns its device secret, once.
func (s *Service) RegisterKiosk(ctx context.Context, staffID string, req shared.KioskRequest, m api.Meta) (shared.KioskRegistered, error) {
	req.Normalize()
	if err := req.Validate(); err != nil {
		return shared.KioskRegistered{}, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return shared.KioskRegistered{}, err
	}
	secret := base64.RawURLEncoding.EncodeToString(raw)
	row := kioskRow{Name: req.Name, Centre: req.Centre, Address: req.Address, SecretHash: secretHash(secret), CreatedBy: staffID}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&row).Returning("id, created_at").Exec(ctx); err != nil {
			return fmt.Errorf("auth.RegisterKiosk: %w", err)
		}
		return s.journal.Append(ctx, tx, audit.Entry{AccountID: staffID, Kind: shared.JournalKioskAdded, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"kiosk": row.ID, "name": row.Name, "centre": row.Centre}})
	})
	if err != nil {
		return shared.KioskRegistered{}, err
	}
	device := row.ID + "." + secret
	return shared.KioskRegistered{Kiosk: row.public(), Secret: device, SetupURL: s.cfg.PublicURL + "/kiosk/setup#" + device}, nil
}

// Kiosks lists the kiosks, newest first.
func (s *Service) Kiosks(ctx context.Context) (shared.KioskList, error) {
	var rows []kioskRow
	if err := s.db.NewSelect().Model(&rows).Order("created_at DESC").Limit(500).Scan(ctx); err != nil {
		return shared.KioskList{}, fmt.Errorf("auth.Kiosks: %w", err)
	}
	out := shared.KioskList{Items: make([]shared.Kiosk, len(rows))}
	for i, r := range rows {
		out.Items[i] = r.public()
	}
	return out, nil
}

// RevokeKiosk retires a kiosk: its secret stops working, and its sessions
// and pending QR sign-ins end.
func (s *Service) RevokeKiosk(ctx context.Context, staffID, id string, m api.Meta) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if !api.ValidUUID(id) {
			return shared.E(shared.CodeNotFound)
		}
		// The staff member's chain lock before the kiosk's sessions, one of
		// which may be theirs: the order of a sign-in and a sign-out.
		if err := lockChainFirst(ctx, tx, staffID); err != nil {
			return err
		}
		var name string
		err := tx.NewRaw("UPDATE kiosks SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL RETURNING name", id).Scan(ctx, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return shared.E(shared.CodeNotFound)
		}
		if err != nil {
			return fmt.Errorf("auth.RevokeKiosk: %w", err)
		}
		if _, err := tx.NewRaw("UPDATE sessions SET revoked_at = now(), revoke_reason = 'kiosk_revoked' WHERE kiosk_id = ? AND revoked_at IS NULL", id).Exec(ctx); err != nil {
			return err
		}
		// Its QR sign-ins still pending end too: one approved on a phone
		// would otherwise open a session on the retired kiosk.
		if _, err := tx.NewRaw("UPDATE qr_tickets SET expires_at = now(), updated_at = now() WHERE kiosk_id = ? AND expires_at > now()", id).Exec(ctx); err != nil {
			return err
		}
		return s.journal.Append(ctx, tx, audit.Entry{AccountID: staffID, Kind: shared.JournalKioskRevoked, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"kiosk": id, "name": name}})
	})
}

// kiosk returns the live kiosk with the id.
func (s *Service) kiosk(ctx context.Context, db bun.IDB, id string) (*shared.Kiosk, error) {
	var k kioskRow
	err := db.NewSelect().Model(&k).Where("id = ? AND revoked_at IS NULL", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, shared.E(shared.CodeNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("auth.kiosk: %w", err)
	}
	pub := k.public()
	return &pub, nil
}

// KioskGate recognises a kiosk's browser by shared.KioskHeader. A header
// with a wrong or revoked secret is refused (CodeKioskUnknown), so a
// retired kiosk shows staff that it must be set up again.
func (s *Service) KioskGate() fiber.Handler {
	return func(c *fiber.Ctx) error {
		h := c.Get(shared.KioskHeader)
		if h == "" {
			return c.Next()
		}
		id, secret, ok := strings.Cut(h, ".")
		if !ok || len(id) != 36 || len(secret) > 100 {
			return shared.E(shared.CodeKioskUnknown)
		}
		if !api.ValidUUID(id) {
			return shared.E(shared.CodeKioskUnknown)
		}
		var (
			kioskID string
			hash    []byte
			stale   bool
		)
		err := s.db.NewRaw(`SELECT id, secret_hash, (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute') AS stale
			FROM kiosks WHERE id = ? AND revoked_at IS NULL`, id).Scan(c.UserContext(), &kioskID, &hash, &stale)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return shared.E(shared.CodeKioskUnknown)
		case err != nil:
			return fmt.Errorf("auth.KioskGate: %w", err)
		case subtle.ConstantTimeCompare(hash, secretHash(secret)) != 1:
			return shared.E(shared.CodeKioskUnknown)
		}
		// When the kiosk was last heard of, to the minute: the UPDATE only
		// when the SELECT saw it older, not a round trip on every poll of
		// the kiosk's QR screen.
		if stale {
			if _, err := s.db.NewRaw(`UPDATE kiosks SET last_seen_at = now()
				WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`, kioskID).Exec(c.UserContext()); err != nil {
				return fmt.Errorf("auth.KioskGate: %w", err)
			}
		}
		api.SetKiosk(c, kioskID)
		return c.Next()
	}
}
