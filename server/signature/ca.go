package signature

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	kdb "kabinet/server/db"
	"kabinet/shared"
	sharedsig "kabinet/shared/signature"
)

// The «Ключ Кабинета» CA: certificates for keys made in the person's
// browser, issued after a step-up to a confirmed account, valid a year,
// revocable at once by the owner.

// certValidity is how long a «Ключ Кабинета» certificate is valid.
const certValidity = 365 * 24 * time.Hour

// maxLiveCertificates is how many valid certificates an account may have
// at once (one per browser or phone; more is a sign of something wrong).
const maxLiveCertificates = 5

// Issue certifies a key the browser made for the signed-in person. The
// route asks for a fresh step-up first.
func (s *Service) Issue(ctx context.Context, accountID string, req sharedsig.CertificateRequest, m api.Meta) (sharedsig.Certificate, error) {
	if m.KioskID != "" {
		return sharedsig.Certificate{}, shared.E(sharedsig.CodeKeyKiosk)
	}
	req.Normalize()
	if err := req.Validate(); err != nil {
		return sharedsig.Certificate{}, err
	}
	acc, err := s.deps.Accounts.Get(ctx, accountID)
	if err != nil {
		return sharedsig.Certificate{}, err
	}
	if err := signerAccount(acc); err != nil {
		return sharedsig.Certificate{}, err
	}
	pub, err := browserKey(req.PublicKey, req.Proof)
	if err != nil {
		return sharedsig.Certificate{}, err
	}
	var out sharedsig.Certificate
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// One certificate of an account at a time, or two at once both
		// count the same and pass the limit together.
		if err := kdb.LockKey(ctx, tx, "sigcert:"+accountID); err != nil {
			return err
		}
		n, err := liveCertificates(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if n >= maxLiveCertificates {
			return shared.E(sharedsig.CodeTooManyKeys)
		}
		cert, err := s.certify(acc, pub)
		if err != nil {
			return err
		}
		row := certRow{Serial: serialOf(cert), AccountID: accountID, DER: cert.Raw, PublicKey: req.PublicKey, Device: req.Device,
			SubjectName: fullName(acc), SNILS: shared.Digits(acc.SNILS), INN: shared.Digits(acc.INN),
			NotBefore: cert.NotBefore, NotAfter: cert.NotAfter}
		if err := insertCertificate(ctx, tx, &row); err != nil {
			return err
		}
		out = row.public(s.now())
		return s.journal(ctx, tx, accountID, sharedsig.JournalCertIssued, m, map[string]string{"serial": row.Serial, "device": row.Device})
	})
	return out, err
}

// signerAccount refuses an account that may not have a key or sign: it
// must be confirmed, active, and have its СНИЛС.
func signerAccount(acc shared.Account) error {
	switch {
	case acc.Status == shared.StatusBlocked:
		return shared.E(shared.CodeAccountBlocked)
	case acc.Level != shared.LevelConfirmed:
		return shared.E(sharedsig.CodeLevel)
	case shared.Digits(acc.SNILS) == "":
		return shared.E(sharedsig.CodeIdentityMissing)
	}
	return nil
}

// browserKey parses the key of a certificate request and checks that the
// request's proof was made by it: an ECDSA P-256 key, held by the browser.
func browserKey(spki, proof []byte) (*ecdsa.PublicKey, error) {
	k, err := x509.ParsePKIXPublicKey(spki)
	if err != nil {
		return nil, shared.E(sharedsig.CodeKeyInvalid)
	}
	pub, ok := k.(*ecdsa.PublicKey)
	if !ok || pub.Curve != elliptic.P256() {
		return nil, shared.E(sharedsig.CodeKeyInvalid)
	}
	if _, ok := verifyECDSA(pub, sharedsig.KeyProofMessage(spki), proof); !ok {
		return nil, shared.E(sharedsig.CodeKeyInvalid)
	}
	return pub, nil
}

// certify issues the certificate of pub for the account.
func (s *Service) certify(acc shared.Account, pub *ecdsa.PublicKey) (*x509.Certificate, error) {
	subject, err := personSubject(acc)
	if err != nil {
		return nil, err
	}
	serial, err := newSerial()
	if err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Second)
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		RawSubject:   subject,
		NotBefore:    now.Add(-time.Minute), // a browser's clock a little behind still accepts it
		NotAfter:     minTime(now.Add(certValidity), s.ca.cert.NotAfter),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		// S/MIME signing (what `openssl cms -verify` checks for) and
		// signing in.
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		SubjectKeyId:          keyID(pub),
		CRLDistributionPoints: []string{s.crlURL()},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, s.ca.cert, pub, s.ca.key)
	if err != nil {
		return nil, fmt.Errorf("signature.certify: %w", err)
	}
	return x509.ParseCertificate(der)
}

func (s *Service) crlURL() string { return s.publicURL + shared.APIPrefix + "/signature/crl" }

// serialOf is a certificate's serial as the tables and the API write it.
func serialOf(cert *x509.Certificate) string { return serialHex(cert.SerialNumber) }

func serialHex(n *big.Int) string { return strings.ToLower(n.Text(16)) }

// Certificates lists the person's «Ключ Кабинета» certificates, newest first.
func (s *Service) Certificates(ctx context.Context, accountID string) (sharedsig.CertificateList, error) {
	rows, err := certificatesOf(ctx, s.db, accountID)
	if err != nil {
		return sharedsig.CertificateList{}, err
	}
	out := sharedsig.CertificateList{Items: make([]sharedsig.Certificate, len(rows))}
	for i := range rows {
		out.Items[i] = rows[i].public(s.now())
	}
	return out, nil
}

// Revoke revokes one of the person's certificates at once: the status
// endpoint, the revocation list and every check of the portal see it
// from the next request. Revoking a revoked one changes nothing.
func (s *Service) Revoke(ctx context.Context, accountID, serial string, m api.Meta) error {
	serial = strings.ToLower(serial)
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		done, err := revokeCertificate(ctx, tx, accountID, serial, "owner")
		if err != nil || !done {
			return err
		}
		return s.journal(ctx, tx, accountID, sharedsig.JournalCertRevoked, m, map[string]string{"serial": serial})
	})
}

// Status answers whether the portal's CA vouches for a serial now (the
// OCSP-like counterpart of the revocation list): good, revoked, expired
// or unknown.
func (s *Service) Status(ctx context.Context, serial string) (sharedsig.CertificateStatus, error) {
	now := s.now().UTC()
	out := sharedsig.CertificateStatus{Serial: strings.ToLower(serial), Status: sharedsig.CertUnknown, ProducedAt: now}
	r, err := certificateBySerial(ctx, s.db, out.Serial)
	if shared.ErrorCode(err) == sharedsig.CodeCertUnknown {
		return out, nil
	}
	if err != nil {
		return out, err
	}
	c := r.public(now)
	out.Status, out.RevokedAt, out.NotAfter = c.Status, c.RevokedAt, &c.NotAfter
	return out, nil
}

// crlValidity is how far ahead a revocation list says the next one comes.
// It is made afresh on every request, so a revocation shows at once.
const crlValidity = time.Hour

// CRL is the CA's revocation list, DER, signed by the CA.
func (s *Service) CRL(ctx context.Context) ([]byte, error) {
	revoked, err := revokedCertificates(ctx, s.db)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	list := &x509.RevocationList{
		Number:     big.NewInt(now.UnixMilli()), // grows with time across processes
		ThisUpdate: now, NextUpdate: now.Add(crlValidity),
	}
	for _, r := range revoked {
		n, ok := new(big.Int).SetString(r.Serial, 16)
		if !ok {
			return nil, fmt.Errorf("signature.CRL: serial %q", r.Serial)
		}
		list.RevokedCertificateEntries = append(list.RevokedCertificateEntries,
			x509.RevocationListEntry{SerialNumber: n, RevocationTime: *r.RevokedAt})
	}
	der, err := x509.CreateRevocationList(rand.Reader, list, s.ca.cert, s.ca.key)
	if err != nil {
		return nil, fmt.Errorf("signature.CRL: %w", err)
	}
	return der, nil
}

// usable refuses a certificate that may not sign: revoked or out of its
// validity now.
func (r certRow) usable(now time.Time) error {
	switch {
	case r.RevokedAt != nil:
		return shared.E(sharedsig.CodeCertRevoked)
	case now.After(r.NotAfter) || now.Before(r.NotBefore):
		return shared.E(sharedsig.CodeCertExpired)
	}
	return nil
}

func (r certRow) public(now time.Time) sharedsig.Certificate {
	c := sharedsig.Certificate{Serial: r.Serial, Device: r.Device, NotBefore: r.NotBefore, NotAfter: r.NotAfter,
		Status: sharedsig.CertGood, RevokedAt: r.RevokedAt, DER: r.DER}
	if cert, err := x509.ParseCertificate(r.DER); err == nil {
		c.Subject = signerOf(cert)
	}
	switch {
	case r.RevokedAt != nil:
		c.Status = sharedsig.CertRevoked
	case now.After(r.NotAfter):
		c.Status = sharedsig.CertExpired
	}
	return c
}
