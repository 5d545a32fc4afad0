package shared

// PrivacyPolicyVersion is the version of the personal data processing
// policy (the /privacy page shows it) that registration asks consent to
// (152-ФЗ, art. 9). Registration records it with the consent's time, so
// that after a change of the policy it is known who agreed to which text.
// Change it with every change of the policy's text.
const PrivacyPolicyVersion = "2026-12-09"

// CodeConsentRequired: registration without the consent to the processing
// of personal data.
const CodeConsentRequired Code = "consent_required"

func privacyClasses() map[Code]Class {
	return map[Code]Class{CodeConsentRequired: ClassInvalid}
}

// JournalConsent records the consent given at registration (its policy
// version).
const JournalConsent = "account.consent"
