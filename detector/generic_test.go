package detector

import "testing"

// TestJudgeValue pins decisions on values whose shape alone misleads a
// simpler test. Values are split so that no scanner reading this file
// sees a credential.
func TestJudgeValue(t *testing.T) {
	for _, tc := range []struct {
		class nameClass
		value string
		want  bool
	}{
		// Valid base64 that decodes to noise ("[G0wk2") is a password,
		// not an encoded "[REDACTED]"; base64 of "password" is not.
		{classPassword, "W0cw" + "d2sy", true},
		{classPassword, "cGFzc3" + "dvcmQ=", false},
		// Values a test expects to fail.
		{classPassword, "WRONG" + "1", false},
		{classPassword, "bad-" + "2", false},
		// camelCase names with acronyms are identifiers; random letters
		// that happen to split into short parts are not.
		{classSecret, "ssl" + "CertificateFile", false},
		{classSecret, "http" + "RequestHeaderValue", false},
		{classSecret, "Uulakq" + "EfCuawyiXb", true},
		{classSecret, "IFTXE3SPOEYV" + "URT2MRYGI52TKJ4HC3KH", true},
	} {
		if got := judgeValue(tc.class, []byte(tc.value)); got != tc.want {
			t.Errorf("judgeValue(%d, %q) = %v, want %v", tc.class, tc.value, got, tc.want)
		}
	}
}
