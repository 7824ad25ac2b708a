package config

import (
	"fmt"
	"io"
)

// redactedText replaces a secret wherever it would otherwise be printed.
const redactedText = "[redacted]"

// Secret is a credential. Every way Go prints or encodes a value (fmt verbs,
// JSON, text marshalling, hence YAML and slog) yields "[redacted]", so a
// config dumped into a log or an error cannot leak it. Code that must send
// the credential calls Reveal, which is easy to find in review.
type Secret string

// Reveal returns the credential itself.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether a value was supplied.
func (s Secret) IsSet() bool { return s != "" }

// String implements fmt.Stringer.
func (Secret) String() string { return redactedText }

// GoString implements fmt.GoStringer (the %#v verb).
func (Secret) GoString() string { return redactedText }

// Format implements fmt.Formatter, so %s, %q, %x and friends cannot
// bypass String by reading the underlying string.
func (Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redactedText) }

// MarshalJSON implements json.Marshaler.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redactedText + `"`), nil }

// MarshalText implements encoding.TextMarshaler.
func (Secret) MarshalText() ([]byte, error) { return []byte(redactedText), nil }
