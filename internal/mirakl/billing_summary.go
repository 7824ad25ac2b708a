package mirakl

import "github.com/jlsync/jlsync/internal/money"

// BillingSummary is the per-cycle breakdown SBC11 (and IV01 AUTO_INVOICE)
// report. Signs follow Mirakl: what the seller earns is positive, what it
// pays (commissions, refunds, subscriptions) negative.
type BillingSummary struct {
	TotalCommissionsExclTax                       money.Amount `json:"total_commissions_excl_tax"`
	TotalCommissionsInclTax                       money.Amount `json:"total_commissions_incl_tax"`
	TotalFeeExclTax                               money.Amount `json:"total_fee_excl_tax"`
	TotalFeeInclTax                               money.Amount `json:"total_fee_incl_tax"`
	TotalFeeOperatorRemittedExclTax               money.Amount `json:"total_fee_operator_remitted_excl_tax"`
	TotalFeeOperatorRemittedInclTax               money.Amount `json:"total_fee_operator_remitted_incl_tax"`
	TotalNonPayableOrdersExclTax                  money.Amount `json:"total_non_payable_orders_excl_tax"`
	TotalNonPayableOrdersInclTax                  money.Amount `json:"total_non_payable_orders_incl_tax"`
	TotalOperatorPaidShippingChargesExclTax       money.Amount `json:"total_operator_paid_shipping_charges_excl_tax"`
	TotalOperatorPaidShippingChargesInclTax       money.Amount `json:"total_operator_paid_shipping_charges_incl_tax"`
	TotalOperatorRemittedTaxes                    money.Amount `json:"total_operator_remitted_taxes"`
	TotalOtherCreditsExclTax                      money.Amount `json:"total_other_credits_excl_tax"`
	TotalOtherCreditsInclTax                      money.Amount `json:"total_other_credits_incl_tax"`
	TotalOtherInvoicesExclTax                     money.Amount `json:"total_other_invoices_excl_tax"`
	TotalOtherInvoicesInclTax                     money.Amount `json:"total_other_invoices_incl_tax"`
	TotalPayableOrdersExclTax                     money.Amount `json:"total_payable_orders_excl_tax"`
	TotalPayableOrdersInclTax                     money.Amount `json:"total_payable_orders_incl_tax"`
	TotalPurchaseTaxes                            money.Amount `json:"total_purchase_taxes"`
	TotalRefundCommissionsExclTax                 money.Amount `json:"total_refund_commissions_excl_tax"`
	TotalRefundCommissionsInclTax                 money.Amount `json:"total_refund_commissions_incl_tax"`
	TotalRefundFeeExclTax                         money.Amount `json:"total_refund_fee_excl_tax"`
	TotalRefundFeeInclTax                         money.Amount `json:"total_refund_fee_incl_tax"`
	TotalRefundFeeOperatorRemittedExclTax         money.Amount `json:"total_refund_fee_operator_remitted_excl_tax"`
	TotalRefundFeeOperatorRemittedInclTax         money.Amount `json:"total_refund_fee_operator_remitted_incl_tax"`
	TotalRefundNonPayableOrdersExclTax            money.Amount `json:"total_refund_non_payable_orders_excl_tax"`
	TotalRefundNonPayableOrdersInclTax            money.Amount `json:"total_refund_non_payable_orders_incl_tax"`
	TotalRefundOperatorPaidShippingChargesExclTax money.Amount `json:"total_refund_operator_paid_shipping_charges_excl_tax"`
	TotalRefundOperatorPaidShippingChargesInclTax money.Amount `json:"total_refund_operator_paid_shipping_charges_incl_tax"`
	TotalRefundOperatorRemittedTaxes              money.Amount `json:"total_refund_operator_remitted_taxes"`
	TotalRefundOrdersExclTax                      money.Amount `json:"total_refund_orders_excl_tax"`
	TotalRefundOrdersInclTax                      money.Amount `json:"total_refund_orders_incl_tax"`
	TotalRefundPayableOrdersExclTax               money.Amount `json:"total_refund_payable_orders_excl_tax"`
	TotalRefundPayableOrdersInclTax               money.Amount `json:"total_refund_payable_orders_incl_tax"`
	TotalRefundPurchaseTaxes                      money.Amount `json:"total_refund_purchase_taxes"`
	TotalSellerFeesOnOrdersExclTax                money.Amount `json:"total_seller_fees_on_orders_excl_tax"`
	TotalSellerFeesOnOrdersInclTax                money.Amount `json:"total_seller_fees_on_orders_incl_tax"`
	TotalSellerPenaltyFeesExclTax                 money.Amount `json:"total_seller_penalty_fees_excl_tax"`
	TotalSellerPenaltyFeesInclTax                 money.Amount `json:"total_seller_penalty_fees_incl_tax"`
	TotalSubscriptionExclTax                      money.Amount `json:"total_subscription_excl_tax"`
	TotalSubscriptionInclTax                      money.Amount `json:"total_subscription_incl_tax"`
}
