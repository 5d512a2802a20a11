//! A short message that outlives a change of page: the form saves, then the list says so.
//! Held for this tab only, taken once by the page that shows it.

use std::cell::RefCell;

use crate::domain::{InvoiceDetails, InvoiceStatus};

/// What the next invoices page should say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flash {
    /// An invoice was saved.
    Saved { number: String },
    /// A draft was deleted; its data, to undo.
    Deleted {
        details: Box<InvoiceDetails>,
        status: InvoiceStatus,
    },
    /// A deleted draft was brought back by Undo.
    Restored { number: String },
}

thread_local! {
    static FLASH: RefCell<Option<Flash>> = const { RefCell::new(None) };
}

/// Leaves `flash` for the next page (replacing any not shown).
pub fn leave(flash: Flash) {
    FLASH.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = Some(flash);
        }
    });
}

/// Takes the message left, if any.
pub fn take() -> Option<Flash> {
    FLASH.with(|cell| cell.try_borrow_mut().ok().and_then(|mut slot| slot.take()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flash_is_taken_once() {
        leave(Flash::Saved {
            number: "F-1".into(),
        });
        assert_eq!(
            take(),
            Some(Flash::Saved {
                number: "F-1".into()
            })
        );
        assert_eq!(take(), None);
    }
}
