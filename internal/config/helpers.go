package config

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"time"
)

// secretRef ties a secret to its _file key.
type secretRef struct {
	key  string
	val  *Secret
	file *string
}

func (c *Config) secretRefs() []secretRef {
	a := &c.NetSuite.Auth
	return []secretRef{
		{"mirakl.api_key", &c.Mirakl.APIKey, &c.Mirakl.APIKeyFile},
		{"netsuite.auth.consumer_key", &a.ConsumerKey, &a.ConsumerKeyFile},
		{"netsuite.auth.consumer_secret", &a.ConsumerSecret, &a.ConsumerSecretFile},
		{"netsuite.auth.token_id", &a.TokenID, &a.TokenIDFile},
		{"netsuite.auth.token_secret", &a.TokenSecret, &a.TokenSecretFile},
	}
}

// readSecretFiles fills each secret from its _file key. Setting both is an
// error rather than a silent precedence rule, because the two would
// otherwise disagree without anyone noticing which one is used.
func (c *Config) readSecretFiles() []string {
	var out []string
	for _, r := range c.secretRefs() {
		if *r.file == "" {
			continue
		}
		if r.val.IsSet() {
			out = append(out, fmt.Sprintf("%s: set both %s and %s_file; keep one", r.key, EnvVar(r.key), r.key))
			continue
		}
		b, err := os.ReadFile(*r.file)
		if err != nil {
			out = append(out, fmt.Sprintf("%s_file: %v", r.key, err))
			continue
		}
		s := strings.TrimSpace(string(b))
		if s == "" {
			out = append(out, fmt.Sprintf("%s_file: %s is empty", r.key, *r.file))
			continue
		}
		*r.val = Secret(s)
	}
	return out
}

// normalize fills the default paths and tidies values people type by hand.
func (c *Config) normalize(getenv func(string) string) {
	if c.Agent.DataDir == "" {
		c.Agent.DataDir = defaultDataDir(getenv)
	}
	if c.Agent.Socket == "" {
		c.Agent.Socket = defaultSocketPath(getenv, c.Agent.DataDir)
	}
	if len(c.Agent.Owners) > 0 {
		// Exception types are matched case-insensitively. A key someone
		// typed in another case ("Orders") can only have come from a layer
		// above the defaults, so it wins over the lower-case one.
		owners := make(map[string]string, len(c.Agent.Owners))
		keys := sortedKeys(c.Agent.Owners)
		for _, pass := range []bool{true, false} {
			for _, k := range keys {
				norm := strings.ToLower(strings.TrimSpace(k))
				if (norm == k) == pass {
					owners[norm] = strings.TrimSpace(c.Agent.Owners[k])
				}
			}
		}
		c.Agent.Owners = owners
	}
	for i, s := range c.Orders.TriggerStates {
		c.Orders.TriggerStates[i] = strings.ToUpper(strings.TrimSpace(s))
	}
}

// Owner returns the team for an exception type: the exact type, then each
// shorter prefix cut at "." or "/" (so "orders.unmapped_sku" falls back to
// "orders"), then "operations".
func (c Config) Owner(excType string) string {
	t := strings.ToLower(excType)
	for t != "" {
		if team := c.Agent.Owners[t]; team != "" {
			return team
		}
		i := strings.LastIndexAny(t, "./")
		if i < 0 {
			break
		}
		t = t[:i]
	}
	return "operations"
}

// NetSuiteBaseURL is netsuite.url, or the account's REST host derived from
// the account id (lower case, "_" as "-"), or "" when neither is set.
func (c Config) NetSuiteBaseURL() string {
	if c.NetSuite.URL != "" {
		return strings.TrimRight(c.NetSuite.URL, "/")
	}
	if c.NetSuite.AccountID == "" {
		return ""
	}
	host := strings.ReplaceAll(strings.ToLower(c.NetSuite.AccountID), "_", "-")
	return "https://" + host + ".suitetalk.api.netsuite.com"
}

// Scaled divides a flow interval by mirakl.time_scale (demo speed-up).
func (c Config) Scaled(d time.Duration) time.Duration {
	if c.Mirakl.TimeScale <= 0 || c.Mirakl.TimeScale == 1 {
		return d
	}
	return time.Duration(float64(d) / c.Mirakl.TimeScale)
}

// Redacted returns every key (dotted) with its value, secrets masked: a set
// secret shows "[redacted]", an unset one "". Safe to log or print.
func (c Config) Redacted() map[string]any {
	out := map[string]any{}
	flatten(reflect.ValueOf(c), "", out)
	return out
}

// String prints the redacted settings one "key: value" per line, so %v and
// %+v of a Config are safe too.
func (c Config) String() string {
	r := c.Redacted()
	var b strings.Builder
	for _, k := range sortedKeys(r) {
		fmt.Fprintf(&b, "%s: %v\n", k, r[k])
	}
	return b.String()
}
