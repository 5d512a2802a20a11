//! Identifiers: newtypes over `u64`, allocated by the [`Ledger`](super::Ledger) from one
//! counter. No randomness: the same commands give the same ids.

use std::fmt;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident, $prefix:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u64);

        impl $name {
            /// Rebuilds an id read back from storage.
            pub const fn from_raw(raw: u64) -> $name {
                $name(raw)
            }

            /// The number behind the id, for storage.
            pub const fn raw(self) -> u64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(formatter, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(
    /// A client of the ledger.
    ClientId,
    "client#"
);
id_type!(
    /// An invoice of the ledger (not its number, which the user chooses).
    InvoiceId,
    "invoice#"
);
id_type!(
    /// A payment received.
    PaymentId,
    "payment#"
);
id_type!(
    /// A credit note or adjustment.
    AdjustmentId,
    "adjustment#"
);
id_type!(
    /// An entry of the contact log.
    ContactId,
    "contact#"
);
id_type!(
    /// A payment plan (échéancier).
    PlanId,
    "plan#"
);
