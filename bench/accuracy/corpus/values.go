package corpus

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Alphabets for generated values.
const (
	alnum    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lowAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	upAlnum  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	hexLow   = "0123456789abcdef"
	hexUp    = "0123456789ABCDEF"
	digits   = "0123456789"
	lowers   = "abcdefghijklmnopqrstuvwxyz"
	b64Chars = alnum + "+/"
	b64url   = alnum + "-_"
	bcryptAl = "./" + alnum
)

// Symbol sets that a person may type in a password, by where it goes.
const (
	symAny  = "!@#$%^&*-_.+=?~"
	symURL  = "-_.~!*"
	symConn = "!@#$%^*-_.+?~"
	symSafe = "!#%*-_.+@"
)

func (c *gen) rnd(alphabet string, n int) string { return c.g.Random(alphabet, n) }

// words people build passwords and names from. None of them is a
// placeholder word (password, secret, changeme, test …).
var pwWords = []string{
	"sunshine", "dragon", "monkey", "shadow", "summer", "winter", "autumn", "spring", "falcon", "tiger",
	"maple", "river", "ocean", "forest", "coffee", "pirate", "rocket", "galaxy", "thunder", "silver",
	"golden", "purple", "orange", "banana", "cookie", "pepper", "charlie", "buster", "ginger", "bailey",
	"hunter", "ranger", "viking", "wizard", "phoenix", "jaguar", "panther", "cobalt", "copper", "marble",
	"harbor", "canyon", "meadow", "willow", "cedar", "birch", "aspen", "glacier", "volcano", "comet",
	"nebula", "orbit", "quartz", "ember", "blizzard", "tornado", "sparrow", "raven", "badger", "otter",
	"walrus", "penguin", "lobster", "mango", "papaya", "walnut", "almond", "biscuit", "pancake", "waffle",
	"pretzel", "noodle", "dumpling", "taco", "burrito", "nacho", "kitten", "puppy", "horse", "battery",
	"staple", "correct", "elephant", "giraffe", "zebra", "koala", "lemon", "cherry", "plum", "melon",
	"guitar", "piano", "violin", "trumpet", "drummer", "soccer", "hockey", "tennis", "rugby", "boxing",
	"london", "paris", "berlin", "madrid", "tokyo", "sydney", "boston", "denver", "dallas", "austin",
	"jessica", "michael", "daniel", "sophie", "oliver", "amelia", "lucas", "emma", "noah", "chloe",
}

var nameWords = []string{"app", "svc", "deploy", "ci", "backup", "reporting", "etl", "ops", "admin_ro", "billing", "worker", "sync", "webapp", "analytics", "api"}

var hosts = []string{"db.internal", "10.0.12.5", "postgres.prod.svc.cluster.local", "db-primary.acme.io", "mysql.staging.corp", "localhost", "127.0.0.1", "rds-prod.c9akciq32.us-east-1.rds.amazonaws.com", "pg-main", "database", "db"}

var companies = []string{"acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark", "wayne", "tyrell", "soylent"}

func (c *gen) word() string { return pick(c, pwWords...) }

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// leet applies a person's character substitutions to some letters, using
// only the symbols of set.
func (c *gen) leet(w, set string) string {
	sub := map[byte]string{'a': "@4", 'e': "3", 'i': "1!", 'o': "0", 's': "$5", 't': "7"}
	b := []byte(w)
	for i, ch := range b {
		s, ok := sub[ch]
		if !ok || !c.chance(0.6) {
			continue
		}
		var opts []byte
		for j := 0; j < len(s); j++ {
			if s[j] >= '0' && s[j] <= '9' || strings.IndexByte(set, s[j]) >= 0 {
				opts = append(opts, s[j])
			}
		}
		if len(opts) > 0 {
			b[i] = opts[c.intn(len(opts))]
		}
	}
	if c.chance(0.7) {
		b[0] = strings.ToUpper(string(b[0]))[0]
	}
	return string(b)
}

func (c *gen) sym(set string) string { return string(set[c.intn(len(set))]) }

// humanPassword returns a password a person chose, using only symbols from
// set.
func (c *gen) humanPassword(set string) string {
	switch c.intn(8) {
	case 0: // Word + year + symbol: "Sunshine2024!"
		return title(c.word()) + fmt.Sprint(c.between(1975, 2025)) + c.sym(set)
	case 1: // leetspeak of one or two words
		w := c.leet(c.word(), set)
		if c.chance(0.5) {
			w += c.sym(set) + c.leet(c.word(), set)
		}
		return w + c.rnd(digits, c.between(0, 2))
	case 2: // short: 6-10 characters
		n := c.between(6, 10)
		s := title(c.word())
		if len(s) > n-2 {
			s = s[:n-2]
		}
		s += c.rnd(digits, 1) + c.sym(set)
		for len(s) < n {
			s += c.rnd(alnum, 1)
		}
		return s
	case 3: // passphrase without spaces
		sep := pick(c, "-", "_", ".", "")
		n := c.between(3, 5)
		var ws []string
		for i := 0; i < n; i++ {
			w := c.word()
			if sep == "" {
				w = title(w)
			}
			ws = append(ws, w)
		}
		s := strings.Join(ws, sep)
		if c.chance(0.5) {
			s += c.rnd(digits, c.between(1, 3))
		}
		return s
	case 4: // password manager output
		al := alnum + set
		return c.rnd(alnum, 2) + c.rnd(al, c.between(12, 22))
	case 5: // name + digits, sometimes a symbol
		return title(c.word()) + c.sym(set) + c.rnd(digits, c.between(2, 4))
	case 6: // two words, camel, symbol, digits
		return title(c.word()) + title(c.word()) + c.sym(set) + c.rnd(digits, c.between(1, 3))
	default: // lowercase word and digits, like "maple4471"
		return c.word() + c.rnd(digits, c.between(3, 5))
	}
}

// randomSecret returns an issued secret: random characters of one of the
// alphabets services use.
func (c *gen) randomSecret() string {
	switch c.intn(10) {
	case 0, 1:
		return c.rnd(alnum, c.between(20, 48))
	case 2:
		return c.rnd(hexLow, pick(c, 32, 40, 48, 64))
	case 3:
		return c.rnd(lowAlnum, c.between(24, 40))
	case 4: // base64 with padding
		n := pick(c, 30, 33, 42, 60)
		return base64.StdEncoding.EncodeToString([]byte(c.rnd(alnum+"+/!#", n)))
	case 5:
		return c.rnd(b64url, c.between(32, 64))
	case 6:
		return c.g.UUID()
	case 7: // company-prefixed internal key
		return pick(c, companies...) + "_" + pick(c, "live", "prod", "int", "svc") + "_" + c.rnd(alnum, c.between(24, 36))
	case 8:
		return c.rnd(upAlnum, c.between(20, 32))
	default: // Django-style secret with symbols
		return c.rnd(lowAlnum+"!@#%^&*(-_=+)", 50)
	}
}

// licenseKey is grouped upper-case: "7KQ2M-XR4TP-…".
func (c *gen) licenseKey() string {
	var gs []string
	for i := 0; i < 5; i++ {
		gs = append(gs, c.rnd(upAlnum, 5))
	}
	return strings.Join(gs, "-")
}

func (c *gen) user() string { return pick(c, nameWords...) }

func (c *gen) host() string { return pick(c, hosts...) }

func (c *gen) dbName() string {
	return pick(c, "app", "orders", "inventory", "users", "billing", "analytics", "shop", "cms", "events")
}

func (c *gen) company() string { return pick(c, companies...) }

func (c *gen) domain() string {
	return c.company() + pick(c, ".io", ".com", ".net", "-corp.com", ".dev")
}

// Hashes and identifiers (hard negatives).

func (c *gen) sha256hex() string { return c.rnd(hexLow, 64) }
func (c *gen) gitSHA() string    { return c.rnd(hexLow, 40) }
func (c *gen) shortSHA() string  { return c.rnd(hexLow, 7) }
func (c *gen) md5hex() string    { return c.rnd(hexLow, 32) }

func (c *gen) bcrypt() string {
	return "$2" + pick(c, "a", "b", "y") + "$" + pick(c, "10", "12", "14") + "$" + c.rnd(bcryptAl, 53)
}

func (c *gen) integrity() string {
	return "sha512-" + base64.StdEncoding.EncodeToString([]byte(c.rnd(alnum, 64)))
}

func (c *gen) goSumHash() string {
	return "h1:" + base64.StdEncoding.EncodeToString([]byte(c.rnd(alnum, 32)))
}

func (c *gen) dataURI() string {
	return "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAA" + c.rnd(b64Chars, c.between(60, 160)) + "="
}

func (c *gen) sshPublicKey() string {
	kind := pick(c, "rsa", "ed25519")
	if kind == "rsa" {
		return "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ" + c.rnd(b64Chars, 180) + "= " + c.user() + "@" + pick(c, "laptop", "build-01", "bastion")
	}
	return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + c.rnd(b64Chars, 43) + " " + pick(c, nameWords...) + "@" + pick(c, "laptop", "ci", "macbook")
}

func (c *gen) color() string { return "#" + c.rnd(hexLow, pick(c, 3, 6)) }

func (c *gen) semver() string {
	return fmt.Sprintf("%d.%d.%d", c.between(0, 9), c.between(0, 30), c.between(0, 40))
}
