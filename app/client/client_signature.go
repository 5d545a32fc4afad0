package client

// Electronic signatures: signing a document (ПЭП, «Ключ Кабинета», an
// external signature), the key's certificates, the public verification,
// and the sign-in with a key.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"

	"kabinet/shared"
	"kabinet/shared/signature"
)

// DocumentSignatures lists a document's signatures.
func (c *Client) DocumentSignatures(ctx context.Context, docID string) (signature.RecordList, error) {
	return get[signature.RecordList](ctx, c, "/signature/documents/"+url.PathEscape(docID)+"/signatures")
}

// SignSimple signs a document with a ПЭП: after a fresh step-up, or with
// approval, a step-up the phone approved for this document.
func (c *Client) SignSimple(ctx context.Context, docID, approval string) (signature.Record, error) {
	return send[signature.Record](ctx, c, methodPost, "/signature/documents/"+url.PathEscape(docID)+"/simple", signature.SimpleRequest{Approval: approval})
}

// AskPhoneToSign asks the person's phone to approve the step-up of a ПЭП
// of the document; WaitQR follows it.
func (c *Client) AskPhoneToSign(ctx context.Context, docID string) (shared.QRTicket, error) {
	return send[shared.QRTicket](ctx, c, methodPost, "/signature/documents/"+url.PathEscape(docID)+"/simple/approval", struct{}{})
}

// PrepareSignature asks for the signed attributes the key signs.
func (c *Client) PrepareSignature(ctx context.Context, docID, serial string) (signature.Prepared, error) {
	return send[signature.Prepared](ctx, c, methodPost, "/signature/documents/"+url.PathEscape(docID)+"/prepare", signature.PrepareRequest{Serial: serial})
}

// CompleteSignature hands back the key's signature of the attributes.
func (c *Client) CompleteSignature(ctx context.Context, requestID string, sig []byte) (signature.Record, error) {
	return send[signature.Record](ctx, c, methodPost, "/signature/requests/"+url.PathEscape(requestID)+"/complete", signature.CompleteRequest{Signature: sig})
}

// AttachExternalSignature records a detached CMS signature made elsewhere.
func (c *Client) AttachExternalSignature(ctx context.Context, docID string, sig []byte) (signature.RecordList, error) {
	body, typ := multipartBody(part{"signature", "signature.p7s", sig})
	return send[signature.RecordList](ctx, c, methodPost, "/signature/documents/"+url.PathEscape(docID)+"/external", Raw{Body: body, Type: typ})
}

// SignatureP7sURL is where a signature exports as a .p7s file.
func SignatureP7sURL(id string) string {
	return shared.APIPrefix + "/signature/signatures/" + url.PathEscape(id) + "/p7s"
}

// SignatureP7s fetches a signature's .p7s (DER), for those who may see
// its document.
func (c *Client) SignatureP7s(ctx context.Context, id string) ([]byte, error) {
	res, _, err := c.exchange(ctx, methodGet, "/signature/signatures/"+url.PathEscape(id)+"/p7s", nil)
	return res.body, err
}

// Certificates lists the person's «Ключ Кабинета» certificates.
func (c *Client) SignatureCertificates(ctx context.Context) (signature.CertificateList, error) {
	return get[signature.CertificateList](ctx, c, "/me/signature/certificates")
}

// IssueCertificate asks the portal's CA to certify a key (after a step-up).
func (c *Client) IssueCertificate(ctx context.Context, r signature.CertificateRequest) (signature.Certificate, error) {
	return send[signature.Certificate](ctx, c, methodPost, "/me/signature/certificates", r)
}

// RevokeCertificate revokes one of the person's certificates at once.
func (c *Client) RevokeCertificate(ctx context.Context, serial string) error {
	return c.do(ctx, methodPost, "/me/signature/certificates/"+url.PathEscape(serial)+"/revoke", struct{}{}, nil)
}

// VerifySignature checks a detached signature against a document (or its
// SHA-256 in hex when doc is nil). Anyone may ask.
func (c *Client) VerifySignature(ctx context.Context, sig, doc []byte, docName, sha256hex string) (signature.Verification, error) {
	parts := []part{{"signature", "signature.p7s", sig}}
	if doc != nil {
		parts = append(parts, part{"document", docName, doc})
	} else {
		parts = append(parts, part{field: "documentSha256", value: []byte(sha256hex)})
	}
	body, typ := multipartBody(parts...)
	return send[signature.Verification](ctx, c, methodPost, "/signature/verify", Raw{Body: body, Type: typ})
}

// LevelChallenge asks for a one-time message to sign with an external
// certificate, to confirm the account.
func (c *Client) LevelChallenge(ctx context.Context) (signature.Challenge, error) {
	return send[signature.Challenge](ctx, c, methodPost, "/me/signature/confirm/challenge", struct{}{})
}

// ConfirmLevel hands back the challenge's detached signature; the account
// answers confirmed.
func (c *Client) ConfirmLevel(ctx context.Context, r signature.LevelRequest) (shared.Account, error) {
	return send[shared.Account](ctx, c, methodPost, "/me/signature/confirm", r)
}

// KeyLoginChallenge asks for a one-time message to sign in with a key.
func (c *Client) KeyLoginChallenge(ctx context.Context) (signature.Challenge, error) {
	return send[signature.Challenge](ctx, c, methodPost, "/login/signature/challenge", signature.ChallengeRequest{})
}

// KeyLogin signs in with the key's signature of the challenge.
func (c *Client) KeyLogin(ctx context.Context, r signature.KeyLoginRequest) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, methodPost, "/login/signature", r)
}

// part is one field of a multipart form: a file (name set) or a value.
type part struct {
	field, name string
	value       []byte
}

// multipartBody writes a multipart/form-data body by hand: mime/multipart
// would add its dependencies to app.wasm for these few lines.
func multipartBody(parts ...part) ([]byte, string) {
	var b [12]byte
	_, _ = rand.Read(b[:])
	boundary := "kabinet" + hex.EncodeToString(b[:])
	var out []byte
	for _, p := range parts {
		out = append(out, "--"+boundary+"\r\n"...)
		out = append(out, `Content-Disposition: form-data; name="`+p.field+`"`...)
		if p.name != "" {
			out = append(out, `; filename="`+quoteName(p.name)+`"`+"\r\nContent-Type: application/octet-stream"...)
		}
		out = append(out, "\r\n\r\n"...)
		out = append(out, p.value...)
		out = append(out, "\r\n"...)
	}
	out = append(out, "--"+boundary+"--\r\n"...)
	return out, "multipart/form-data; boundary=" + boundary
}

// quoteName keeps a file name safe inside the quoted header value.
func quoteName(s string) string {
	r := []rune(s)
	for i, c := range r {
		if c == '"' || c == '\\' || c < 0x20 {
			r[i] = '_'
		}
	}
	return string(r)
}
