import Foundation

/// Reconciliation (issue 18): paid invoices against succeeded charges against refunds, all
/// in integer minor units per currency. Pure: the store hands over the rows, this says
/// what matches and why the rest does not.
///
/// - A paid invoice with an amount paid is matched when the succeeded charges naming it,
///   in its currency, add up to exactly that amount. Paid with nothing charged, charged a
///   different amount or in another currency is a mismatch, each with its reason. A paid
///   invoice of zero (a credit or a free period) needs no charge.
/// - A succeeded charge naming an invoice that is not paid, or one pmops has never seen,
///   is a mismatch; a succeeded charge naming no invoice is a one-off payment and listed.
/// - A refund larger than its charge, or a refund on a charge that did not succeed, is a
///   mismatch. Refunds on matched charges are totalled (net = charged − refunded).
public enum Reconciliation {
    public struct Invoice: Sendable, Equatable {
        public var id: String
        public var status: String
        public var paid: Money
        public var customer: String?
        public init(id: String, status: String, paid: Money, customer: String?) {
            self.id = id
            self.status = status
            self.paid = paid
            self.customer = customer
        }
    }

    public struct Charge: Sendable, Equatable {
        public var id: String
        public var invoice: String?
        public var status: String
        public var amount: Money
        /// Refunded so far, in the charge's currency.
        public var refunded: Int64
        public var customer: String?
        public init(id: String, invoice: String?, status: String, amount: Money, refunded: Int64, customer: String?) {
            self.id = id
            self.invoice = invoice
            self.status = status
            self.amount = amount
            self.refunded = refunded
            self.customer = customer
        }
    }

    public enum Problem: String, Codable, Sendable, CaseIterable {
        case paidWithoutCharge = "paid-without-charge"
        case amountDiffers = "amount-differs"
        case currencyDiffers = "currency-differs"
        case chargeForUnpaidInvoice = "charge-for-unpaid-invoice"
        case chargeForUnknownInvoice = "charge-for-unknown-invoice"
        case chargeWithoutInvoice = "charge-without-invoice"
        case overRefunded = "over-refunded"
        case refundOnUnsucceededCharge = "refund-on-unsucceeded-charge"
    }

    public struct Mismatch: Sendable, Equatable, Codable {
        public var problem: Problem
        public var invoice: String?
        public var charge: String?
        public var customer: String?
        public var reason: String
    }

    /// Per-currency totals, in minor units.
    public struct Totals: Sendable, Equatable, Codable {
        public var currency: String
        public var invoicedPaid: Int64 = 0
        public var charged: Int64 = 0
        public var refunded: Int64 = 0
        public var net: Int64 { charged.addingSaturating(refunded == .min ? .max : -refunded) }
    }

    public struct Report: Sendable, Equatable {
        public var paidInvoices = 0
        /// Paid invoices whose charges match (zero-amount ones included).
        public var matched = 0
        public var mismatches: [Mismatch] = []
        public var totals: [Totals] = []
    }

    /// Reconciles the invoices and charges of a period. `knownInvoices` maps the id of every
    /// invoice pmops holds (also outside the period) to its status, so a charge for an
    /// invoice created before the period is not called unknown.
    public static func reconcile(invoices: [Invoice], charges: [Charge], knownInvoices: [String: String]) -> Report {
        var report = Report()
        var totals: [String: Totals] = [:]
        var byInvoice: [String: [Charge]] = [:]
        for charge in charges where charge.status == "succeeded" {
            if let invoice = charge.invoice { byInvoice[invoice, default: []].append(charge) }
        }
        let listed = Dictionary(invoices.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for invoice in invoices.sorted(by: { $0.id < $1.id }) where invoice.status == "paid" {
            report.paidInvoices += 1
            totals[invoice.paid.currency, default: Totals(currency: invoice.paid.currency)].invoicedPaid.formSaturating(invoice.paid.minor)
            let paidBy = byInvoice[invoice.id] ?? []
            let same = paidBy.filter { $0.amount.currency == invoice.paid.currency }
            let sum = same.reduce(Int64(0)) { $0.addingSaturating($1.amount.minor) }
            func flag(_ problem: Problem, _ reason: String) {
                report.mismatches.append(Mismatch(problem: problem, invoice: invoice.id, charge: paidBy.first?.id, customer: invoice.customer, reason: reason))
            }
            if invoice.paid.minor == 0, paidBy.isEmpty {
                report.matched += 1
            } else if paidBy.isEmpty {
                flag(.paidWithoutCharge, "invoice \(invoice.id) is paid (\(invoice.paid.formatted)) but no succeeded charge names it")
            } else if same.count < paidBy.count {
                let other = paidBy.first { $0.amount.currency != invoice.paid.currency }
                flag(.currencyDiffers, "invoice \(invoice.id) is in \(invoice.paid.currency.uppercased()) but charge \(other?.id ?? "-") is \(other?.amount.formatted ?? "-")")
            } else if sum != invoice.paid.minor {
                flag(.amountDiffers, "invoice \(invoice.id) paid \(invoice.paid.formatted) but its charges took \(Money(minor: sum, currency: invoice.paid.currency).formatted)")
            } else {
                report.matched += 1
            }
        }
        for charge in charges.sorted(by: { $0.id < $1.id }) {
            func flag(_ problem: Problem, _ reason: String) {
                report.mismatches.append(Mismatch(problem: problem, invoice: charge.invoice, charge: charge.id, customer: charge.customer, reason: reason))
            }
            if charge.status == "succeeded" {
                totals[charge.amount.currency, default: Totals(currency: charge.amount.currency)].charged.formSaturating(charge.amount.minor)
                totals[charge.amount.currency, default: Totals(currency: charge.amount.currency)].refunded.formSaturating(charge.refunded)
                if let invoice = charge.invoice {
                    let status = listed[invoice]?.status ?? knownInvoices[invoice]
                    if status == nil {
                        flag(.chargeForUnknownInvoice, "charge \(charge.id) (\(charge.amount.formatted)) names invoice \(invoice), which pmops has not received")
                    } else if status != "paid" {
                        flag(.chargeForUnpaidInvoice, "charge \(charge.id) (\(charge.amount.formatted)) succeeded but invoice \(invoice) is \(status ?? "-")")
                    }
                } else {
                    flag(.chargeWithoutInvoice, "charge \(charge.id) (\(charge.amount.formatted)) succeeded without an invoice (a one-off payment)")
                }
                if charge.refunded > charge.amount.minor {
                    flag(.overRefunded, "charge \(charge.id) refunded \(Money(minor: charge.refunded, currency: charge.amount.currency).formatted) of \(charge.amount.formatted)")
                }
            } else if charge.refunded > 0 {
                flag(.refundOnUnsucceededCharge, "charge \(charge.id) is \(charge.status) yet shows \(Money(minor: charge.refunded, currency: charge.amount.currency).formatted) refunded")
            }
        }
        report.totals = totals.values.sorted { $0.currency < $1.currency }
        return report
    }
}
