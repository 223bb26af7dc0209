// Package checksum implements the checksums that providers embed in their
// token formats, shared by the detector's validators and the test-secret
// generator.
package checksum

import "hash/crc32"

// Base62Alphabet is the digit order GitHub and npm use for token checksums.
const Base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// Base62 encodes n in base 62, left-padded with '0' to width digits.
func Base62(n uint32, width int) string {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = Base62Alphabet[n%62]
		n /= 62
	}
	return string(b)
}

// CRC32Base62 is the 6-character tail of GitHub's and npm's tokens: the
// CRC-32 (IEEE) of the random part, in base 62.
// https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
func CRC32Base62(random []byte) string {
	return Base62(crc32.ChecksumIEEE(random), 6)
}

// ValidCRC32Base62 reports whether body ends in the CRC32Base62 of the
// rest of it.
func ValidCRC32Base62(body []byte) bool {
	if len(body) <= 6 {
		return false
	}
	n := len(body) - 6
	return CRC32Base62(body[:n]) == string(body[n:])
}
