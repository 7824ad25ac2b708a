package netsuite

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// ValidExternalID reports whether s can be used as a NetSuite externalId in
// an eid: URL: one or more ASCII letters, digits, "_" or "-". Other
// characters either break the URL or, like "|", are read as a list
// separator.
func ValidExternalID(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !externalIDByte(s[i]) {
			return false
		}
	}
	return true
}

func externalIDByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// NormalizeExternalID maps any marketplace id onto a valid externalId.
//
// Rule: a valid id is returned unchanged. Otherwise every byte outside
// [A-Za-z0-9_-] is replaced with "_" and "-x" plus the first 12 hex digits
// of the SHA-256 of the original id is appended:
//
//	"123/45.6" -> "123_45_6-x" + hex(sha256("123/45.6"))[:12]
//
// The replacement keeps the id readable in NetSuite; the hash keeps two ids
// that differ only in replaced characters ("A.B" and "A/B") apart. The
// result depends on nothing but the input, so it is stable across runs and
// releases. The empty string stays empty (and invalid).
func NormalizeExternalID(s string) string {
	if s == "" || ValidExternalID(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 14)
	for i := 0; i < len(s); i++ {
		if externalIDByte(s[i]) {
			b.WriteByte(s[i])
		} else {
			b.WriteByte('_')
		}
	}
	sum := sha256.Sum256([]byte(s))
	b.WriteString("-x")
	b.WriteString(hex.EncodeToString(sum[:])[:12])
	return b.String()
}
