package netsuite

// Custom-field (un)marshalling for the records added after SalesOrder; see
// custom.go for the rules.

type itemFulfillmentJSON ItemFulfillment

func (w *itemFulfillmentJSON) custom() (*map[string]string, *map[string]*Ref) {
	return &w.CustomFields, &w.CustomRefs
}

// MarshalJSON writes the record with its custbody_* fields merged in.
func (v ItemFulfillment) MarshalJSON() ([]byte, error) {
	return marshalRecord(itemFulfillmentJSON(v), bodyPrefix)
}

// UnmarshalJSON reads the record and its custbody_* fields.
func (v *ItemFulfillment) UnmarshalJSON(b []byte) error {
	return unmarshalRecord(b, (*itemFulfillmentJSON)(v), bodyPrefix)
}

type creditMemoJSON CreditMemo

func (w *creditMemoJSON) custom() (*map[string]string, *map[string]*Ref) {
	return &w.CustomFields, &w.CustomRefs
}

// MarshalJSON writes the record with its custbody_* fields merged in.
func (v CreditMemo) MarshalJSON() ([]byte, error) {
	return marshalRecord(creditMemoJSON(v), bodyPrefix)
}

// UnmarshalJSON reads the record and its custbody_* fields.
func (v *CreditMemo) UnmarshalJSON(b []byte) error {
	return unmarshalRecord(b, (*creditMemoJSON)(v), bodyPrefix)
}

type returnAuthorizationJSON ReturnAuthorization

func (w *returnAuthorizationJSON) custom() (*map[string]string, *map[string]*Ref) {
	return &w.CustomFields, &w.CustomRefs
}

// MarshalJSON writes the record with its custbody_* fields merged in.
func (v ReturnAuthorization) MarshalJSON() ([]byte, error) {
	return marshalRecord(returnAuthorizationJSON(v), bodyPrefix)
}

// UnmarshalJSON reads the record and its custbody_* fields.
func (v *ReturnAuthorization) UnmarshalJSON(b []byte) error {
	return unmarshalRecord(b, (*returnAuthorizationJSON)(v), bodyPrefix)
}

type journalEntryJSON JournalEntry

func (w *journalEntryJSON) custom() (*map[string]string, *map[string]*Ref) {
	return &w.CustomFields, &w.CustomRefs
}

// MarshalJSON writes the record with its custbody_* fields merged in.
func (v JournalEntry) MarshalJSON() ([]byte, error) {
	return marshalRecord(journalEntryJSON(v), bodyPrefix)
}

// UnmarshalJSON reads the record and its custbody_* fields.
func (v *JournalEntry) UnmarshalJSON(b []byte) error {
	return unmarshalRecord(b, (*journalEntryJSON)(v), bodyPrefix)
}

type transactionItemJSON TransactionItem

func (w *transactionItemJSON) custom() (*map[string]string, *map[string]*Ref) {
	return &w.CustomFields, &w.CustomRefs
}

// MarshalJSON writes the record with its custcol_* fields merged in.
func (v TransactionItem) MarshalJSON() ([]byte, error) {
	return marshalRecord(transactionItemJSON(v), linePrefix)
}

// UnmarshalJSON reads the record and its custcol_* fields.
func (v *TransactionItem) UnmarshalJSON(b []byte) error {
	return unmarshalRecord(b, (*transactionItemJSON)(v), linePrefix)
}

type journalEntryLineJSON JournalEntryLine

func (w *journalEntryLineJSON) custom() (*map[string]string, *map[string]*Ref) {
	return &w.CustomFields, &w.CustomRefs
}

// MarshalJSON writes the record with its custcol_* fields merged in.
func (v JournalEntryLine) MarshalJSON() ([]byte, error) {
	return marshalRecord(journalEntryLineJSON(v), linePrefix)
}

// UnmarshalJSON reads the record and its custcol_* fields.
func (v *JournalEntryLine) UnmarshalJSON(b []byte) error {
	return unmarshalRecord(b, (*journalEntryLineJSON)(v), linePrefix)
}
