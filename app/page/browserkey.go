package page

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/shared/signature"
)

// UsableKey is the browser's newest certified «Ключ Кабинета» whose
// certificate the portal still holds good; or else a new key, certified
// now (fresh is a key made before a step-up interrupted its
// certificate). made is set to the new key while it waits for its
// certificate. Both the documents' cards and the ИП filings sign with it.
func UsableKey(ctx app.Context, fresh *client.NewBrowserKey, made *client.NewBrowserKey) (client.BrowserKey, error) {
	if fresh == nil || fresh.ID == "" {
		keys, _ := client.BrowserKeys()
		certs, err := API().SignatureCertificates(ctx)
		if err != nil {
			return client.BrowserKey{}, err
		}
		for i := len(keys) - 1; i >= 0; i-- {
			for _, c := range certs.Items {
				if c.Serial == keys[i].Serial && c.Status == signature.CertGood {
					return keys[i], nil
				}
			}
		}
		k, err := client.CreateBrowserKey(signature.KeyProofPrefix)
		if err != nil {
			return client.BrowserKey{}, err
		}
		fresh = &k
	}
	*made = *fresh
	cert, err := API().IssueCertificate(ctx, signature.CertificateRequest{PublicKey: fresh.PublicKey, Proof: fresh.Proof, Device: deviceName()})
	if err != nil {
		return client.BrowserKey{}, err
	}
	if err := client.CertifyBrowserKey(fresh.ID, cert.Serial, cert.DER); err != nil {
		return client.BrowserKey{}, err
	}
	*made = client.NewBrowserKey{}
	return client.BrowserKey{ID: fresh.ID, Serial: cert.Serial, Cert: cert.DER}, nil
}

// SignWithKey signs document docID with key k: the portal prepares the
// CAdES signed attributes, the browser signs them, the portal completes.
func SignWithKey(ctx app.Context, docID string, k client.BrowserKey) (signature.Record, error) {
	prep, err := API().PrepareSignature(ctx, docID, k.Serial)
	if err != nil {
		return signature.Record{}, err
	}
	sig, err := client.SignWithBrowserKey(k.ID, prep.SignedAttributes)
	if err != nil {
		return signature.Record{}, err
	}
	return API().CompleteSignature(ctx, prep.ID, sig)
}

// HasBrowserKey says whether this browser keeps a certified key.
func HasBrowserKey() bool {
	if !client.KeySupported() {
		return false
	}
	keys, _ := client.BrowserKeys()
	for _, k := range keys {
		if k.Serial != "" {
			return true
		}
	}
	return false
}

// deviceName names the browser the key lives in, for the list of keys.
func deviceName() string {
	ua := app.Window().Get("navigator").Get("userAgent")
	if !ua.Truthy() {
		return ""
	}
	s := ua.String()
	for _, b := range []string{"Edg", "YaBrowser", "Firefox", "Chrome", "Safari"} {
		if strings.Contains(s, b) {
			if b == "Edg" {
				b = "Edge"
			}
			return t("docs.deviceBrowser", b)
		}
	}
	return ""
}

// KeyErrText says what went wrong, the browser's key included.
func KeyErrText(err error) string {
	switch err {
	case client.ErrKeyUnsupported:
		return t("docs.keyUnsupported")
	case client.ErrKeyFailed:
		return t("docs.keyFailed")
	}
	return ErrText(err)
}
