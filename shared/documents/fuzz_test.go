package documents

import (
	"testing"

	"kabinet/shared"
	"kabinet/shared/sharedtest"
)

// requestTypes returns a new zero value of every request type with a
// Validate method (TestFuzzCoversEveryRequestType keeps the list whole).
func requestTypes() []sharedtest.Validator {
	return []sharedtest.Validator{&SendRequest{}, &AnswerRequest{}, &DecisionRequest{}, &IncomingRequest{}}
}

// FuzzRequests: see sharedtest.FuzzRequests. Run it with
//
//	go test ./shared/documents -run='^$' -fuzz=FuzzRequests -fuzztime=10s
func FuzzRequests(f *testing.F) { sharedtest.FuzzRequests(f, requestTypes, shared.CheckRequest) }

// TestFuzzCoversEveryRequestType fails when a type of this package gains
// a Validate method without joining requestTypes.
func TestFuzzCoversEveryRequestType(t *testing.T) {
	sharedtest.CoversEveryRequestType(t, requestTypes)
}
