package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"

	"github.com/knadh/koanf/parsers/yaml"
	"github.com/knadh/koanf/providers/confmap"
	koanfenv "github.com/knadh/koanf/providers/env/v2"
	"github.com/knadh/koanf/providers/file"
	"github.com/knadh/koanf/providers/posflag"
	"github.com/knadh/koanf/v2"
	"github.com/spf13/pflag"
)

// LoadOptions says where Load reads from. The zero value loads defaults and
// the process environment only.
type LoadOptions struct {
	// File is a YAML config file. "" means none; a named file that does not
	// exist is an error (a typo in --config must not silently run defaults).
	File string
	// Environ returns KEY=VALUE pairs; nil means os.Environ. Tests inject here.
	Environ func() []string
	// Flags, if set, overrides keys for flags the user actually set.
	Flags *pflag.FlagSet
	// Overrides are applied after the environment and before flags. Keys may
	// be dotted ("mirakl.url") or nested maps. The demo passes simulator
	// URLs and credentials here, so secrets are allowed.
	Overrides map[string]any
}

// FlagAliases maps short flag names to config keys. Any other flag whose
// name is a key (e.g. --orders.interval, or --orders.max-attempts with
// dashes for underscores) maps to that key; the rest (--config, --json)
// are not config and are ignored.
var FlagAliases = map[string]string{
	"data-dir":   "agent.data_dir",
	"socket":     "agent.socket",
	"log-level":  "agent.log_level",
	"time-scale": "mirakl.time_scale",
}

// Load layers defaults < file < environment < overrides < flags, reads
// secret files, fills default paths and validates. On a bad setting it
// returns the config as loaded together with a *ValidationError listing
// every problem; I/O and YAML syntax errors are returned as plain errors.
func Load(o LoadOptions) (Config, error) {
	environFn := o.Environ
	if environFn == nil {
		environFn = os.Environ
	}
	environ := environFn() // read once so koanf and path defaults agree

	var problems []string
	k := koanf.New(".")

	defaults := toMap(reflect.ValueOf(Default())).(map[string]any)
	if err := k.Load(confmap.Provider(defaults, ""), nil); err != nil {
		return Config{}, fmt.Errorf("config: loading defaults: %w", err)
	}

	if o.File != "" {
		m, err := readYAML(o.File)
		if err != nil {
			return Config{}, err
		}
		problems = append(problems, unknownKeys(m, configType, "")...)
		problems = append(problems, stripFileSecrets(m)...)
		if err := k.Load(confmap.Provider(m, ""), nil); err != nil {
			return Config{}, fmt.Errorf("config: %s: %w", o.File, err)
		}
	}

	envProvider := koanfenv.Provider(".", koanfenv.Opt{
		Prefix:        EnvPrefix,
		TransformFunc: envTransform(&problems),
		EnvironFunc:   func() []string { return environ },
	})
	if err := k.Load(envProvider, nil); err != nil {
		return Config{}, fmt.Errorf("config: environment: %w", err)
	}

	if len(o.Overrides) > 0 {
		m := unflattenDots(o.Overrides)
		problems = append(problems, unknownKeys(m, configType, "")...)
		if err := k.Load(confmap.Provider(m, ""), nil); err != nil {
			return Config{}, fmt.Errorf("config: overrides: %w", err)
		}
	}

	if o.Flags != nil {
		p := posflag.ProviderWithFlag(o.Flags, ".", k, flagTransform(o.Flags, &problems))
		if err := k.Load(p, nil); err != nil {
			return Config{}, fmt.Errorf("config: flags: %w", err)
		}
	}

	var cfg Config
	if err := k.UnmarshalWithConf("", &cfg, koanf.UnmarshalConf{Tag: "koanf"}); err != nil {
		problems = append(problems, decodeProblems(err)...)
	}
	problems = append(problems, cfg.readSecretFiles()...)
	cfg.normalize(getenvFrom(environ))
	problems = append(problems, withoutEchoes(cfg.problems(), problems)...)

	if len(problems) > 0 {
		return cfg, &ValidationError{Problems: problems}
	}
	return cfg, nil
}

func readYAML(path string) (map[string]any, error) {
	b, err := file.Provider(path).ReadBytes()
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	m, err := yaml.Parser().Unmarshal(b)
	if err != nil {
		return nil, fmt.Errorf("config: %s: %w", path, err)
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// asMap accepts any map with string keys (YAML gives map[string]any, Go
// callers may pass map[string]string) as a generic map.
func asMap(v any) (map[string]any, bool) {
	if m, ok := v.(map[string]any); ok {
		return m, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, false
	}
	m := make(map[string]any, rv.Len())
	it := rv.MapRange()
	for it.Next() {
		m[it.Key().String()] = it.Value().Interface()
	}
	return m, true
}

// unknownKeys reports keys the schema does not have, so a typo such as
// "orders.intervall" is an error instead of a silently ignored line.
func unknownKeys(m map[string]any, t reflect.Type, prefix string) []string {
	var out []string
	for _, name := range sortedKeys(m) {
		key := prefix + name
		f, ok := lookupField(t, name)
		if !ok {
			out = append(out, fmt.Sprintf("%s: unknown key", key))
			continue
		}
		out = append(out, unknownIn(m[name], f.typ, key)...)
	}
	return out
}

func unknownIn(v any, t reflect.Type, key string) []string {
	if v == nil {
		return nil
	}
	switch {
	case isStruct(t):
		sub, ok := asMap(v)
		if !ok {
			return []string{fmt.Sprintf("%s: must be a mapping of keys", key)}
		}
		return unknownKeys(sub, t, key+".")
	case t.Kind() == reflect.Map && isStruct(t.Elem()):
		sub, ok := asMap(v)
		if !ok {
			return nil // the decoder names the type mismatch
		}
		var out []string
		for _, mk := range sortedKeys(sub) {
			out = append(out, unknownIn(sub[mk], t.Elem(), key+"."+mk)...)
		}
		return out
	case t.Kind() == reflect.Slice && isStruct(t.Elem()):
		items, ok := v.([]any)
		if !ok {
			return nil
		}
		var out []string
		for i, it := range items {
			out = append(out, unknownIn(it, t.Elem(), fmt.Sprintf("%s[%d]", key, i))...)
		}
		return out
	}
	return nil
}

// stripFileSecrets removes secrets from a file's map and reports each one.
// Config files get copied, committed and attached to tickets; secrets belong
// in the environment or a 0600 file. The value itself is never echoed.
func stripFileSecrets(m map[string]any) []string {
	var out []string
	for _, key := range secretKeys() {
		path := strings.Split(key, ".")
		parent := m
		for _, seg := range path[:len(path)-1] {
			next, ok := parent[seg].(map[string]any)
			if !ok {
				parent = nil
				break
			}
			parent = next
		}
		if parent == nil {
			continue
		}
		last := path[len(path)-1]
		v, ok := parent[last]
		if !ok {
			continue
		}
		delete(parent, last)
		if v == nil || v == "" {
			continue // an empty placeholder reveals nothing
		}
		out = append(out, fmt.Sprintf("%s: secrets are not read from the config file; set %s or %s_file", key, EnvVar(key), key))
	}
	return out
}

// unflattenDots turns {"mirakl.url": x} into {"mirakl": {"url": x}}. Only the
// top-level keys are split, so a map value's own keys (SKUs with dots) stay.
func unflattenDots(in map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range in {
		path := strings.Split(k, ".")
		cur := out
		for _, seg := range path[:len(path)-1] {
			next, ok := cur[seg].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[seg] = next
			}
			cur = next
		}
		last := path[len(path)-1]
		if sub, ok := asMap(v); ok {
			if prev, ok := cur[last].(map[string]any); ok {
				for sk, sv := range sub {
					prev[sk] = sv
				}
				continue
			}
			v = sub
		}
		cur[last] = v
	}
	return out
}

// envTransform maps JLSYNC_A__B_C to a.b_c. Variables without a double
// underscore (JLSYNC_CONFIG, say) are not keys and are left alone; ones
// with it that match no key are reported, since they are almost always a
// misspelt key. Under a map, the next segment is the map key, kept as
// written (SKUs are case-sensitive).
func envTransform(problems *[]string) func(string, string) (string, any) {
	return func(name, val string) (string, any) {
		rest := strings.TrimPrefix(name, EnvPrefix)
		if !strings.Contains(rest, "__") {
			return "", nil
		}
		path, t, ok := resolveEnv(strings.Split(rest, "__"))
		if !ok {
			*problems = append(*problems, fmt.Sprintf("environment variable %s: no such config key", name))
			return "", nil
		}
		key := strings.Join(path, ".")
		bad := func(why string) (string, any) {
			*problems = append(*problems, fmt.Sprintf("environment variable %s (%s): %s", name, key, why))
			return "", nil
		}
		switch {
		case isStruct(t):
			return bad("names a section, not a key")
		case t.Kind() == reflect.Slice && isStruct(t.Elem()):
			return bad("a list of entries cannot be set from the environment; use the config file")
		case t.Kind() == reflect.Slice:
			return key, splitList(val)
		case t.Kind() == reflect.Map && isStruct(t.Elem()):
			return bad("set one entry field at a time, e.g. " + name + "__<KEY>__UNITS")
		case t.Kind() == reflect.Map:
			m, err := parsePairs(val)
			if err != nil {
				return bad(err.Error())
			}
			return key, m
		}
		return key, val
	}
}

// resolveEnv lower-cases struct segments and keeps map-key segments.
func resolveEnv(segs []string) ([]string, reflect.Type, bool) {
	t := configType
	path := make([]string, 0, len(segs))
	for _, seg := range segs {
		switch t.Kind() {
		case reflect.Struct:
			f, ok := lookupField(t, strings.ToLower(seg))
			if !ok {
				return nil, nil, false
			}
			path, t = append(path, f.name), f.typ
		case reflect.Map:
			// koanf splits keys on dots, so a map key with one cannot be
			// expressed here; the config file can.
			if seg == "" || strings.Contains(seg, ".") {
				return nil, nil, false
			}
			if strings.Join(path, ".") == "agent.owners" {
				seg = strings.ToLower(seg) // exception types are lower case
			}
			path, t = append(path, seg), t.Elem()
		default:
			return nil, nil, false
		}
	}
	return path, t, true
}

func splitList(s string) []string {
	out := []string{}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parsePairs reads "k=v,k2=v2", the environment form of a whole map.
func parsePairs(s string) (map[string]any, error) {
	m := map[string]any{}
	for _, p := range strings.Split(s, ",") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		k, v, ok := strings.Cut(p, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, errors.New(`expected key=value pairs separated by commas`)
		}
		m[k] = strings.TrimSpace(v)
	}
	return m, nil
}

// flagTransform keeps only flags the user set that name a config key.
// Secrets are refused: a command line is visible to every local user in ps.
func flagTransform(fs *pflag.FlagSet, problems *[]string) func(*pflag.Flag) (string, any) {
	return func(f *pflag.Flag) (string, any) {
		if !f.Changed {
			return "", nil
		}
		key, ok := flagKey(f.Name)
		if !ok {
			return "", nil
		}
		if isSecretKey(key) {
			*problems = append(*problems, fmt.Sprintf("flag --%s: secrets are not accepted on the command line; set %s or %s_file", f.Name, EnvVar(key), key))
			return "", nil
		}
		return key, posflag.FlagVal(fs, f)
	}
}

func flagKey(name string) (string, bool) {
	if key, ok := FlagAliases[name]; ok {
		return key, true
	}
	key := strings.ReplaceAll(name, "-", "_")
	t, ok := resolve(strings.Split(key, "."))
	if !ok || isStruct(t) {
		return "", false
	}
	return key, true
}

// decodeProblems splits the decoder's joined error into one line per key,
// rewriting its "'orders.interval' time: ..." as "orders.interval: time: ...".
func decodeProblems(err error) []string {
	var out []string
	for _, line := range strings.Split(err.Error(), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "decoding failed") {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "'"); ok {
			if key, msg, ok := strings.Cut(rest, "' "); ok {
				line = key + ": " + msg
			}
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		out = append(out, err.Error())
	}
	return out
}

// withoutEchoes drops validation problems for keys already reported while
// loading: a value that failed to decode, or a secret whose file could not
// be read, would otherwise be reported a second time as zero or missing.
func withoutEchoes(validation, earlier []string) []string {
	seen := map[string]bool{}
	for _, p := range earlier {
		key, _, _ := strings.Cut(p, ": ")
		seen[key] = true
		seen[strings.TrimSuffix(key, "_file")] = true
	}
	var out []string
	for _, p := range validation {
		if key, _, _ := strings.Cut(p, ": "); !seen[key] {
			out = append(out, p)
		}
	}
	return out
}
