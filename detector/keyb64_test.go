package detector

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"
)

// testKeys generates keys at run time (none is ever committed) and returns
// their DER encodings by name, with a certificate and a public key as
// negatives.
func testKeys(t testing.TB) (keys, public map[string][]byte) {
	t.Helper()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ec384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8 := func(k any) []byte {
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
	sec1 := func(k *ecdsa.PrivateKey) []byte {
		der, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
	pub, err := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour),
	}
	cert, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &ecKey.PublicKey, ecKey)
	if err != nil {
		t.Fatal(err)
	}
	keys = map[string][]byte{
		"RSA PRIVATE KEY/pkcs1":   x509.MarshalPKCS1PrivateKey(rsaKey),
		"PRIVATE KEY/pkcs8-rsa":   pkcs8(rsaKey),
		"PRIVATE KEY/pkcs8-ec":    pkcs8(ecKey),
		"PRIVATE KEY/pkcs8-ed":    pkcs8(edKey),
		"EC PRIVATE KEY/sec1":     sec1(ecKey),
		"EC PRIVATE KEY/sec1-384": sec1(ec384),
	}
	public = map[string][]byte{"PUBLIC KEY": pub, "CERTIFICATE": cert}
	return keys, public
}

func scanRules(t *testing.T, text string) []string {
	t.Helper()
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range s.Scan(Fragment{Path: "x.txt", Data: []byte(text)}) {
		ids = append(ids, f.RuleID)
	}
	return ids
}

func TestBase64PrivateKeys(t *testing.T) {
	keys, public := testKeys(t)
	b64 := base64.StdEncoding.EncodeToString
	for name, der := range keys {
		label, _, _ := strings.Cut(name, "/")
		pemText := pem.EncodeToMemory(&pem.Block{Type: label, Bytes: der})
		for _, tc := range []struct{ text, want string }{
			{`privateKey = "` + b64(der) + `";`, "private-key-der-base64"},
			{"  tls.key: " + b64(pemText) + "\n", "private-key-pem-base64"},
			{"PRIVATE_KEY=" + base64.RawStdEncoding.EncodeToString(pemText), "private-key-pem-base64"},
		} {
			if got := scanRules(t, tc.text); len(got) != 1 || got[0] != tc.want {
				t.Errorf("%s: got %v, want [%s]", name, got, tc.want)
			}
		}
		// Cut short, the DER length no longer adds up.
		if got := scanRules(t, `blob = "`+b64(der[:len(der)-3])+`"`); strings.Contains(strings.Join(got, " "), "der-base64") {
			t.Errorf("%s: truncated DER reported: %v", name, got)
		}
	}
	for name, der := range public {
		pemText := pem.EncodeToMemory(&pem.Block{Type: name, Bytes: der})
		for _, text := range []string{"data = " + b64(der), "data = " + b64(pemText)} {
			if got := scanRules(t, text); len(got) != 0 {
				t.Errorf("%s: got %v, want nothing", name, got)
			}
		}
	}
	// A documentation block, encoded, is not a key.
	doc := "-----BEGIN " + "PRIVATE KEY-----\n<paste the key that the console gave you, all of it>\n-----END " + "PRIVATE KEY-----\n"
	if got := scanRules(t, "key: "+b64([]byte(doc))); len(got) != 0 {
		t.Errorf("encoded placeholder: got %v", got)
	}
}

// FuzzBase64Keys checks that the decoders behind both finders survive any
// input, and that the DER check never accepts a length that disagrees
// with the data.
func FuzzBase64Keys(f *testing.F) {
	keys, _ := testKeys(f)
	for _, der := range keys {
		f.Add(base64.StdEncoding.EncodeToString(der))
	}
	f.Add(pemB64Keyword + "gUFJJVkFURSBLRVktLS0tLQo=")
	f.Add("MIIEvgIBADANBgkqhkiG9w0BAQEFAASC")
	f.Fuzz(func(t *testing.T, s string) {
		if derPrivateKey([]byte(s)) {
			der, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				der, err = base64.RawStdEncoding.DecodeString(s)
			}
			if err != nil || der[0] != 0x30 {
				t.Fatalf("accepted %q", s)
			}
		}
		head, _ := base64.StdEncoding.DecodeString(s[:len(s)&^3])
		pemB64Key(head, []byte(s))
	})
}
