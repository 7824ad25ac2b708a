// Package scenario reads, writes and generates the files a simulated world is
// made of: mirakl.json and netsuite.json in the APIs' own shapes, jlsync.yaml
// config overrides and actions.json timed events. A state-out directory has
// the same layout, so a finished run can be loaded as the next scenario.
package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// File names inside a scenario directory.
const (
	MiraklFile   = "mirakl.json"
	NetSuiteFile = "netsuite.json"
	ConfigFile   = "jlsync.yaml"
	ActionsFile  = "actions.json"
	AgentFile    = "agent.json"
)

// Scenario is the content of a scenario directory; absent files are nil.
type Scenario struct {
	Dir      string
	Mirakl   json.RawMessage
	NetSuite json.RawMessage
	Config   []byte
	Actions  json.RawMessage
}

// Load reads a scenario directory. At least one of the files must exist, and
// the JSON ones must be valid JSON objects.
func Load(dir string) (Scenario, error) {
	s := Scenario{Dir: dir}
	st, err := os.Stat(dir)
	if err != nil {
		return s, fmt.Errorf("scenario: %w", err)
	}
	if !st.IsDir() {
		return s, fmt.Errorf("scenario: %s is not a directory", dir)
	}
	read := func(name string, into *[]byte, isJSON bool) error {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if isJSON {
			if err := checkObject(b); err != nil {
				return fmt.Errorf("scenario: %s: %w", name, err)
			}
		}
		*into = b
		return nil
	}
	if err := read(MiraklFile, (*[]byte)(&s.Mirakl), true); err != nil {
		return s, err
	}
	if err := read(NetSuiteFile, (*[]byte)(&s.NetSuite), true); err != nil {
		return s, err
	}
	if err := read(ConfigFile, &s.Config, false); err != nil {
		return s, err
	}
	if err := read(ActionsFile, (*[]byte)(&s.Actions), true); err != nil {
		return s, err
	}
	if s.Mirakl == nil && s.NetSuite == nil && s.Config == nil && s.Actions == nil {
		return s, fmt.Errorf("scenario: %s holds none of %s, %s, %s, %s", dir, MiraklFile, NetSuiteFile, ConfigFile, ActionsFile)
	}
	return s, nil
}

func checkObject(b []byte) error {
	var v map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	return nil
}

// Write saves the scenario's files into dir (created if needed).
func (s Scenario) Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
	}{{MiraklFile, s.Mirakl}, {NetSuiteFile, s.NetSuite}, {ConfigFile, s.Config}, {ActionsFile, s.Actions}}
	for _, f := range files {
		if f.data == nil {
			continue
		}
		if err := WriteFileAtomic(filepath.Join(dir, f.name), f.data); err != nil {
			return err
		}
	}
	return nil
}

// WriteFileAtomic writes through a temporary file and a rename, so a reader
// (or a crash) never sees half a state file.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
