package config

import (
	"fmt"
	"math"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/money"
)

// ValidationError lists every problem found, each naming its key, so an
// operator fixes a file in one pass instead of one error per restart.
// Problems never contain secret values.
type ValidationError struct {
	Problems []string
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return "invalid configuration: " + e.Problems[0]
	}
	return fmt.Sprintf("invalid configuration (%d problems):\n  - %s", len(e.Problems), strings.Join(e.Problems, "\n  - "))
}

// Validate checks every setting. An empty mirakl.url or netsuite.account_id
// is not a problem here: that side is simply not configured yet (see
// Missing). Once it is set, its credentials become required.
func (c Config) Validate() error {
	if p := c.problems(); len(p) > 0 {
		return &ValidationError{Problems: p}
	}
	return nil
}

// Missing lists what must still be set before the agent can sync: the
// marketplace URL and the NetSuite account. A fresh install validates
// cleanly and reports these instead, so "not set up yet" reads differently
// from "set up wrong".
func (c Config) Missing() []string {
	var out []string
	if c.Mirakl.URL == "" {
		out = append(out, "mirakl.url is not set: the marketplace connection is not configured yet")
	}
	if c.NetSuite.AccountID == "" {
		out = append(out, "netsuite.account_id is not set: the NetSuite connection is not configured yet")
	}
	return out
}

// Ready reports whether both connections are configured. It says nothing
// about validity; call Validate (Load already has) for that.
func (c Config) Ready() bool { return len(c.Missing()) == 0 }

// Mirakl order states (OR11 order_state). Orders can enter NetSuite at any
// state from acceptance onwards.
var (
	orderStates     = []string{"STAGING", "WAITING_ACCEPTANCE", "WAITING_DEBIT", "WAITING_DEBIT_PAYMENT", "SHIPPING", "SHIPPED", "TO_COLLECT", "RECEIVED", "CLOSED", "REFUSED", "CANCELED"}
	noTriggerStates = map[string]string{
		"STAGING":  "the order is still in the operator's fraud check",
		"REFUSED":  "a refused order is never fulfilled",
		"CANCELED": "a cancelled order is never fulfilled",
	}
	accountIDRe = regexp.MustCompile(`^[A-Za-z0-9]+(_[A-Za-z0-9]+)*$`)
	fieldIDRe   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
)

// minPeriod keeps a bare YAML number (read as nanoseconds) from passing as
// an interval or timeout.
const minPeriod = time.Second

type checker struct{ out []string }

func (v *checker) add(key, format string, args ...any) {
	v.out = append(v.out, key+": "+fmt.Sprintf(format, args...))
}

func (v *checker) oneOf(key, got string, allowed ...string) {
	if !slices.Contains(allowed, got) {
		v.add(key, "%q is not one of %s", got, strings.Join(allowed, ", "))
	}
}

func (v *checker) period(key string, d time.Duration) {
	if d < minPeriod {
		v.add(key, "must be at least %s with a unit (e.g. 90s, 5m), got %s", minPeriod, d)
	}
}

func (v *checker) url(key, raw string) {
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		v.add(key, "not a URL: %v", err)
	case u.Scheme != "http" && u.Scheme != "https":
		v.add(key, "must start with https:// (or http:// for a local simulator), got %q", raw)
	case u.Host == "":
		v.add(key, "has no host: %q", raw)
	}
}

func (v *checker) identifier(key, s string) {
	if s != "" && !fieldIDRe.MatchString(s) {
		v.add(key, "%q is not a NetSuite field id (letters, digits, underscores)", s)
	}
}

func (v *checker) money(key, s string) {
	a, err := money.Parse(s)
	switch {
	case err != nil:
		v.add(key, "not an amount: %v", err)
	case a < 0:
		v.add(key, "must not be negative, got %s", s)
	}
}

func (v *checker) percent(key, s string) {
	if s == "" {
		return
	}
	r, err := money.ParsePercent(s)
	switch {
	case err != nil:
		v.add(key, "not a percentage: %v", err)
	case r < 0 || r > money.Percent(100):
		v.add(key, "must be between 0 and 100, got %s", s)
	}
}

func (v *checker) buffer(key string, b Buffer) {
	if b.Units < 0 {
		v.add(key+".units", "must not be negative, got %d", b.Units)
	}
	v.percent(key+".percent", b.Percent)
}

func (v *checker) nonEmptyValues(key string, m map[string]string) {
	for _, k := range sortedKeys(m) {
		if strings.TrimSpace(k) == "" {
			v.add(key, "has an empty key")
		}
		if strings.TrimSpace(m[k]) == "" {
			v.add(key+"."+k, "is empty")
		}
	}
}

func (v *checker) secret(key string, s Secret) {
	if !s.IsSet() {
		v.add(key, "required; set %s or %s_file", EnvVar(key), key)
	}
}

func (c Config) problems() []string {
	var v checker
	c.checkAgent(&v)
	c.checkMirakl(&v)
	c.checkNetSuite(&v)
	c.checkOrders(&v)
	c.checkStock(&v)
	c.checkMoneyFlows(&v)
	return v.out
}

func (c Config) checkAgent(v *checker) {
	v.oneOf("agent.log_level", c.Agent.LogLevel, "debug", "info", "warn", "error")
	v.nonEmptyValues("agent.owners", c.Agent.Owners)
}

func (c Config) checkMirakl(v *checker) {
	m := c.Mirakl
	v.url("mirakl.url", m.URL)
	if m.URL != "" {
		v.secret("mirakl.api_key", m.APIKey)
	}
	if !(m.TimeScale > 0) || math.IsInf(m.TimeScale, 0) {
		v.add("mirakl.time_scale", "must be a positive number, got %v", m.TimeScale)
	}
	v.period("mirakl.timeout", m.Timeout)
}

func (c Config) checkNetSuite(v *checker) {
	n := c.NetSuite
	if n.AccountID != "" && !accountIDRe.MatchString(n.AccountID) {
		v.add("netsuite.account_id", "%q is not a NetSuite account id (e.g. 1234567 or 1234567_SB1)", n.AccountID)
	}
	v.url("netsuite.url", n.URL)
	if n.URL != "" && n.AccountID == "" {
		v.add("netsuite.account_id", "required when netsuite.url is set (it is part of every signed request)")
	}
	if n.Concurrency < 1 || n.Concurrency > 50 {
		v.add("netsuite.concurrency", "must be between 1 and 50, got %d", n.Concurrency)
	}
	v.period("netsuite.timeout", n.Timeout)
	v.oneOf("netsuite.auth.method", n.Auth.Method, "oauth2", "tba")
	if n.AccountID == "" {
		return // not configured yet: credentials are not needed
	}
	a := n.Auth
	switch a.Method {
	case "tba":
		v.secret("netsuite.auth.consumer_key", a.ConsumerKey)
		v.secret("netsuite.auth.consumer_secret", a.ConsumerSecret)
		v.secret("netsuite.auth.token_id", a.TokenID)
		v.secret("netsuite.auth.token_secret", a.TokenSecret)
	case "oauth2":
		if a.ClientID == "" {
			v.add("netsuite.auth.client_id", "required for method oauth2")
		}
		if a.CertificateID == "" {
			v.add("netsuite.auth.certificate_id", "required for method oauth2")
		}
		if a.PrivateKeyFile == "" {
			v.add("netsuite.auth.private_key_file", "required for method oauth2")
		} else if _, err := os.Stat(a.PrivateKeyFile); err != nil {
			v.add("netsuite.auth.private_key_file", "%v", err)
		}
	}
}

func (c Config) checkOrders(v *checker) {
	o := c.Orders
	v.period("orders.interval", o.Interval)
	if len(o.TriggerStates) == 0 {
		v.add("orders.trigger_states", "must list at least one Mirakl order state (default SHIPPING)")
	}
	for _, s := range o.TriggerStates {
		if why, ok := noTriggerStates[s]; ok {
			v.add("orders.trigger_states", "%s cannot trigger an import: %s", s, why)
		} else if !slices.Contains(orderStates, s) {
			v.add("orders.trigger_states", "%q is not a Mirakl order state (%s)", s, strings.Join(orderStates, ", "))
		}
	}
	v.oneOf("orders.customer", o.Customer, "per_customer", "single")
	if o.Customer == "single" && o.SingleCustomerID == "" {
		v.add("orders.single_customer_id", "required when orders.customer is single")
	}
	v.oneOf("orders.tax_mode", o.TaxMode, "gross", "net")
	v.oneOf("orders.acceptance.policy", o.Acceptance.Policy, "auto", "manual")
	v.oneOf("orders.acceptance.on_unmapped", o.Acceptance.OnUnmapped, "hold", "refuse")
	v.oneOf("orders.acceptance.on_no_stock", o.Acceptance.OnNoStock, "hold", "refuse")
	v.identifier("orders.commercial_id_field", o.CommercialIDField)
	if o.MaxAttempts < 1 {
		v.add("orders.max_attempts", "must be at least 1, got %d", o.MaxAttempts)
	}
}

func (c Config) checkStock(v *checker) {
	v.oneOf("skumap.match", c.SKUMap.Match, "itemId", "upcCode", "externalId")
	v.nonEmptyValues("skumap.explicit", c.SKUMap.Explicit)

	in := c.Inventory
	v.period("inventory.interval", in.Interval)
	v.period("inventory.full_every", in.FullEvery)
	for i, l := range in.Locations {
		if strings.TrimSpace(l) == "" {
			v.add(fmt.Sprintf("inventory.locations[%d]", i), "is empty")
		}
	}
	v.nonEmptyValues("inventory.warehouses", in.Warehouses)
	if len(in.Locations) > 0 {
		for _, loc := range sortedKeys(in.Warehouses) {
			if !slices.Contains(in.Locations, loc) {
				v.add("inventory.warehouses."+loc, "location %s is not in inventory.locations", loc)
			}
		}
	}
	if in.Floor < 0 {
		v.add("inventory.floor", "must not be negative, got %d", in.Floor)
	}
	v.buffer("inventory.buffer.default", in.Buffer.Default)
	for i, r := range in.Buffer.Rules {
		key := fmt.Sprintf("inventory.buffer.rules[%d]", i)
		if r.Prefix == "" && r.ItemClass == "" {
			v.add(key, "needs a prefix or an item_class, or it would match every SKU (use buffer.default)")
		}
		v.buffer(key, r.Buffer)
	}
	for _, sku := range sortedKeys(in.Buffer.SKUs) {
		v.buffer("inventory.buffer.skus."+sku, in.Buffer.SKUs[sku])
	}

	v.period("fulfilment.interval", c.Fulfilment.Interval)
	v.nonEmptyValues("fulfilment.carriers", c.Fulfilment.Carriers)
	if d := c.Fulfilment.SLAWarning; d != 0 && d < minPeriod {
		v.add("fulfilment.sla_warning", "must be 0 (off) or at least %s, got %s", minPeriod, d)
	}
}

func (c Config) checkMoneyFlows(v *checker) {
	r := c.Returns
	v.period("returns.interval", r.Interval)
	v.identifier("returns.reason_field", r.ReasonField)
	v.money("returns.tolerance", r.Tolerance)

	p := c.Payouts
	v.period("payouts.interval", p.Interval)
	v.nonEmptyValues("payouts.accounts", p.Accounts)
	for _, cat := range sortedKeys(p.CommissionRates) {
		if p.CommissionRates[cat] == "" {
			v.add("payouts.commission_rates."+cat, "is empty")
			continue
		}
		v.percent("payouts.commission_rates."+cat, p.CommissionRates[cat])
	}
	v.money("payouts.commission_tolerance", p.CommissionTolerance)
	if p.AutoPost && p.ClearingAccount == "" && p.BankAccount == "" {
		v.add("payouts.auto_post", "needs payouts.clearing_account or payouts.bank_account for the net line")
	}
}
