//! The domain's test ledger, under the name the invoices' tests know.

pub(crate) use crate::domain::test_support::Books;
