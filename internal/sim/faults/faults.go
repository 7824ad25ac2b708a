// Package faults parses the simulators' fault specification and decides, per
// request, which failure (if any) to inject. Both simulators share it so a
// single --faults flag means the same thing on each side.
package faults

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Spec is a parsed fault specification such as
// "latency=20ms,rate429=0.1,rate5xx=0.05,concurrency=5,drop=0.01".
type Spec struct {
	Latency     time.Duration // added to every request
	Rate429     float64       // probability of a throttling answer
	Rate5xx     float64       // probability of a server error
	Drop        float64       // probability the connection is cut without an answer
	Concurrency int           // NetSuite: requests in flight before 429 (0 = simulator default)
	Seed        uint64        // makes the injected sequence repeatable
}

// Parse reads a comma-separated key=value list. Unknown keys and bad values
// are errors that name the key.
func Parse(s string) (Spec, error) {
	var sp Spec
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return sp, nil
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return Spec{}, fmt.Errorf("faults: %q is not key=value", part)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		var err error
		switch k {
		case "latency":
			sp.Latency, err = time.ParseDuration(v)
			if err == nil && sp.Latency < 0 {
				err = fmt.Errorf("negative")
			}
		case "rate429":
			sp.Rate429, err = parseProb(v)
		case "rate5xx":
			sp.Rate5xx, err = parseProb(v)
		case "drop":
			sp.Drop, err = parseProb(v)
		case "concurrency":
			sp.Concurrency, err = strconv.Atoi(v)
			if err == nil && sp.Concurrency < 0 {
				err = fmt.Errorf("negative")
			}
		case "seed":
			sp.Seed, err = strconv.ParseUint(v, 10, 64)
		default:
			return Spec{}, fmt.Errorf("faults: unknown key %q (known: latency, rate429, rate5xx, drop, concurrency, seed)", k)
		}
		if err != nil {
			return Spec{}, fmt.Errorf("faults: bad value for %s: %q: %v", k, v, err)
		}
	}
	if sp.Rate429+sp.Rate5xx+sp.Drop > 1 {
		return Spec{}, fmt.Errorf("faults: rate429+rate5xx+drop exceeds 1")
	}
	return sp, nil
}

func parseProb(v string) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, err
	}
	if f < 0 || f > 1 {
		return 0, fmt.Errorf("must be between 0 and 1")
	}
	return f, nil
}

// String renders the spec back in the flag's form (stable key order).
func (s Spec) String() string {
	var parts []string
	if s.Latency > 0 {
		parts = append(parts, "latency="+s.Latency.String())
	}
	add := func(k string, v float64) {
		if v > 0 {
			parts = append(parts, k+"="+strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	add("rate429", s.Rate429)
	add("rate5xx", s.Rate5xx)
	add("drop", s.Drop)
	if s.Concurrency > 0 {
		parts = append(parts, "concurrency="+strconv.Itoa(s.Concurrency))
	}
	if s.Seed > 0 {
		parts = append(parts, "seed="+strconv.FormatUint(s.Seed, 10))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// Kind is the failure chosen for one request.
type Kind int

const (
	None Kind = iota
	Throttle
	ServerError
	DropConn
)

// Injector draws faults from a seeded source; it is safe for concurrent use.
type Injector struct {
	mu   sync.Mutex
	spec Spec
	rng  *rand.Rand
}

// NewInjector returns an injector for spec.
func NewInjector(spec Spec) *Injector {
	in := &Injector{}
	in.Set(spec)
	return in
}

// Set replaces the spec (the /_sim/faults endpoint calls it).
func (in *Injector) Set(spec Spec) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.spec = spec
	seed := spec.Seed
	if seed == 0 {
		seed = 1
	}
	in.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// Spec returns the current spec.
func (in *Injector) Spec() Spec {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.spec
}

// Next picks the fault for one request and the latency to add before answering.
func (in *Injector) Next() (Kind, time.Duration) {
	in.mu.Lock()
	defer in.mu.Unlock()
	sp := in.spec
	if sp.Rate429+sp.Rate5xx+sp.Drop == 0 {
		return None, sp.Latency
	}
	x := in.rng.Float64()
	switch {
	case x < sp.Rate429:
		return Throttle, sp.Latency
	case x < sp.Rate429+sp.Rate5xx:
		return ServerError, sp.Latency
	case x < sp.Rate429+sp.Rate5xx+sp.Drop:
		return DropConn, sp.Latency
	}
	return None, sp.Latency
}
