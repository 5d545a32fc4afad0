package signature

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/derrors"
	sharedsig "kabinet/shared/signature"
)

// The agencies' signatures: a document an officer sends to a person is
// signed by the portal on the agency's behalf, with a key of the agency's
// own under a certificate the portal's CA issued to it, so that the
// person (or anyone given the file) sees on the verification page which
// agency sent it and that it is unchanged. The keys are files beside the
// seal's, made on first use, like the CA's and the seal's.

// agencyValidity is how long an agency's certificate is valid: as long as
// the seal's (a key the portal holds, renewed with the CA).
const agencyValidity = sealValidity

// agencyKeys are the agencies' key pairs, loaded or made once per process.
type agencyKeys struct {
	dir   string // "" (tests): throwaway keys in memory
	mu    sync.Mutex
	pairs map[string]keyPair
}

// agencyKeyDir is where the agencies' keys live: beside the seal.
func agencyKeyDir(sealFile string) string {
	if sealFile == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(sealFile), "signature-agencies")
}

// agencyCode is an agency's code as the agencies table allows it; it
// names the key's file.
var agencyCode = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// agencyRenewal is how long before its end an agency's certificate is
// renewed (the same key, a new certificate), so that its signatures
// never stop.
const agencyRenewal = 30 * 24 * time.Hour

// agencyKey is the agency's key pair, made (and its certificate recorded
// with the CA's others) on first use. A certificate in its last
// agencyRenewal, or a key file whose key changed, gets a new certificate,
// written to the file and recorded.
func (s *Service) agencyKey(ctx context.Context, a sharedsig.Agency) (keyPair, error) {
	if !agencyCode.MatchString(a.Code) || a.Name == "" {
		return keyPair{}, fmt.Errorf("signature.agencyKey(%q): not an agency", a.Code)
	}
	k := &s.agencies
	k.mu.Lock()
	defer k.mu.Unlock()
	kp, ok := k.pairs[a.Code]
	if ok && !s.renewalDue(kp.cert) {
		return kp, nil
	}
	file := ""
	if k.dir != "" {
		file = filepath.Join(k.dir, a.Code+".pem")
	}
	var err error
	if !ok {
		kp, err = loadOrMake(file, func() (keyPair, error) { return s.newAgencyPair(a) })
		if errors.Is(err, errKeyNotCertified) {
			kp.cert, err = nil, nil // a new key put in the file: certified below
		}
		if err != nil {
			return kp, fmt.Errorf("signature: the key of agency %s (%s): %w", a.Code, file, err)
		}
	}
	if kp.cert == nil || s.renewalDue(kp.cert) {
		if kp, err = s.renewAgency(a, kp.key, file); err != nil {
			return kp, err
		}
	}
	if err := kp.cert.CheckSignatureFrom(s.ca.cert); err != nil {
		return kp, fmt.Errorf("signature: the key of agency %s (%s) was not certified by the CA: remove it to make a new one: %w", a.Code, file, err)
	}
	if err := insertAgencyCertificate(ctx, s.db, a.Code, kp.cert); err != nil {
		return kp, err
	}
	k.pairs[a.Code] = kp
	return kp, nil
}

// renewalDue reports whether an agency's certificate is in its last
// agencyRenewal and a new one would last longer (it cannot outlive the
// CA: near the CA's own end there is nothing to gain).
func (s *Service) renewalDue(cert *x509.Certificate) bool {
	now := s.now()
	return now.Add(agencyRenewal).After(cert.NotAfter) && s.agencyNotAfter(now).After(cert.NotAfter)
}

func (s *Service) agencyNotAfter(now time.Time) time.Time {
	return minTime(now.Add(agencyValidity), s.ca.cert.NotAfter)
}

// renewAgency certifies the agency's key anew and replaces its file
// (when it has one). Signatures made under the old certificate still
// verify: it stays in the table and was valid when they were made.
func (s *Service) renewAgency(a sharedsig.Agency, key *ecdsa.PrivateKey, file string) (keyPair, error) {
	kp, err := s.certifyAgency(a, key)
	if err != nil {
		return kp, fmt.Errorf("signature: renewing the certificate of agency %s: %w", a.Code, err)
	}
	if file != "" {
		if err := replaceFile(file, encodePair(kp)); err != nil {
			return kp, fmt.Errorf("signature: renewing the certificate of agency %s (%s): %w", a.Code, file, err)
		}
	}
	s.log.Info("signature: agency certificate issued", "agency", a.Code, "serial", serialOf(kp.cert),
		"notAfter", kp.cert.NotAfter.Format(time.DateOnly))
	return kp, nil
}

// newAgencyPair makes an agency's key and has the CA certify it.
func (s *Service) newAgencyPair(a sharedsig.Agency) (keyPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return keyPair{}, err
	}
	return s.certifyAgency(a, key)
}

// certifyAgency has the CA certify an agency's key: the agency's name as
// the organisation and the common name, as a legal entity's certificate
// has them.
func (s *Service) certifyAgency(a sharedsig.Agency, key *ecdsa.PrivateKey) (keyPair, error) {
	serial, err := newSerial()
	if err != nil {
		return keyPair{}, err
	}
	now := s.now()
	tmpl := leafTemplate(serial, pkix.Name{CommonName: a.Name, Organization: []string{a.Name}, Country: []string{"RU"}},
		&key.PublicKey, now, s.agencyNotAfter(now))
	tmpl.CRLDistributionPoints = []string{s.crlURL()}
	return sign(tmpl, s.ca.cert, &key.PublicKey, s.ca.key, key)
}

// insertAgencyCertificate records an agency's certificate once, so that
// the status endpoint and the revocation checks know the CA issued it.
func insertAgencyCertificate(ctx context.Context, db bun.IDB, agency string, cert *x509.Certificate) (err error) {
	defer derrors.Wrap(&err, "signature.insertAgencyCertificate(ctx, %s)", agency)
	r := &certRow{Serial: serialOf(cert), Agency: &agency, DER: cert.Raw, PublicKey: cert.RawSubjectPublicKeyInfo,
		SubjectName: cert.Subject.CommonName, NotBefore: cert.NotBefore, NotAfter: cert.NotAfter}
	_, err = db.NewInsert().Model(r).On("CONFLICT (serial) DO NOTHING").Exec(ctx)
	return err
}

// SignIncoming signs an incoming document on its agency's behalf, inside
// the transaction (db) that records it: a detached CMS (CAdES-BES) over
// the document's SHA-256 by the agency's key, kept as the incoming
// document's signature. officerID is who sent it (the record's account).
func (s *Service) SignIncoming(ctx context.Context, db bun.IDB, officerID, incomingID string, a sharedsig.Agency, sum []byte,
	m api.Meta) (sharedsig.Record, error) {
	kp, err := s.agencyKey(ctx, a)
	if err != nil {
		return sharedsig.Record{}, err
	}
	at := s.now().UTC().Truncate(time.Second)
	d, err := newDraft(kp.cert, sum, at)
	if err != nil {
		return sharedsig.Record{}, err
	}
	cms, err := d.signWith(kp.key)
	if err != nil {
		return sharedsig.Record{}, err
	}
	r, err := s.newRecord(sharedsig.KindAgency, officerID, subject{incoming: incomingID}, sum, signerOf(kp.cert), at, methodKey,
		sharedsig.StatusValid, kp.cert, cms)
	if err != nil {
		return sharedsig.Record{}, err
	}
	if err := s.record(ctx, db, r, m); err != nil {
		return sharedsig.Record{}, err
	}
	return s.public(*r), nil
}
