package signature

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// A key pair of the portal: the «Ключ Кабинета» CA, or the seal with
// which the portal signs its own records and its ПЭП exports.
type keyPair struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// Names the portal's certificates carry (data in the certificates, the
// same in every language).
const (
	caName   = "Ключ Кабинета — удостоверяющий центр"
	sealName = "Кабинет — печать портала"
	orgName  = "Кабинет"
)

// Validity of the portal's own certificates: the CA outlives every
// certificate it issues; the seal is renewed with the CA.
const (
	caValidity   = 20 * 365 * 24 * time.Hour
	sealValidity = 10 * 365 * 24 * time.Hour
)

// loadKeys reads the CA and the seal from their files, making each on
// first start (the seal is issued by the CA). The keys live outside
// PostgreSQL on purpose, like the journal's: whoever holds only the
// database can neither issue a certificate nor forge a sealed record.
// Empty names (tests) make throwaway keys in memory.
func loadKeys(caFile, sealFile string) (ca, seal keyPair, err error) {
	if ca, err = loadOrMake(caFile, func() (keyPair, error) { return newCA() }); err != nil {
		return ca, seal, fmt.Errorf("signature CA (%s): %w", caFile, err)
	}
	if !ca.cert.IsCA {
		return ca, seal, fmt.Errorf("signature CA (%s): the certificate is not a CA's", caFile)
	}
	if seal, err = loadOrMake(sealFile, func() (keyPair, error) { return newSeal(ca) }); err != nil {
		return ca, seal, fmt.Errorf("signature seal (%s): %w", sealFile, err)
	}
	if err := seal.cert.CheckSignatureFrom(ca.cert); err != nil {
		return ca, seal, fmt.Errorf("signature seal (%s) was not issued by the CA in %s: remove it to issue a new one: %w", sealFile, caFile, err)
	}
	return ca, seal, nil
}

func loadOrMake(file string, make func() (keyPair, error)) (keyPair, error) {
	if file == "" {
		return make()
	}
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		kp, err := make()
		if err != nil {
			return kp, err
		}
		if err := writeOnce(file, encodePair(kp)); errors.Is(err, fs.ErrExist) {
			return loadOrMake(file, make) // another process made it first
		} else if err != nil {
			return kp, err
		}
		return kp, nil
	}
	if err != nil {
		return keyPair{}, err
	}
	return decodePair(b)
}

// writeOnce writes b to file unless it exists: written aside and linked
// into place, so two processes starting at once agree on one key and
// neither reads a half-written file (as the journal key is made).
func writeOnce(file string, b []byte) error { return putFile(file, b, os.Link) }

// replaceFile puts b in place of file's content in one step (written
// aside and renamed): a reader sees the old pair or the new one.
func replaceFile(file string, b []byte) error { return putFile(file, b, os.Rename) }

// putFile writes b beside file, private to the owner, and moves it into
// place with place (os.Link: only if absent; os.Rename: replacing).
func putFile(file string, b []byte, place func(oldpath, newpath string) error) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".signature-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(b)
	if err = errors.Join(err, tmp.Chmod(0o600), tmp.Sync(), tmp.Close()); err != nil {
		return err
	}
	return place(tmp.Name(), file)
}

func encodePair(kp keyPair) []byte {
	der, _ := x509.MarshalECPrivateKey(kp.key) // a P-256 key always marshals
	out := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der})
	return append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: kp.cert.Raw})...)
}

func decodePair(b []byte) (keyPair, error) {
	var kp keyPair
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			break
		}
		var err error
		switch block.Type {
		case "EC PRIVATE KEY":
			kp.key, err = x509.ParseECPrivateKey(block.Bytes)
		case "PRIVATE KEY":
			var k any
			if k, err = x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
				var ok bool
				if kp.key, ok = k.(*ecdsa.PrivateKey); !ok {
					err = fmt.Errorf("the key is %T, not ECDSA", k)
				}
			}
		case "CERTIFICATE":
			kp.cert, err = x509.ParseCertificate(block.Bytes)
		}
		if err != nil {
			return kp, err
		}
	}
	if kp.key == nil {
		return kp, errors.New("the file must hold an ECDSA private key and its certificate (PEM)")
	}
	if kp.cert == nil || !kp.key.PublicKey.Equal(kp.cert.PublicKey) {
		return kp, errKeyNotCertified // kp.key is the file's key
	}
	return kp, nil
}

// errKeyNotCertified is a key file whose certificate is missing or is
// another key's: the CA's and the seal's must be fixed by hand; an
// agency's key that changed is certified anew.
var errKeyNotCertified = errors.New("the file's certificate is missing or is not the key's")

// newSerial is a random positive serial of 128 bits (RFC 5280 allows 20
// octets; unpredictable serials keep a chosen-prefix collision out).
func newSerial() (*big.Int, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	b[0] &= 0x7f
	b[0] |= 0x40 // a fixed length, so every serial prints in 32 digits
	return new(big.Int).SetBytes(b), nil
}

// newKeyAndSerial is a new P-256 key and the serial of the certificate
// that will carry it: what the CA and the seal start from.
func newKeyAndSerial() (*ecdsa.PrivateKey, *big.Int, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := newSerial()
	return key, serial, err
}

// keyID is the subject key identifier of RFC 5280 4.2.1.2 (1).
func keyID(pub *ecdsa.PublicKey) []byte {
	raw, _ := pub.Bytes() // a P-256 key always has its encoding
	h := sha1.Sum(raw)
	return h[:]
}

func newCA() (keyPair, error) {
	key, serial, err := newKeyAndSerial()
	if err != nil {
		return keyPair{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: caName, Organization: []string{orgName}, Country: []string{"RU"}},
		NotBefore:    now.Add(-time.Hour), NotAfter: now.Add(caValidity),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		IsCA:     true, BasicConstraintsValid: true, MaxPathLenZero: true,
		SubjectKeyId: keyID(&key.PublicKey),
	}
	return sign(tmpl, tmpl, &key.PublicKey, key, key)
}

func newSeal(ca keyPair) (keyPair, error) {
	key, serial, err := newKeyAndSerial()
	if err != nil {
		return keyPair{}, err
	}
	now := time.Now()
	tmpl := leafTemplate(serial, pkix.Name{CommonName: sealName, Organization: []string{orgName}, Country: []string{"RU"}},
		&key.PublicKey, now, minTime(now.Add(sealValidity), ca.cert.NotAfter))
	return sign(tmpl, ca.cert, &key.PublicKey, ca.key, key)
}

// leafTemplate is a signing certificate of a key the portal holds (the
// seal's, an agency's), issued by the CA: a signature that cannot be
// denied, for S/MIME (what `openssl cms -verify` checks for).
func leafTemplate(serial *big.Int, subject pkix.Name, pub *ecdsa.PublicKey, now, notAfter time.Time) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber:          serial,
		Subject:               subject,
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		BasicConstraintsValid: true,
		SubjectKeyId:          keyID(pub),
	}
}

func sign(tmpl, parent *x509.Certificate, pub *ecdsa.PublicKey, by crypto.Signer, key *ecdsa.PrivateKey) (keyPair, error) {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, by)
	if err != nil {
		return keyPair{}, err
	}
	cert, err := x509.ParseCertificate(der)
	return keyPair{cert: cert, key: key}, err
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
