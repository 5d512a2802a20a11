//! Settings → dunning ladder and aging buckets as a pure model: the rows as typed
//! ([`LadderForm`]), their commands (add, remove, move up / down, restore the default) and
//! the check through the domain (`DunningPolicy::new`, `AgingBounds::new`), each error placed
//! beside the row and field it concerns. Nothing invalid reaches the settings.

use crate::domain::dunning::{MAX_OFFSET_DAYS, MIN_OFFSET_DAYS};
use crate::domain::{
    AgingBounds, AgingBoundsError, Channel, DunningPolicy, DunningStep, PolicyError, StepKind,
};
use crate::i18n::{Describe, Lang};
use crate::state::settings::Preferences;

/// One step as typed: its kind and channel chosen, its days as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRow {
    pub kind: StepKind,
    pub days: String,
    pub channel: Channel,
}

/// The ladder and the bounds as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LadderForm {
    pub rows: Vec<StepRow>,
    /// `30, 60, 90`.
    pub bounds: String,
}

/// Where an error shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LadderSpot {
    /// The days of the row at this index.
    Days(usize),
    /// The kind of the row at this index.
    Kind(usize),
    /// The ladder as a whole (no step, too many).
    Ladder,
    /// The bounds field.
    Bounds,
}

/// Why the form is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LadderError {
    /// The days are not a whole number.
    NotDays {
        text: String,
    },
    /// Two steps on the same day.
    SameDay {
        days: i32,
    },
    Policy(PolicyError),
    /// A bound is not a whole number of days.
    BoundNotNumber {
        text: String,
    },
    Bounds(AgingBoundsError),
}

impl Describe for LadderError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (LadderError::NotDays { text }, Lang::Fr) => format!(
                "«\u{a0}{text}\u{a0}» n'est pas un nombre de jours entier (de {MIN_OFFSET_DAYS} à {MAX_OFFSET_DAYS})."
            ),
            (LadderError::NotDays { text }, Lang::En) => format!(
                "“{text}” is not a whole number of days (from {MIN_OFFSET_DAYS} to {MAX_OFFSET_DAYS})."
            ),
            (LadderError::SameDay { days }, Lang::Fr) => format!(
                "Deux étapes tombent le même jour ({days} jours)\u{a0}: chaque étape doit avoir son propre jour."
            ),
            (LadderError::SameDay { days }, Lang::En) => format!(
                "Two steps fall on the same day ({days} days): each step needs a day of its own."
            ),
            (LadderError::Policy(error), _) => error.describe(lang),
            (LadderError::BoundNotNumber { text }, Lang::Fr) => {
                format!("«\u{a0}{text}\u{a0}» n'est pas un nombre de jours entier.")
            }
            (LadderError::BoundNotNumber { text }, Lang::En) => {
                format!("“{text}” is not a whole number of days.")
            }
            (LadderError::Bounds(error), _) => error.describe(lang),
        }
    }
}

/// The days a row's text says: an integer, spaces and a leading `+` or `-` allowed.
fn parse_days(text: &str) -> Option<i32> {
    let trimmed = text.trim();
    let digits = trimmed
        .strip_prefix('-')
        .or_else(|| trimmed.strip_prefix('+'))
        .unwrap_or(trimmed);
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    trimmed.trim_start_matches('+').parse().ok()
}

/// The bounds a text says (`30, 60, 90`, `30 60 90`, `30;60`): each a whole number; a negative
/// one is refused as the domain refuses zero (at least 1 day).
fn parse_bounds(text: &str) -> Result<AgingBounds, LadderError> {
    let mut bounds = Vec::new();
    for token in text
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|token| !token.is_empty())
    {
        let negative = token.starts_with('-');
        let digits = token.trim_start_matches(['-', '+']);
        if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(LadderError::BoundNotNumber {
                text: token.chars().take(20).collect(),
            });
        }
        if negative {
            return Err(LadderError::Bounds(AgingBoundsError::NotPositive));
        }
        bounds.push(digits.parse::<u32>().unwrap_or(u32::MAX));
    }
    AgingBounds::new(bounds).map_err(LadderError::Bounds)
}

impl LadderForm {
    /// The form showing `settings`' ladder and bounds.
    pub fn of(settings: &Preferences) -> LadderForm {
        LadderForm::of_parts(&settings.ladder, &settings.aging)
    }

    fn of_parts(ladder: &DunningPolicy, aging: &AgingBounds) -> LadderForm {
        LadderForm {
            rows: ladder
                .steps()
                .iter()
                .map(|step| StepRow {
                    kind: step.kind,
                    days: step.offset_days.to_string(),
                    channel: step.channel,
                })
                .collect(),
            bounds: aging
                .bounds()
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The kinds not in the ladder yet, in the ladder's usual order.
    pub fn unused_kinds(&self) -> Vec<StepKind> {
        StepKind::ALL
            .into_iter()
            .filter(|kind| self.rows.iter().all(|row| row.kind != *kind))
            .collect()
    }

    /// Whether a step can be added (a kind is left).
    pub fn can_add(&self) -> bool {
        !self.unused_kinds().is_empty()
    }

    /// Adds the first unused kind at the end, 15 days after the last step, by e-mail.
    pub fn add(&mut self) {
        let Some(kind) = self.unused_kinds().first().copied() else {
            return;
        };
        let last = self
            .rows
            .iter()
            .rev()
            .find_map(|row| parse_days(&row.days))
            .unwrap_or(0);
        let days = last.saturating_add(15).min(MAX_OFFSET_DAYS);
        self.rows.push(StepRow {
            kind,
            days: days.to_string(),
            channel: Channel::Email,
        });
    }

    pub fn remove(&mut self, index: usize) {
        if index < self.rows.len() {
            self.rows.remove(index);
        }
    }

    /// Moves the step at `index` one place up: it swaps kind and channel with the step above,
    /// the days staying in their places so the ladder stays in order.
    pub fn move_up(&mut self, index: usize) {
        if index > 0 {
            self.swap_steps(index - 1, index);
        }
    }

    /// Moves the step at `index` one place down (see [`LadderForm::move_up`]).
    pub fn move_down(&mut self, index: usize) {
        if index + 1 < self.rows.len() {
            self.swap_steps(index, index + 1);
        }
    }

    fn swap_steps(&mut self, upper: usize, lower: usize) {
        let (Some(up), Some(down)) = (self.rows.get(upper).cloned(), self.rows.get(lower).cloned())
        else {
            return;
        };
        if let Some(row) = self.rows.get_mut(upper) {
            row.kind = down.kind;
            row.channel = down.channel;
        }
        if let Some(row) = self.rows.get_mut(lower) {
            row.kind = up.kind;
            row.channel = up.channel;
        }
    }

    /// The default ladder (the bounds as typed stay).
    pub fn restore_default_ladder(&mut self) {
        self.rows = LadderForm::of_parts(&DunningPolicy::default(), &AgingBounds::default()).rows;
    }

    /// The ladder and the bounds, or every error at its spot.
    pub fn check(&self) -> Result<(DunningPolicy, AgingBounds), Vec<(LadderSpot, LadderError)>> {
        let mut errors = Vec::new();
        let mut steps = Vec::with_capacity(self.rows.len());
        for (index, row) in self.rows.iter().enumerate() {
            match parse_days(&row.days) {
                Some(offset_days) => {
                    if steps
                        .iter()
                        .any(|step: &DunningStep| step.offset_days == offset_days)
                    {
                        errors.push((
                            LadderSpot::Days(index),
                            LadderError::SameDay { days: offset_days },
                        ));
                    }
                    steps.push(DunningStep {
                        kind: row.kind,
                        offset_days,
                        channel: row.channel,
                    });
                }
                None => errors.push((
                    LadderSpot::Days(index),
                    LadderError::NotDays {
                        text: row.days.trim().chars().take(20).collect(),
                    },
                )),
            }
        }
        let policy = if errors.is_empty() {
            match DunningPolicy::new(steps) {
                Ok(policy) => Some(policy),
                Err(error) => {
                    errors.push((self.spot_of(&error), LadderError::Policy(error)));
                    None
                }
            }
        } else {
            None
        };
        let bounds = match parse_bounds(&self.bounds) {
            Ok(bounds) => Some(bounds),
            Err(error) => {
                errors.push((LadderSpot::Bounds, error));
                None
            }
        };
        match (policy, bounds) {
            (Some(policy), Some(bounds)) if errors.is_empty() => Ok((policy, bounds)),
            _ => Err(errors),
        }
    }

    /// Where the domain's refusal shows: beside the step it names (the later one of a
    /// repeated kind), or on the ladder.
    fn spot_of(&self, error: &PolicyError) -> LadderSpot {
        let row_of = |kind: StepKind, last: bool| {
            let mut found = self
                .rows
                .iter()
                .enumerate()
                .filter(|(_, row)| row.kind == kind)
                .map(|(index, _)| index);
            if last {
                found.next_back()
            } else {
                found.next()
            }
        };
        match error {
            PolicyError::OffsetOutOfRange { kind, .. } | PolicyError::NotAscending { kind, .. } => {
                row_of(*kind, false).map_or(LadderSpot::Ladder, LadderSpot::Days)
            }
            PolicyError::RepeatedKind { kind } => {
                row_of(*kind, true).map_or(LadderSpot::Ladder, LadderSpot::Kind)
            }
            PolicyError::NoSteps | PolicyError::TooManySteps { .. } => LadderSpot::Ladder,
        }
    }

    /// `settings` with this form's ladder and bounds, or the errors (nothing to save).
    pub fn apply(
        &self,
        settings: &Preferences,
    ) -> Result<Preferences, Vec<(LadderSpot, LadderError)>> {
        let (ladder, aging) = self.check()?;
        Ok(Preferences {
            ladder,
            aging,
            ..settings.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> LadderForm {
        LadderForm::of(&Preferences::default())
    }

    fn kinds(form: &LadderForm) -> Vec<StepKind> {
        form.rows.iter().map(|row| row.kind).collect()
    }

    #[test]
    fn the_default_ladder_shows_and_reads_back_unchanged() {
        let form = form();
        assert_eq!(form.rows.len(), 5);
        assert_eq!(form.bounds, "30, 60, 90");
        assert_eq!(
            form.apply(&Preferences::default()),
            Ok(Preferences::default())
        );
        assert!(!form.can_add());
    }

    #[test]
    fn two_steps_on_the_same_day_are_refused_beside_the_later_one() {
        let mut form = form();
        form.remove(4);
        form.add();
        assert_eq!(
            form.rows.last().map(|row| row.kind),
            Some(StepKind::FinalNotice)
        );
        assert_eq!(form.rows.last().map(|row| row.days.as_str()), Some("45"));
        if let Some(row) = form.rows.get_mut(4) {
            row.days = "30".to_string();
        }
        let errors = form
            .apply(&Preferences::default())
            .err()
            .unwrap_or_default();
        assert_eq!(
            errors,
            vec![(LadderSpot::Days(4), LadderError::SameDay { days: 30 })]
        );
        assert!(errors[0].1.describe(Lang::Fr).contains("même jour"));
        assert!(errors[0].1.describe(Lang::En).contains("same day"));
    }

    #[test]
    fn steps_out_of_order_or_out_of_range_are_the_domains_refusals() {
        let mut form = form();
        if let Some(row) = form.rows.get_mut(2) {
            row.days = "0".to_string();
        }
        let errors = form.check().err().unwrap_or_default();
        assert!(matches!(
            errors.as_slice(),
            [(
                LadderSpot::Days(2),
                LadderError::Policy(PolicyError::NotAscending { .. })
            )]
        ));
        let mut form = self::form();
        if let Some(row) = form.rows.get_mut(0) {
            row.days = "-400".to_string();
        }
        assert!(matches!(
            form.check().err().unwrap_or_default().as_slice(),
            [(
                LadderSpot::Days(0),
                LadderError::Policy(PolicyError::OffsetOutOfRange { .. })
            )]
        ));
        let mut form = self::form();
        if let Some(row) = form.rows.get_mut(1) {
            row.days = "un".to_string();
        }
        assert!(matches!(
            form.check().err().unwrap_or_default().as_slice(),
            [(LadderSpot::Days(1), LadderError::NotDays { .. })]
        ));
        let mut form = self::form();
        if let Some(row) = form.rows.get_mut(3) {
            row.kind = StepKind::Courtesy;
        }
        assert!(matches!(
            form.check().err().unwrap_or_default().as_slice(),
            [(
                LadderSpot::Kind(3),
                LadderError::Policy(PolicyError::RepeatedKind { .. })
            )]
        ));
        let mut form = self::form();
        for _ in 0..5 {
            form.remove(0);
        }
        assert!(matches!(
            form.check().err().unwrap_or_default().as_slice(),
            [(
                LadderSpot::Ladder,
                LadderError::Policy(PolicyError::NoSteps)
            )]
        ));
    }

    #[test]
    fn negative_zero_or_unordered_bounds_are_refused() {
        for (text, expected) in [
            (
                "-30, 60",
                LadderError::Bounds(AgingBoundsError::NotPositive),
            ),
            ("0, 60", LadderError::Bounds(AgingBoundsError::NotPositive)),
            (
                "60, 30",
                LadderError::Bounds(AgingBoundsError::NotAscending {
                    bound: 30,
                    previous: 60,
                }),
            ),
            (
                "30, trente",
                LadderError::BoundNotNumber {
                    text: "trente".to_string(),
                },
            ),
        ] {
            let form = LadderForm {
                bounds: text.to_string(),
                ..form()
            };
            assert_eq!(
                form.check().err().unwrap_or_default(),
                vec![(LadderSpot::Bounds, expected)],
                "{text}"
            );
        }
        let form = LadderForm {
            bounds: " 15;45 90 ".to_string(),
            ..form()
        };
        assert_eq!(
            form.check().map(|(_, bounds)| bounds.bounds().to_vec()),
            Ok(vec![15, 45, 90])
        );
        // No bound at all: not yet due / overdue.
        let form = LadderForm {
            bounds: String::new(),
            ..self::form()
        };
        assert!(form.check().is_ok());
    }

    #[test]
    fn moving_a_step_keeps_the_days_in_order_and_restoring_brings_the_default_back() {
        let mut form = form();
        form.move_up(3);
        assert_eq!(
            kinds(&form),
            vec![
                StepKind::Courtesy,
                StepKind::FirstReminder,
                StepKind::FormalNotice,
                StepKind::SecondReminder,
                StepKind::FinalNotice
            ]
        );
        assert_eq!(form.rows[2].days, "15");
        assert_eq!(form.rows[2].channel, Channel::RegisteredLetter);
        assert!(form.check().is_ok());
        form.move_down(0);
        assert_eq!(
            kinds(&form)[..2],
            [StepKind::FirstReminder, StepKind::Courtesy]
        );
        // The ends do not move further.
        let before = form.clone();
        form.move_up(0);
        form.move_down(4);
        form.move_down(9);
        assert_eq!(form, before);
        form.bounds = "10".to_string();
        form.restore_default_ladder();
        assert_eq!(form.rows, self::form().rows);
        assert_eq!(form.bounds, "10");
    }
}
