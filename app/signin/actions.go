package signin

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/page"
	"kabinet/shared"
)

// The reads of the sign-in's pages, each a go-app action whose state the
// page observes (page.Query).

// confirmData is what the confirmation page starts from: the codes sent
// to the phone and the e-mail, and which of them are confirmed already.
type confirmData struct {
	SMS, Email         shared.Challenge
	SMSDone, EmailDone bool
	SignedIn           bool // the codes are the signed-in person's own
	Missing            bool // no challenges and no session: nothing to confirm
}

// qConfirm loads the challenges of a registration (tags phone and email,
// their ids) or, with neither, asks for codes to the signed-in person's
// unconfirmed contacts (POST /me/verify: a page that opens sends them).
var qConfirm = page.NewQuery("signin.confirm", func(ctx app.Context, tags app.Tags) (*confirmData, error) {
	phoneID, emailID := tags.Get("phone"), tags.Get("email")
	if phoneID == "" && emailID == "" {
		return confirmForSession(ctx)
	}
	d := &confirmData{SMSDone: phoneID == "", EmailDone: emailID == ""}
	var err error
	if phoneID != "" {
		if d.SMS, err = page.API().Challenge(ctx, phoneID); err != nil {
			return nil, err
		}
	}
	if emailID != "" {
		if d.Email, err = page.API().Challenge(ctx, emailID); err != nil {
			return nil, err
		}
	}
	return d, nil
})

func confirmForSession(ctx app.Context) (*confirmData, error) {
	s, err := page.API().Session(ctx)
	d := &confirmData{SignedIn: true, SMSDone: s.Account.PhoneConfirmed, EmailDone: s.Account.EmailConfirmed}
	if err == nil && !d.SMSDone {
		d.SMS, err = page.API().VerifyContact(ctx, shared.ChannelSMS)
	}
	if err == nil && !d.EmailDone {
		d.Email, err = page.API().VerifyContact(ctx, shared.ChannelEmail)
	}
	switch {
	case page.IsAuthError(err): // not a lost session: nobody signed in
		return &confirmData{Missing: true}, nil
	case err != nil:
		return nil, err
	}
	return d, nil
}
