//! Invoice shards read straight from their text, the quick way
//! ([`read_invoice_shard_from_text`]).
//!
//! The invoice shards are nearly all of a ledger's text, so they are first read by
//! [`InvoiceTextReader`]: straight from the text into records, without the JSON tree or the DTO
//! list, with the same lexer (`json::Parser`) and the same rules as the tree and the DTOs
//! (`dto`). It gives up (`None`) at anything it does not expect, every error included, and
//! `decode_shard` (`tree_reader`) then reads the text the ordinary way, which reports the
//! error exactly (or reads what this reader did not expect). So this reader only has to be
//! right about what it accepts: a text it reads is one the tree reader reads too, into the same
//! DTOs, converted by the same [`RecordConverter`].

use super::dto::{DiscountV1, HangingV1, InvoiceV1, PlanV1, Row, Text, invoice_field};
use super::layout::{OLDEST_READ, ShardRecords, VERSION};
use super::to_domain::RecordConverter;
use crate::storage::json;

/// Reads an invoice shard straight from its text into the DTOs of `dto`, as the tree reader
/// would; `None` (it gives up) at anything it does not expect.
struct InvoiceTextReader<'t> {
    parser: json::Parser<'t>,
}

/// Marks field `bit` as read; `None` if it was already (a field named twice).
fn first_time(seen: &mut u32, bit: u32) -> Option<()> {
    let mask = 1u32.checked_shl(bit)?;
    if *seen & mask != 0 {
        return None;
    }
    *seen |= mask;
    Some(())
}

impl<'t> InvoiceTextReader<'t> {
    /// Whitespace, then `byte`.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.parser.skip_whitespace();
        self.parser.eat(byte).then_some(())
    }

    /// Opens an array or object: whether something comes before `close`.
    fn open(&mut self, open: u8, close: u8) -> Option<bool> {
        self.expect(open)?;
        self.parser.skip_whitespace();
        Some(!self.parser.eat(close))
    }

    /// After an item or a field: `true` after a comma, `false` at `close`.
    fn more(&mut self, close: u8) -> Option<bool> {
        self.parser.skip_whitespace();
        if self.parser.eat(close) {
            return Some(false);
        }
        self.parser.eat(b',').then_some(true)
    }

    /// A field's name and its colon.
    fn key(&mut self) -> Option<Text<'t>> {
        let name = self.text()?;
        self.expect(b':')?;
        Some(name)
    }

    /// Whitespace, then `null` (`false`, nothing read, if the value is not `null`).
    fn null(&mut self) -> Option<bool> {
        self.parser.skip_whitespace();
        if self.parser.peek() != Some(b'n') {
            return Some(false);
        }
        self.parser.literal("null", json::Value::Null).ok()?;
        Some(true)
    }

    fn text(&mut self) -> Option<Text<'t>> {
        self.parser.skip_whitespace();
        if self.parser.peek() != Some(b'"') {
            return None;
        }
        self.parser.string().ok()
    }

    fn opt_text(&mut self) -> Option<Option<Text<'t>>> {
        if self.null()? {
            return Some(None);
        }
        self.text().map(Some)
    }

    fn number(&mut self) -> Option<&'t str> {
        self.parser.skip_whitespace();
        match self.parser.peek() {
            Some(b'-' | b'0'..=b'9') => self.parser.number().ok(),
            _ => None,
        }
    }

    fn u64(&mut self) -> Option<u64> {
        json::number_as_u64(self.number()?)
    }

    fn opt_u64(&mut self) -> Option<Option<u64>> {
        if self.null()? {
            return Some(None);
        }
        self.u64().map(Some)
    }

    fn opt_u32(&mut self) -> Option<Option<u32>> {
        match self.opt_u64()? {
            None => Some(None),
            Some(number) => u32::try_from(number).ok().map(Some),
        }
    }

    fn i128(&mut self) -> Option<i128> {
        json::number_as_i128(self.number()?)
    }

    fn opt_i128(&mut self) -> Option<Option<i128>> {
        if self.null()? {
            return Some(None);
        }
        self.i128().map(Some)
    }

    fn flag(&mut self) -> Option<bool> {
        self.parser.skip_whitespace();
        let (word, flag) = match self.parser.peek() {
            Some(b't') => ("true", true),
            Some(b'f') => ("false", false),
            _ => return None,
        };
        self.parser.literal(word, json::Value::Null).ok()?;
        Some(flag)
    }

    /// `[id, date, main, extra?, code?]`, as `dto::row_dto` reads it.
    fn row(&mut self) -> Option<Row<'t>> {
        let cells = self.open(b'[', b']')?;
        let id = cells.then(|| self.i128())??;
        let date = self.more(b']')?.then(|| self.text())??;
        let main = self.more(b']')?.then(|| self.text())??;
        let mut row = Row {
            id,
            date,
            main,
            extra: Text::default(),
            code: None,
        };
        if self.more(b']')? {
            row.extra = self.text()?;
            if self.more(b']')? {
                row.code = Some(self.text()?);
                if self.more(b']')? {
                    return None;
                }
            }
        }
        Some(row)
    }

    /// An array of rows, appended to `rows`.
    fn rows(&mut self, rows: &mut Vec<Row<'t>>) -> Option<()> {
        if self.open(b'[', b']')? {
            loop {
                rows.push(self.row()?);
                if !self.more(b']')? {
                    break;
                }
            }
        }
        Some(())
    }

    /// `y`, as `dto::discount_dto` reads it.
    fn discount(&mut self) -> Option<Option<DiscountV1<'t>>> {
        if self.null()? {
            return Some(None);
        }
        let mut discount = DiscountV1 {
            percent: Text::default(),
            days: None,
        };
        let mut seen = 0;
        if self.open(b'{', b'}')? {
            loop {
                match &*self.key()? {
                    "p" => {
                        first_time(&mut seen, 0)?;
                        discount.percent = self.text()?;
                    }
                    "d" => {
                        first_time(&mut seen, 1)?;
                        discount.days = self.opt_u32()?;
                    }
                    _ => return None,
                }
                if !self.more(b'}')? {
                    break;
                }
            }
        }
        Some(Some(discount))
    }

    /// A plan, as `dto::plan_dto` reads it.
    fn plan(&mut self) -> Option<PlanV1<'t>> {
        let mut plan = PlanV1::default();
        let mut seen = 0;
        if self.open(b'{', b'}')? {
            loop {
                match &*self.key()? {
                    "i" => {
                        first_time(&mut seen, 0)?;
                        plan.id = self.opt_i128()?;
                    }
                    "a" => {
                        first_time(&mut seen, 1)?;
                        plan.agreed_on = self.text()?;
                    }
                    "f" => {
                        first_time(&mut seen, 2)?;
                        plan.first_due = self.text()?;
                    }
                    "n" => {
                        first_time(&mut seen, 3)?;
                        plan.count = self.opt_u32()?;
                    }
                    "w" => {
                        first_time(&mut seen, 4)?;
                        plan.period = self.opt_text()?;
                    }
                    "z" => {
                        first_time(&mut seen, 5)?;
                        plan.freeze_interest = self.flag()?;
                    }
                    "b" => {
                        first_time(&mut seen, 6)?;
                        plan.balance = self.text()?;
                    }
                    _ => return None,
                }
                if !self.more(b'}')? {
                    break;
                }
            }
        }
        Some(plan)
    }

    /// An invoice, as `dto::invoice_dto` reads it; what hangs off it goes to `hanging`
    /// (emptied first).
    fn invoice(&mut self, hanging: &mut HangingV1<'t>) -> Option<InvoiceV1<'t>> {
        hanging.clear();
        let mut invoice = InvoiceV1::default();
        let mut seen = 0;
        if !self.open(b'{', b'}')? {
            return Some(invoice);
        }
        loop {
            let bit = invoice_field(self.key()?.as_bytes())?;
            first_time(&mut seen, bit)?;
            match bit {
                0 => invoice.id = self.opt_u64()?,
                1 => invoice.number = self.text()?,
                2 => invoice.client = self.opt_u64()?,
                3 => invoice.status = self.opt_text()?,
                4 => invoice.issue_date = self.text()?,
                5 => invoice.delivery_date = self.opt_text()?,
                6 => invoice.due_date = self.opt_text()?,
                7 => invoice.currency = self.opt_text()?,
                8 => invoice.gross = self.opt_text()?,
                9 => invoice.net = self.opt_text()?,
                10 => invoice.tax_rate = self.opt_text()?,
                11 => invoice.terms = self.opt_text()?,
                12 => invoice.discount = self.discount()?,
                13 => invoice.penalty = self.opt_text()?,
                14 => invoice.penalty_rate = self.opt_text()?,
                15 => invoice.compensation = self.opt_text()?,
                16 => invoice.notes = self.text()?,
                17 => self.rows(&mut hanging.payments)?,
                18 => self.rows(&mut hanging.adjustments)?,
                19 => self.rows(&mut hanging.contacts)?,
                _ => {
                    if self.open(b'[', b']')? {
                        loop {
                            hanging.plans.push(self.plan()?);
                            if !self.more(b']')? {
                                break;
                            }
                        }
                    }
                }
            }
            if !self.more(b'}')? {
                return Some(invoice);
            }
        }
    }
}

/// Reads the invoice shard `name` from `text` into `records` by [`InvoiceTextReader`], and a
/// copy of each record into `copy`; `None` if it gave up (`records` then holds part of the
/// shard, to be thrown away).
pub(super) fn read_invoice_shard_from_text(
    text: &str,
    name: &str,
    converter: &RecordConverter,
    records: &mut ShardRecords,
    mut copy: Option<&mut ShardRecords>,
) -> Option<()> {
    let mut reader = InvoiceTextReader {
        parser: json::Parser::new(text),
    };
    let mut hanging = HangingV1::default();
    let (mut version, mut shard) = (None, None);
    let mut seen = 0;
    if reader.open(b'{', b'}')? {
        loop {
            match &*reader.key()? {
                "version" => {
                    first_time(&mut seen, 0)?;
                    version = Some(reader.u64()?);
                }
                "shard" => {
                    first_time(&mut seen, 1)?;
                    shard = Some(reader.text()?);
                }
                "invoices" => {
                    first_time(&mut seen, 2)?;
                    if reader.open(b'[', b']')? {
                        loop {
                            let invoice = reader.invoice(&mut hanging)?;
                            converter.invoice(&invoice, &hanging, records).ok()?;
                            if let Some(copy) = copy.as_deref_mut() {
                                copy.copy_new(records);
                            }
                            if !reader.more(b']')? {
                                break;
                            }
                        }
                    }
                }
                _ => return None,
            }
            if !reader.more(b'}')? {
                break;
            }
        }
    }
    reader.parser.skip_whitespace();
    let header_ok = version.is_some_and(|version| (OLDEST_READ..=VERSION).contains(&version))
        && shard.as_deref() == Some(name);
    (reader.parser.at_end() && header_ok).then_some(())
}
