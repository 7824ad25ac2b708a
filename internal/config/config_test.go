package config

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSecretsNeverPrinted(t *testing.T) {
	c := Default()
	c.Mirakl.APIKey = "hunter2-mk"
	c.NetSuite.Auth.ConsumerKey = "hunter2-ck"
	c.NetSuite.Auth.ConsumerSecret = "hunter2-cs"
	c.NetSuite.Auth.TokenID = "hunter2-ti"
	c.NetSuite.Auth.TokenSecret = "hunter2-ts"
	j, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("cfg", "cfg", c, "key", c.Mirakl.APIKey)
	outputs := map[string]string{
		"%v %+v":     fmt.Sprintf("%v %+v", c, c),
		"%#v":        fmt.Sprintf("%#v", c),
		"%s %q %x":   fmt.Sprintf("%s %q %x", c.Mirakl.APIKey, c.Mirakl.APIKey, c.Mirakl.APIKey),
		"nested %+v": fmt.Sprintf("%+v %#v", c.NetSuite, c.NetSuite.Auth),
		"json":       string(j),
		"String":     c.String(),
		"Redacted":   fmt.Sprint(c.Redacted()),
		"slog":       logged.String(),
		"error wrap": fmt.Errorf("bad key %v", c.Mirakl.APIKey).Error(),
		"Validate":   fmt.Sprint(c.Validate()),
		"Keys":       fmt.Sprint(Keys()),
	}
	for name, out := range outputs {
		if strings.Contains(out, "hunter2") {
			t.Errorf("%s leaks a secret: %s", name, out)
		}
	}
	if !strings.Contains(outputs["%v %+v"], "mirakl.api_key: [redacted]") {
		t.Errorf("String should show that the key is set: %s", outputs["%v %+v"])
	}
	if c.Mirakl.APIKey.Reveal() != "hunter2-mk" {
		t.Error("Reveal must return the value")
	}
	if r := Default().Redacted(); r["mirakl.api_key"] != "" {
		t.Errorf("an unset secret should show empty, got %v", r["mirakl.api_key"])
	}
}

func TestSecretRefsMatchSchema(t *testing.T) {
	var c Config
	var refs []string
	for _, r := range c.secretRefs() {
		refs = append(refs, r.key)
		fileKey := r.key + "_file"
		if _, ok := resolve(strings.Split(fileKey, ".")); !ok {
			t.Errorf("%s has no %s key", r.key, fileKey)
		}
	}
	if !reflect.DeepEqual(refs, secretKeys()) {
		t.Errorf("secretRefs %v != Secret fields %v", refs, secretKeys())
	}
}

func TestExampleLoadsAndValidates(t *testing.T) {
	ex := Example()
	cfg, err := Load(LoadOptions{File: writeFile(t, "example.yaml", ex), Environ: env()})
	if err != nil {
		t.Fatalf("example does not load: %v", err)
	}
	want := Default()
	want.normalize(getenvFrom(env()()))
	if got, w := cfg.Redacted(), want.Redacted(); !reflect.DeepEqual(got, w) {
		for k := range w {
			if !reflect.DeepEqual(got[k], w[k]) {
				t.Errorf("%s: example gives %v, default is %v", k, got[k], w[k])
			}
		}
	}
	for _, k := range Keys() {
		if k.Doc == "" {
			t.Errorf("%s has no entry in keyDocs", k.Key)
		}
		if !strings.Contains(ex, k.Env) {
			t.Errorf("example lacks %s", k.Env)
		}
	}
	for k := range keyDocs {
		if _, ok := resolve(strings.Split(k, ".")); !ok {
			t.Errorf("keyDocs has %s, which is not a key", k)
		}
	}
}

// TestDocsCoverEveryKey keeps docs/configuration.md in step with the struct.
func TestDocsCoverEveryKey(t *testing.T) {
	b, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, k := range Keys() {
		if !strings.Contains(doc, "`"+k.Key+"`") {
			t.Errorf("docs/configuration.md lacks `%s`", k.Key)
		}
		if !strings.Contains(doc, k.Env) {
			t.Errorf("docs/configuration.md lacks %s", k.Env)
		}
	}
}

func TestEnvVar(t *testing.T) {
	tests := map[string]string{
		"mirakl.api_key":                 "JLSYNC_MIRAKL__API_KEY",
		"netsuite.auth.private_key_file": "JLSYNC_NETSUITE__AUTH__PRIVATE_KEY_FILE",
		"inventory.buffer.default.units": "JLSYNC_INVENTORY__BUFFER__DEFAULT__UNITS",
	}
	for key, want := range tests {
		if got := EnvVar(key); got != want {
			t.Errorf("EnvVar(%s) = %s, want %s", key, got, want)
		}
	}
}

func TestDefaultPaths(t *testing.T) {
	tests := []struct {
		name       string
		environ    []string
		wantData   string
		wantSocket string
	}{
		{"home", []string{"HOME=/h"}, "/h/.local/state/jlsync", "/h/.local/state/jlsync/agent.sock"},
		{"xdg", []string{"HOME=/h", "XDG_STATE_HOME=/s", "XDG_RUNTIME_DIR=/run/user/1"}, "/s/jlsync", "/run/user/1/jlsync/agent.sock"},
		{"relative xdg ignored", []string{"HOME=/h", "XDG_STATE_HOME=rel", "XDG_RUNTIME_DIR=rel"}, "/h/.local/state/jlsync", "/h/.local/state/jlsync/agent.sock"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			getenv := getenvFrom(tc.environ)
			d := defaultDataDir(getenv)
			if d != tc.wantData {
				t.Errorf("data dir %q, want %q", d, tc.wantData)
			}
			if s := defaultSocketPath(getenv, d); s != tc.wantSocket {
				t.Errorf("socket %q, want %q", s, tc.wantSocket)
			}
			cfg, err := Load(LoadOptions{Environ: func() []string { return tc.environ }})
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Agent.DataDir != tc.wantData || cfg.Agent.Socket != tc.wantSocket {
				t.Errorf("Load paths %q %q", cfg.Agent.DataDir, cfg.Agent.Socket)
			}
		})
	}
}

func TestOwner(t *testing.T) {
	c := Default()
	c.Agent.Owners["orders.unmapped_sku"] = "catalogue"
	tests := map[string]string{
		"orders.unmapped_sku":   "catalogue",
		"orders.netsuite_error": "operations",
		"payouts/fee_unknown":   "finance",
		"Returns.Mismatch":      "finance",
		"something_else":        "operations",
	}
	for typ, want := range tests {
		if got := c.Owner(typ); got != want {
			t.Errorf("Owner(%s) = %s, want %s", typ, got, want)
		}
	}
}

func TestHelpers(t *testing.T) {
	c := Default()
	if c.NetSuiteBaseURL() != "" {
		t.Error("no account, no URL")
	}
	c.NetSuite.AccountID = "1234567_SB1"
	if got := c.NetSuiteBaseURL(); got != "https://1234567-sb1.suitetalk.api.netsuite.com" {
		t.Errorf("derived URL %s", got)
	}
	c.NetSuite.URL = "http://127.0.0.1:9/"
	if got := c.NetSuiteBaseURL(); got != "http://127.0.0.1:9" {
		t.Errorf("explicit URL %s", got)
	}
	c.Mirakl.TimeScale = 60
	if got := c.Scaled(time.Minute); got != time.Second {
		t.Errorf("Scaled = %s", got)
	}
}
