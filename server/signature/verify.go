package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	_ "crypto/sha1" // signing-certificate (v1) names the certificate by its SHA-1
	"crypto/sha256"
	_ "crypto/sha512"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"
	"time"

	"github.com/smallstep/pkcs7"

	"kabinet/shared"
	sharedsig "kabinet/shared/signature"
)

// Verification of detached CMS signatures: the portal's own, and those
// made elsewhere. The library parses the CMS; the checks are made here one
// by one, so that the answer names the exact reason a signature does not
// hold: the document changed, the key is not the certificate's, the
// issuer is not trusted, the certificate expired or was revoked, or the
// algorithm is ГОСТ, which has no verifier here.

// Content is the signed document as a verification sees it: a way to read
// it, or only its SHA-256 (the browser may send the hash instead of the file).
type Content struct {
	Open   func() (io.ReadCloser, error)
	SHA256 []byte
}

// BytesContent is a document held in memory.
func BytesContent(b []byte) Content {
	sum := sha256.Sum256(b)
	return Content{Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }, SHA256: sum[:]}
}

// GOSTVerifier is the seam where a ГОСТ Р 34.10-2012 / 34.11-2012
// implementation plugs in (none maintained in pure Go is reachable here).
// It is given one signer of the parsed CMS, the document and the
// certificates of the trust store, and answers the status it finds
// (StatusValid, StatusDocumentChanged, StatusBadSignature,
// StatusUntrusted, StatusRevoked: the chain and its revocation lists are
// signed under ГОСТ too); the portal then checks the certificate's dates
// as for any signature.
type GOSTVerifier interface {
	VerifyGOST(ctx context.Context, p7 *pkcs7.PKCS7, signer int, doc io.Reader, trusted []*x509.Certificate) (sharedsig.Status, error)
}

// ГОСТ Р 34.10-2012 and 34.11-2012 (Стрибог) object identifiers
// (Р 1323565.1.024-2019), and the older ГОСТ Р 34.10-2001 / 34.11-94.
var gostArcs = []asn1.ObjectIdentifier{
	{1, 2, 643, 7, 1, 1}, // 34.10-2012 keys, 34.11-2012 digests, signatures with them
	{1, 2, 643, 2, 2},    // CryptoPro: 34.10-2001, 34.11-94
}

func isGOST(oid asn1.ObjectIdentifier) bool {
	for _, arc := range gostArcs {
		if len(oid) > len(arc) && oid[:len(arc)].Equal(arc) {
			return true
		}
	}
	return false
}

// oidPublicKey reads the algorithm of a certificate's public key (x509
// leaves a ГОСТ key unparsed).
func oidPublicKey(cert *x509.Certificate) asn1.ObjectIdentifier {
	var spki struct {
		Algorithm struct {
			Algorithm asn1.ObjectIdentifier
			Params    asn1.RawValue `asn1:"optional"`
		}
		Key asn1.BitString
	}
	if _, err := asn1.Unmarshal(cert.RawSubjectPublicKeyInfo, &spki); err != nil {
		return nil
	}
	return spki.Algorithm.Algorithm
}

// maxSigners and maxCertificates bound the work one uploaded file asks for.
const (
	maxSigners      = 10
	maxCertificates = 20
)

// parseCMS reads a detached CMS signature: DER, PEM (any CMS or PKCS7
// label), or base64 without armour as some tools save it. The library's
// parser may panic on hostile input; that is a malformed file too.
func parseCMS(b []byte) (p7 *pkcs7.PKCS7, der []byte, err error) {
	der = decodeArmour(b)
	defer func() {
		if r := recover(); r != nil {
			p7, err = nil, shared.E(sharedsig.CodeMalformed)
		}
	}()
	p7, err = pkcs7.Parse(der)
	if err != nil || p7 == nil || len(p7.Signers) == 0 || len(p7.Signers) > maxSigners || len(p7.Certificates) > maxCertificates {
		return nil, nil, shared.E(sharedsig.CodeMalformed)
	}
	return p7, der, nil
}

func decodeArmour(b []byte) []byte {
	t := bytes.TrimSpace(b)
	if bytes.HasPrefix(t, []byte("-----BEGIN")) {
		if block, _ := pem.Decode(t); block != nil {
			return block.Bytes
		}
		return b
	}
	if len(t) > 0 && t[0] != 0x30 {
		if d, err := base64.StdEncoding.DecodeString(string(bytes.Join(bytes.Fields(t), nil))); err == nil {
			return d
		}
	}
	return b
}

// verifyOptions say what a verification trusts.
type verifyOptions struct {
	// externalOnly leaves the portal's own CA out: an identity proven with
	// a certificate must be proven with one from elsewhere.
	externalOnly bool
}

// verify checks every signer of a detached CMS against the document.
func (s *Service) verify(ctx context.Context, sig []byte, doc Content, opt verifyOptions) (sharedsig.Verification, []byte, []*x509.Certificate, error) {
	p7, der, err := parseCMS(sig)
	if err != nil {
		return sharedsig.Verification{}, nil, nil, err
	}
	d := &digests{doc: doc, sums: map[crypto.Hash][]byte{}}
	if doc.SHA256 != nil {
		d.sums[crypto.SHA256] = doc.SHA256
	}
	out := sharedsig.Verification{Status: sharedsig.StatusValid}
	certs := make([]*x509.Certificate, len(p7.Signers))
	for i := range p7.Signers {
		r, cert, err := s.verifySigner(ctx, p7, i, d, opt)
		if err != nil {
			return sharedsig.Verification{}, nil, nil, err
		}
		if out.Status == sharedsig.StatusValid && r.Status != sharedsig.StatusValid {
			out.Status = r.Status
		}
		out.Signers = append(out.Signers, r)
		certs[i] = cert
	}
	if sum, err := d.sum(crypto.SHA256); err == nil {
		out.DocumentSHA256 = hex.EncodeToString(sum)
	}
	return out, der, certs, nil
}

// digests are the document's digests, each computed once for all signers.
type digests struct {
	doc  Content
	sums map[crypto.Hash][]byte
}

func (d *digests) sum(h crypto.Hash) ([]byte, error) {
	if s, ok := d.sums[h]; ok {
		return s, nil
	}
	if d.doc.Open == nil {
		return nil, shared.E(sharedsig.CodeDocumentNeeded)
	}
	r, err := d.doc.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	w := h.New()
	if _, err := io.Copy(w, r); err != nil {
		return nil, fmt.Errorf("signature: reading the document: %w", err)
	}
	d.sums[h] = w.Sum(nil)
	return d.sums[h], nil
}

// hashOf is the digest algorithm a signer names, of those that still hold.
func hashOf(oid asn1.ObjectIdentifier) (crypto.Hash, bool) {
	switch {
	case oid.Equal(pkcs7.OIDDigestAlgorithmSHA256):
		return crypto.SHA256, true
	case oid.Equal(pkcs7.OIDDigestAlgorithmSHA384):
		return crypto.SHA384, true
	case oid.Equal(pkcs7.OIDDigestAlgorithmSHA512):
		return crypto.SHA512, true
	case oid.Equal(pkcs7.OIDDigestAlgorithmSHA224):
		return crypto.SHA224, true
	}
	return 0, false // SHA-1 among them: collisions are made to order
}

// verifySigner checks one signer, in the order that gives the most
// telling reason first: its certificate, the document, the signature, the
// chain of trust, the dates, the revocation.
func (s *Service) verifySigner(ctx context.Context, p7 *pkcs7.PKCS7, i int, d *digests, opt verifyOptions) (sharedsig.SignerResult, *x509.Certificate, error) {
	si := p7.Signers[i]
	r := sharedsig.SignerResult{Status: sharedsig.StatusMalformed, Revocation: sharedsig.RevocationNotChecked}
	var cert *x509.Certificate
	for _, c := range p7.Certificates {
		if sameSerial(c.SerialNumber, si.IssuerAndSerialNumber.SerialNumber) && bytes.Equal(c.RawIssuer, si.IssuerAndSerialNumber.IssuerName.FullBytes) {
			cert = c
			break
		}
	}
	if cert == nil {
		return r, nil, nil
	}
	attrs := mirror(si.AuthenticatedAttributes)
	r.Signer, r.Issuer, r.Serial = signerOf(cert), issuerName(cert), serialOf(cert)
	r.NotBefore, r.NotAfter = cert.NotBefore, cert.NotAfter
	var at time.Time
	if findAttribute(attrs, pkcs7.OIDAttributeSigningTime, &at) {
		r.SignedAt = &at
	}
	if isGOST(si.DigestAlgorithm.Algorithm) || isGOST(si.DigestEncryptionAlgorithm.Algorithm) || isGOST(oidPublicKey(cert)) {
		r.Algorithm = "ГОСТ Р 34.10-2012"
		st, err := s.verifyGOST(ctx, p7, i, d)
		if err != nil || st != sharedsig.StatusValid {
			r.Status = st
			return r, cert, err
		}
		return s.checkCertificate(ctx, r, cert, p7, opt, true)
	}
	h, ok := hashOf(si.DigestAlgorithm.Algorithm)
	if !ok {
		return r, cert, nil
	}
	r.Algorithm = algorithmName(cert, h)
	sum, err := d.sum(h)
	if err != nil {
		return r, cert, err
	}
	signed := sum // without signed attributes the signature covers the content itself
	if len(attrs) > 0 {
		var digest []byte
		if !findAttribute(attrs, pkcs7.OIDAttributeMessageDigest, &digest) {
			return r, cert, nil
		}
		if !bytes.Equal(digest, sum) {
			r.Status = sharedsig.StatusDocumentChanged
			return r, cert, nil
		}
		if !signingCertificateMatches(attrs, cert) {
			r.Status = sharedsig.StatusBadSignature // signed for another certificate of the same key
			return r, cert, nil
		}
		der, err := signedAttributes(attrs)
		if err != nil {
			return r, cert, nil
		}
		w := h.New()
		w.Write(der)
		signed = w.Sum(nil)
	}
	if !verifyDigest(cert.PublicKey, h, signed, si.EncryptedDigest) {
		r.Status = sharedsig.StatusBadSignature
		return r, cert, nil
	}
	return s.checkCertificate(ctx, r, cert, p7, opt, false)
}

func (s *Service) verifyGOST(ctx context.Context, p7 *pkcs7.PKCS7, i int, d *digests) (sharedsig.Status, error) {
	if s.deps.GOST == nil {
		return sharedsig.StatusGOSTUnsupported, nil
	}
	if d.doc.Open == nil {
		return sharedsig.StatusMalformed, shared.E(sharedsig.CodeDocumentNeeded)
	}
	r, err := d.doc.Open()
	if err != nil {
		return sharedsig.StatusMalformed, err
	}
	defer r.Close()
	return s.deps.GOST.VerifyGOST(ctx, p7, i, r, s.trust.external)
}

// verifyDigest checks sig over a digest already computed with h.
func verifyDigest(pub any, h crypto.Hash, digest, sig []byte) bool {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		return ecdsa.VerifyASN1(k, digest, sig)
	case *rsa.PublicKey:
		if rsa.VerifyPKCS1v15(k, h, digest, sig) == nil {
			return true
		}
		return rsa.VerifyPSS(k, h, digest, sig, nil) == nil
	case ed25519.PublicKey:
		return false // Ed25519 in CMS signs the attributes themselves; not used by these signers
	}
	return false
}
