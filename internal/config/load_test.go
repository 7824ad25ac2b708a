package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestLoadDefaultsOnly(t *testing.T) {
	cfg, err := Load(LoadOptions{Environ: env()})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Orders.Interval != time.Minute || cfg.NetSuite.Concurrency != 2 || cfg.NetSuite.Auth.Method != "oauth2" {
		t.Errorf("defaults not applied: %v", cfg)
	}
	if cfg.Agent.DataDir != "/home/test/.local/state/jlsync" {
		t.Errorf("data_dir = %q", cfg.Agent.DataDir)
	}
	if cfg.Agent.Socket != "/home/test/.local/state/jlsync/agent.sock" {
		t.Errorf("socket = %q", cfg.Agent.Socket)
	}
	if cfg.Ready() || len(cfg.Missing()) != 2 {
		t.Errorf("fresh config should report both connections missing: %v", cfg.Missing())
	}
}

// TestLayering checks each layer beats the one before it, using
// orders.interval, which every layer can set.
func TestLayering(t *testing.T) {
	file := writeFile(t, "c.yaml", "orders:\n  interval: 2m\n")
	tests := []struct {
		name      string
		file      string
		environ   []string
		overrides map[string]any
		args      []string
		want      time.Duration
	}{
		{name: "default", want: time.Minute},
		{name: "file", file: file, want: 2 * time.Minute},
		{name: "env beats file", file: file, environ: []string{"JLSYNC_ORDERS__INTERVAL=3m"}, want: 3 * time.Minute},
		{name: "override beats env", file: file, environ: []string{"JLSYNC_ORDERS__INTERVAL=3m"},
			overrides: map[string]any{"orders.interval": "4m"}, want: 4 * time.Minute},
		{name: "flag beats all", file: file, environ: []string{"JLSYNC_ORDERS__INTERVAL=3m"},
			overrides: map[string]any{"orders.interval": "4m"}, args: []string{"--orders.interval=5m"}, want: 5 * time.Minute},
		{name: "unset flag default does not override", file: file, args: []string{}, want: 2 * time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
			fs.Duration("orders.interval", 9*time.Minute, "")
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			o := LoadOptions{File: tc.file, Environ: env(tc.environ...), Overrides: tc.overrides}
			if tc.args != nil {
				o.Flags = fs
			}
			cfg, err := Load(o)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Orders.Interval != tc.want {
				t.Errorf("orders.interval = %s, want %s", cfg.Orders.Interval, tc.want)
			}
		})
	}
}

func TestEnvironment(t *testing.T) {
	cfg, err := Load(LoadOptions{Environ: env(
		"JLSYNC_MIRAKL__URL=https://jl.mirakl.net",
		"JLSYNC_MIRAKL__API_KEY=k-123",
		"JLSYNC_ORDERS__TRIGGER_STATES=shipping, SHIPPED",
		"JLSYNC_ORDERS__MAX_ATTEMPTS=3",
		"JLSYNC_PAYOUTS__AUTO_POST=true",
		"JLSYNC_PAYOUTS__BANK_ACCOUNT=1000",
		"JLSYNC_PAYOUTS__ACCOUNTS=ORDER_AMOUNT=4000, COMMISSION_FEE=6100",
		"JLSYNC_SKUMAP__EXPLICIT__Jl-Sku_1=42",
		"JLSYNC_INVENTORY__BUFFER__SKUS__ABC__UNITS=3",
		"JLSYNC_AGENT__OWNERS__PAYOUTS=treasury",
		"JLSYNC_CONFIG=/etc/jlsync.yaml", // not a key: no double underscore, ignored
		"OTHER__THING=1",
	)})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"mirakl.url", cfg.Mirakl.URL == "https://jl.mirakl.net"},
		{"mirakl.api_key", cfg.Mirakl.APIKey.Reveal() == "k-123"},
		{"trigger_states split and upper-cased", slices.Equal(cfg.Orders.TriggerStates, []string{"SHIPPING", "SHIPPED"})},
		{"max_attempts", cfg.Orders.MaxAttempts == 3},
		{"auto_post", cfg.Payouts.AutoPost},
		{"accounts pairs", cfg.Payouts.Accounts["ORDER_AMOUNT"] == "4000" && cfg.Payouts.Accounts["COMMISSION_FEE"] == "6100"},
		{"map key case kept", cfg.SKUMap.Explicit["Jl-Sku_1"] == "42"},
		{"map of struct entry", cfg.Inventory.Buffer.SKUs["ABC"].Units == 3},
		{"owners merged", cfg.Agent.Owners["payouts"] == "treasury" && cfg.Agent.Owners["orders"] == "operations"},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: not applied from the environment", c.name)
		}
	}
}

func TestEnvironmentProblems(t *testing.T) {
	tests := []struct {
		env  string
		want string
	}{
		{"JLSYNC_MIRAKL__APIKEY=x", "JLSYNC_MIRAKL__APIKEY: no such config key"},
		{"JLSYNC_NETSUITE__AUTH=x", "names a section"},
		{"JLSYNC_INVENTORY__BUFFER__RULES=x", "use the config file"},
		{"JLSYNC_INVENTORY__BUFFER__SKUS=x", "one entry field at a time"},
		{"JLSYNC_PAYOUTS__ACCOUNTS=nonsense", "key=value"},
		{"JLSYNC_ORDERS__INTERVAL=soon", "orders.interval"},
	}
	for _, tc := range tests {
		t.Run(tc.env, func(t *testing.T) {
			_, err := Load(LoadOptions{Environ: env(tc.env)})
			if p := problemsOf(t, err); !hasProblem(p, tc.want) {
				t.Errorf("problems %q lack %q", p, tc.want)
			}
		})
	}
}

func TestFlags(t *testing.T) {
	newFS := func() *pflag.FlagSet {
		fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
		fs.String("config", "", "")
		fs.String("data-dir", "", "")
		fs.String("log-level", "info", "")
		fs.Int("netsuite.concurrency", 2, "")
		fs.Int("orders.max-attempts", 8, "")
		fs.String("mirakl.api_key", "", "")
		fs.StringSlice("orders.trigger_states", nil, "")
		return fs
	}
	t.Run("set flags apply, aliases and dashes map", func(t *testing.T) {
		fs := newFS()
		args := []string{"--config=x.yaml", "--data-dir=/srv/jl", "--log-level=debug", "--orders.max-attempts=4", "--orders.trigger_states=SHIPPING,SHIPPED"}
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(LoadOptions{Environ: env("JLSYNC_NETSUITE__CONCURRENCY=5"), Flags: fs})
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Agent.DataDir != "/srv/jl" || cfg.Agent.Socket != "/srv/jl/agent.sock" {
			t.Errorf("data dir %q socket %q", cfg.Agent.DataDir, cfg.Agent.Socket)
		}
		if cfg.Agent.LogLevel != "debug" || cfg.Orders.MaxAttempts != 4 {
			t.Errorf("log_level %q max_attempts %d", cfg.Agent.LogLevel, cfg.Orders.MaxAttempts)
		}
		if cfg.NetSuite.Concurrency != 5 {
			t.Errorf("an unset flag overrode the environment: concurrency %d", cfg.NetSuite.Concurrency)
		}
		if len(cfg.Orders.TriggerStates) != 2 {
			t.Errorf("trigger_states %v", cfg.Orders.TriggerStates)
		}
	})
	t.Run("secret flags are refused", func(t *testing.T) {
		fs := newFS()
		if err := fs.Parse([]string{"--mirakl.api_key=hunter2"}); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(LoadOptions{Environ: env(), Flags: fs})
		p := problemsOf(t, err)
		if !hasProblem(p, "flag --mirakl.api_key: secrets are not accepted") {
			t.Errorf("problems %q", p)
		}
		if cfg.Mirakl.APIKey.IsSet() || strings.Contains(err.Error(), "hunter2") {
			t.Error("secret flag leaked into the config or the error")
		}
	})
}

func TestFileErrors(t *testing.T) {
	t.Run("explicit missing file", func(t *testing.T) {
		_, err := Load(LoadOptions{File: filepath.Join(t.TempDir(), "nope.yaml"), Environ: env()})
		var ve *ValidationError
		if err == nil || errors.As(err, &ve) || !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("want a not-exist error, got %v", err)
		}
	})
	t.Run("bad yaml", func(t *testing.T) {
		_, err := Load(LoadOptions{File: writeFile(t, "c.yaml", "orders: [\n"), Environ: env()})
		var ve *ValidationError
		if err == nil || errors.As(err, &ve) {
			t.Fatalf("want a parse error, got %v", err)
		}
	})
	t.Run("unknown keys and type errors are all reported", func(t *testing.T) {
		y := "orders:\n  intervall: 5m\n  max_attempts: many\nagent: 3\ninventory:\n  buffer:\n    rules:\n      - prefix: X\n        unit: 2\n"
		_, err := Load(LoadOptions{File: writeFile(t, "c.yaml", y), Environ: env()})
		p := problemsOf(t, err)
		for _, want := range []string{"orders.intervall: unknown key", "orders.max_attempts", "agent: must be a mapping", "inventory.buffer.rules[0].unit: unknown key"} {
			if !hasProblem(p, want) {
				t.Errorf("problems %q lack %q", p, want)
			}
		}
	})
	t.Run("map keys with dots survive the file", func(t *testing.T) {
		y := "skumap:\n  explicit:\n    \"JL.1.5L\": \"77\"\n"
		cfg, err := Load(LoadOptions{File: writeFile(t, "c.yaml", y), Environ: env()})
		if err != nil {
			t.Fatal(err)
		}
		if cfg.SKUMap.Explicit["JL.1.5L"] != "77" {
			t.Errorf("explicit = %v", cfg.SKUMap.Explicit)
		}
	})
}

func TestOverrides(t *testing.T) {
	cfg, err := Load(LoadOptions{Environ: env(), Overrides: map[string]any{
		"mirakl.url":     "http://127.0.0.1:1234",
		"mirakl.api_key": "sim-key", // the demo passes simulator credentials this way
		"netsuite": map[string]any{
			"account_id": "TSTDRV1",
			"auth":       map[string]any{"method": "tba", "consumer_key": "a", "consumer_secret": "b", "token_id": "c", "token_secret": "d"},
		},
		"skumap.explicit": map[string]string{"A.B": "1"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Ready() || cfg.Mirakl.APIKey.Reveal() != "sim-key" || cfg.NetSuite.Auth.TokenSecret.Reveal() != "d" {
		t.Errorf("overrides not applied: %v", cfg)
	}
	if cfg.SKUMap.Explicit["A.B"] != "1" {
		t.Errorf("explicit = %v", cfg.SKUMap.Explicit)
	}
	_, err = Load(LoadOptions{Environ: env(), Overrides: map[string]any{"orders.intervl": "1m"}})
	if p := problemsOf(t, err); !hasProblem(p, "orders.intervl: unknown key") {
		t.Errorf("problems %q", p)
	}
}

func TestSecretSources(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte(" \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		yaml    string
		environ []string
		want    string // revealed mirakl.api_key
		problem string
	}{
		{name: "env", environ: []string{"JLSYNC_MIRAKL__API_KEY=from-env"}, want: "from-env"},
		{name: "file key in yaml", yaml: "mirakl:\n  api_key_file: " + keyFile + "\n", want: "from-file"},
		{name: "file key in env", environ: []string{"JLSYNC_MIRAKL__API_KEY_FILE=" + keyFile}, want: "from-file"},
		{name: "secret in yaml", yaml: "mirakl:\n  api_key: in-yaml-777\n", problem: "mirakl.api_key: secrets are not read from the config file; set JLSYNC_MIRAKL__API_KEY or mirakl.api_key_file"},
		{name: "nested secret in yaml", yaml: "netsuite:\n  auth:\n    token_secret: in-yaml-777\n", problem: "netsuite.auth.token_secret: secrets are not read"},
		{name: "empty placeholder in yaml is fine", yaml: "mirakl:\n  api_key: \"\"\n"},
		{name: "both", environ: []string{"JLSYNC_MIRAKL__API_KEY=in-env-777", "JLSYNC_MIRAKL__API_KEY_FILE=" + keyFile}, problem: "set both JLSYNC_MIRAKL__API_KEY and mirakl.api_key_file"},
		{name: "missing file", environ: []string{"JLSYNC_MIRAKL__API_KEY_FILE=" + filepath.Join(dir, "nope")}, problem: "mirakl.api_key_file:"},
		{name: "empty file", environ: []string{"JLSYNC_MIRAKL__API_KEY_FILE=" + empty}, problem: "is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := LoadOptions{Environ: env(tc.environ...)}
			if tc.yaml != "" {
				o.File = writeFile(t, "c.yaml", tc.yaml)
			}
			cfg, err := Load(o)
			if tc.problem == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := cfg.Mirakl.APIKey.Reveal(); got != tc.want {
					t.Errorf("api_key = %q, want %q", got, tc.want)
				}
				return
			}
			p := problemsOf(t, err)
			if !hasProblem(p, tc.problem) {
				t.Errorf("problems %q lack %q", p, tc.problem)
			}
			if strings.Contains(err.Error(), "777") {
				t.Errorf("error echoes a secret: %v", err)
			}
			if strings.Contains(cfg.Mirakl.APIKey.Reveal()+cfg.NetSuite.Auth.TokenSecret.Reveal(), "in-yaml") {
				t.Error("a secret from the file was used")
			}
		})
	}
}

func TestCheck(t *testing.T) {
	t.Setenv("HOME", "/home/test")
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, EnvPrefix) {
			t.Setenv(k, "") // keep the developer's own JLSYNC_ settings out
			os.Unsetenv(k)
		}
	}
	good := writeFile(t, "good.yaml", Example())
	if p, err := Check(good); err != nil || len(p) != 0 {
		t.Errorf("Check(example) = %q, %v", p, err)
	}
	bad := writeFile(t, "bad.yaml", "netsuite:\n  concurrency: 0\norders:\n  tax_mode: gross-ish\n")
	p, err := Check(bad)
	if err != nil || len(p) != 2 || !hasProblem(p, "netsuite.concurrency") || !hasProblem(p, "orders.tax_mode") {
		t.Errorf("Check(bad) = %q, %v", p, err)
	}
	if _, err := Check(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("Check of a missing file should be an error")
	}
}

// TestNoEchoedProblems: a key that failed to load is reported once, not
// again as "zero" or "missing" by validation.
func TestNoEchoedProblems(t *testing.T) {
	_, err := Load(LoadOptions{Environ: env(
		"JLSYNC_ORDERS__INTERVAL=soon",
		"JLSYNC_MIRAKL__URL=https://jl.mirakl.net",
		"JLSYNC_MIRAKL__API_KEY_FILE="+filepath.Join(t.TempDir(), "nope"),
	)})
	p := problemsOf(t, err)
	if len(p) != 2 || !hasProblem(p, "orders.interval: time: invalid duration") || !hasProblem(p, "mirakl.api_key_file: open") {
		t.Errorf("problems %q", p)
	}
}
