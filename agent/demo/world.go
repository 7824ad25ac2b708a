// Package demo runs jlsync against its embedded simulators: both APIs on
// loopback ports, seeded data, and the real agent between them. Headless runs
// end when every flow is idle and write the end state; the interactive demo
// drip-feeds orders while the console runs in the foreground.
package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/scenario"
	"github.com/jlsync/jlsync/internal/sim/faults"
	miraklsim "github.com/jlsync/jlsync/internal/sim/mirakl"
	netsuitesim "github.com/jlsync/jlsync/internal/sim/netsuite"
)

// World is the two simulators, served on loopback, and the credentials they
// accept.
type World struct {
	Mirakl   *miraklsim.Server
	NetSuite *netsuitesim.Server
	MURL     string
	NURL     string
	Creds    Credentials
	servers  []*http.Server
}

// Credentials is what `jlsync sim --credentials-out` writes: the URLs and
// secrets the simulators accept.
type Credentials struct {
	Mirakl struct {
		URL    string `json:"url"`
		APIKey string `json:"api_key"`
		ShopID string `json:"shop_id"`
	} `json:"mirakl"`
	NetSuite struct {
		URL            string `json:"url"`
		AccountID      string `json:"account_id"`
		ConsumerKey    string `json:"consumer_key"`
		ConsumerSecret string `json:"consumer_secret"`
		TokenID        string `json:"token_id"`
		TokenSecret    string `json:"token_secret"`
		ClientID       string `json:"client_id"`
		CertificateID  string `json:"certificate_id"`
		PrivateKeyFile string `json:"private_key_file"`
	} `json:"netsuite"`
}

// WorldOptions configures StartWorld.
type WorldOptions struct {
	MiraklAddr, NetSuiteAddr string // default 127.0.0.1:0
	TimeScale                float64
	Faults                   faults.Spec
	KeyDir                   string // where the OAuth2 private key is written (0600)
	Logger                   *slog.Logger
	// MiraklKey fixes the shop API key (default: a random one).
	MiraklKey string
	// NetSuiteOpen lets the NetSuite simulator accept requests that carry no
	// credentials (for curl); credentials that are sent are still checked.
	NetSuiteOpen bool
}

// StartWorld starts both simulators with fresh credentials.
func StartWorld(o WorldOptions) (*World, error) {
	if o.MiraklAddr == "" {
		o.MiraklAddr = "127.0.0.1:0"
	}
	if o.NetSuiteAddr == "" {
		o.NetSuiteAddr = "127.0.0.1:0"
	}
	nsCreds, err := netsuitesim.NewCredentials()
	if err != nil {
		return nil, err
	}
	w := &World{}
	w.Creds.Mirakl.APIKey = o.MiraklKey
	if w.Creds.Mirakl.APIKey == "" {
		w.Creds.Mirakl.APIKey = randomKey()
	}
	w.Creds.Mirakl.ShopID = "2001"
	w.Mirakl = miraklsim.New(miraklsim.Options{APIKey: w.Creds.Mirakl.APIKey, ShopID: w.Creds.Mirakl.ShopID, TimeScale: o.TimeScale, Faults: o.Faults})
	nsOpts := nsCreds.Options()
	nsOpts.Faults = o.Faults
	nsOpts.Insecure = o.NetSuiteOpen
	if o.Faults.Concurrency > 0 {
		nsOpts.Concurrency = o.Faults.Concurrency
	}
	w.NetSuite = netsuitesim.New(nsOpts)

	mURL, err := w.serve(o.MiraklAddr, w.Mirakl, o.Logger)
	if err != nil {
		return nil, err
	}
	nURL, err := w.serve(o.NetSuiteAddr, w.NetSuite, o.Logger)
	if err != nil {
		w.Close()
		return nil, err
	}
	w.MURL, w.NURL = mURL, nURL
	w.Creds.Mirakl.URL = mURL
	n := &w.Creds.NetSuite
	n.URL, n.AccountID = nURL, nsCreds.AccountID
	n.ConsumerKey, n.ConsumerSecret, n.TokenID, n.TokenSecret = nsCreds.ConsumerKey, nsCreds.ConsumerSecret, nsCreds.TokenID, nsCreds.TokenSecret
	n.ClientID, n.CertificateID = nsCreds.ClientID, nsCreds.CertificateID
	if o.KeyDir != "" {
		n.PrivateKeyFile = filepath.Join(o.KeyDir, "netsuite-demo-key.pem")
		if err := os.WriteFile(n.PrivateKeyFile, nsCreds.PrivateKeyPEM, 0o600); err != nil {
			w.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *World) serve(addr string, h http.Handler, log *slog.Logger) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("simulator listen %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if log != nil {
		srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelDebug)
	}
	w.servers = append(w.servers, srv)
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), nil
}

// Load puts a scenario into both simulators.
func (w *World) Load(s scenario.Scenario) error {
	if s.Mirakl != nil {
		if err := w.Mirakl.Load(s.Mirakl); err != nil {
			return fmt.Errorf("loading %s: %w", scenario.MiraklFile, err)
		}
	}
	if s.NetSuite != nil {
		if err := w.NetSuite.Load(s.NetSuite); err != nil {
			return fmt.Errorf("loading %s: %w", scenario.NetSuiteFile, err)
		}
	}
	return nil
}

// State dumps both simulators in the scenario shape.
func (w *World) State() (scenario.Scenario, error) {
	var s scenario.Scenario
	var err error
	if s.Mirakl, err = w.Mirakl.State(); err != nil {
		return s, err
	}
	if s.NetSuite, err = w.NetSuite.State(); err != nil {
		return s, err
	}
	return s, nil
}

// Close stops the simulators.
func (w *World) Close() {
	for _, s := range w.servers {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = s.Shutdown(ctx)
		cancel()
	}
}

// AgentConfig is the configuration that points an agent at this world.
func (w *World) AgentConfig(dataDir, socket string, timeScale float64, scenarioYAML []byte) (config.Config, error) {
	file := ""
	if len(scenarioYAML) > 0 {
		f, err := os.CreateTemp("", "jlsync-scenario-*.yaml")
		if err != nil {
			return config.Config{}, err
		}
		defer os.Remove(f.Name())
		if _, err := f.Write(scenarioYAML); err != nil {
			f.Close()
			return config.Config{}, err
		}
		f.Close()
		file = f.Name()
	}
	n := w.Creds.NetSuite
	over := map[string]any{
		"agent.data_dir":                 dataDir,
		"mirakl.url":                     w.MURL,
		"mirakl.api_key":                 w.Creds.Mirakl.APIKey,
		"mirakl.shop_id":                 w.Creds.Mirakl.ShopID,
		"mirakl.time_scale":              timeScale,
		"netsuite.account_id":            n.AccountID,
		"netsuite.url":                   w.NURL,
		"netsuite.auth.method":           "oauth2",
		"netsuite.auth.client_id":        n.ClientID,
		"netsuite.auth.certificate_id":   n.CertificateID,
		"netsuite.auth.private_key_file": n.PrivateKeyFile,
	}
	if socket != "" {
		over["agent.socket"] = socket
	}
	cfg, err := config.Load(config.LoadOptions{File: file, Environ: func() []string { return nil }, Overrides: over})
	if err != nil {
		return cfg, err
	}
	// Demo defaults for the simulated account, unless the scenario's own
	// jlsync.yaml chose otherwise.
	fill := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	fill(&cfg.NetSuite.Subsidiary, "1")
	fill(&cfg.NetSuite.Currency, "1")
	fill(&cfg.NetSuite.Location, "1")
	if len(cfg.Inventory.Locations) == 0 {
		cfg.Inventory.Locations = []string{"1", "2"}
	}
	// A demo closes billing cycles every few (simulated) minutes, not
	// daily: look for them as often, unless the scenario says otherwise.
	if cfg.Payouts.Interval == config.Default().Payouts.Interval {
		cfg.Payouts.Interval = 2 * time.Minute
	}
	if len(cfg.Payouts.Accounts) == 0 && cfg.Payouts.BankAccount == "" {
		cfg.Payouts.Accounts = scenario.FeeAccounts
		cfg.Payouts.BankAccount, cfg.Payouts.ClearingAccount = scenario.BankAccount, scenario.ClearingAccount
	}
	if len(cfg.Payouts.CommissionRates) == 0 {
		cfg.Payouts.CommissionRates = map[string]string{}
		for cat, r := range miraklsim.CommissionRates() {
			cfg.Payouts.CommissionRates[cat] = strings.TrimSuffix(r.String(), "%")
		}
	}
	if len(cfg.Fulfilment.Carriers) == 0 {
		cfg.Fulfilment.Carriers = map[string]string{"DPD Next Day": "DPD", "Royal Mail Tracked 24": "ROYAL_MAIL"}
	}
	return cfg, cfg.Validate()
}

func randomKey() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

var errTimeout = errors.New("timed out before every flow was idle")
