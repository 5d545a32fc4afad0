package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// privacyPage is the policy of the processing of personal data (152-ФЗ)
// that registration asks consent to; it shows the version registration
// records. The operator is the deployment's own (PD_OPERATOR): a
// placeholder says so until it is configured.
type privacyPage struct {
	app.Compo
	live
}

// Privacy is the personal data policy (/privacy).
func Privacy() app.Composer { return &privacyPage{} }

// privacySections are the policy's parts, in order: catalogue keys of a
// heading ("privacy.<name>") and its text ("privacy.<name>Text").
var privacySections = []string{"data", "purposes", "basis", "actions", "retention", "rights", "withdraw"}

func (p *privacyPage) OnNav(ctx app.Context) { page.SetTitle(ctx, "privacy.title") }

func (p *privacyPage) Render() app.UI {
	operator := app.Getenv(page.EnvOperator)
	if operator == "" {
		operator = t("privacy.operatorUnset")
	}
	body := []app.UI{
		ds.NewPageHead(t("privacy.title")).Lead(t("privacy.lead")),
		app.P().ID("privacy-version").Class("muted").Text(t("privacy.version", shared.PrivacyPolicyVersion)),
		app.H2().Text(t("privacy.operator")),
		app.P().ID("privacy-operator").Text(operator),
	}
	for _, s := range privacySections {
		body = append(body, app.H2().Text(t("privacy."+s)), app.P().Text(t("privacy."+s+"Text")))
	}
	return page.Public(app.Div().Class("narrow").Body(append(body,
		ds.Actions(ds.NewButton(t("privacy.toRegister")).Kind(ds.Secondary).Href(page.PathRegister)),
	)...))
}
