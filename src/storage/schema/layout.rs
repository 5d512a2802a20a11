//! Where the ledger's records are stored: the format's constants, the 17 shards (`clients`,
//! `i00`…`i15`: an invoice, and what is stored in it, in the shard its id hashes to), each
//! shard's records in a fixed order, and the manifest that says where each shard is.

use crate::domain::{
    Adjustment, Client, ContactEntry, Invoice, InvoiceId, Ledger, Money, Payment, PlanId, PlanTerms,
};

/// The `format` field of the manifest.
pub const FORMAT: &str = "relance-ledger";
/// The version this build writes, and the newest it reads.
pub const VERSION: u64 = 2;
/// The oldest version this build reads: version 1 is version 2 without the demo flag of
/// clients (`z`), so it reads as it is, with no conversion.
pub const OLDEST_READ: u64 = 1;
/// How many shards hold invoices (by invoice id modulo this).
pub const INVOICE_SHARDS: u8 = 16;
/// Every shard: `clients`, then `i00`…`i15`.
pub const SHARD_COUNT: usize = 1 + INVOICE_SHARDS as usize;

// ----- shards -----

/// One of the 17 stored documents besides the manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ShardName {
    /// Clients and the contacts that are not about exactly one invoice.
    Clients,
    /// Invoices whose id modulo 16 is this number, with everything hanging off them.
    Invoices(u8),
}

impl ShardName {
    /// Every shard, in manifest order.
    pub fn all() -> impl Iterator<Item = ShardName> {
        std::iter::once(ShardName::Clients).chain((0..INVOICE_SHARDS).map(ShardName::Invoices))
    }

    /// The shard an invoice (and its payments, credit notes, plans…) is stored in: the top
    /// four bits of `id × 0x9E37_79B9_7F4A_7C15` (Fibonacci hashing). Not `id mod 16`: ids
    /// come from one counter, so a ledger where every invoice gets, say, two payments and
    /// three contacts has invoice ids 6 apart, and `mod 16` would fill 8 shards out of 16
    /// (ids 16 apart: a single shard). The golden ratio spreads any such stride evenly.
    pub fn of_invoice(invoice: InvoiceId) -> ShardName {
        let spread = invoice.raw().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60;
        // Four bits: below 16, the conversion cannot fail.
        ShardName::Invoices(u8::try_from(spread).unwrap_or(0))
    }

    /// `clients`, `i00`…`i15`.
    pub fn name(self) -> String {
        match self {
            ShardName::Clients => "clients".to_string(),
            ShardName::Invoices(n) => format!("i{n:02}"),
        }
    }

    pub fn parse(name: &str) -> Option<ShardName> {
        if name == "clients" {
            return Some(ShardName::Clients);
        }
        let digits = name.strip_prefix('i')?;
        if digits.len() != 2 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let n: u8 = digits.parse().ok()?;
        (n < INVOICE_SHARDS).then_some(ShardName::Invoices(n))
    }

    /// Position in [`ShardName::all`]: 0 for `clients`, 1 + n for `i<n>`.
    pub fn index(self) -> usize {
        match self {
            ShardName::Clients => 0,
            ShardName::Invoices(n) => 1 + usize::from(n),
        }
    }
}

/// The domain records of one shard, in the order [`visit`] meets them in a ledger
/// (clients and invoices by id, payments and credit notes by invoice then date, contacts and
/// plans by id). Two equal `ShardRecords` encode to the same text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardRecords {
    pub clients: Vec<Client>,
    pub invoices: Vec<Invoice>,
    pub payments: Vec<Payment>,
    pub adjustments: Vec<Adjustment>,
    pub contacts: Vec<ContactEntry>,
    pub plans: Vec<(PlanId, PlanTerms, Money)>,
}

impl ShardRecords {
    /// How many records of every kind: the manifest's `records`.
    pub fn len(&self) -> usize {
        self.clients.len()
            + self.invoices.len()
            + self.payments.len()
            + self.adjustments.len()
            + self.contacts.len()
            + self.plans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Copies the records `from` has beyond those this one has (which are a copy of its
    /// first ones).
    pub(super) fn copy_new(&mut self, from: &ShardRecords) {
        fn tail<T: Clone>(to: &mut Vec<T>, from: &[T]) {
            to.extend_from_slice(from.get(to.len()..).unwrap_or_default());
        }
        tail(&mut self.clients, &from.clients);
        tail(&mut self.invoices, &from.invoices);
        tail(&mut self.payments, &from.payments);
        tail(&mut self.adjustments, &from.adjustments);
        tail(&mut self.contacts, &from.contacts);
        tail(&mut self.plans, &from.plans);
    }

    /// Sorts into [`visit`] order (a shard written by hand, or by a future version, may list
    /// records in another order; sorting keeps the next save from rewriting it needlessly).
    pub(super) fn sort(&mut self) {
        // Unstable sorts (smaller code): every key ends with the record's id, unique in a
        // ledger that loads.
        self.clients.sort_unstable_by_key(Client::id);
        self.invoices.sort_unstable_by_key(Invoice::id);
        self.payments
            .sort_unstable_by_key(|payment| (payment.invoice(), payment.date(), payment.id()));
        self.adjustments
            .sort_unstable_by_key(|item| (item.invoice(), item.date(), item.id()));
        self.contacts.sort_unstable_by_key(ContactEntry::id);
        self.plans.sort_unstable_by_key(|(id, _, _)| *id);
    }
}

/// One record of a ledger, as [`visit`] hands it out.
#[derive(Clone, Copy, Debug)]
pub enum Item<'a> {
    Client(&'a Client),
    Invoice(&'a Invoice),
    Payment(&'a Payment),
    Adjustment(&'a Adjustment),
    Contact(&'a ContactEntry),
    Plan(PlanId, PlanTerms, Money),
}

impl Item<'_> {
    /// The record's id, as a number.
    pub fn raw_id(&self) -> u64 {
        match self {
            Item::Client(client) => client.id().raw(),
            Item::Invoice(invoice) => invoice.id().raw(),
            Item::Payment(payment) => payment.id().raw(),
            Item::Adjustment(adjustment) => adjustment.id().raw(),
            Item::Contact(contact) => contact.id().raw(),
            Item::Plan(id, _, _) => id.raw(),
        }
    }

    /// Whether `records` holds this item at the given position of its kind.
    fn matches(&self, records: &ShardRecords, position: usize) -> bool {
        match self {
            Item::Client(client) => records.clients.get(position) == Some(*client),
            Item::Invoice(invoice) => records.invoices.get(position) == Some(*invoice),
            Item::Payment(payment) => records.payments.get(position) == Some(*payment),
            Item::Adjustment(item) => records.adjustments.get(position) == Some(*item),
            Item::Contact(contact) => records.contacts.get(position) == Some(*contact),
            Item::Plan(id, terms, balance) => {
                records.plans.get(position) == Some(&(*id, *terms, *balance))
            }
        }
    }

    fn kind_index(&self) -> usize {
        match self {
            Item::Client(_) => 0,
            Item::Invoice(_) => 1,
            Item::Payment(_) => 2,
            Item::Adjustment(_) => 3,
            Item::Contact(_) => 4,
            Item::Plan(..) => 5,
        }
    }

    fn push_into(&self, records: &mut ShardRecords) {
        match self {
            Item::Client(client) => records.clients.push((*client).clone()),
            Item::Invoice(invoice) => records.invoices.push((*invoice).clone()),
            Item::Payment(payment) => records.payments.push((*payment).clone()),
            Item::Adjustment(item) => records.adjustments.push((*item).clone()),
            Item::Contact(contact) => records.contacts.push((*contact).clone()),
            Item::Plan(id, terms, balance) => records.plans.push((*id, *terms, *balance)),
        }
    }
}

/// The shard a contact is stored in: its invoice's when it is about exactly one invoice,
/// otherwise `clients`.
fn shard_of_contact(contact: &ContactEntry) -> ShardName {
    match contact.details().invoices() {
        [invoice] => ShardName::of_invoice(*invoice),
        _ => ShardName::Clients,
    }
}

/// Calls `visit` with every record of `ledger` and the shard it is stored in, in a fixed
/// order (all clients, invoices, payments, credit notes, contacts, plans). Reads the ledger
/// sequentially: no lookup per record.
pub fn visit<'a>(ledger: &'a Ledger, mut visit: impl FnMut(ShardName, Item<'a>)) {
    for client in ledger.clients() {
        visit(ShardName::Clients, Item::Client(client));
    }
    for invoice in ledger.invoices() {
        visit(ShardName::of_invoice(invoice.id()), Item::Invoice(invoice));
    }
    for payment in ledger.payments() {
        visit(
            ShardName::of_invoice(payment.invoice()),
            Item::Payment(payment),
        );
    }
    for adjustment in ledger.adjustments() {
        visit(
            ShardName::of_invoice(adjustment.invoice()),
            Item::Adjustment(adjustment),
        );
    }
    for contact in ledger.contacts() {
        visit(shard_of_contact(contact), Item::Contact(contact));
    }
    for plan in ledger.plans() {
        visit(
            ShardName::of_invoice(plan.invoice()),
            Item::Plan(plan.id(), plan.terms(), plan.balance()),
        );
    }
}

/// What [`compare`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// Per shard (by [`ShardName::index`]): whether its records differ from the snapshot.
    pub changed: Vec<bool>,
    /// The highest id of any record, 0 when the ledger is empty.
    pub highest_id: u64,
}

/// Which shards of `ledger` differ from `snapshot` (indexed by [`ShardName::index`]), in one
/// sequential pass that compares records and clones nothing.
pub fn compare(ledger: &Ledger, snapshot: &[ShardRecords]) -> Comparison {
    let mut changed = vec![false; SHARD_COUNT];
    let mut positions = vec![[0usize; 6]; SHARD_COUNT];
    let mut highest_id = 0;
    visit(ledger, |shard, item| {
        highest_id = highest_id.max(item.raw_id());
        let index = shard.index();
        let Some(position) = positions
            .get_mut(index)
            .and_then(|kinds| kinds.get_mut(item.kind_index()))
        else {
            return;
        };
        let differs = match snapshot.get(index) {
            Some(records) => !item.matches(records, *position),
            None => true,
        };
        *position += 1;
        if differs && let Some(flag) = changed.get_mut(index) {
            *flag = true;
        }
    });
    for (index, flag) in changed.iter_mut().enumerate() {
        let counted = positions.get(index).copied().unwrap_or_default();
        let stored = snapshot.get(index).map(|records| {
            [
                records.clients.len(),
                records.invoices.len(),
                records.payments.len(),
                records.adjustments.len(),
                records.contacts.len(),
                records.plans.len(),
            ]
        });
        if stored != Some(counted) {
            *flag = true;
        }
    }
    Comparison {
        changed,
        highest_id,
    }
}

/// The records of the shards marked in `which` (indexed by [`ShardName::index`]); `None` for
/// the others.
pub fn collect(ledger: &Ledger, which: &[bool]) -> Vec<Option<ShardRecords>> {
    let mut shards: Vec<Option<ShardRecords>> = (0..SHARD_COUNT)
        .map(|index| {
            which
                .get(index)
                .copied()
                .unwrap_or(false)
                .then(ShardRecords::default)
        })
        .collect();
    visit(ledger, |shard, item| {
        if let Some(Some(records)) = shards.get_mut(shard.index()) {
            item.push_into(records);
        }
    });
    shards
}

/// Every shard's records (a full copy of the ledger's records).
pub fn split(ledger: &Ledger) -> Vec<ShardRecords> {
    collect(ledger, &[true; SHARD_COUNT])
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

// ----- the manifest -----

/// Where one shard is, as the manifest says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardEntry {
    pub key: String,
    pub checksum: String,
    pub records: u64,
}

/// The manifest: the revision, the next id, and where each shard is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub revision: u64,
    pub next_id: u64,
    /// One per shard, by [`ShardName::index`].
    pub shards: Vec<ShardEntry>,
}

impl Manifest {
    pub fn shard(&self, shard: ShardName) -> Option<&ShardEntry> {
        self.shards.get(shard.index())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_names_round_trip_and_cover_every_invoice() {
        let names: Vec<String> = ShardName::all().map(ShardName::name).collect();
        assert_eq!(names.len(), SHARD_COUNT);
        assert_eq!(names.first().map(String::as_str), Some("clients"));
        assert_eq!(names.last().map(String::as_str), Some("i15"));
        for (index, shard) in ShardName::all().enumerate() {
            assert_eq!(ShardName::parse(&shard.name()), Some(shard));
            assert_eq!(shard.index(), index);
        }
        for bad in ["i16", "i7", "i007", "I01", "client", "", "i-1", "i+1"] {
            assert_eq!(ShardName::parse(bad), None, "{bad}");
        }
        // Fixed forever: a stored invoice must be looked for where it was written.
        let spread: Vec<u8> = (1..=8)
            .map(
                |raw| match ShardName::of_invoice(InvoiceId::from_raw(raw)) {
                    ShardName::Invoices(n) => n,
                    ShardName::Clients => 99,
                },
            )
            .collect();
        assert_eq!(spread, [9, 3, 13, 7, 1, 11, 5, 15]);
        assert!(matches!(
            ShardName::of_invoice(InvoiceId::from_raw(u64::MAX)),
            ShardName::Invoices(_)
        ));
    }

    #[test]
    fn invoices_allocated_at_any_stride_spread_over_every_shard() {
        // Ids come from one counter: each invoice followed by its payments and contacts
        // gives invoice ids at a regular stride. Every stride must fill all 16 shards evenly.
        for stride in 1..=100u64 {
            let mut counts = [0u32; INVOICE_SHARDS as usize];
            for k in 0..1600u64 {
                if let ShardName::Invoices(n) =
                    ShardName::of_invoice(InvoiceId::from_raw(1 + k * stride))
                {
                    counts[usize::from(n)] += 1;
                }
            }
            let (least, most) = (counts.iter().min(), counts.iter().max());
            assert!(
                least >= Some(&50) && most <= Some(&150),
                "stride {stride}: {counts:?}"
            );
        }
    }
}
