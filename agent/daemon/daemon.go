// Package daemon assembles a runnable agent from configuration: the store, the
// marketplace and NetSuite clients, the agent itself and its socket. Both
// `jlsync agent` and the demo start the agent through it, so they cannot drift.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jlsync/jlsync/agent"
	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/localapi"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/netsuite"
	"github.com/jlsync/jlsync/store"
)

// Version is set by the build (or left as "dev").
var Version = "dev"

// Options tune Open beyond the configuration.
type Options struct {
	Logger   *slog.Logger
	InMemory bool // a throwaway store (tests)
	NoSocket bool // do not listen on agent.socket
}

// Daemon is an assembled agent with what it owns.
type Daemon struct {
	Agent    *agent.Agent
	DB       *store.DB
	Config   config.Config
	Mirakl   *mirakl.Client
	NetSuite *netsuite.Client
	ln       net.Listener
	log      *slog.Logger
}

// Open checks the configuration, opens the store and builds the clients. It
// makes no network call.
func Open(cfg config.Config, o Options) (*Daemon, error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if missing := cfg.Missing(); len(missing) > 0 {
		return nil, fmt.Errorf("jlsync is not configured yet: set %s (see `jlsync config example`)", strings.Join(missing, ", "))
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	mc, err := NewMirakl(cfg, log)
	if err != nil {
		return nil, err
	}
	nc, err := NewNetSuite(cfg, log)
	if err != nil {
		return nil, err
	}
	if !o.InMemory {
		if err := os.MkdirAll(cfg.Agent.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("creating data dir: %w", err)
		}
	}
	db, err := store.Open(store.Options{Dir: filepath.Join(cfg.Agent.DataDir, "store"), InMemory: o.InMemory, Logger: log})
	if err != nil {
		return nil, err
	}
	d := &Daemon{DB: db, Config: cfg, Mirakl: mc, NetSuite: nc, log: log}
	if !o.NoSocket {
		if d.ln, err = localapi.Listen(cfg.Agent.Socket); err != nil {
			db.Close()
			return nil, fmt.Errorf("agent socket: %w", err)
		}
	}
	d.Agent = agent.New(cfg, db, agent.Deps{
		Marketplace:      mc,
		ERP:              NetSuiteERP{C: nc},
		StockReader:      nc,
		StockPublisher:   mc,
		FulfilmentReader: nc,
		Shipper:          mc,
		PayoutSource:     mc,
		Journals:         NetSuiteERP{C: nc},
		Governance: func() apitype.Governance {
			s := nc.Stats()
			return apitype.Governance{Limit: s.Limit, InFlight: s.InFlight, Waited: s.Waited, Throttled: s.Throttled}
		},
		Version:         Version,
		Logger:          log,
		MarketplaceName: cfg.Mirakl.URL,
		ERPName:         cfg.NetSuiteBaseURL(),
	})
	return d, nil
}

// NewMirakl builds the marketplace client from configuration.
func NewMirakl(cfg config.Config, log *slog.Logger) (*mirakl.Client, error) {
	return mirakl.New(mirakl.Config{
		// One request may not outlive mirakl.timeout; retries get their own.
		HTTPClient: &http.Client{Timeout: cfg.Mirakl.Timeout},
		BaseURL:    cfg.Mirakl.URL,
		APIKey:     cfg.Mirakl.APIKey.Reveal(),
		ShopID:     cfg.Mirakl.ShopID,
		UserAgent:  "jlsync/" + Version,
		TimeScale:  cfg.Mirakl.TimeScale,
		Logger:     log,
	})
}

// NewNetSuite builds the NetSuite client and its authenticator.
func NewNetSuite(cfg config.Config, log *slog.Logger) (*netsuite.Client, error) {
	ns := cfg.NetSuite
	var auth netsuite.Authenticator
	switch ns.Auth.Method {
	case "tba":
		auth = netsuite.NewTBA(netsuite.TBACredentials{
			AccountID:      ns.AccountID,
			ConsumerKey:    ns.Auth.ConsumerKey.Reveal(),
			ConsumerSecret: ns.Auth.ConsumerSecret.Reveal(),
			TokenID:        ns.Auth.TokenID.Reveal(),
			TokenSecret:    ns.Auth.TokenSecret.Reveal(),
		})
	default:
		pem, err := os.ReadFile(ns.Auth.PrivateKeyFile)
		if err != nil {
			return nil, fmt.Errorf("netsuite.auth.private_key_file: %w", err)
		}
		tokenURL := ""
		if ns.URL != "" {
			tokenURL = strings.TrimRight(ns.URL, "/") + "/services/rest/auth/oauth2/v1/token"
		}
		auth, err = netsuite.NewOAuth2(netsuite.OAuth2Credentials{
			AccountID: ns.AccountID, TokenURL: tokenURL, ClientID: ns.Auth.ClientID,
			CertificateID: ns.Auth.CertificateID, PrivateKeyPEM: pem,
		})
		if err != nil {
			return nil, fmt.Errorf("netsuite oauth2: %w", err)
		}
	}
	base := time.Second
	if s := cfg.Mirakl.TimeScale; s > 1 {
		base = max(time.Duration(float64(time.Second)/s), 5*time.Millisecond)
	}
	return netsuite.New(netsuite.Config{
		HTTPClient:  &http.Client{Timeout: ns.Timeout},
		AccountID:   ns.AccountID,
		BaseURL:     ns.URL,
		Auth:        auth,
		Concurrency: ns.Concurrency,
		UserAgent:   "jlsync/" + Version,
		Logger:      log,
		RetryBase:   base,
		RetryMax:    32 * base,
	})
}

// Run runs the agent until ctx ends, then closes the store. Secrets are
// never logged: the config's String form masks them.
func (d *Daemon) Run(ctx context.Context) error {
	defer d.DB.Close()
	if d.ln != nil {
		d.log.Info("listening", "socket", d.Config.Agent.Socket)
		defer os.Remove(d.Config.Agent.Socket)
	}
	d.discover(ctx)
	err := d.Agent.Run(ctx, d.ln)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// discover reads, once at start-up, what the agent adapts to instead of
// assuming John Lewis's settings: the shop's currency and state (A01), the
// platform's tax and acceptance modes (PC01), and the NetSuite concurrency
// the integration may use (governanceLimits, when the role may read it).
// Each is best effort: a failure is logged and the configuration stands.
func (d *Daemon) discover(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	// Mirakl allows OR11 once a minute and STO01 once a minute: polling
	// faster only makes each poll wait for the ceiling.
	for name, iv := range map[string]time.Duration{"orders.interval": d.Config.Orders.Interval, "inventory.interval": d.Config.Inventory.Interval} {
		if d.Config.Scaled(iv) < d.Config.Scaled(time.Minute) {
			d.log.Warn(name+" is shorter than the marketplace's once-a-minute ceiling; polls will wait for it", "interval", iv)
		}
	}
	if acct, err := d.Mirakl.Account(ctx); err != nil {
		d.log.Warn("could not read the marketplace account (A01); assuming GBP", "err", err)
	} else {
		d.log.Info("marketplace shop", "shop", acct.ShopName, "state", acct.ShopState, "currency", acct.Currency)
		d.Agent.SetShopCurrency(acct.Currency)
	}
	if pc, err := d.Mirakl.PlatformConfiguration(ctx); err != nil {
		d.log.Warn("could not read the platform configuration (PC01)", "err", err)
	} else {
		d.log.Info("marketplace platform", "tax_mode", pc.TaxMode(), "acceptance", pc.AcceptanceMode(),
			"multi_shipment", pc.MultiShipment(), "returns", pc.Returns())
		if pc.AcceptanceMode() == "AUTOMATIC" && d.Config.Orders.Acceptance.Policy != "manual" {
			d.log.Info("the marketplace accepts orders itself; jlsync's acceptance policy will find nothing to decide")
		}
	}
	if g, err := d.NetSuite.ApplyGovernanceLimits(ctx); err != nil {
		d.log.Info("NetSuite governance limits not readable by this role; keeping netsuite.concurrency", "concurrency", d.Config.NetSuite.Concurrency, "err", err)
	} else {
		d.log.Info("NetSuite governance", "account_limit", g.AccountConcurrencyLimit, "integration_limit", g.IntegrationConcurrencyLimit)
	}
}
