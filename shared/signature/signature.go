// Package signature is the vocabulary of electronic signatures, shared by
// the browser and the server: the three kinds a document can be signed
// with (ПЭП, «Ключ Кабинета», an external CMS signature), the
// «Ключ Кабинета» certificates, the signing and sign-in exchanges, the
// result of a verification and the error codes. Standard library only: it
// is compiled into the browser.
package signature

import (
	"strings"
	"time"
	"unicode/utf8"

	"kabinet/shared"
)

// Kinds of signature, as the real portal has them.
const (
	// KindSimple is a простая электронная подпись (ПЭП): a confirmed
	// account confirms with a fresh step-up, the portal seals the record.
	KindSimple = "simple"
	// KindKey is an усиленная неквалифицированная подпись made by a
	// «Ключ Кабинета»: a detached CMS (CAdES-BES) by the person's own key.
	KindKey = "key"
	// KindExternal is a detached CMS signature made elsewhere and
	// verified against the trust store.
	KindExternal = "external"
	// KindAgency is an agency's signature of a document it sent to a
	// person: made by the portal with the agency's key, under a
	// certificate the portal's CA issued to the agency.
	KindAgency = "agency"
)

// Agency names the agency on whose behalf the portal signs: its code and
// its name as the certificate carries it (in Russian).
type Agency struct {
	Code string
	Name string
}

// MethodKey is the sign-in method of a session opened with a
// «Ключ Кабинета»: like a passkey, it proves a second factor.
const MethodKey = "signature"

// Status is what a verification found about one signer (or the whole).
type Status string

// Verification results: one «holds», the rest each say why not.
const (
	StatusValid           Status = "valid"              // «Подпись действительна»
	StatusDocumentChanged Status = "document_changed"   // the digest differs: not this document
	StatusBadSignature    Status = "bad_signature"      // the signature is not the certificate's key's
	StatusExpired         Status = "cert_expired"       // the certificate's validity has ended
	StatusNotYetValid     Status = "cert_not_yet_valid" // the certificate's validity has not begun
	StatusUntrusted       Status = "untrusted_issuer"   // no chain to a trusted CA
	StatusRevoked         Status = "revoked"            // the CA revoked the certificate
	StatusGOSTUnsupported Status = "gost_unsupported"   // ГОСТ Р 34.10/34.11-2012: no verifier here
	StatusMalformed       Status = "malformed"          // no certificate for the signer, or an unknown algorithm
)

// Revocation is what is known of a certificate's revocation.
type Revocation string

// Revocation states.
const (
	RevocationGood        Revocation = "good"        // its CA's list does not name it
	RevocationRevoked     Revocation = "revoked"     // its CA's list names it
	RevocationNotChecked  Revocation = "not_checked" // the certificate names no list
	RevocationUnavailable Revocation = "unavailable" // the list could not be fetched or read
)

// Signer is who a certificate names: a person (ФИО, СНИЛС, ИНН), and for
// an organisation's certificate its name, ИНН and ОГРН.
type Signer struct {
	Name         string `json:"name"` // the certificate's common name
	Surname      string `json:"surname,omitempty"`
	GivenName    string `json:"givenName,omitempty"` // имя и отчество, as Russian certificates put them
	SNILS        string `json:"snils,omitempty"`
	INN          string `json:"inn,omitempty"`    // a person's ИНН (1.2.643.3.131.1.1)
	OrgINN       string `json:"orgInn,omitempty"` // an organisation's ИНН (1.2.643.100.4)
	OGRN         string `json:"ogrn,omitempty"`   // ОГРН or ОГРНИП
	Organization string `json:"organization,omitempty"`
	Title        string `json:"title,omitempty"`
}

// Certificate is one of the person's «Ключ Кабинета» certificates.
type Certificate struct {
	Serial    string     `json:"serial"` // hexadecimal
	Device    string     `json:"device,omitempty"`
	Subject   Signer     `json:"subject"`
	NotBefore time.Time  `json:"notBefore"`
	NotAfter  time.Time  `json:"notAfter"`
	Status    string     `json:"status"` // CertGood, CertRevoked or CertExpired
	RevokedAt *time.Time `json:"revokedAt,omitempty"`
	DER       []byte     `json:"der"` // the certificate itself, for the browser to keep beside its key
}

// Certificate states (Certificate.Status, CertificateStatus.Status).
const (
	CertGood    = "good"
	CertRevoked = "revoked"
	CertExpired = "expired"
	CertUnknown = "unknown" // the portal never issued this serial
)

// CertificateList is GET /me/signature/certificates.
type CertificateList struct {
	Items []Certificate `json:"items"`
}

// CertificateStatus is the public answer about one serial (GET
// /signature/certificates/{serial}/status), the OCSP-like counterpart of
// the revocation list.
type CertificateStatus struct {
	Serial     string     `json:"serial"`
	Status     string     `json:"status"`
	RevokedAt  *time.Time `json:"revokedAt,omitempty"`
	NotAfter   *time.Time `json:"notAfter,omitempty"`
	ProducedAt time.Time  `json:"producedAt"`
}

// KeyProofPrefix starts the message a new key signs to prove that the
// browser holds it (KeyProofMessage).
const KeyProofPrefix = "Кабинет: запрос сертификата «Ключ Кабинета»\n"

// KeyProofMessage is what the key of a certificate request signs (ECDSA
// P-256 with SHA-256, as WebCrypto does): the prefix and the public key.
func KeyProofMessage(publicKey []byte) []byte {
	return append([]byte(KeyProofPrefix), publicKey...)
}

// MaxDevice is the longest name of the device a key lives on.
const MaxDevice = 60

// CertificateRequest asks the portal's CA for a certificate (POST
// /me/signature/certificates, after a step-up).
type CertificateRequest struct {
	// PublicKey is the key's SubjectPublicKeyInfo (DER), as WebCrypto's
	// exportKey("spki") gives it: ECDSA P-256.
	PublicKey []byte `json:"publicKey"`
	// Proof is the key's signature over KeyProofMessage(PublicKey): raw
	// r‖s (WebCrypto) or DER.
	Proof  []byte `json:"proof"`
	Device string `json:"device"` // "Chrome on the office laptop"
}

// Validate checks the request's shape; the server checks the key.
func (r CertificateRequest) Validate() error {
	var f shared.Fields
	checkBytes(&f, "publicKey", r.PublicKey, 1024)
	checkBytes(&f, "proof", r.Proof, 160)
	if utf8.RuneCountInString(strings.TrimSpace(r.Device)) > MaxDevice {
		f.Add("device", shared.CodeTooLong)
	}
	return f.Err()
}

// Normalize trims the device name.
func (r *CertificateRequest) Normalize() { r.Device = strings.TrimSpace(r.Device) }

// PrepareRequest starts a «Ключ Кабинета» signature of a document with
// one of the person's certificates (POST /signature/documents/{id}/prepare).
type PrepareRequest struct {
	Serial string `json:"serial"`
}

// Validate checks that a serial is given and looks like one.
func (r PrepareRequest) Validate() error {
	var f shared.Fields
	checkSerial(&f, "serial", r.Serial)
	return f.Err()
}

// Prepared is what the browser's key signs: the DER of the SET of signed
// attributes (content-type, signing-time, message-digest — the document's
// SHA-256 — and signing-certificate-v2), with ECDSA P-256 and SHA-256.
type Prepared struct {
	ID               string    `json:"id"`
	DocumentSHA256   string    `json:"documentSha256"` // hexadecimal, to show
	SignedAttributes []byte    `json:"signedAttributes"`
	SigningTime      time.Time `json:"signingTime"`
	ExpiresAt        time.Time `json:"expiresAt"`
}

// CompleteRequest hands back the key's signature of the signed
// attributes (POST /signature/requests/{id}/complete).
type CompleteRequest struct {
	Signature []byte `json:"signature"` // raw r‖s (WebCrypto) or DER
}

// Validate checks that a signature of a plausible size is given.
func (r CompleteRequest) Validate() error {
	var f shared.Fields
	checkBytes(&f, "signature", r.Signature, 160)
	return f.Err()
}

// MethodPhone is the method of a ПЭП whose step-up was approved on the
// person's phone.
const MethodPhone = "step_up_push"

// SimpleRequest signs with a ПЭП (POST /signature/documents/{id}/simple):
// the session's step-up is fresh, or Approval is a step-up approved on the
// phone for this document (POST /signature/documents/{id}/simple/approval),
// spent by this signature.
type SimpleRequest struct {
	Approval string `json:"approval,omitempty"`
}

// Record is one signature the portal holds for a document.
type Record struct {
	ID         string `json:"id"`
	DocumentID string `json:"documentId,omitempty"`
	// IncomingID is the incoming document an agency's signature is of
	// (then DocumentID is empty).
	IncomingID     string    `json:"incomingId,omitempty"`
	Kind           string    `json:"kind"` // a Kind* constant
	DocumentSHA256 string    `json:"documentSha256"`
	Signer         Signer    `json:"signer"`
	SignedAt       time.Time `json:"signedAt"`
	// Method is how it was made: for a ПЭП "step_up" (or MethodPhone when
	// the step-up was approved on the phone), for a key
	// "ecdsa-p256-sha256", for an external signature its algorithm.
	Method string `json:"method"`
	// Serial and Issuer name the certificate (none for a ПЭП).
	Serial string `json:"serial,omitempty"`
	Issuer string `json:"issuer,omitempty"`
	// Status is what the verification found when the record was made (an
	// external signature is kept with its result).
	Status Status `json:"status"`
	// Sealed says the portal's seal over the record still verifies: the
	// record is as the portal wrote it.
	Sealed bool `json:"sealed"`
}

// RecordList is the signatures of a document.
type RecordList struct {
	Items []Record `json:"items"`
}

// SignerResult is the verification of one signer of a CMS signature.
type SignerResult struct {
	Status     Status     `json:"status"`
	Signer     Signer     `json:"signer"`
	Issuer     string     `json:"issuer,omitempty"`
	Serial     string     `json:"serial,omitempty"`
	SignedAt   *time.Time `json:"signedAt,omitempty"` // the signing-time attribute, as claimed by the signer
	NotBefore  time.Time  `json:"notBefore"`
	NotAfter   time.Time  `json:"notAfter"`
	Algorithm  string     `json:"algorithm"` // "ECDSA P-256 SHA-256", "RSA SHA-256", "ГОСТ Р 34.10-2012 (256)"
	Revocation Revocation `json:"revocation"`
	RevokedAt  *time.Time `json:"revokedAt,omitempty"`
}

// Verification is the answer of POST /signature/verify: who signed,
// when, with what, and whether it holds.
type Verification struct {
	// Status is StatusValid when every signer's signature holds, else the
	// first failing signer's status.
	Status         Status         `json:"status"`
	DocumentSHA256 string         `json:"documentSha256"`
	Signers        []SignerResult `json:"signers"`
	// Record is the portal's record when the signature is one the portal
	// made (its .p7s export): the kind, and for a ПЭП the person.
	Record *Record `json:"record,omitempty"`
}

// Challenge is a one-time message for a key to sign: a sign-in, or the
// confirmation of an account's level. Message is signed as UTF-8 bytes.
type Challenge struct {
	ID        string    `json:"id"`
	Message   string    `json:"message"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// ChallengeRequest asks for a sign-in challenge (POST
// /login/signature/challenge); with a login the challenge is good only for
// that account's certificates.
type ChallengeRequest struct {
	Login string `json:"login,omitempty"`
}

// Validate bounds the login's length (it is resolved like a sign-in's).
func (r ChallengeRequest) Validate() error {
	var f shared.Fields
	if len(r.Login) > shared.MaxLogin {
		f.Add("login", shared.CodeTooLong)
	}
	return f.Err()
}

// KeyLoginRequest signs in with a «Ключ Кабинета» (POST /login/signature).
type KeyLoginRequest struct {
	ChallengeID string `json:"challengeId"`
	Certificate []byte `json:"certificate"` // DER, as the portal issued it
	Signature   []byte `json:"signature"`   // of the challenge's message: raw r‖s or DER
}

// Validate checks the request's shape.
func (r KeyLoginRequest) Validate() error {
	var f shared.Fields
	checkID(&f, "challengeId", r.ChallengeID)
	checkBytes(&f, "certificate", r.Certificate, 8192)
	checkBytes(&f, "signature", r.Signature, 160)
	return f.Err()
}

// LevelRequest raises a standard account to «confirmed» with an external
// certificate whose СНИЛС (and ИНН) match the account (POST
// /me/signature/confirm): a detached CMS signature of the challenge.
type LevelRequest struct {
	ChallengeID string `json:"challengeId"`
	Signature   []byte `json:"signature"` // CMS, DER or PEM
}

// Validate checks the request's shape.
func (r LevelRequest) Validate() error {
	var f shared.Fields
	checkID(&f, "challengeId", r.ChallengeID)
	checkBytes(&f, "signature", r.Signature, MaxSignatureFile)
	return f.Err()
}

// Limits of uploaded files.
const (
	MaxSignatureFile = 256 << 10 // a .sig/.p7s: certificates and signers, no content
	MaxDocumentFile  = 5 << 20   // as documents are
)

// MaxDocumentSignatures is how many signatures one document holds, of
// every kind: one per signer is the norm, and each external one keeps a
// CMS of up to MaxSignatureFile, so a document must not gather them
// without end.
const MaxDocumentSignatures = 20

func checkBytes(f *shared.Fields, field string, b []byte, limit int) {
	switch {
	case len(b) == 0:
		f.Add(field, shared.CodeRequired)
	case len(b) > limit:
		f.Add(field, shared.CodeTooLong)
	}
}

// checkID checks a server-made identifier (a UUID).
func checkID(f *shared.Fields, field, id string) {
	switch {
	case id == "":
		f.Add(field, shared.CodeRequired)
	case len(id) != 36:
		f.Add(field, shared.CodeBadFormat)
	}
}

// checkSerial checks a certificate serial: hexadecimal, at most 20 bytes.
func checkSerial(f *shared.Fields, field, s string) {
	switch {
	case s == "":
		f.Add(field, shared.CodeRequired)
	case len(s) > 40 || strings.Trim(strings.ToLower(s), "0123456789abcdef") != "":
		f.Add(field, shared.CodeBadFormat)
	}
}

// Journal events of signatures (texts "event."+kind in shared/i18n).
const (
	JournalSigned      = "signature.signed"       // a document was signed (any kind)
	JournalCertIssued  = "signature.cert_issued"  // a «Ключ Кабинета» certificate was issued
	JournalCertRevoked = "signature.cert_revoked" // … and revoked
)

// Challenge purposes: each starts its message differently, so that a
// signature made for one can never serve the other.
const (
	LoginMessagePrefix = "Кабинет: вход с электронной подписью\n"
	LevelMessagePrefix = "Кабинет: подтверждение личности электронной подписью\n"
)
