package config

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

const exampleHeader = `# jlsync configuration: every key, with its default value.
#
# Layers, later wins: built-in defaults < this file < environment < flags.
# Any key can come from the environment as JLSYNC_ + the key upper-cased,
# dots as double underscores: mirakl.api_key -> JLSYNC_MIRAKL__API_KEY.
#
# Secrets (mirakl.api_key, netsuite.auth.consumer_key, consumer_secret,
# token_id, token_secret) are never read from this file: set the
# environment variable, or point the matching *_file key at a file that
# holds only the secret (mode 0600).
#
# An empty mirakl.url or netsuite.account_id means that side is not set up
# yet; the file is still valid. Durations need a unit (90s, 5m, 1h); money
# and percentages are strings ("0.01", "12.5").
`

// Example returns a commented YAML file with every key at its default.
// It is generated from the schema, so it cannot miss a key, and it loads
// and validates as it is.
func Example() string {
	var b strings.Builder
	b.WriteString(exampleHeader)
	writeSection(&b, reflect.ValueOf(Default()), "", 0)
	return b.String()
}

func writeSection(b *strings.Builder, v reflect.Value, prefix string, depth int) {
	ind := strings.Repeat("  ", depth)
	for _, f := range fieldsOf(v.Type()) {
		key := prefix + f.name
		fv := v.FieldByIndex(f.index)
		if isStruct(f.typ) {
			if depth == 0 {
				b.WriteString("\n")
			}
			writeComment(b, ind, keyDocs[key])
			fmt.Fprintf(b, "%s%s:\n", ind, f.name)
			writeSection(b, fv, key+".", depth+1)
			continue
		}
		writeComment(b, ind, keyDocs[key])
		fmt.Fprintf(b, "%s# env: %s\n", ind, EnvVar(key))
		if f.typ == secretType {
			fmt.Fprintf(b, "%s# %s: not read from this file; use %s or %s_file\n", ind, f.name, EnvVar(key), f.name)
			continue
		}
		writeValue(b, ind, f.name, fv, keyExamples[key])
	}
}

func writeValue(b *strings.Builder, ind, name string, v reflect.Value, examples []string) {
	if v.Kind() == reflect.Map && v.Len() > 0 {
		fmt.Fprintf(b, "%s%s:\n", ind, name)
		for _, k := range sortedMapKeys(v) {
			fmt.Fprintf(b, "%s  %s: %s\n", ind, strconv.Quote(k), renderInline(v.MapIndex(reflect.ValueOf(k))))
		}
		return
	}
	fmt.Fprintf(b, "%s%s: %s\n", ind, name, renderInline(v))
	if len(examples) > 0 {
		fmt.Fprintf(b, "%s# for example:\n", ind)
		fmt.Fprintf(b, "%s# %s:\n", ind, name)
		for _, e := range examples {
			fmt.Fprintf(b, "%s#   %s\n", ind, e)
		}
	}
}

// writeComment wraps doc text at about 76 columns.
func writeComment(b *strings.Builder, ind, doc string) {
	line := ind + "#"
	for _, w := range strings.Fields(doc) {
		if len(line)+1+len(w) > 78 && line != ind+"#" {
			b.WriteString(line + "\n")
			line = ind + "#"
		}
		line += " " + w
	}
	if line != ind+"#" {
		b.WriteString(line + "\n")
	}
}

// renderInline writes a value as YAML flow syntax. Strings are always
// double-quoted so values such as "0.01", "no" or "1" stay strings.
func renderInline(v reflect.Value) string {
	switch {
	case v.Type() == secretType:
		return `""`
	case v.Type() == durationType:
		return shortDuration(time.Duration(v.Int()))
	}
	switch v.Kind() {
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = renderInline(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case reflect.Map:
		var parts []string
		for _, k := range sortedMapKeys(v) {
			parts = append(parts, strconv.Quote(k)+": "+renderInline(v.MapIndex(reflect.ValueOf(k))))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case reflect.Struct:
		var parts []string
		for _, f := range fieldsOf(v.Type()) {
			parts = append(parts, f.name+": "+renderInline(v.FieldByIndex(f.index)))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v.Interface())
}

func sortedMapKeys(v reflect.Value) []string {
	m := make(map[string]struct{}, v.Len())
	for _, k := range v.MapKeys() {
		m[k.String()] = struct{}{}
	}
	return sortedKeys(m)
}

// shortDuration prints 1h rather than 1h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Check loads a file the way the agent would (defaults, the file, then the
// current environment, where secrets normally live) and returns every
// problem. The error is for a file that cannot be read or parsed at all.
// "Not configured yet" (Missing) is not a problem.
func Check(path string) ([]string, error) {
	_, err := Load(LoadOptions{File: path})
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve.Problems, nil
	}
	return nil, err
}
