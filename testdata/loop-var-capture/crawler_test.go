package crawler

import "testing"

func TestParse(t *testing.T) {
	cases := []struct {
		name string
		in   string
	}{{"empty", ""}, {"one", "a"}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if len(tc.in) > 1 { // want `loop variable tc captured by a parallel subtest`
				t.Fatal(tc.in)
			}
		})
	}
	// Safe: the subtest copies tc before t.Parallel pauses it.
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc := tc
			t.Parallel()
			if len(tc.in) > 1 {
				t.Fatal(tc.in)
			}
		})
	}
	// Safe: sequential subtests run inside their iteration.
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.in) > 1 {
				t.Fatal(tc.in)
			}
		})
	}
}
