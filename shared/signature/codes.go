package signature

import "kabinet/shared"

// Error codes of signing, certificates and the sign-in with a key. Their
// texts are in shared/i18n (ui_signature.go), their classes (from which
// server/api takes the HTTP status) in CodeClasses below.
const (
	// CodeLevel: ПЭП and «Ключ Кабинета» are for a confirmed account.
	CodeLevel shared.Code = "signature_level"
	// CodeKeyInvalid: the public key is not ECDSA P-256, or the proof of
	// holding it does not verify.
	CodeKeyInvalid shared.Code = "signature_key_invalid"
	// CodeTooManyKeys: the account has as many live certificates as it may.
	CodeTooManyKeys shared.Code = "signature_too_many_keys"
	// CodeTooManySignatures: the document holds MaxDocumentSignatures
	// already (Args[0] is that number).
	CodeTooManySignatures shared.Code = "signature_too_many"
	// CodeCertUnknown: no such certificate of the portal (or not yours).
	CodeCertUnknown shared.Code = "signature_cert_unknown"
	// CodeCertRevoked: the certificate was revoked.
	CodeCertRevoked shared.Code = "signature_cert_revoked"
	// CodeCertExpired: the certificate's validity has ended.
	CodeCertExpired shared.Code = "signature_cert_expired"
	// CodeCertNotYours: the certificate belongs to another account than
	// the one the challenge was for, or its СНИЛС is no longer the account's.
	CodeCertNotYours shared.Code = "signature_cert_not_yours"
	// CodeSignatureInvalid: the key's signature does not verify.
	CodeSignatureInvalid shared.Code = "signature_invalid"
	// CodeChallengeUsed: the challenge is unknown, expired or already used.
	CodeChallengeUsed shared.Code = "signature_challenge_used"
	// CodeRequestExpired: the prepared signature is unknown, expired or done.
	CodeRequestExpired shared.Code = "signature_request_expired"
	// CodeMalformed: the file is not a CMS signature (DER or PEM).
	CodeMalformed shared.Code = "signature_malformed"
	// CodeNotValid: the signature was verified and does not hold; Args[0]
	// is the Status.
	CodeNotValid shared.Code = "signature_not_valid"
	// CodeIdentityMismatch: the certificate's СНИЛС or ИНН is not the
	// account's.
	CodeIdentityMismatch shared.Code = "signature_identity_mismatch"
	// CodeIdentityMissing: the account has no СНИЛС (and passport) to match.
	CodeIdentityMissing shared.Code = "signature_identity_missing"
	// CodeDocumentNeeded: the signature's digest is not SHA-256, so the
	// document itself is needed, not its hash.
	CodeDocumentNeeded shared.Code = "signature_document_needed"
	// CodeKeyKiosk: a «Ключ Кабинета» lives in the browser that made it,
	// so it is neither certified nor used on a kiosk, whose next visitor
	// would find it there.
	CodeKeyKiosk shared.Code = "signature_key_kiosk"
)

// CodeClasses returns the class of every code this package declares (a
// new map: the caller may keep or change it).
func CodeClasses() map[shared.Code]shared.Class {
	return map[shared.Code]shared.Class{
		CodeLevel:             shared.ClassForbidden,
		CodeKeyInvalid:        shared.ClassInvalid,
		CodeTooManyKeys:       shared.ClassConflict,
		CodeTooManySignatures: shared.ClassConflict,
		CodeCertUnknown:       shared.ClassNotFound,
		CodeCertRevoked:       shared.ClassForbidden,
		CodeCertExpired:       shared.ClassForbidden,
		CodeCertNotYours:      shared.ClassForbidden,
		CodeSignatureInvalid:  shared.ClassUnauthenticated,
		CodeChallengeUsed:     shared.ClassGone,
		CodeRequestExpired:    shared.ClassGone,
		CodeMalformed:         shared.ClassInvalid,
		CodeNotValid:          shared.ClassInvalid,
		CodeIdentityMismatch:  shared.ClassForbidden,
		CodeIdentityMissing:   shared.ClassConflict,
		CodeDocumentNeeded:    shared.ClassInvalid,
		CodeKeyKiosk:          shared.ClassForbidden,
	}
}
