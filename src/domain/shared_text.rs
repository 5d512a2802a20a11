//! Texts of records, shared rather than copied.

/// A text of a record (an invoice's number, a payment's reference, a contact's summary…):
/// shared, not copied, when the record is copied (a ledger is copied whole when it is loaded,
/// and compared with its last saved copy at every save: equal texts are then the same
/// allocation), and no allocation at all when empty. Compares, hashes and prints as its
/// `str`.
#[derive(Clone, Default)]
pub(crate) struct SharedText(Option<std::sync::Arc<str>>);

impl SharedText {
    pub(crate) fn new(text: &str) -> SharedText {
        SharedText((!text.is_empty()).then(|| std::sync::Arc::from(text)))
    }

    pub(crate) fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or_default()
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &SharedText) -> bool {
        match (&self.0, &other.0) {
            (Some(left), Some(right)) => std::sync::Arc::ptr_eq(left, right) || left == right,
            (left, right) => left.is_none() && right.is_none(),
        }
    }
}

impl Eq for SharedText {}

impl std::hash::Hash for SharedText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::borrow::Borrow<str> for SharedText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), formatter)
    }
}
