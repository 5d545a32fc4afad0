package shared_test

import (
	"testing"

	"kabinet/shared"
	"kabinet/shared/i18n"
)

// Every hint PasswordStrength can give has a text in the catalogue.
func TestPasswordHintsHaveTexts(t *testing.T) {
	for _, key := range []string{shared.HintShort, shared.HintLong, shared.HintAddClasses, shared.HintCommon,
		shared.HintPersonal, shared.HintGood, shared.HintStrong} {
		t.Run(key, func(t *testing.T) {
			if !i18n.Has(key) || i18n.T(i18n.EN, key) == i18n.T(i18n.RU, key) {
				t.Errorf("%s lacks a Russian or English text", key)
			}
		})
	}
}
