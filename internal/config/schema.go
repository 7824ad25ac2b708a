package config

import (
	"reflect"
	"sort"
	"strings"
	"time"
)

// The schema is read from Config's koanf tags by reflection, so the list of
// keys used for env names, unknown-key checks, the example file and the
// redacted dump can never drift from the struct.

// EnvPrefix starts every environment variable jlsync reads.
const EnvPrefix = "JLSYNC_"

var (
	configType   = reflect.TypeFor[Config]()
	secretType   = reflect.TypeFor[Secret]()
	durationType = reflect.TypeFor[time.Duration]()
)

// field is one koanf-tagged struct field; squashed embeds are flattened.
type field struct {
	name  string
	typ   reflect.Type
	index []int
}

func fieldsOf(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("koanf")
		name, opts, _ := strings.Cut(tag, ",")
		if opts == "squash" && sf.Type.Kind() == reflect.Struct {
			for _, inner := range fieldsOf(sf.Type) {
				inner.index = append([]int{i}, inner.index...)
				out = append(out, inner)
			}
			continue
		}
		if name == "" || name == "-" || !sf.IsExported() {
			continue
		}
		out = append(out, field{name: name, typ: sf.Type, index: []int{i}})
	}
	return out
}

func lookupField(t reflect.Type, name string) (field, bool) {
	for _, f := range fieldsOf(t) {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

// isStruct reports whether t is a section (a nested struct), as opposed to a
// value such as a duration.
func isStruct(t reflect.Type) bool { return t.Kind() == reflect.Struct }

// resolve walks a key path from Config. Struct segments must match a tag;
// a segment under a map is the map key, taken as given. It returns the type
// at the end of the path.
func resolve(path []string) (reflect.Type, bool) {
	t := configType
	for _, seg := range path {
		switch t.Kind() {
		case reflect.Struct:
			f, ok := lookupField(t, seg)
			if !ok {
				return nil, false
			}
			t = f.typ
		case reflect.Map:
			if seg == "" {
				return nil, false
			}
			t = t.Elem()
		default:
			return nil, false
		}
	}
	return t, true
}

// KeyInfo describes one config key for the example file and the docs.
type KeyInfo struct {
	Key     string // dotted path, e.g. "mirakl.api_key"
	Env     string // JLSYNC_MIRAKL__API_KEY
	Default string // YAML rendering of the default ("" for secrets)
	Doc     string // what it means
	Secret  bool   // only from the environment or the matching _file key
}

// Keys lists every key in file order. Maps and lists are one key each.
func Keys() []KeyInfo {
	def := reflect.ValueOf(Default())
	var out []KeyInfo
	var walk func(v reflect.Value, prefix string)
	walk = func(v reflect.Value, prefix string) {
		for _, f := range fieldsOf(v.Type()) {
			key := prefix + f.name
			fv := v.FieldByIndex(f.index)
			if isStruct(f.typ) {
				walk(fv, key+".")
				continue
			}
			ki := KeyInfo{Key: key, Env: EnvVar(key), Doc: keyDocs[key], Secret: f.typ == secretType}
			if !ki.Secret {
				ki.Default = renderInline(fv)
			}
			out = append(out, ki)
		}
	}
	walk(def, "")
	return out
}

// EnvVar names the environment variable for a key: the prefix, then the key
// upper-cased with dots as double underscores (single underscores stay).
func EnvVar(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "__"))
}

// secretKeys lists the dotted paths of every Secret field.
func secretKeys() []string {
	var out []string
	for _, k := range Keys() {
		if k.Secret {
			out = append(out, k.Key)
		}
	}
	return out
}

func isSecretKey(key string) bool {
	path := strings.Split(key, ".")
	t, ok := resolve(path)
	return ok && t == secretType
}

// toMap turns a struct into the nested map koanf merges, keeping every leaf
// (zero values included) so that posflag sees each key as already set.
func toMap(v reflect.Value) any {
	switch {
	case v.Type() == secretType:
		return v.String()
	case v.Kind() == reflect.Struct:
		m := map[string]any{}
		for _, f := range fieldsOf(v.Type()) {
			m[f.name] = toMap(v.FieldByIndex(f.index))
		}
		return m
	case v.Kind() == reflect.Map:
		m := map[string]any{}
		iter := v.MapRange()
		for iter.Next() {
			m[iter.Key().String()] = toMap(iter.Value())
		}
		return m
	case v.Kind() == reflect.Slice:
		s := make([]any, v.Len())
		for i := range s {
			s[i] = toMap(v.Index(i))
		}
		return s
	default:
		return v.Interface()
	}
}

// flatten renders a config as dotted key -> printable value, secrets masked
// (set secrets show "[redacted]", unset ones ""). Used by Redacted and String.
func flatten(v reflect.Value, prefix string, out map[string]any) {
	for _, f := range fieldsOf(v.Type()) {
		key := prefix + f.name
		fv := v.FieldByIndex(f.index)
		switch {
		case f.typ == secretType:
			if fv.String() != "" {
				out[key] = redactedText
			} else {
				out[key] = ""
			}
		case isStruct(f.typ):
			flatten(fv, key+".", out)
		case f.typ == durationType:
			out[key] = time.Duration(fv.Int()).String()
		default:
			out[key] = fv.Interface()
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
