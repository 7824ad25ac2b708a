package config

// keyDocs says what each key means. It feeds Example and KeyInfo.Doc; a test
// fails when a key has no entry, so a new field cannot ship undocumented.
var keyDocs = map[string]string{
	"agent.data_dir":  "Directory for the Badger store and backups. Empty: $XDG_STATE_HOME/jlsync, else ~/.local/state/jlsync.",
	"agent.socket":    "Unix socket of the local API (console and CLI). Empty: $XDG_RUNTIME_DIR/jlsync/agent.sock, else <data_dir>/agent.sock.",
	"agent.log_level": "debug | info | warn | error.",
	"agent.owners":    "Team that owns each exception type. A type such as \"orders.unmapped_sku\" falls back to its flow (\"orders\"), then to \"operations\".",

	"mirakl.url":          "Base URL of the John Lewis Mirakl instance (https). Empty: marketplace not configured yet.",
	"mirakl.api_key":      "Shop API key. Secret: environment or mirakl.api_key_file only.",
	"mirakl.api_key_file": "File holding the shop API key (read at start, surrounding whitespace trimmed).",
	"mirakl.shop_id":      "Shop id, for API keys that reach several shops. Empty: the key's only shop.",
	"mirakl.time_scale":   "Divides every flow interval (and matches the simulators' --time-scale). 1 in production.",
	"mirakl.timeout":      "Timeout of one Mirakl HTTP call.",

	"netsuite.account_id":                "NetSuite account id, e.g. 1234567 or 1234567_SB1. Empty: NetSuite not configured yet.",
	"netsuite.url":                       "REST base URL. Empty: https://<account>.suitetalk.api.netsuite.com derived from account_id.",
	"netsuite.concurrency":               "Most NetSuite requests in flight (1..50). The account's limit is shared with every other integration.",
	"netsuite.subsidiary":                "Internal id of the subsidiary set on created records. Empty: NetSuite's default.",
	"netsuite.location":                  "Internal id of the location set on sales orders. Empty: NetSuite's default.",
	"netsuite.currency":                  "Internal id of the currency set on transactions. Empty: the subsidiary's base currency.",
	"netsuite.department":                "Internal id of the department set on transactions. Empty: none.",
	"netsuite.class":                     "Internal id of the class set on transactions. Empty: none.",
	"netsuite.auth.method":               "oauth2 (client credentials, the default) | tba (token-based, closed to new integrations from 2027.1).",
	"netsuite.auth.consumer_key":         "TBA consumer key. Secret: environment or netsuite.auth.consumer_key_file only.",
	"netsuite.auth.consumer_key_file":    "File holding the TBA consumer key.",
	"netsuite.auth.consumer_secret":      "TBA consumer secret. Secret: environment or netsuite.auth.consumer_secret_file only.",
	"netsuite.auth.consumer_secret_file": "File holding the TBA consumer secret.",
	"netsuite.auth.token_id":             "TBA token id. Secret: environment or netsuite.auth.token_id_file only.",
	"netsuite.auth.token_id_file":        "File holding the TBA token id.",
	"netsuite.auth.token_secret":         "TBA token secret. Secret: environment or netsuite.auth.token_secret_file only.",
	"netsuite.auth.token_secret_file":    "File holding the TBA token secret.",
	"netsuite.auth.client_id":            "OAuth 2.0 client id of the integration record.",
	"netsuite.auth.certificate_id":       "OAuth 2.0 certificate id (the JWT kid) from the M2M setup page.",
	"netsuite.auth.private_key_file":     "PEM private key matching the certificate (RSA for PS256 or EC for ES256).",
	"netsuite.timeout":                   "Timeout of one NetSuite HTTP call.",

	"orders.interval":               "How often marketplace orders are polled (OR11 is allowed once a minute).",
	"orders.trigger_states":         "Mirakl order states at which an order enters NetSuite. SHIPPING = payment taken.",
	"orders.customer":               "per_customer (one NetSuite customer per buyer) | single (every order on single_customer_id).",
	"orders.single_customer_id":     "Internal id of the customer used when customer is single.",
	"orders.shipping_item":          "Internal id of the item used for shipping lines. Empty: the sales order's shippingCost field.",
	"orders.tax_mode":               "gross (marketplace prices include VAT) | net.",
	"orders.acceptance.policy":      "auto (accept lines that pass the checks below) | manual (an operator accepts in Mirakl).",
	"orders.acceptance.on_unmapped": "A line whose SKU has no NetSuite item: hold (raise an exception, accept once fixed) | refuse.",
	"orders.acceptance.on_no_stock": "A line with no stock to sell: hold | refuse.",
	"orders.commercial_id_field":    "Sales order body field (e.g. custbody_jl_order) that receives the marketplace commercial id. Empty: the memo.",
	"orders.max_attempts":           "Attempts before a failing order becomes an exception.",

	"skumap.match":    "How an offer SKU finds its NetSuite item when no explicit entry exists: itemId | upcCode | externalId.",
	"skumap.explicit": "Offer SKU -> NetSuite item internal id. Seeds the operator-edited map; the store wins afterwards.",

	"inventory.interval":               "How often changed stock is read from NetSuite and sent (STO01 is allowed once a minute).",
	"inventory.full_every":             "How often every SKU is sent, not only changed ones.",
	"inventory.locations":              "NetSuite location ids whose quantities are summed. Empty: every location.",
	"inventory.warehouses":             "NetSuite location id -> Mirakl warehouse code, for per-warehouse stock. Empty: one total.",
	"inventory.floor":                  "When the quantity to publish is below this, publish 0 (stops selling the last few units).",
	"inventory.buffer":                 "Safety stock held back from the marketplace: the SKU entry wins, then the first matching rule, then default. Units and percent add up.",
	"inventory.buffer.default.units":   "Units held back from every SKU.",
	"inventory.buffer.default.percent": "Percent of the quantity held back from every SKU, as a decimal string (\"10\" = 10%).",
	"inventory.buffer.rules":           "Buffers for SKUs by prefix and/or NetSuite item class; the first matching rule wins.",
	"inventory.buffer.skus":            "Buffer for one offer SKU; wins over rules and default.",

	"fulfilment.interval":    "How often item fulfilments are read from NetSuite and sent as tracking and ship.",
	"fulfilment.carriers":    "NetSuite ship method or carrier -> Mirakl carrier_code.",
	"fulfilment.sla_warning": "Raise an exception this long before an order's ship-by deadline when it has no fulfilment. 0: off.",

	"returns.interval":     "How often marketplace refunds are read and turned into credit memos.",
	"returns.reason_field": "Credit memo field (e.g. custbody_return_reason) that receives the refund reason. Empty: not recorded.",
	"returns.tolerance":    "Largest difference, in money, between a refund and the credit memo built from the sales order before it is flagged.",

	"payouts.interval":             "How often billing cycles and their transactions are read.",
	"payouts.accounts":             "Mirakl transaction type -> NetSuite GL account id. An unmapped type blocks posting.",
	"payouts.clearing_account":     "GL account id receiving the net of each payout until the bank deposit matches it.",
	"payouts.bank_account":         "GL account id of the bank the marketplace pays into (used when there is no clearing account).",
	"payouts.commission_rates":     "Mirakl category code -> expected commission rate in percent (\"12.5\").",
	"payouts.commission_tolerance": "Largest difference, in money, between the commission charged on a line and rate x amount before it is flagged.",
	"payouts.auto_post":            "Post balanced journals without an operator (needs clearing_account or bank_account).",
}

// keyExamples are commented entries shown under empty maps and lists in Example.
var keyExamples = map[string][]string{
	"skumap.explicit":          {`"JL-123456": "4567"`},
	"inventory.locations":      {`- "1"`},
	"inventory.warehouses":     {`"1": "MAIN"`},
	"inventory.buffer.rules":   {`- prefix: "CLEAR-"`, `  item_class: ""`, `  units: 2`, `  percent: "10"`},
	"inventory.buffer.skus":    {`"JL-123456": {units: 1, percent: "0"}`},
	"fulfilment.carriers":      {`"Royal Mail 24": "ROYAL_MAIL"`, `"DPD Next Day": "DPD"`},
	"payouts.accounts":         {`ORDER_AMOUNT: "4000"`, `ORDER_SHIPPING_AMOUNT: "4010"`, `COMMISSION_FEE: "6100"`, `COMMISSION_VAT: "2200"`},
	"payouts.commission_rates": {`HOME: "12.5"`},
}
