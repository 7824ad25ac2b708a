package miraklsim

import (
	"time"

	"github.com/jlsync/jlsync/internal/money"
)

// The simulator's own choices where Mirakl's behaviour is not published.
// API-shape choices shared with the client live in internal/mirakl
// (assumptions.go); these are about how the simulated marketplace behaves.
// docs/mirakl.md lists both.

const (
	// DebitDelay is how long an accepted order waits in WAITING_DEBIT before
	// the customer is debited and it moves to SHIPPING (divided by TimeScale).
	DebitDelay = 20 * time.Second

	// importWaiting / importRunning: an STO01 or OF24 import is WAITING for
	// the first span, RUNNING until the second, then COMPLETE (both divided
	// by TimeScale). Effects apply at completion.
	importWaiting = 1 * time.Second
	importRunning = 3 * time.Second

	// refundDelay: a refund is WAITING_REFUND for this long, then REFUNDED.
	refundDelay = 10 * time.Second

	// CommissionVATRate is the VAT the operator charges on its commission.
	// UNCERTAIN for John Lewis; UK standard rate.
	commissionVATPercent = 20

	// commissionTaxCode is the tax code of commission VAT (A01 applicable_taxes).
	commissionTaxCode = "TAXDEFAULT"

	// vatTaxCode is the code of the 20% VAT inside UK prices. UNCERTAIN:
	// operators name their tax codes freely.
	vatTaxCode = "GB_VAT_STANDARD"

	// taxRule for line taxes (PROPORTIONAL_TO_AMOUNT lets OR28 omit taxes).
	taxRule = "PROPORTIONAL_TO_AMOUNT"

	// paymentStateOnShip is the TL02 payment_state of order lines when the
	// order ships. UNCERTAIN: Mirakl may hold lines PENDING until receipt;
	// the simulator makes them PAYABLE at once so a billing cycle can close.
	paymentStateOnShip = "PAYABLE"

	// disabledFeatureStatus answers ST01/ST23/ST24 when PC01 disables
	// multi-shipment and RT11 when returns are disabled. UNCERTAIN.
	disabledFeatureStatus = 400
)

// commissionVAT is the commission VAT rate as a money.Rate.
var commissionVAT = money.Percent(commissionVATPercent)

// Transaction money model (UNCERTAIN, see the reference §6.2):
//   - commission is charged on the goods price only (not shipping), at the
//     line's category rate, plus commissionVAT on the commission;
//   - when an order ships, each line yields ORDER_AMOUNT (+goods),
//     ORDER_SHIPPING_AMOUNT (+shipping, if any), COMMISSION_FEE (-fee) and
//     COMMISSION_VAT (-VAT); *_TAX lines appear only for TAX_EXCLUDED orders,
//     because in TAX_INCLUDED mode the VAT is inside the amounts;
//   - a refund yields REFUND_ORDER_AMOUNT (-), REFUND_ORDER_SHIPPING_AMOUNT (-),
//     REFUND_COMMISSION_FEE (+) and REFUND_COMMISSION_VAT (+), the commission
//     refunded in proportion to the goods refunded;
//   - cancellations before shipment produce no lines (nothing was credited);
//   - closing a billing cycle gathers every PAYABLE line without a cycle,
//     issues one AUTO_INVOICE for the net commission and adds a PAYMENT line
//     that brings the cycle's lines to zero.
