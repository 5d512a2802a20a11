//! Two tabs editing one record at once: a three-way merge, part by part.
//!
//! `base` is what the form was opened with, `mine` what it submits, `current` what the books
//! hold when the save is made (perhaps another tab's version). For each part of the record:
//! unchanged by me → `current`'s; changed by me and unchanged elsewhere (or changed elsewhere
//! to the same value) → mine; changed both here and elsewhere, differently → a clash, which
//! is reported (never settled in silence). The records say what their parts are
//! ([`Parts`]: `invoice::InvoiceFields`, `client::ClientDetails`).

/// A record seen as parts that a merge takes whole, one side's or the other's.
pub trait Parts: Clone {
    type Part: Copy + Eq + std::fmt::Debug + 'static;
    /// Every part, in the form's order.
    const PARTS: &'static [Self::Part];
    /// Whether `self` and `other` hold the same value for `part`.
    fn same(&self, other: &Self, part: Self::Part) -> bool;
    /// Puts `other`'s value of `part` in `self`.
    fn take(&mut self, other: &Self, part: Self::Part);
}

/// Why an edit was not merged with the version stored now (`D`: the record's details; `E`:
/// why they may not hold).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditConflict<P, D, E> {
    /// The parts to show the user: those changed both here and elsewhere, each its own way;
    /// or, when the merge does not hold ([`EditConflict::broken`]), every part changed
    /// elsewhere.
    pub parts: Vec<P>,
    /// The version stored now (the other tab's).
    pub theirs: D,
    /// Why the merge, without a clash, does not hold together (an issue date moved after a
    /// due date set here, say).
    pub broken: Option<E>,
}

/// One value's three-way merge: `None` when both sides changed it, each its own way.
pub fn merge_value<T: PartialEq + Clone>(base: &T, mine: &T, current: &T) -> Option<T> {
    if mine == base || mine == current {
        Some(current.clone())
    } else if current == base {
        Some(mine.clone())
    } else {
        None
    }
}

/// The three-way merge of a record: `current` with the parts only `mine` changed; `Err`: the
/// parts both changed, each its own way (in the record's order).
pub fn merge<F: Parts>(base: &F, mine: &F, current: &F) -> Result<F, Vec<F::Part>> {
    let mut merged = current.clone();
    let mut clashes = Vec::new();
    for &part in F::PARTS {
        if mine.same(base, part) || mine.same(current, part) {
            continue;
        }
        if current.same(base, part) {
            merged.take(mine, part);
        } else {
            clashes.push(part);
        }
    }
    if clashes.is_empty() {
        Ok(merged)
    } else {
        Err(clashes)
    }
}

/// The parts `current` changed from `base`.
pub fn changed<F: Parts>(base: &F, current: &F) -> Vec<F::Part> {
    F::PARTS
        .iter()
        .copied()
        .filter(|&part| !current.same(base, part))
        .collect()
}

/// `base` with `parts` taken from `current`: the user has seen the other tab's values of
/// those parts and keeps theirs, so the next merge puts theirs over the other's there, and
/// still keeps every other part the other tab changed.
pub fn rebased<F: Parts>(base: &F, current: &F, parts: &[F::Part]) -> F {
    let mut rebased = base.clone();
    for &part in parts {
        rebased.take(current, part);
    }
    rebased
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three numbered slots, the smallest record there is.
    #[derive(Clone, Debug, PartialEq)]
    struct Slots([u8; 3]);

    impl Parts for Slots {
        type Part = usize;
        const PARTS: &'static [usize] = &[0, 1, 2];
        fn same(&self, other: &Slots, part: usize) -> bool {
            self.0.get(part) == other.0.get(part)
        }
        fn take(&mut self, other: &Slots, part: usize) {
            if let (Some(mine), Some(theirs)) = (self.0.get_mut(part), other.0.get(part)) {
                *mine = *theirs;
            }
        }
    }

    #[test]
    fn each_value_follows_the_three_way_table() {
        // (base, mine, current) → merged.
        let table = [
            ((1, 1, 1), Some(1)),
            ((1, 1, 2), Some(2)), // only theirs changed
            ((1, 2, 1), Some(2)), // only mine changed
            ((1, 2, 2), Some(2)), // both, the same way
            ((1, 2, 3), None),    // both, each its own way
        ];
        for ((base, mine, current), merged) in table {
            assert_eq!(
                merge_value(&base, &mine, &current),
                merged,
                "{base} {mine} {current}"
            );
        }
    }

    #[test]
    fn every_combination_of_three_slots_merges_by_the_table() {
        // Every (base, mine, current) of each slot over values 0..3: the record's merge is
        // the table applied slot by slot, and a clash names exactly the slots that clash.
        let values = 0u8..3;
        let mut cases = 0;
        for base in values.clone() {
            for mine in values.clone() {
                for current in values.clone() {
                    let expected = merge_value(&base, &mine, &current);
                    let record = |value: u8| Slots([value, 7, value]);
                    let (base_r, mine_r, current_r) = (
                        Slots([base, 7, 0]),
                        Slots([mine, 7, 0]),
                        Slots([current, 8, 0]),
                    );
                    let merged = merge(&base_r, &mine_r, &current_r);
                    match expected {
                        Some(value) => assert_eq!(merged, Ok(Slots([value, 8, 0]))),
                        None => assert_eq!(merged, Err(vec![0])),
                    }
                    // The same case in two slots at once.
                    let merged = merge(&record(base), &record(mine), &record(current));
                    match expected {
                        Some(value) => assert_eq!(merged, Ok(record(value))),
                        None => assert_eq!(merged, Err(vec![0, 2])),
                    }
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, 27);
    }

    #[test]
    fn keeping_mine_after_a_clash_overwrites_only_the_clashing_part() {
        let base = Slots([1, 1, 1]);
        let mine = Slots([2, 1, 1]);
        let theirs = Slots([3, 3, 1]);
        let clashes = merge(&base, &mine, &theirs);
        assert_eq!(clashes, Err(vec![0]));
        assert_eq!(changed(&base, &theirs), vec![0, 1]);
        let seen = rebased(&base, &theirs, &[0]);
        assert_eq!(seen, Slots([3, 1, 1]));
        // Slot 0 is mine now; slot 1, which only the other tab changed, stays theirs.
        assert_eq!(merge(&seen, &mine, &theirs), Ok(Slots([2, 3, 1])));
    }
}
