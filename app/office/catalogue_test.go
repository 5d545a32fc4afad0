package office

import (
	"testing"

	"kabinet/app/page/pagetest"
)

// TestEveryTextIsInTheCatalogue checks the literal keys of t("…") in the
// back office's pages, in both languages.
func TestEveryTextIsInTheCatalogue(t *testing.T) {
	pagetest.CheckKeys(t, pagetest.LiteralKeys(t))
}
