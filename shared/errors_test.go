package shared

import "testing"

func TestJoinClasses(t *testing.T) {
	got := JoinClasses(ClassOf(ClassInvalid, CodeRequired, CodeTooLong), map[Code]Class{CodeRequired: ClassInvalid, CodeNotFound: ClassNotFound})
	want := map[Code]Class{CodeRequired: ClassInvalid, CodeTooLong: ClassInvalid, CodeNotFound: ClassNotFound}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for code, class := range want {
		if got[code] != class {
			t.Errorf("%s: %q, want %q", code, got[code], class)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a code given two classes did not panic")
		}
	}()
	JoinClasses(map[Code]Class{CodeRequired: ClassInvalid}, map[Code]Class{CodeRequired: ClassConflict})
}

// A package's CodeClasses is a new map each time: the API may keep it
// without another caller changing it underneath.
func TestCodeClassesIsACopy(t *testing.T) {
	CodeClasses()[CodeNotFound] = ClassInternal
	if got := CodeClasses()[CodeNotFound]; got != ClassNotFound {
		t.Fatalf("not_found is now %q", got)
	}
}
