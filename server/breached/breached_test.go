package breached

import "testing"

// The list holds passwords seen in breaches that the browser's short list
// does not, and not a good one.
func TestContains(t *testing.T) {
	if Size() < 190_000 {
		t.Fatalf("%d passwords on the list", Size())
	}
	for pw, want := range map[string]bool{
		"password":         true,
		"PASSWORD":         true,
		"Jhon@ta2011":      true, // passes the policy and the browser's short list
		"Moy-Portal-2026!": false,
		"kx7!Qm2#vLp9@wZr": false,
	} {
		if got := Contains(pw); got != want {
			t.Errorf("Contains(%q) = %v, want %v", pw, got, want)
		}
	}
}
