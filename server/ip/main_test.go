package ip_test

import (
	"testing"

	"kabinet/server/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }
