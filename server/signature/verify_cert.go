// The certificate side of a verification: its chain to a trusted root,
// its dates and its revocation.

package signature

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"time"

	"github.com/smallstep/pkcs7"

	"kabinet/shared"
	sharedsig "kabinet/shared/signature"
)

// checkCertificate finishes a signer whose signature holds: the chain to
// a trusted CA, the validity now and at the claimed signing time, and the
// revocation. gost skips what crypto/x509 cannot do for a ГОСТ chain (the
// verifier checked it).
func (s *Service) checkCertificate(ctx context.Context, r sharedsig.SignerResult, cert *x509.Certificate, p7 *pkcs7.PKCS7,
	opt verifyOptions, gost bool) (sharedsig.SignerResult, *x509.Certificate, error) {
	now := s.now()
	var chain []*x509.Certificate
	if !gost {
		var ok bool
		if chain, ok = s.chain(cert, p7.Certificates, opt); !ok {
			r.Status = sharedsig.StatusUntrusted
			return r, cert, nil
		}
	}
	switch {
	case r.SignedAt != nil && r.SignedAt.After(cert.NotAfter), now.After(cert.NotAfter):
		r.Status = sharedsig.StatusExpired
		return r, cert, nil
	case r.SignedAt != nil && r.SignedAt.Before(cert.NotBefore), now.Before(cert.NotBefore):
		r.Status = sharedsig.StatusNotYetValid
		return r, cert, nil
	}
	r.Status = sharedsig.StatusValid
	if gost {
		return r, cert, nil
	}
	rev, at, err := s.revocation(ctx, chain)
	if err != nil {
		return r, cert, err
	}
	r.Revocation, r.RevokedAt = rev, at
	if rev == sharedsig.RevocationRevoked {
		r.Status = sharedsig.StatusRevoked
	}
	return r, cert, nil
}

// chain builds the chain of cert to a trusted root, at a moment within
// cert's validity (so an expired certificate of a trusted CA is told as
// expired, not as untrusted).
func (s *Service) chain(cert *x509.Certificate, inCMS []*x509.Certificate, opt verifyOptions) ([]*x509.Certificate, bool) {
	roots := s.trust.roots
	if opt.externalOnly {
		roots = s.trust.extRoots
	}
	inter := s.trust.inter.Clone()
	for _, c := range inCMS {
		if c != cert {
			inter.AddCert(c)
		}
	}
	at := cert.NotBefore.Add(cert.NotAfter.Sub(cert.NotBefore) / 2)
	if now := s.now(); now.After(cert.NotBefore) && now.Before(cert.NotAfter) {
		at = now
	}
	chains, err := cert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err != nil || len(chains) == 0 {
		return nil, false
	}
	return chains[0], true
}

// revocation checks each certificate of the chain below the root: the
// leaf's answer is what is shown; a revoked CA below the root revokes
// too, and a list that cannot be had makes the answer unavailable.
func (s *Service) revocation(ctx context.Context, chain []*x509.Certificate) (sharedsig.Revocation, *time.Time, error) {
	out := sharedsig.RevocationNotChecked
	for i := 0; i+1 < len(chain); i++ {
		revoked, at, named, err := s.revoked(ctx, chain[i], chain[i+1])
		switch {
		case err != nil && !named:
			return out, nil, err // the portal's own table failed
		case err != nil:
			// The issuer, never the subject: the leaf's is the signer's
			// name, СНИЛС and ИНН, asked for by anyone on the verify page.
			s.log.Info("revocation list unavailable", "issuer", chain[i].Issuer.String(), "err", err)
			return sharedsig.RevocationUnavailable, nil, nil
		case revoked:
			return sharedsig.RevocationRevoked, at, nil
		case named && i == 0:
			out = sharedsig.RevocationGood
		}
	}
	return out, nil, nil
}

// revoked looks cert up: a certificate of the portal's CA in its table (at
// once, no list to fetch), any other on the list it names. named is false
// when there is nothing to look it up in.
func (s *Service) revoked(ctx context.Context, cert, issuer *x509.Certificate) (revoked bool, at *time.Time, named bool, err error) {
	if !issuer.Equal(s.ca.cert) {
		at, named, err := s.crls.revoked(ctx, cert, issuer, s.now())
		return at != nil, at, named, err
	}
	if cert.Equal(s.seal.cert) {
		return false, nil, true, nil
	}
	r, err := certificateBySerial(ctx, s.db, serialOf(cert))
	switch {
	case shared.ErrorCode(err) == sharedsig.CodeCertUnknown:
		return true, nil, true, nil // the CA issued no such certificate: its key was misused
	case err != nil:
		return false, nil, false, err
	}
	return r.RevokedAt != nil, r.RevokedAt, true, nil
}

// algorithmName says what a signature was made with, as people read it.
func algorithmName(cert *x509.Certificate, h crypto.Hash) string {
	var key string
	switch k := cert.PublicKey.(type) {
	case *ecdsa.PublicKey:
		key = "ECDSA " + k.Curve.Params().Name
		if k.Curve == elliptic.P256() {
			key = "ECDSA P-256"
		}
	case *rsa.PublicKey:
		key = fmt.Sprintf("RSA %d", k.N.BitLen())
	default:
		key = cert.PublicKeyAlgorithm.String()
	}
	return key + " " + h.String()
}
