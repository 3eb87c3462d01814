extension Schema {
    /// What the KPI report's billing figure reads: paid invoices by creation time, and one
    /// invoice's charges (reconciliation), which otherwise scanned every charge per invoice.
    static let kpiIndexesSQL = """
    CREATE INDEX billing_invoice_paid ON billing_invoice(created) WHERE status = 'paid';
    CREATE INDEX billing_charge_invoice ON billing_charge(invoice, status) WHERE invoice IS NOT NULL;
    """
}
