package netsuitesim

import "strings"

// typeInfo describes a record type the simulator holds. Internal ids are
// allocated per id space, as in NetSuite: all transactions share one
// sequence, all items another, all entities a third.
type typeInfo struct {
	name      string // canonical camelCase name used in paths
	space     string
	tranType  string // transaction.type in SuiteQL
	tranLabel string // "Sales Order", used in BUILTIN.DF(status)
	tranIDPfx string // prefix of generated tranId
	itemType  string // item.itemtype in SuiteQL
	sublists  []string
}

const (
	spaceTransaction = "transaction"
	spaceItem        = "item"
	spaceEntity      = "entity"
)

var types = []typeInfo{
	{name: "customer", space: spaceEntity, sublists: []string{"addressbook"}},
	{name: "salesOrder", space: spaceTransaction, tranType: "SalesOrd", tranLabel: "Sales Order", tranIDPfx: "SO", sublists: []string{"item"}},
	{name: "itemFulfillment", space: spaceTransaction, tranType: "ItemShip", tranLabel: "Item Fulfillment", tranIDPfx: "IF", sublists: []string{"item", "package"}},
	{name: "invoice", space: spaceTransaction, tranType: "CustInvc", tranLabel: "Invoice", tranIDPfx: "INV", sublists: []string{"item"}},
	{name: "creditMemo", space: spaceTransaction, tranType: "CustCred", tranLabel: "Credit Memo", tranIDPfx: "CM", sublists: []string{"item", "apply"}},
	{name: "returnAuthorization", space: spaceTransaction, tranType: "RtnAuth", tranLabel: "Return Authorization", tranIDPfx: "RA", sublists: []string{"item"}},
	{name: "itemReceipt", space: spaceTransaction, tranType: "ItemRcpt", tranLabel: "Item Receipt", tranIDPfx: "IR", sublists: []string{"item"}},
	{name: "journalEntry", space: spaceTransaction, tranType: "Journal", tranLabel: "Journal", tranIDPfx: "JE", sublists: []string{"line"}},
	{name: "customerDeposit", space: spaceTransaction, tranType: "CustDep", tranLabel: "Customer Deposit", tranIDPfx: "DEP"},
	{name: "inventoryItem", space: spaceItem, itemType: "InvtPart"},
	{name: "nonInventorySaleItem", space: spaceItem, itemType: "NonInvtPart"},
	{name: "serviceSaleItem", space: spaceItem, itemType: "Service"},
	{name: "otherChargeSaleItem", space: spaceItem, itemType: "OthCharge"},
	{name: "shipItem", space: spaceItem, itemType: "ShipItem"},
	{name: "location", space: "location"},
	{name: "account", space: "account"},
	{name: "subsidiary", space: "subsidiary"},
	{name: "currency", space: "currency"},
	{name: "department", space: "department"},
	{name: "classification", space: "classification"},
}

var typeByLower = func() map[string]*typeInfo {
	m := make(map[string]*typeInfo, len(types))
	for i := range types {
		m[strings.ToLower(types[i].name)] = &types[i]
	}
	return m
}()

// lookupType resolves a path segment; NetSuite treats record type names
// case-insensitively.
func lookupType(name string) *typeInfo { return typeByLower[strings.ToLower(name)] }

func (t *typeInfo) isTransaction() bool { return t.space == spaceTransaction }
func (t *typeInfo) isItem() bool        { return t.space == spaceItem }

func (t *typeInfo) hasSublist(name string) bool {
	for _, s := range t.sublists {
		if s == name {
			return true
		}
	}
	return false
}

// Enum display names, for refName on read and BUILTIN.DF.
var (
	salesOrderStatus = map[string]string{
		"A": "Pending Approval", "B": "Pending Fulfillment", "C": "Cancelled", "D": "Partially Fulfilled",
		"E": "Pending Billing/Partially Fulfilled", "F": "Pending Billing", "G": "Billed", "H": "Closed",
	}
	returnStatus = map[string]string{
		"A": "Pending Approval", "B": "Pending Receipt", "C": "Cancelled", "D": "Partially Received",
		"E": "Pending Refund/Partially Received", "F": "Pending Refund", "G": "Refunded", "H": "Closed",
	}
	shipStatus = map[string]string{"A": "Picked", "B": "Packed", "C": "Shipped"}
)
