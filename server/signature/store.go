package signature

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/derrors"
	"kabinet/shared"
	sharedsig "kabinet/shared/signature"
)

// certRow is a «Ключ Кабинета» certificate (signature_certificates).
type certRow struct {
	bun.BaseModel `bun:"table:signature_certificates"`

	Serial       string     `bun:"serial,pk"`
	AccountID    string     `bun:"account_id,type:uuid,nullzero"` // none for an agency's
	Agency       *string    `bun:"agency"`
	DER          []byte     `bun:"der"`
	PublicKey    []byte     `bun:"public_key"`
	Device       string     `bun:"device"`
	SubjectName  string     `bun:"subject_name"`
	SNILS        string     `bun:"snils"`
	INN          string     `bun:"inn"`
	NotBefore    time.Time  `bun:"not_before"`
	NotAfter     time.Time  `bun:"not_after"`
	CreatedAt    time.Time  `bun:"created_at,nullzero,default:now()"`
	RevokedAt    *time.Time `bun:"revoked_at"`
	RevokeReason *string    `bun:"revoke_reason"`
}

func insertCertificate(ctx context.Context, db bun.IDB, r *certRow) (err error) {
	defer derrors.Wrap(&err, "signature.insertCertificate(ctx, %s)", r.Serial)
	_, err = db.NewInsert().Model(r).Exec(ctx)
	return err
}

// certificateBySerial finds a certificate the portal issued;
// CodeCertUnknown when it issued none with that serial.
func certificateBySerial(ctx context.Context, db bun.IDB, serial string) (r certRow, err error) {
	defer derrors.Wrap(&err, "signature.certificateBySerial(ctx, %q)", serial)
	err = db.NewSelect().Model(&r).Where("serial = ?", serial).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return r, shared.E(sharedsig.CodeCertUnknown)
	}
	return r, err
}

func certificatesOf(ctx context.Context, db bun.IDB, accountID string) (rows []certRow, err error) {
	defer derrors.Wrap(&err, "signature.certificatesOf(ctx, %s)", accountID)
	err = db.NewSelect().Model(&rows).Where("account_id = ?", accountID).Order("created_at DESC", "serial").Scan(ctx)
	return rows, err
}

// liveCertificates counts the account's certificates that can still sign.
func liveCertificates(ctx context.Context, db bun.IDB, accountID string) (n int, err error) {
	defer derrors.Wrap(&err, "signature.liveCertificates(ctx, %s)", accountID)
	c, err := db.NewSelect().Model((*certRow)(nil)).
		Where("account_id = ? AND revoked_at IS NULL AND not_after > now()", accountID).Count(ctx)
	return int(c), err
}

// revokeCertificate revokes the account's certificate; done is false
// when it was revoked already. CodeCertUnknown when the account has no
// such certificate.
func revokeCertificate(ctx context.Context, db bun.IDB, accountID, serial, reason string) (done bool, err error) {
	defer derrors.Wrap(&err, "signature.revokeCertificate(ctx, %s, %q)", accountID, serial)
	var revokedBefore bool
	err = db.NewRaw(`UPDATE signature_certificates c SET revoked_at = coalesce(c.revoked_at, now()),
			revoke_reason = coalesce(c.revoke_reason, ?)
		FROM signature_certificates old WHERE old.serial = c.serial AND c.serial = ? AND c.account_id = ?
		RETURNING old.revoked_at IS NOT NULL`, reason, serial, accountID).Scan(ctx, &revokedBefore)
	if errors.Is(err, sql.ErrNoRows) {
		return false, shared.E(sharedsig.CodeCertUnknown)
	}
	return !revokedBefore, err
}

// revokedCertificates are those the revocation list names, oldest first.
func revokedCertificates(ctx context.Context, db bun.IDB) (rows []certRow, err error) {
	defer derrors.Wrap(&err, "signature.revokedCertificates(ctx)")
	err = db.NewSelect().Model(&rows).Column("serial", "revoked_at").
		Where("revoked_at IS NOT NULL").Order("revoked_at", "serial").Scan(ctx)
	return rows, err
}

// recordRow is one signature of a document (document_signatures).
type recordRow struct {
	bun.BaseModel `bun:"table:document_signatures"`

	ID          string           `bun:"id,pk,type:uuid"`
	DocumentID  string           `bun:"document_id,type:uuid,nullzero"` // or
	IncomingID  string           `bun:"incoming_id,type:uuid,nullzero"`
	AccountID   string           `bun:"account_id,type:uuid"`
	Kind        string           `bun:"kind"`
	SHA256      []byte           `bun:"sha256"`
	SignerName  string           `bun:"signer_name"`
	SignerSNILS string           `bun:"signer_snils"`
	SignerINN   string           `bun:"signer_inn"`
	Signer      sharedsig.Signer `bun:"signer,type:jsonb"`
	SignedAt    time.Time        `bun:"signed_at"`
	Method      string           `bun:"method"`
	Status      string           `bun:"status"`
	Serial      string           `bun:"serial"`
	Issuer      string           `bun:"issuer"`
	Certificate []byte           `bun:"certificate"`
	CMS         []byte           `bun:"cms"`
	CMSSHA256   []byte           `bun:"cms_sha256"`
	Seal        []byte           `bun:"seal"`
	CreatedAt   time.Time        `bun:"created_at,nullzero,default:now()"`
}

func insertRecord(ctx context.Context, db bun.IDB, r *recordRow) (err error) {
	defer derrors.Wrap(&err, "signature.insertRecord(ctx, %s)", r.ID)
	_, err = db.NewInsert().Model(r).Exec(ctx)
	return err
}

// signaturesOfDocument counts the signatures a person's document holds.
func signaturesOfDocument(ctx context.Context, db bun.IDB, documentID string) (n int, err error) {
	defer derrors.Wrap(&err, "signature.signaturesOfDocument(ctx, %s)", documentID)
	c, err := db.NewSelect().Model((*recordRow)(nil)).Where("document_id = ?", documentID).Count(ctx)
	return int(c), err
}

// recordsOf are the signatures of a document (column document_id) or of
// an incoming document (incoming_id), in the order they were made.
func recordsOf(ctx context.Context, db bun.IDB, column, id string) (rows []recordRow, err error) {
	defer derrors.Wrap(&err, "signature.recordsOf(ctx, %s, %s)", column, id)
	err = db.NewSelect().Model(&rows).Where("? = ?", bun.Ident(column), id).Order("signed_at", "id").Scan(ctx)
	return rows, err
}

// recordsOfIncoming are the signatures of the incoming documents ids, in
// one query, ordered as recordsOf orders them.
func recordsOfIncoming(ctx context.Context, db bun.IDB, ids []string) (rows []recordRow, err error) {
	defer derrors.Wrap(&err, "signature.recordsOfIncoming(ctx, %d ids)", len(ids))
	if len(ids) == 0 {
		return nil, nil
	}
	err = db.NewSelect().Model(&rows).Where("incoming_id IN (?)", bun.In(ids)).Order("signed_at", "id").Scan(ctx)
	return rows, err
}

// recordByID finds one signature; CodeNotFound when there is none.
func recordByID(ctx context.Context, db bun.IDB, id string) (r recordRow, err error) {
	defer derrors.Wrap(&err, "signature.recordByID(ctx, %s)", id)
	err = db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return r, shared.E(shared.CodeNotFound)
	}
	return r, err
}

// recordByCMS finds the record of a CMS the portal made, by the SHA-256
// of its DER; ok is false when the portal made none such.
func recordByCMS(ctx context.Context, db bun.IDB, sum []byte) (r recordRow, ok bool, err error) {
	defer derrors.Wrap(&err, "signature.recordByCMS(ctx)")
	err = db.NewSelect().Model(&r).Where("cms_sha256 = ?", sum).Order("created_at").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// requestRow is a prepared «Ключ Кабинета» signature (signature_requests).
type requestRow struct {
	bun.BaseModel `bun:"table:signature_requests"`

	ID          string     `bun:"id,pk,type:uuid,nullzero,default:gen_random_uuid()"`
	AccountID   string     `bun:"account_id,type:uuid"`
	DocumentID  string     `bun:"document_id,type:uuid"`
	Serial      string     `bun:"serial"`
	SHA256      []byte     `bun:"sha256"`
	SigningTime time.Time  `bun:"signing_time"`
	SignedAttrs []byte     `bun:"signed_attrs"`
	ExpiresAt   time.Time  `bun:"expires_at"`
	UsedAt      *time.Time `bun:"used_at"`
}

func insertRequest(ctx context.Context, db bun.IDB, r *requestRow) (err error) {
	defer derrors.Wrap(&err, "signature.insertRequest(ctx, %s)", r.DocumentID)
	_, err = db.NewInsert().Model(r).Returning("id").Exec(ctx)
	return err
}

// liveRequest finds the account's prepared signature that is neither
// used nor expired; CodeRequestExpired otherwise.
func liveRequest(ctx context.Context, db bun.IDB, accountID, id string) (r requestRow, err error) {
	defer derrors.Wrap(&err, "signature.liveRequest(ctx, %s)", id)
	err = db.NewSelect().Model(&r).
		Where("id = ? AND account_id = ? AND used_at IS NULL AND expires_at > now()", id, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return r, shared.E(sharedsig.CodeRequestExpired)
	}
	return r, err
}

// useRequest marks a prepared signature done; CodeRequestExpired when a
// concurrent request did it first.
func useRequest(ctx context.Context, db bun.IDB, id string) (err error) {
	defer derrors.Wrap(&err, "signature.useRequest(ctx, %s)", id)
	res, err := db.NewRaw("UPDATE signature_requests SET used_at = now() WHERE id = ? AND used_at IS NULL AND expires_at > now()", id).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return shared.E(sharedsig.CodeRequestExpired)
	}
	return nil
}

// challengeRow is a one-time message to sign (signature_challenges).
type challengeRow struct {
	bun.BaseModel `bun:"table:signature_challenges"`

	ID         string     `bun:"id,pk,type:uuid,nullzero,default:gen_random_uuid()"`
	Purpose    string     `bun:"purpose"`
	Message    string     `bun:"message"`
	AccountID  *string    `bun:"account_id,type:uuid"`
	Restricted bool       `bun:"restricted"`
	ExpiresAt  time.Time  `bun:"expires_at"`
	UsedAt     *time.Time `bun:"used_at"`
}

func insertChallenge(ctx context.Context, db bun.IDB, r *challengeRow) (err error) {
	defer derrors.Wrap(&err, "signature.insertChallenge(ctx, %s)", r.Purpose)
	_, err = db.NewInsert().Model(r).Returning("id").Exec(ctx)
	return err
}

// takeChallenge consumes a challenge of the purpose in one statement, so
// that a signed challenge is never accepted twice; CodeChallengeUsed when
// it is unknown, expired or used.
func takeChallenge(ctx context.Context, db bun.IDB, id, purpose string) (r challengeRow, err error) {
	defer derrors.Wrap(&err, "signature.takeChallenge(ctx, %s)", id)
	if !api.ValidUUID(id) {
		return r, shared.E(sharedsig.CodeChallengeUsed)
	}
	err = db.NewRaw(`UPDATE signature_challenges SET used_at = now()
		WHERE id = ? AND purpose = ? AND used_at IS NULL AND expires_at > now()
		RETURNING id, purpose, message, account_id, restricted, expires_at, used_at`, id, purpose).Scan(ctx, &r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, shared.E(sharedsig.CodeChallengeUsed)
	}
	return r, err
}
