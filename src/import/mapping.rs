//! Which column holds what: guessed from the headings in French or English (case, accents,
//! spaces and punctuation folded), then editable by the user, each field in one column at
//! most. The headings of Relance's own invoice export (`export::tables::invoices_csv`, both
//! languages) all map with no manual step.

use crate::i18n::{Describe, Lang};

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Holds {
    Invoices,
    Clients,
}

/// What a column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Number,
    Client,
    IssueDate,
    DueDate,
    /// The amount including tax: what the client owes.
    AmountInclTax,
    AmountExclTax,
    /// The tax amount (the export's `TVA` / `Tax` column).
    Tax,
    Paid,
    Credited,
    /// What remains to be paid.
    Open,
    Currency,
    PaidDate,
    /// The client's SIREN or SIRET.
    ClientSiren,
    /// The client's VAT number.
    ClientVat,
    Email,
    /// The invoice's status (draft, disputed, written off; anything else: sent).
    Status,
    /// The client's country (a two-letter code or a usual name).
    Country,
    /// Business, consumer or public body.
    ClientKind,
    Address,
    Phone,
}

impl Field {
    pub const ALL: [Field; 20] = [
        Field::Number,
        Field::Client,
        Field::IssueDate,
        Field::DueDate,
        Field::AmountInclTax,
        Field::AmountExclTax,
        Field::Tax,
        Field::Paid,
        Field::Credited,
        Field::Open,
        Field::Currency,
        Field::PaidDate,
        Field::ClientSiren,
        Field::ClientVat,
        Field::Email,
        Field::Status,
        Field::Country,
        Field::ClientKind,
        Field::Address,
        Field::Phone,
    ];

    /// The fields without which a row is not an invoice.
    pub const REQUIRED: [Field; 4] = [
        Field::Number,
        Field::Client,
        Field::IssueDate,
        Field::AmountInclTax,
    ];

    pub fn is_required(self) -> bool {
        Field::REQUIRED.contains(&self)
    }

    pub fn is_amount(self) -> bool {
        matches!(
            self,
            Field::AmountInclTax
                | Field::AmountExclTax
                | Field::Tax
                | Field::Paid
                | Field::Credited
                | Field::Open
        )
    }

    pub fn is_date(self) -> bool {
        matches!(self, Field::IssueDate | Field::DueDate | Field::PaidDate)
    }

    /// The field's name, for the mapping's choices: `Montant TTC`, `Amount incl. tax`.
    pub fn name(self, lang: Lang) -> &'static str {
        let (fr, en) = match self {
            Field::Number => ("Numéro de facture", "Invoice number"),
            Field::Client => ("Client", "Client"),
            Field::IssueDate => ("Date d'émission", "Issue date"),
            Field::DueDate => ("Échéance", "Due date"),
            Field::AmountInclTax => ("Montant TTC", "Amount incl. tax"),
            Field::AmountExclTax => ("Montant HT", "Amount excl. tax"),
            Field::Tax => ("TVA", "Tax"),
            Field::Paid => ("Payé", "Paid"),
            Field::Credited => ("Avoirs", "Credited"),
            Field::Open => ("Reste dû", "Open balance"),
            Field::Currency => ("Devise", "Currency"),
            Field::PaidDate => ("Date de paiement", "Payment date"),
            Field::ClientSiren => ("SIREN / SIRET du client", "Client SIREN / SIRET"),
            Field::ClientVat => ("N° de TVA du client", "Client VAT number"),
            Field::Email => ("E-mail", "E-mail"),
            Field::Status => ("Statut", "Status"),
            Field::Country => ("Pays du client", "Client country"),
            Field::ClientKind => ("Type de client", "Client kind"),
            Field::Address => ("Adresse du client", "Client address"),
            Field::Phone => ("Téléphone du client", "Client phone"),
        };
        match lang {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// Headings that name the field, folded (see [`fold_heading`]).
    fn headings(self) -> &'static [&'static str] {
        match self {
            Field::Number => &[
                "numero de facture",
                "n de facture",
                "no de facture",
                "n facture",
                "no facture",
                "num facture",
                "numero facture",
                "numero",
                "facture",
                "ref facture",
                "reference facture",
                "reference",
                "invoice number",
                "invoice no",
                "invoice n",
                "invoice num",
                "invoice id",
                "invoice",
                "invoice ref",
                "number",
                "no",
                "n",
            ],
            Field::Client => &[
                "client",
                "customer",
                "nom du client",
                "nom client",
                "raison sociale",
                "client name",
                "customer name",
                "debiteur",
                "debtor",
                "societe",
                "company",
            ],
            Field::IssueDate => &[
                "date d emission",
                "date de facture",
                "date facture",
                "date de facturation",
                "date",
                "invoice date",
                "issue date",
                "issued",
                "issued on",
                "date issued",
            ],
            Field::DueDate => &[
                "echeance",
                "date d echeance",
                "date echeance",
                "date limite de paiement",
                "due date",
                "due",
                "due on",
                "payment due",
            ],
            Field::AmountInclTax => &[
                "montant ttc",
                "total ttc",
                "ttc",
                "total",
                "montant",
                "montant facture",
                "amount incl tax",
                "amount including tax",
                "total incl tax",
                "amount",
                "total amount",
                "invoice amount",
                "gross",
                "gross amount",
            ],
            Field::AmountExclTax => &[
                "montant ht",
                "total ht",
                "ht",
                "amount excl tax",
                "amount excluding tax",
                "net",
                "net amount",
                "subtotal",
            ],
            Field::Tax => &[
                "tva",
                "montant tva",
                "montant de tva",
                "tax",
                "tax amount",
                "vat",
                "vat amount",
                "taxes",
            ],
            Field::Paid => &[
                "paye",
                "montant paye",
                "deja paye",
                "regle",
                "montant regle",
                "paid",
                "amount paid",
                "paid amount",
            ],
            Field::Credited => &[
                "avoirs",
                "avoir",
                "montant des avoirs",
                "credited",
                "credit notes",
                "credit note",
                "credits",
            ],
            Field::Open => &[
                "reste du",
                "reste a payer",
                "restant du",
                "solde",
                "solde du",
                "balance",
                "open balance",
                "outstanding",
                "amount due",
                "balance due",
                "open",
            ],
            Field::Currency => &["devise", "currency", "monnaie"],
            Field::PaidDate => &[
                "date de paiement",
                "date du paiement",
                "date paiement",
                "date de reglement",
                "date du reglement",
                "payment date",
                "paid on",
                "date paid",
                "paid date",
            ],
            Field::ClientSiren => &[
                "siren",
                "siret",
                "siren client",
                "siret client",
                "siren du client",
                "siret du client",
                "n siren",
                "n siret",
                "company number",
                "registration number",
                "siren n de tva",
                "siren vat number",
                "identifiant",
            ],
            Field::ClientVat => &[
                "n tva",
                "no tva",
                "n de tva",
                "numero de tva",
                "numero tva",
                "tva intracommunautaire",
                "n tva intracommunautaire",
                "vat number",
                "vat no",
                "vat id",
                "client vat number",
            ],
            Field::Email => &[
                "e mail",
                "email",
                "courriel",
                "adresse e mail",
                "adresse email",
                "mail",
                "e mail du client",
                "client email",
                "client e mail",
                "customer email",
            ],
            Field::Status => &["statut", "status", "etat", "state", "statut de la facture"],
            Field::Country => &[
                "pays",
                "country",
                "code pays",
                "country code",
                "pays du client",
            ],
            Field::ClientKind => &[
                "type de client",
                "client kind",
                "type client",
                "customer type",
                "client type",
                "categorie",
            ],
            Field::Address => &[
                "adresse",
                "address",
                "adresse postale",
                "adresse du client",
                "adresse de facturation",
                "billing address",
                "postal address",
            ],
            Field::Phone => &[
                "telephone",
                "tel",
                "phone",
                "phone number",
                "telephone du client",
            ],
        }
    }

    /// Words that, inside a heading no exact match took, point to the field.
    fn hints(self) -> &'static [&'static str] {
        match self {
            Field::AmountInclTax => &["ttc"],
            Field::AmountExclTax => &["ht"],
            Field::DueDate => &["echeance", "due"],
            Field::ClientSiren => &["siren", "siret"],
            Field::Email => &["email", "courriel"],
            Field::Currency => &["devise", "currency"],
            _ => &[],
        }
    }
}

impl Describe for Field {
    fn describe(&self, lang: Lang) -> String {
        self.name(lang).to_string()
    }
}

/// A heading folded for matching: lower case, Latin accents dropped, every run of what is not
/// a letter or a digit one space, trimmed: `N° de facture` → `n de facture`, `Date
/// d'émission` → `date d emission`, `Montant TTC (€)` → `montant ttc`.
pub fn fold_heading(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut space = false;
    // The lists' fold (Latin accents, ligatures), then any other capital lowered.
    for character in crate::format::fold(text)
        .chars()
        .flat_map(char::to_lowercase)
    {
        if character.is_alphanumeric() {
            if space && !folded.is_empty() {
                folded.push(' ');
            }
            space = false;
            folded.push(character);
        } else {
            space = true;
        }
    }
    folded
}

/// Which field each column holds (`None`: the column is not imported). A field is in one
/// column at most. Both directions are kept, so that asking a field's column costs nothing
/// per row, whatever the number of columns of a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    columns: Vec<Option<Field>>,
    fields: [Option<usize>; Field::ALL.len()],
}

impl Mapping {
    /// The mapping guessed from the headings: first every heading that names a field exactly
    /// (folded), the leftmost column winning a field named twice; then, for the fields still
    /// unmapped, a heading that holds one of their hint words.
    pub fn guess(headers: &[String]) -> Mapping {
        let folded: Vec<String> = headers.iter().map(|header| fold_heading(header)).collect();
        let mut mapping = Mapping {
            columns: vec![None; headers.len()],
            fields: [None; Field::ALL.len()],
        };
        for (column, heading) in folded.iter().enumerate() {
            let field = Field::ALL
                .into_iter()
                .find(|field| field.headings().contains(&heading.as_str()));
            if let Some(field) = field
                && mapping.column_of(field).is_none()
            {
                mapping.set(column, Some(field));
            }
        }
        for field in Field::ALL {
            if mapping.column_of(field).is_some() {
                continue;
            }
            let column = folded.iter().enumerate().position(|(column, heading)| {
                mapping.field_of(column).is_none()
                    && heading.split(' ').any(|word| field.hints().contains(&word))
            });
            if let Some(column) = column {
                mapping.set(column, Some(field));
            }
        }
        mapping
    }

    /// How many columns the mapping covers.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// The field of `column`, if any.
    pub fn field_of(&self, column: usize) -> Option<Field> {
        self.columns.get(column).copied().flatten()
    }

    /// The column of `field`, if any.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.fields.get(field as usize).copied().flatten()
    }

    /// Puts `field` in `column` (taking it from any other column), or clears `column` with
    /// `None`. A column beyond the headings is ignored.
    pub fn set(&mut self, column: usize, field: Option<Field>) {
        if column >= self.columns.len() {
            return;
        }
        // The column's field leaves it; the field leaves its column.
        if let Some(previous) = self.field_of(column)
            && let Some(slot) = self.fields.get_mut(previous as usize)
        {
            *slot = None;
        }
        if let Some(field) = field
            && let Some(previous) = self.column_of(field)
            && let Some(held) = self.columns.get_mut(previous)
        {
            *held = None;
        }
        if let Some(held) = self.columns.get_mut(column) {
            *held = field;
        }
        if let Some(field) = field
            && let Some(slot) = self.fields.get_mut(field as usize)
        {
            *slot = Some(column);
        }
    }

    /// The required fields no column holds, in [`Field::REQUIRED`] order.
    /// What the file holds, as its columns say: clients when a client column is mapped and
    /// none of what makes a row an invoice (a number, an issue date, an amount); invoices
    /// otherwise.
    pub fn holds(&self) -> Holds {
        let invoice = [Field::Number, Field::IssueDate, Field::AmountInclTax]
            .into_iter()
            .any(|field| self.column_of(field).is_some());
        if !invoice && self.column_of(Field::Client).is_some() {
            Holds::Clients
        } else {
            Holds::Invoices
        }
    }

    /// The fields a row needs that no column holds, for what the file holds.
    pub fn missing(&self) -> Vec<Field> {
        let required: &[Field] = match self.holds() {
            Holds::Invoices => &Field::REQUIRED,
            Holds::Clients => &[Field::Client],
        };
        required
            .iter()
            .copied()
            .filter(|field| self.column_of(*field).is_none())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn headers(text: &str) -> Vec<String> {
        text.split(';').map(str::to_string).collect()
    }

    fn fields(mapping: &Mapping) -> Vec<Option<Field>> {
        (0..mapping.len())
            .map(|column| mapping.field_of(column))
            .collect()
    }

    #[test]
    fn headings_fold_case_accents_spaces_and_punctuation() {
        assert_eq!(fold_heading("N° de facture"), "n de facture");
        assert_eq!(fold_heading("  Date d'émission "), "date d emission");
        assert_eq!(fold_heading("Montant TTC (€)"), "montant ttc");
        assert_eq!(fold_heading("ÉCHÉANCE"), "echeance");
        assert_eq!(fold_heading("E-mail"), "e mail");
        assert_eq!(fold_heading("Amount incl. tax"), "amount incl tax");
        assert_eq!(fold_heading("\u{feff}Total\u{a0}TTC"), "total ttc");
    }

    #[test]
    fn french_headings_map_with_no_manual_step() {
        let mapping = Mapping::guess(&headers(
            "N° de facture;Client;Date d'émission;Échéance;Montant TTC;Payé",
        ));
        assert_eq!(
            fields(&mapping),
            [
                Some(Field::Number),
                Some(Field::Client),
                Some(Field::IssueDate),
                Some(Field::DueDate),
                Some(Field::AmountInclTax),
                Some(Field::Paid),
            ]
        );
        assert!(mapping.missing().is_empty());
    }

    #[test]
    fn english_and_other_tools_headings_map() {
        let mapping = Mapping::guess(&headers(
            "Invoice No.;Customer;Invoice Date;Due;Total;Amount Paid;Outstanding;Currency;Payment date;VAT number;SIRET;Email;Notes",
        ));
        assert_eq!(
            fields(&mapping),
            [
                Some(Field::Number),
                Some(Field::Client),
                Some(Field::IssueDate),
                Some(Field::DueDate),
                Some(Field::AmountInclTax),
                Some(Field::Paid),
                Some(Field::Open),
                Some(Field::Currency),
                Some(Field::PaidDate),
                Some(Field::ClientVat),
                Some(Field::ClientSiren),
                Some(Field::Email),
                None,
            ]
        );
    }

    #[test]
    fn hints_take_headings_no_exact_match_took_and_a_field_is_mapped_once() {
        let mapping = Mapping::guess(&headers(
            "Réf;Raison sociale;Date;Date limite;Total TTC facturé;Montant;Total HT;Échéance prévue",
        ));
        assert_eq!(mapping.column_of(Field::Client), Some(1));
        assert_eq!(mapping.column_of(Field::IssueDate), Some(2));
        // `Montant` names the amount exactly and wins over the hint `ttc`.
        assert_eq!(mapping.column_of(Field::AmountInclTax), Some(5));
        assert_eq!(mapping.column_of(Field::AmountExclTax), Some(6));
        assert_eq!(mapping.column_of(Field::DueDate), Some(7));
        assert_eq!(mapping.field_of(4), None);
        assert_eq!(mapping.missing(), [Field::Number]);
    }

    #[test]
    fn fields_are_numbered_in_their_list_order() {
        for (index, field) in Field::ALL.into_iter().enumerate() {
            assert_eq!(field as usize, index, "{field:?}");
        }
    }

    #[test]
    fn the_user_edits_a_mapping_and_each_field_stays_in_one_column() {
        let mut mapping = Mapping::guess(&headers("A;B;Montant"));
        assert_eq!(
            mapping.missing(),
            [Field::Number, Field::Client, Field::IssueDate]
        );
        mapping.set(0, Some(Field::Number));
        mapping.set(1, Some(Field::Number));
        assert_eq!(mapping.field_of(0), None);
        assert_eq!(mapping.column_of(Field::Number), Some(1));
        mapping.set(2, None);
        assert_eq!(mapping.column_of(Field::AmountInclTax), None);
        mapping.set(9, Some(Field::Client));
        assert_eq!(mapping.column_of(Field::Client), None);
        assert_eq!(mapping.field_of(9), None);
        // A column given another field gives up its first one.
        mapping.set(1, Some(Field::Client));
        assert_eq!(mapping.column_of(Field::Number), None);
        assert_eq!(mapping.column_of(Field::Client), Some(1));
    }

    proptest! {
        #[test]
        fn any_edits_keep_each_field_in_one_column_and_both_directions_agree(
            edits in proptest::collection::vec((0usize..8, 0usize..17), 0..40),
        ) {
            let mut mapping = Mapping::guess(&headers("Numéro;Client;Date;Montant;Payé;Devise"));
            for (column, field) in edits {
                mapping.set(column, Field::ALL.get(field).copied());
            }
            for field in Field::ALL {
                let holders = (0..mapping.len())
                    .filter(|column| mapping.field_of(*column) == Some(field))
                    .collect::<Vec<_>>();
                prop_assert!(holders.len() <= 1);
                prop_assert_eq!(holders.first().copied(), mapping.column_of(field));
            }
        }
    }
}
