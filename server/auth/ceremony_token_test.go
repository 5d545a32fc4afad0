package auth

import (
	"bytes"
	"encoding/base64"
	"testing"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"kabinet/shared"
)

// A sealed sign-in ceremony opens only as it was sealed, by the key that
// sealed it, and only before its deadline; whatever else is
// CodeCodeExpired, as an unknown stored ceremony was.
func TestSealedLoginCeremony(t *testing.T) {
	service := func(key byte) *Service {
		seal, err := newCeremonySeal(bytes.Repeat([]byte{key}, 32))
		if err != nil {
			t.Fatal(err)
		}
		return &Service{ceremonySeal: seal}
	}
	s := service(1)
	sd := &webauthn.SessionData{Challenge: "zQubSGz6SOBoCW6SiON4lWKSOpQXB-XyyLfCdQTicjI", RelyingPartyID: "kabinet.example.ru",
		UserVerification: "required", Expires: time.Now().Add(time.Hour)}
	id, expires, err := s.sealLoginCeremony(sd)
	if err != nil {
		t.Fatal(err)
	}
	if until := time.Until(expires); until > ceremonyTTL || until < ceremonyTTL-time.Minute {
		t.Fatalf("a ceremony lives %v, want %v", until, ceremonyTTL)
	}
	if len(id) > shared.MaxLoginCeremony {
		t.Fatalf("the ceremony id is %d long, the request allows %d", len(id), shared.MaxLoginCeremony)
	}
	got, err := s.openLoginCeremony(id)
	if err != nil || got.Challenge != sd.Challenge || got.RelyingPartyID != sd.RelyingPartyID || !got.Expires.Equal(expires) {
		t.Fatalf("opened %+v, %v", got, err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(id)
	flipped := bytes.Clone(raw)
	flipped[len(flipped)/2] ^= 1
	past := &webauthn.SessionData{Challenge: sd.Challenge, Expires: time.Now().Add(-time.Second)}
	old, _, err := s.sealLoginCeremony(past)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string]string{
		"altered":          base64.RawURLEncoding.EncodeToString(flipped),
		"cut short":        id[:len(id)-4],
		"not base64":       "*" + id[1:],
		"another server's": must(service(2).sealLoginCeremony(sd)),
		"expired":          old,
		"empty":            "",
	} {
		if _, err := s.openLoginCeremony(bad); shared.ErrorCode(err) != shared.CodeCodeExpired {
			t.Errorf("%s ceremony: %v, want %s", name, err, shared.CodeCodeExpired)
		}
	}
}

func must(id string, _ time.Time, err error) string {
	if err != nil {
		panic(err)
	}
	return id
}
