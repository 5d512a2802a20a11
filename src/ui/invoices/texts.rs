//! The words of the invoices pages, in French and in English (stub).
