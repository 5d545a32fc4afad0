package signature

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sort"
	"time"

	"github.com/smallstep/pkcs7"
)

// The detached CMS SignedData (CAdES-BES) the portal makes, for a key it
// holds (the seal) and for a key in the person's browser alike: the
// library builds the structure; the portal fixes the two signed
// attributes it must choose itself (the document's digest, which it knows
// without reading the document, and the signing time, which must be the
// same when the browser's answer comes back), and puts in the signature.

// oidSigningCertificateV2 is id-aa-signingCertificateV2 (RFC 5035), the
// attribute CAdES-BES requires: it binds the signature to the signer's
// certificate, not only to its key.
var oidSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}

// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, … }
// ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash
// OCTET STRING, issuerSerial IssuerSerial OPTIONAL }: with SHA-256 the
// algorithm is left out, as DER requires of a default. The library has no
// type for it: this is the one hand-written structure.
type signingCertificateV2 struct {
	Certs []essCertIDv2
}

type essCertIDv2 struct {
	CertHash     []byte
	IssuerSerial issuerSerial
}

// issuerSerial names the issuer as GeneralNames with one directoryName
// ([4], explicit, as Name is a CHOICE).
type issuerSerial struct {
	Issuer []asn1.RawValue
	Serial *big.Int
}

func signingCertificateAttr(cert *x509.Certificate) pkcs7.Attribute {
	h := sha256.Sum256(cert.Raw)
	return pkcs7.Attribute{Type: oidSigningCertificateV2, Value: signingCertificateV2{Certs: []essCertIDv2{{
		CertHash: h[:],
		IssuerSerial: issuerSerial{
			Issuer: []asn1.RawValue{{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: cert.RawIssuer}},
			Serial: cert.SerialNumber,
		},
	}}}}
}

// oidSigningCertificate is the older id-aa-signingCertificate (RFC 2634,
// SHA-1), which some signers still write instead.
var oidSigningCertificate = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}

// essCertID is one certificate reference as it is read: with or without
// its hash algorithm (SHA-256 when left out in v2, always SHA-1 in v1).
type essCertID struct {
	HashAlgorithm pkix.AlgorithmIdentifier `asn1:"optional"`
	CertHash      []byte
	IssuerSerial  asn1.RawValue `asn1:"optional"`
}

// signingCertificateMatches checks the signing-certificate(-v2) attribute,
// when there is one, against the signer's certificate: the first
// reference is the signer's. A hash the portal does not know (ГОСТ) is
// not checked here.
func signingCertificateMatches(attrs []attribute, cert *x509.Certificate) bool {
	var refs struct {
		Certs    []essCertID
		Policies asn1.RawValue `asn1:"optional"`
	}
	h := crypto.SHA256
	switch {
	case findAttribute(attrs, oidSigningCertificateV2, &refs):
	case findAttribute(attrs, oidSigningCertificate, &refs):
		h = crypto.SHA1
	default:
		return !hasAttribute(attrs, oidSigningCertificateV2) && !hasAttribute(attrs, oidSigningCertificate)
	}
	if len(refs.Certs) == 0 {
		return false
	}
	ref := refs.Certs[0]
	if len(ref.HashAlgorithm.Algorithm) > 0 {
		var ok bool
		if h, ok = hashOf(ref.HashAlgorithm.Algorithm); !ok {
			return true
		}
	}
	w := h.New()
	w.Write(cert.Raw)
	return bytes.Equal(w.Sum(nil), ref.CertHash)
}

func hasAttribute(attrs []attribute, oid asn1.ObjectIdentifier) bool {
	for _, a := range attrs {
		if a.Type.Equal(oid) {
			return true
		}
	}
	return false
}

// draft is a CMS waiting for the signature of its signed attributes.
type draft struct {
	sd    *pkcs7.SignedData
	attrs []byte // DER of the SET OF signed attributes: what the key signs
}

// newDraft builds the SignedData of cert's key over a document with the
// SHA-256 digest, signed at (seconds; the CMS keeps no more).
func newDraft(cert *x509.Certificate, digest []byte, at time.Time) (*draft, error) {
	if len(digest) != sha256.Size {
		return nil, fmt.Errorf("signature.newDraft: a SHA-256 digest has %d bytes, got %d", sha256.Size, len(digest))
	}
	sd, err := pkcs7.NewSignedData(nil)
	if err != nil {
		return nil, fmt.Errorf("signature.newDraft: %w", err)
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	// The library signs as it adds the signer; a stand-in signer lets it,
	// and the real signature replaces the stand-in's in finish.
	cfg := pkcs7.SignerInfoConfig{ExtraSignedAttributes: []pkcs7.Attribute{signingCertificateAttr(cert)}}
	if err := sd.AddSigner(cert, standIn{cert.PublicKey}, cfg); err != nil {
		return nil, fmt.Errorf("signature.newDraft: %w", err)
	}
	si := &sd.GetSignedData().SignerInfos[0]
	for _, a := range []struct {
		oid asn1.ObjectIdentifier
		v   any
	}{{pkcs7.OIDAttributeMessageDigest, digest}, {pkcs7.OIDAttributeSigningTime, at.UTC().Truncate(time.Second)}} {
		b, err := asn1.Marshal(a.v)
		if err != nil {
			return nil, fmt.Errorf("signature.newDraft: %w", err)
		}
		found := false
		for i := range si.AuthenticatedAttributes {
			if si.AuthenticatedAttributes[i].Type.Equal(a.oid) {
				si.AuthenticatedAttributes[i].Value = asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: b}
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("signature.newDraft: the library left out attribute %v", a.oid)
		}
	}
	// DER orders a SET OF by the encodings: sent and signed in that order.
	sort.Slice(si.AuthenticatedAttributes, func(i, j int) bool {
		a, _ := asn1.Marshal(attribute(si.AuthenticatedAttributes[i]))
		b, _ := asn1.Marshal(attribute(si.AuthenticatedAttributes[j]))
		return bytes.Compare(a, b) < 0
	})
	attrs, err := signedAttributes(mirror(si.AuthenticatedAttributes))
	if err != nil {
		return nil, err
	}
	return &draft{sd: sd, attrs: attrs}, nil
}

// finish puts the signature (DER ECDSA-Sig-Value) into the draft and
// returns the detached CMS, DER.
func (d *draft) finish(sig []byte) ([]byte, error) {
	d.sd.GetSignedData().SignerInfos[0].EncryptedDigest = sig
	d.sd.Detach()
	der, err := d.sd.Finish()
	if err != nil {
		return nil, fmt.Errorf("signature.draft.finish: %w", err)
	}
	return der, nil
}

// signWith signs the draft with a key the portal holds and finishes it.
func (d *draft) signWith(key crypto.Signer) ([]byte, error) {
	h := sha256.Sum256(d.attrs)
	sig, err := key.Sign(rand.Reader, h[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("signature.draft.signWith: %w", err)
	}
	return d.finish(sig)
}

// attribute mirrors the library's (unexported) attribute for encoding.
type attribute struct {
	Type  asn1.ObjectIdentifier
	Value asn1.RawValue `asn1:"set"`
}

// libraryAttribute is the shape of the library's (unexported) attribute
// type, so that its values convert to attribute.
type libraryAttribute interface {
	~struct {
		Type  asn1.ObjectIdentifier
		Value asn1.RawValue `asn1:"set"`
	}
}

// mirror copies the library's attributes into the portal's type.
func mirror[A libraryAttribute](attrs []A) []attribute {
	out := make([]attribute, len(attrs))
	for i, a := range attrs {
		out[i] = attribute(a)
	}
	return out
}

// signedAttributes is the DER the signature covers: the attributes as
// they stand in the signer info, under the SET tag (RFC 5652 5.4). The
// order is kept as received, so that a signature made elsewhere is
// checked over exactly what its signer encoded.
func signedAttributes(attrs []attribute) ([]byte, error) {
	b, err := asn1.Marshal(attrs) // a SEQUENCE OF: no reordering
	if err != nil {
		return nil, fmt.Errorf("signature.signedAttributes: %w", err)
	}
	b[0] = 0x31 // SET OF, constructed
	return b, nil
}

// findAttribute decodes the value of the attribute oid into out; false
// when it is missing or does not decode.
func findAttribute(attrs []attribute, oid asn1.ObjectIdentifier, out any) bool {
	for _, a := range attrs {
		if a.Type.Equal(oid) {
			rest, err := asn1.Unmarshal(a.Value.Bytes, out)
			return err == nil && len(rest) == 0
		}
	}
	return false
}

// standIn lets the library add a signer whose key the portal does not
// hold; its signature is replaced before the CMS is finished.
type standIn struct{ pub crypto.PublicKey }

func (s standIn) Public() crypto.PublicKey { return s.pub }

func (standIn) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) { return []byte{0}, nil }

// ecdsaDER turns a signature as WebCrypto gives it (raw r‖s, 64 bytes for
// P-256) into the DER ECDSA-Sig-Value that CMS and x509 carry; a DER
// signature passes unchanged.
func ecdsaDER(sig []byte) ([]byte, error) {
	var v struct{ R, S *big.Int }
	if len(sig) == 64 {
		v.R, v.S = new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		return asn1.Marshal(v)
	}
	rest, err := asn1.Unmarshal(sig, &v)
	if err != nil || len(rest) > 0 || v.R == nil || v.S == nil || v.R.Sign() <= 0 || v.S.Sign() <= 0 {
		return nil, errors.New("neither raw r‖s nor DER")
	}
	return sig, nil
}

// verifyECDSA checks a signature (raw or DER) of message by pub with SHA-256.
func verifyECDSA(pub *ecdsa.PublicKey, message, sig []byte) ([]byte, bool) {
	der, err := ecdsaDER(sig)
	if err != nil {
		return nil, false
	}
	h := sha256.Sum256(message)
	return der, ecdsa.VerifyASN1(pub, h[:], der)
}
