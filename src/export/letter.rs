//! A composed letter ([`Letter`], from `domain::letter::compose`) laid out: as a standalone
//! HTML document (download and print, A4), as an HTML fragment (the app's preview, styled by
//! the `.letter` rules of style/records.css), as plain text (copy, download .txt) and as a
//! `mailto:` link. Pure: no browser, no clock; every string of the letter is escaped.

use std::fmt::Write as _;

use crate::domain::letter::{Block, Letter, Table};
use crate::domain::letterhead::Letterhead;
use crate::format;
use crate::i18n::Lang;

/// The longest `mailto:` link we hand to the browser, in characters. Mail handlers are handed
/// the link through the operating system, and there the practical limit is about 2,048
/// characters (Windows passes URLs to the registered handler with a limit of that order, and
/// Outlook and several webmail handlers cut or refuse longer ones): 2,000 leaves a margin.
/// A longer letter is copied or downloaded instead ([`Mailto::TooLong`]).
pub const MAILTO_LIMIT: usize = 2000;

/// A `mailto:` link, or why there is none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mailto {
    Link(String),
    /// The link would be `length` characters, more than `limit` ([`MAILTO_LIMIT`]).
    TooLong {
        length: usize,
        limit: usize,
    },
}

/// The CSS of the standalone document: an A4 page, system fonts, nothing from elsewhere.
const DOCUMENT_STYLE: &str = "\
@page { size: A4; margin: 20mm; }
*, *::before, *::after { box-sizing: border-box; }
html { background: #fff; color: #000; }
body { margin: 0; font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif; font-size: 11pt; line-height: 1.4; font-variant-numeric: tabular-nums; }
.letter { max-width: 210mm; margin: 0 auto; padding: 20mm; }
.letter__head { display: grid; grid-template-columns: minmax(0, 1fr) 85mm; gap: 0 10mm; min-height: 60mm; }
.letter__sender, .letter__recipient { font-style: normal; margin: 0; }
.letter__sender { font-size: 10pt; }
.letter__logo { display: block; max-height: 20mm; max-width: 70mm; width: auto; height: auto; margin: 0 0 3mm; }
.letter__recipient { padding-top: 25mm; }
.letter__sender::first-line, .letter__recipient::first-line { font-weight: 700; }
.letter__date { text-align: right; margin: 8mm 0 6mm; }
.letter[lang=en] .letter__date { text-align: left; }
.letter__mention { font-weight: 700; margin: 0 0 2mm; }
.letter__subject { margin: 0 0 6mm; }
.letter__body p { margin: 0 0 3mm; }
.letter__table-wrap { margin: 2mm 0 5mm; }
.letter__table { border-collapse: collapse; width: 100%; font-size: 10pt; }
.letter__table th, .letter__table td { border-bottom: 1px solid #999; padding: 1mm 2mm; text-align: left; vertical-align: top; }
.letter__table thead th { border-bottom: 1.5px solid #000; }
.letter__table tfoot th, .letter__table tfoot td { border-top: 1.5px solid #000; border-bottom: 0; font-weight: 700; }
.letter__table td { white-space: nowrap; }
.letter__table .num { text-align: right; }
.letter__table tr { break-inside: avoid; page-break-inside: avoid; }
.letter__table thead { display: table-header-group; }
@media screen and (max-width: 40rem) {
  .letter { padding: 6mm; }
  .letter__head { grid-template-columns: minmax(0, 1fr); min-height: 0; }
  .letter__recipient { padding-top: 6mm; }
  .letter__table-wrap { overflow-x: auto; }
}
@media print {
  .letter { max-width: none; padding: 0; }
}
";

/// The letter as a complete HTML5 document: one file, no external resource.
pub fn html_document(letter: &Letter) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    out.push_str(letter.lang.code());
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>");
    out.push_str(&escape(&letter.subject));
    out.push_str("</title>\n<style>\n");
    out.push_str(DOCUMENT_STYLE);
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(&html_fragment(letter));
    out.push_str("</body>\n</html>\n");
    out
}

/// The letter as an `<article class="letter">` (no `html`, no `head`), for the preview.
pub fn html_fragment(letter: &Letter) -> String {
    let lang = letter.lang;
    let mut out = String::with_capacity(2048);
    out.push_str("<article class=\"letter\" lang=\"");
    out.push_str(lang.code());
    out.push_str("\">\n<header class=\"letter__head\">\n");
    // The logo tops the sender's column: beside the address (not in it, whose first line is
    // the bold name).
    if let Some(logo) = &letter.sender.logo {
        let alt = non_empty(Some(letter.sender.name.trim())).unwrap_or("Logo");
        let _ = write!(
            out,
            "<div class=\"letter__from\">\n<img class=\"letter__logo\" src=\"{}\" alt=\"{}\">\n",
            escape(logo.data_url()),
            escape(alt)
        );
    }
    out.push_str("<address class=\"letter__sender\">");
    out.push_str(&html_lines(&sender_lines(&letter.sender, lang)));
    out.push_str("</address>\n");
    if letter.sender.logo.is_some() {
        out.push_str("</div>\n");
    }
    out.push_str("<address class=\"letter__recipient\">");
    out.push_str(&html_lines(&recipient_lines(letter)));
    out.push_str("</address>\n</header>\n");
    let _ = writeln!(
        out,
        "<p class=\"letter__date\">{}</p>",
        escape(&letter.date_line)
    );
    if let Some(mention) = non_empty(letter.mention.as_deref()) {
        let _ = writeln!(
            out,
            "<p class=\"letter__mention\"><strong>{}</strong></p>",
            escape(mention)
        );
    }
    let _ = writeln!(
        out,
        "<p class=\"letter__subject\"><strong>{}</strong> {}</p>",
        escape(&subject_label(lang)),
        escape(&letter.subject)
    );
    out.push_str("<div class=\"letter__body\">\n");
    for block in &letter.blocks {
        match block {
            Block::Paragraph(text) => {
                let lines: Vec<&str> = text.lines().collect();
                let _ = writeln!(out, "<p>{}</p>", html_lines(&lines));
            }
            Block::Table(table) => html_table(&mut out, table),
        }
    }
    out.push_str("</div>\n</article>\n");
    out
}

/// The letter as plain text: sender, recipient, date, mention, subject, then the paragraphs
/// separated by blank lines (each kept on one line: mail clients wrap) and the tables in
/// aligned columns.
pub fn plain_text(letter: &Letter) -> String {
    let lang = letter.lang;
    let mut out = String::with_capacity(2048);
    let sender = sender_lines(&letter.sender, lang);
    if !sender.is_empty() {
        push_lines(&mut out, &sender);
        out.push('\n');
    }
    let recipient = recipient_lines(letter);
    if !recipient.is_empty() {
        push_lines(&mut out, &recipient);
        out.push('\n');
    }
    out.push_str(letter.date_line.trim());
    out.push_str("\n\n");
    if let Some(mention) = non_empty(letter.mention.as_deref()) {
        out.push_str(mention);
        out.push('\n');
    }
    out.push_str(&subject_label(lang));
    out.push(' ');
    out.push_str(letter.subject.trim());
    out.push_str("\n\n");
    out.push_str(&body_text(letter));
    out
}

/// A `mailto:` link to the recipient (or to no one: `mailto:?subject=…`) with the subject and
/// the body (the letter from the salutation on, tables included), percent-encoded as RFC 6068
/// says (UTF-8 bytes; a line break is `%0D%0A`). [`Mailto::TooLong`] past [`MAILTO_LIMIT`].
pub fn mailto(letter: &Letter) -> Mailto {
    let mut link = String::from("mailto:");
    if let Some(email) = non_empty(letter.recipient.email.as_deref()) {
        // The one `@` between the local part and the domain stays as it is; everything else
        // that is not unreserved is encoded (always allowed: a pct-encoded octet is a qchar).
        match email.split_once('@') {
            Some((local, domain)) => {
                link.push_str(&percent_encode(local));
                link.push('@');
                link.push_str(&percent_encode(domain));
            }
            None => link.push_str(&percent_encode(email)),
        }
    }
    link.push_str("?subject=");
    link.push_str(&percent_encode(letter.subject.trim()));
    let body = body_text(letter);
    let body = body.trim_end();
    if !body.is_empty() {
        link.push_str("&body=");
        link.push_str(&percent_encode(body));
    }
    let length = link.chars().count();
    if length > MAILTO_LIMIT {
        Mailto::TooLong {
            length,
            limit: MAILTO_LIMIT,
        }
    } else {
        Mailto::Link(link)
    }
}

/// `text` with `&`, `<`, `>`, `"` and `'` written as entities: safe in an element and in a
/// quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// RFC 3986 percent-encoding of the UTF-8 bytes of `text`: only unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) stay; a line break (`\n`, `\r\n` or `\r`) becomes `%0D%0A`, as
/// RFC 6068 asks of a body.
fn percent_encode(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(normalised.len() * 3);
    for byte in normalised.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte));
            }
            b'\n' => out.push_str("%0D%0A"),
            other => {
                let _ = write!(out, "%{other:02X}");
            }
        }
    }
    out
}

/// « Objet : » / "Subject:".
fn subject_label(lang: Lang) -> String {
    match lang {
        Lang::Fr => format::typography("Objet :", lang),
        Lang::En => "Subject:".to_string(),
    }
}

/// `Some(text)` when it has something other than spaces.
fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}

/// The letterhead's non-empty fields, one per line: name, trade name, address lines,
/// SIREN/SIRET, VAT number, e-mail, phone.
fn sender_lines(sender: &Letterhead, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    for text in [&sender.name, &sender.trade_name] {
        if let Some(text) = non_empty(Some(text)) {
            lines.push(text.to_string());
        }
    }
    lines.extend(address_lines(&sender.address));
    if let Some(siren) = non_empty(Some(&sender.siren)) {
        let digits = siren.chars().filter(char::is_ascii_digit).count();
        let label = match digits {
            9 => "SIREN",
            14 => "SIRET",
            _ => "SIREN/SIRET",
        };
        lines.push(match lang {
            Lang::Fr => format::typography(&format!("{label} : {siren}"), lang),
            Lang::En => format!("{label}: {siren}"),
        });
    }
    if let Some(vat) = non_empty(Some(&sender.vat)) {
        lines.push(match lang {
            Lang::Fr => format::typography(&format!("TVA : {vat}"), lang),
            Lang::En => format!("VAT: {vat}"),
        });
    }
    if let Some(email) = non_empty(Some(&sender.email)) {
        lines.push(email.to_string());
    }
    if let Some(phone) = non_empty(Some(&sender.phone)) {
        lines.push(match lang {
            Lang::Fr => format::typography(&format!("Tél. : {phone}"), lang),
            Lang::En => format!("Tel: {phone}"),
        });
    }
    lines
}

/// The recipient's name and postal address lines.
fn recipient_lines(letter: &Letter) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(name) = non_empty(Some(&letter.recipient.name)) {
        lines.push(name.to_string());
    }
    lines.extend(address_lines(&letter.recipient.address));
    lines
}

fn address_lines(address: &str) -> Vec<String> {
    address
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect()
}

/// Lines joined by `<br>`, each escaped.
fn html_lines<S: AsRef<str>>(lines: &[S]) -> String {
    lines
        .iter()
        .map(|line| escape(line.as_ref()))
        .collect::<Vec<_>>()
        .join("<br>\n")
}

fn html_table(out: &mut String, table: &Table) {
    let numeric = |index: usize| table.numeric.get(index).copied().unwrap_or(false);
    let class = |index: usize| if numeric(index) { " class=\"num\"" } else { "" };
    out.push_str(
        "<div class=\"letter__table-wrap\" tabindex=\"0\">\n<table class=\"letter__table\">\n<thead>\n<tr>",
    );
    for (index, column) in table.columns.iter().enumerate() {
        let _ = write!(
            out,
            "<th scope=\"col\"{}>{}</th>",
            class(index),
            escape(column)
        );
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (index, cell) in row.iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", class(index), escape(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n");
    if let Some(total) = &table.total {
        out.push_str("<tfoot>\n<tr>");
        for (index, cell) in total.iter().enumerate() {
            if index == 0 {
                let _ = write!(out, "<th scope=\"row\">{}</th>", escape(cell));
            } else {
                let _ = write!(out, "<td{}>{}</td>", class(index), escape(cell));
            }
        }
        out.push_str("</tr>\n</tfoot>\n");
    }
    out.push_str("</table>\n</div>\n");
}

fn push_lines<S: AsRef<str>>(out: &mut String, lines: &[S]) {
    for line in lines {
        out.push_str(line.as_ref());
        out.push('\n');
    }
}

/// The body as text: each block followed by a blank line (the last one by a line break).
fn body_text(letter: &Letter) -> String {
    let parts: Vec<String> = letter
        .blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph(text) => text.trim_end().to_string(),
            Block::Table(table) => text_table(table),
        })
        .filter(|part| !part.is_empty())
        .collect();
    let mut body = parts.join("\n\n");
    if !body.is_empty() {
        body.push('\n');
    }
    body
}

/// A table in monospace columns two spaces apart, padded by character count, amounts
/// right-aligned; a rule under the header and one above the totals.
fn text_table(table: &Table) -> String {
    let width_of = |text: &str| text.chars().count();
    let count = std::iter::once(&table.columns)
        .chain(&table.rows)
        .chain(&table.total)
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    let mut widths = vec![0usize; count];
    for row in std::iter::once(&table.columns)
        .chain(&table.rows)
        .chain(&table.total)
    {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(width_of(cell.trim()));
        }
    }
    let numeric = |index: usize| table.numeric.get(index).copied().unwrap_or(false);
    let line = |cells: &[String]| {
        let mut text = String::new();
        for (index, width) in widths.iter().enumerate() {
            let cell = cells.get(index).map(|cell| cell.trim()).unwrap_or("");
            let pad = " ".repeat(width.saturating_sub(width_of(cell)));
            if index > 0 {
                text.push_str("  ");
            }
            if numeric(index) {
                text.push_str(&pad);
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&pad);
            }
        }
        text.trim_end_matches(' ').to_string()
    };
    let total_width = widths.iter().sum::<usize>() + 2 * count.saturating_sub(1);
    let rule = "-".repeat(total_width);
    let mut lines = vec![line(&table.columns), rule.clone()];
    lines.extend(table.rows.iter().map(|row| line(row)));
    if let Some(total) = &table.total {
        lines.push(rule);
        lines.push(line(total));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::contact::StepKind;
    use crate::domain::dunning::DunningPolicy;
    use crate::domain::interest::RateTables;
    use crate::domain::letter::defaults::default_template;
    use crate::domain::letter::{
        LetterFacts, LetterKind, LetterRequest, Recipient, Tone, compose, gather,
    };
    use crate::domain::logo::Logo;
    use crate::domain::{
        ClientDraft, ClientId, InvoiceDraft, InvoiceStatus, Ledger, PenaltyDraft, TermsDraft,
    };

    const ATTACK: &str = "<img src=x onerror=alert(1)>";
    const QUOTES: &str = "\"quotes\" & 'apostrophes'";
    const ATTACK_ESCAPED: &str = "&lt;img src=x onerror=alert(1)&gt;";
    const QUOTES_ESCAPED: &str = "&quot;quotes&quot; &amp; &#39;apostrophes&#39;";

    fn hand_letter(lang: Lang, blocks: Vec<Block>) -> Letter {
        Letter {
            kind: LetterKind::Step(StepKind::FirstReminder),
            tone: Tone::Firm,
            lang,
            date: date("2026-03-31"),
            date_line: "Le 31 mars 2026".to_string(),
            sender: Letterhead {
                name: "Atelier Martin".to_string(),
                address: "3 place du Marché\n69002 Lyon".to_string(),
                ..Letterhead::default()
            },
            recipient: Recipient {
                name: "Dupont SARL".to_string(),
                address: "12 rue des Lilas\n75011 Paris".to_string(),
                email: Some("jean.dupont+relance@exemple.fr".to_string()),
            },
            mention: None,
            subject: "Facture é & ?".to_string(),
            blocks,
        }
    }

    /// A French business client with a postal address and an e-mail; one 1 000 € invoice
    /// issued 1 January 2026, net 30 (due 31 January), French B2B penalties.
    fn books(client_name: &str) -> (Ledger, ClientId) {
        let mut ledger = Ledger::new();
        let client = ClientDraft {
            name: client_name.to_string(),
            address: "12 rue des Lilas\n75011 Paris".to_string(),
            email: "compta@dupont.example".to_string(),
            country: "FR".to_string(),
            kind: "business".to_string(),
            terms: TermsDraft {
                kind: "net".into(),
                days: "30".into(),
                ..TermsDraft::default()
            },
            ..ClientDraft::default()
        };
        let client = match client.parse().map(|details| ledger.add_client(details)) {
            Ok(Ok(id)) => id,
            other => panic!("client: {other:?}"),
        };
        let invoice = InvoiceDraft {
            number: "F-2026-001".into(),
            client: Some(client),
            issue_date: "2026-01-01".into(),
            amount: "1000".into(),
            amount_includes_tax: true,
            currency: "EUR".into(),
            terms: TermsDraft {
                kind: "net".into(),
                days: "30".into(),
                ..TermsDraft::default()
            },
            penalty: PenaltyDraft {
                regime: "fr-b2b".into(),
                ..PenaltyDraft::default()
            },
            ..InvoiceDraft::default()
        };
        match invoice
            .parse()
            .map(|details| ledger.add_invoice(details, InvoiceStatus::Sent))
        {
            Ok(Ok(_)) => {}
            other => panic!("invoice: {other:?}"),
        }
        (ledger, client)
    }

    fn sender() -> Letterhead {
        Letterhead {
            name: "Atelier Martin".to_string(),
            trade_name: "Martin Menuiserie".to_string(),
            address: "3 place du Marché\n69002 Lyon".to_string(),
            siren: "12345678900012".to_string(),
            vat: "FR12123456789".to_string(),
            iban: "FR76 3000 4000 0100 0000 0000 000".to_string(),
            bic: "BNPAFRPP".to_string(),
            email: "contact@martin.example".to_string(),
            phone: "04 78 00 00 00".to_string(),
            logo: None,
        }
    }

    /// The facts and the letter of a formal notice dated 31 March 2026, through the real
    /// domain (gather, default template, compose).
    fn formal_notice(client_name: &str, lang: Lang, tone: Tone) -> (LetterFacts, Letter) {
        let (ledger, client) = books(client_name);
        let kind = LetterKind::Step(StepKind::FormalNotice);
        let request = LetterRequest {
            client,
            invoices: Vec::new(),
            kind: Some(kind),
            date: date("2026-03-31"),
            tone: Some(tone),
            deadline_days: None,
            individual: false,
        };
        let facts = match gather(
            &ledger,
            &request,
            &RateTables::builtin(),
            &DunningPolicy::default(),
        ) {
            Ok(facts) => facts,
            Err(error) => panic!("gather: {error:?}"),
        };
        let template = default_template(kind, lang, tone);
        let letter = match compose(&facts, &sender(), &template, lang) {
            Ok(letter) => letter,
            Err(error) => panic!("compose: {error:?}"),
        };
        (facts, letter)
    }

    /// The figures a letter must state, as `lang` writes them.
    fn amounts(facts: &LetterFacts, lang: Lang) -> Vec<String> {
        let mut amounts = vec![
            format::money(facts.total_gross, lang),
            format::money(facts.total_open, lang),
            format::money(facts.total_interest, lang),
            format::money(facts.total_compensation, lang),
        ];
        for invoice in &facts.invoices {
            amounts.push(format::money(invoice.open, lang));
            if let Some(simulation) = invoice.accrual.simulation() {
                amounts.push(format::money(simulation.interest, lang));
                amounts.push(format::money(simulation.compensation, lang));
            }
        }
        amounts
    }

    #[track_caller]
    fn assert_safe(html: &str) {
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("http"), "{html}");
    }

    #[test]
    fn every_user_string_is_escaped_in_the_document_and_the_fragment() {
        let hostile = format!("{ATTACK} {QUOTES}");
        let mut letter = hand_letter(
            Lang::Fr,
            vec![
                Block::Paragraph(format!("Bonjour,\n{hostile}")),
                Block::Table(Table {
                    columns: vec![hostile.clone(), "Montant".to_string()],
                    numeric: vec![false, true],
                    rows: vec![vec![hostile.clone(), hostile.clone()]],
                    total: Some(vec![hostile.clone(), hostile.clone()]),
                }),
            ],
        );
        letter.recipient.name = hostile.clone();
        letter.recipient.address = format!("{hostile}\n75011 Paris");
        letter.sender = Letterhead {
            name: hostile.clone(),
            trade_name: hostile.clone(),
            address: hostile.clone(),
            siren: hostile.clone(),
            vat: hostile.clone(),
            iban: hostile.clone(),
            bic: hostile.clone(),
            email: hostile.clone(),
            phone: hostile.clone(),
            logo: None,
        };
        letter.subject = hostile.clone();
        letter.mention = Some(hostile.clone());
        letter.date_line = hostile.clone();
        let escaped = format!("{ATTACK_ESCAPED} {QUOTES_ESCAPED}");
        for html in [html_document(&letter), html_fragment(&letter)] {
            assert_safe(&html);
            assert!(!html.contains(QUOTES), "{html}");
            // Name, trade name, address, SIREN, VAT, e-mail, phone; recipient name and
            // address; date, mention, subject; the paragraph; header, cell, cell, total, total.
            let times = html.matches(&escaped).count();
            let in_title = usize::from(html.contains("<title>"));
            assert_eq!(times, 7 + 2 + 3 + 1 + 5 + in_title, "{html}");
        }
        assert!(
            html_document(&letter).contains(&format!("<title>{escaped}</title>")),
            "the title is the escaped subject"
        );
    }

    #[test]
    fn the_logo_tops_the_sender_block_once_in_html_and_never_in_text() {
        let tiny_png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
        let url = format!("data:image/png;base64,{tiny_png}");
        let mut letter = hand_letter(Lang::Fr, vec![Block::Paragraph("Bonjour,".to_string())]);
        // Without a logo: no image at all.
        for html in [html_fragment(&letter), html_document(&letter)] {
            assert!(!html.contains("<img"), "{html}");
            assert!(!html.contains("letter__from"), "{html}");
        }
        letter.sender.logo = Some(Logo::from_data_url(&url).unwrap());
        letter.sender.name = ATTACK.to_string();
        for html in [html_fragment(&letter), html_document(&letter)] {
            assert_eq!(html.matches("<img").count(), 1, "{html}");
            assert_eq!(html.matches(&url).count(), 1, "{html}");
            let image = format!(
                "<div class=\"letter__from\">\n<img class=\"letter__logo\" src=\"{url}\" alt=\"{ATTACK_ESCAPED}\">\n<address class=\"letter__sender\">{ATTACK_ESCAPED}<br>\n3 place du Marché<br>\n69002 Lyon</address>\n</div>\n<address class=\"letter__recipient\">"
            );
            assert!(html.contains(&image), "{html}");
        }
        // The name's own `<img` stays escaped: the one image is the logo.
        assert!(!html_fragment(&letter).contains(ATTACK));
        // A sender without a name: the image is called "Logo".
        letter.sender.name = "  ".to_string();
        assert!(html_fragment(&letter).contains(&format!("src=\"{url}\" alt=\"Logo\">")));
        // The text has no image nor its data.
        let text = plain_text(&letter);
        assert!(!text.contains(tiny_png), "{text}");
        assert!(!text.contains("data:"), "{text}");
        assert!(!text.contains("Logo"), "{text}");
    }

    #[test]
    fn a_hostile_client_name_from_the_books_is_escaped() {
        let name = format!("{ATTACK} {QUOTES}");
        let (_, letter) = formal_notice(&name, Lang::En, Tone::Collaborative);
        assert_eq!(letter.recipient.name, name);
        for html in [html_document(&letter), html_fragment(&letter)] {
            assert_safe(&html);
            assert!(html.contains(&format!("{ATTACK_ESCAPED} {QUOTES_ESCAPED}")));
        }
    }

    #[test]
    fn the_document_stands_alone_on_an_a4_page() {
        let (_, letter) = formal_notice("Dupont SARL", Lang::Fr, Tone::Firm);
        let html = html_document(&letter);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("@page { size: A4; margin: 20mm; }"));
        assert!(html.contains("break-inside: avoid"));
        assert!(html.contains(&format!("<title>{}</title>", escape(&letter.subject))));
        assert_safe(&html);
        for external in ["url(", "@import", "<link", "<script", "src="] {
            assert!(!html.contains(external), "{external}");
        }
        let fragment = html_fragment(&letter);
        assert!(fragment.starts_with("<article class=\"letter\" lang=\"fr\">"));
        assert!(fragment.trim_end().ends_with("</article>"));
        assert!(!fragment.contains("<html") && !fragment.contains("<head>"));
        assert!(html.contains(&fragment), "the document holds the fragment");
    }

    #[test]
    fn a_french_formal_notice_states_the_engine_figures() {
        let (facts, letter) = formal_notice("Dupont SARL", Lang::Fr, Tone::Firm);
        // The engine's figures (as on the invoice page): 59 days on 1 000 € at 12,15 %.
        assert_eq!(
            format::money(facts.total_interest, Lang::Fr),
            "19,64\u{a0}€"
        );
        assert_eq!(
            format::money(facts.total_compensation, Lang::Fr),
            "40,00\u{a0}€"
        );
        let html = html_document(&letter);
        let text = plain_text(&letter);
        for amount in amounts(&facts, Lang::Fr) {
            assert!(html.contains(&escape(&amount)), "HTML lacks {amount}");
            assert!(text.contains(&amount), "text lacks {amount}");
        }
        assert!(html.contains(
            "<p class=\"letter__mention\"><strong>Lettre recommandée avec accusé de réception</strong></p>"
        ));
        assert!(html.contains("<strong>Objet\u{202f}:</strong>"));
        assert!(html.contains("<tfoot>\n<tr><th scope=\"row\">Total</th>"));
        assert!(html.contains(&format!(
            "<td class=\"num\">{}</td>",
            format::money(facts.total_open, Lang::Fr)
        )));
        // Sender: every field but the bank details (those are the letter's payment paragraph).
        for line in [
            "Atelier Martin<br>",
            "Martin Menuiserie<br>",
            "3 place du Marché<br>",
            "69002 Lyon<br>",
            "SIRET\u{202f}: 12345678900012<br>",
            "TVA\u{202f}: FR12123456789<br>",
            "contact@martin.example<br>",
            "Tél.\u{202f}: 04 78 00 00 00</address>",
        ] {
            assert!(html.contains(line), "HTML lacks {line:?}");
        }
        assert!(html.contains(
            "<address class=\"letter__recipient\">Dupont SARL<br>\n12 rue des Lilas<br>\n75011 Paris</address>"
        ));
        assert!(html.contains("<p class=\"letter__date\">Le 31 mars 2026</p>"));
        // Text: sender, blank, recipient, blank, date, blank, mention, subject, blank, body.
        let expected_head = format!(
            "Atelier Martin\nMartin Menuiserie\n3 place du Marché\n69002 Lyon\nSIRET\u{202f}: 12345678900012\nTVA\u{202f}: FR12123456789\ncontact@martin.example\nTél.\u{202f}: 04 78 00 00 00\n\nDupont SARL\n12 rue des Lilas\n75011 Paris\n\nLe 31 mars 2026\n\nLettre recommandée avec accusé de réception\nObjet\u{202f}: {}\n\nMadame, Monsieur,\n\n",
            letter.subject
        );
        assert!(text.starts_with(&expected_head), "{text}");
    }

    #[test]
    fn an_english_formal_notice_states_the_engine_figures() {
        let (facts, letter) = formal_notice("Dupont SARL", Lang::En, Tone::Firm);
        let html = html_document(&letter);
        let text = plain_text(&letter);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert_eq!(format::money(facts.total_interest, Lang::En), "€19.64");
        for amount in amounts(&facts, Lang::En) {
            assert!(html.contains(&escape(&amount)), "HTML lacks {amount}");
            assert!(text.contains(&amount), "text lacks {amount}");
        }
        assert!(html.contains("<strong>Subject:</strong>"));
        assert!(html.contains("SIRET: 12345678900012<br>"));
        assert!(html.contains("VAT: FR12123456789<br>"));
        assert!(html.contains("Tel: 04 78 00 00 00</address>"));
        assert!(text.contains(&format!(
            "\nBy registered post with acknowledgement of receipt\nSubject: {}\n\nDear Sir or Madam,\n\n",
            letter.subject
        )));
    }

    #[test]
    fn text_tables_are_aligned_by_characters_amounts_to_the_right() {
        let table = Table {
            columns: vec!["Facture".to_string(), "Montant".to_string()],
            numeric: vec![false, true],
            rows: vec![
                vec!["F-1".to_string(), "1 000,00 €".to_string()],
                vec!["F-22".to_string(), "5,00 €".to_string()],
            ],
            total: Some(vec!["Total".to_string(), "1 005,00 €".to_string()]),
        };
        let letter = hand_letter(
            Lang::Fr,
            vec![
                Block::Paragraph("Bonjour,".to_string()),
                Block::Table(table),
                Block::Paragraph("Merci.".to_string()),
            ],
        );
        let text = plain_text(&letter);
        let expected = "\
Bonjour,

Facture     Montant
-------------------
F-1      1 000,00 €
F-22         5,00 €
-------------------
Total    1 005,00 €

Merci.
";
        assert!(text.ends_with(expected), "{text}");
        assert!(
            text.starts_with(
                "Atelier Martin\n3 place du Marché\n69002 Lyon\n\nDupont SARL\n12 rue des Lilas\n75011 Paris\n\nLe 31 mars 2026\n\nObjet\u{202f}: Facture é & ?\n\nBonjour,"
            ),
            "{text}"
        );
    }

    #[test]
    fn the_real_invoice_table_lines_up_in_text() {
        let (facts, letter) = formal_notice("Dupont SARL", Lang::Fr, Tone::Firm);
        let text = plain_text(&letter);
        let lines: Vec<&str> = text.lines().collect();
        let header = lines
            .iter()
            .position(|line| line.starts_with("Facture  "))
            .unwrap_or_else(|| panic!("no table header in {text}"));
        let table: Vec<&str> = lines
            .iter()
            .skip(header)
            .take_while(|line| !line.is_empty())
            .copied()
            .collect();
        // Header, rule, one invoice, rule, totals: each as wide as the rules (the last
        // column holds amounts, right-aligned).
        assert_eq!(table.len(), 5, "{table:#?}");
        let width = |line: &str| line.chars().count();
        for line in &table {
            assert_eq!(width(line), width(table[1]), "{table:#?}");
        }
        assert!(table[2].starts_with("F-2026-001"));
        let total = table[4];
        assert!(total.starts_with("Total"));
        assert!(total.ends_with(&format::money(facts.total_compensation, Lang::Fr)));
        assert!(total.contains(&format::money(facts.total_open, Lang::Fr)));
    }

    #[test]
    fn mailto_percent_encodes_utf8_ampersands_question_marks_and_line_breaks() {
        let letter = hand_letter(
            Lang::Fr,
            vec![
                Block::Paragraph("Bonjour,".to_string()),
                Block::Paragraph("Ligne 1\nLigne 2 é & ?".to_string()),
            ],
        );
        assert_eq!(
            mailto(&letter),
            Mailto::Link(
                "mailto:jean.dupont%2Brelance@exemple.fr?subject=Facture%20%C3%A9%20%26%20%3F&body=Bonjour%2C%0D%0A%0D%0ALigne%201%0D%0ALigne%202%20%C3%A9%20%26%20%3F".to_string()
            )
        );
        let mut nobody = letter.clone();
        nobody.recipient.email = None;
        match mailto(&nobody) {
            Mailto::Link(link) => assert!(link.starts_with("mailto:?subject=Facture%20"), "{link}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn mailto_body_starts_at_the_salutation_with_the_tables() {
        let (_, letter) = formal_notice("Dupont SARL", Lang::Fr, Tone::Firm);
        let mut short = letter.clone();
        // Keep the salutation and the table only, so the link fits.
        short.blocks.retain(|block| match block {
            Block::Paragraph(text) => text.starts_with("Madame"),
            Block::Table(_) => true,
        });
        match mailto(&short) {
            Mailto::Link(link) => {
                assert!(link.contains("&body=Madame%2C%20Monsieur%2C%0D%0A%0D%0AFacture%20"));
                assert!(!link.contains("Atelier"), "no sender block: {link}");
                assert!(!link.contains("Lilas"), "no recipient block: {link}");
                assert!(link.starts_with("mailto:compta@dupont.example?subject="));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_long_letter_is_too_long_for_a_mailto_link() {
        let paragraph = "Nous vous prions de bien vouloir régler cette somme. ".repeat(8);
        let blocks = (0..10)
            .map(|_| Block::Paragraph(paragraph.clone()))
            .collect();
        let letter = hand_letter(Lang::Fr, blocks);
        match mailto(&letter) {
            Mailto::TooLong { length, limit } => {
                assert_eq!(limit, MAILTO_LIMIT);
                assert!(length > MAILTO_LIMIT);
                // 10 × 8 × 54 characters, several encoded as 3 or 6: well past the limit.
                assert!(length > 4320, "{length}");
            }
            other => panic!("{other:?}"),
        }
        // Just under the limit is a link.
        let fits = hand_letter(Lang::Fr, vec![Block::Paragraph("a".repeat(1800))]);
        assert!(matches!(mailto(&fits), Mailto::Link(link) if link.len() <= MAILTO_LIMIT));
    }
}
