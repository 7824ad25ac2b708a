package netsuite

import "encoding/json"

// Custom-field (un)marshalling for the records added after SalesOrder; see
// custom.go for the rules.

type itemFulfillmentJSON ItemFulfillment

// MarshalJSON writes the record with its custbody_* fields merged in.
func (v ItemFulfillment) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(itemFulfillmentJSON(v))
	if err != nil {
		return nil, err
	}
	return marshalCustom(b, v.CustomFields, v.CustomRefs, bodyPrefix)
}

// UnmarshalJSON reads the record and its custbody_* fields.
func (v *ItemFulfillment) UnmarshalJSON(b []byte) error {
	var w itemFulfillmentJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	f, r, err := unmarshalCustom(b, bodyPrefix)
	if err != nil {
		return err
	}
	w.CustomFields, w.CustomRefs = f, r
	*v = ItemFulfillment(w)
	return nil
}

type creditMemoJSON CreditMemo

// MarshalJSON writes the record with its custbody_* fields merged in.
func (v CreditMemo) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(creditMemoJSON(v))
	if err != nil {
		return nil, err
	}
	return marshalCustom(b, v.CustomFields, v.CustomRefs, bodyPrefix)
}

// UnmarshalJSON reads the record and its custbody_* fields.
func (v *CreditMemo) UnmarshalJSON(b []byte) error {
	var w creditMemoJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	f, r, err := unmarshalCustom(b, bodyPrefix)
	if err != nil {
		return err
	}
	w.CustomFields, w.CustomRefs = f, r
	*v = CreditMemo(w)
	return nil
}

type returnAuthorizationJSON ReturnAuthorization

// MarshalJSON writes the record with its custbody_* fields merged in.
func (v ReturnAuthorization) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(returnAuthorizationJSON(v))
	if err != nil {
		return nil, err
	}
	return marshalCustom(b, v.CustomFields, v.CustomRefs, bodyPrefix)
}

// UnmarshalJSON reads the record and its custbody_* fields.
func (v *ReturnAuthorization) UnmarshalJSON(b []byte) error {
	var w returnAuthorizationJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	f, r, err := unmarshalCustom(b, bodyPrefix)
	if err != nil {
		return err
	}
	w.CustomFields, w.CustomRefs = f, r
	*v = ReturnAuthorization(w)
	return nil
}

type journalEntryJSON JournalEntry

// MarshalJSON writes the record with its custbody_* fields merged in.
func (v JournalEntry) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(journalEntryJSON(v))
	if err != nil {
		return nil, err
	}
	return marshalCustom(b, v.CustomFields, v.CustomRefs, bodyPrefix)
}

// UnmarshalJSON reads the record and its custbody_* fields.
func (v *JournalEntry) UnmarshalJSON(b []byte) error {
	var w journalEntryJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	f, r, err := unmarshalCustom(b, bodyPrefix)
	if err != nil {
		return err
	}
	w.CustomFields, w.CustomRefs = f, r
	*v = JournalEntry(w)
	return nil
}

type transactionItemJSON TransactionItem

// MarshalJSON writes the record with its custcol_* fields merged in.
func (v TransactionItem) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(transactionItemJSON(v))
	if err != nil {
		return nil, err
	}
	return marshalCustom(b, v.CustomFields, v.CustomRefs, linePrefix)
}

// UnmarshalJSON reads the record and its custcol_* fields.
func (v *TransactionItem) UnmarshalJSON(b []byte) error {
	var w transactionItemJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	f, r, err := unmarshalCustom(b, linePrefix)
	if err != nil {
		return err
	}
	w.CustomFields, w.CustomRefs = f, r
	*v = TransactionItem(w)
	return nil
}

type journalEntryLineJSON JournalEntryLine

// MarshalJSON writes the record with its custcol_* fields merged in.
func (v JournalEntryLine) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(journalEntryLineJSON(v))
	if err != nil {
		return nil, err
	}
	return marshalCustom(b, v.CustomFields, v.CustomRefs, linePrefix)
}

// UnmarshalJSON reads the record and its custcol_* fields.
func (v *JournalEntryLine) UnmarshalJSON(b []byte) error {
	var w journalEntryLineJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	f, r, err := unmarshalCustom(b, linePrefix)
	if err != nil {
		return err
	}
	w.CustomFields, w.CustomRefs = f, r
	*v = JournalEntryLine(w)
	return nil
}
