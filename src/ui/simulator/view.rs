//! The Simulator's texts and its result pieces: the period breakdown table and the rate chart.
//! Every figure comes from the engine's `Simulation`; these only lay it out.

use chrono::NaiveDate;
use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::domain::interest::{Rate, Simulation};
use crate::domain::money::Money;
use crate::format;
use crate::i18n::Lang;

/// The plain decimal of an amount, for `data-value` hooks: `"123.45"`.
pub fn plain_money(amount: Money) -> String {
    amount.amount().to_string()
}

/// Every text of the Simulator page.
pub struct SimulatorTexts {
    pub regime: &'static str,
    pub principal: &'static str,
    pub currency: &'static str,
    pub due: &'static str,
    pub until: &'static str,
    pub until_hint: &'static str,
    pub rate: &'static str,
    pub compensation: &'static str,
    pub category: &'static str,
    pub category_other: &'static str,
    pub category_consumer: &'static str,
    pub payments: &'static str,
    pub payment_date: &'static str,
    pub payment_amount: &'static str,
    pub payment_add: &'static str,
    pub payment_remove: &'static str,
    pub options: &'static str,
    pub first_day: &'static str,
    pub formal_notice: &'static str,
    pub formal_notice_hint: &'static str,
    pub method_act365: &'static str,
    pub method_actact: &'static str,
    pub method_act360: &'static str,
    pub method_daily: &'static str,
    pub print: &'static str,
    pub balance_due: &'static str,
    pub first_day_hint: &'static str,
    pub enforceable: &'static str,
    pub enforceable_hint: &'static str,
    pub compound: &'static str,
    pub day_count: &'static str,
    pub day_count_choices: [&'static str; 3],
    pub order: &'static str,
    pub order_principal: &'static str,
    pub order_legal: &'static str,
    pub rounding: &'static str,
    pub rounding_period: &'static str,
    pub rounding_daily: &'static str,
    pub incomplete: &'static str,
    pub fix_fields: &'static str,
    pub interest: &'static str,
    pub compensation_figure: &'static str,
    pub total: &'static str,
    pub outstanding: &'static str,
    pub add_rate_link: &'static str,
    pub breakdown: &'static str,
    pub column_from: &'static str,
    pub column_to: &'static str,
    pub column_days: &'static str,
    pub column_rate: &'static str,
    pub column_base: &'static str,
    pub column_interest: &'static str,
    pub column_why: &'static str,
    pub total_row: &'static str,
    pub chart_title: &'static str,
    pub export_csv: &'static str,
    pub csv_file_name: &'static str,
}

static FR: SimulatorTexts = SimulatorTexts {
    regime: "Régime applicable",
    principal: "Montant dû (TTC)",
    currency: "Devise",
    due: "Date d'échéance",
    until: "Calculer jusqu'au",
    until_hint: "Laissez vide pour aujourd'hui\u{202f}; la date de paiement si la facture est réglée.",
    rate: "Taux annuel (%)",
    compensation: "Indemnité convenue (facultative)",
    category: "Situation du créancier",
    category_other: "Tous les autres cas (professionnel, entreprise)",
    category_consumer: "Particulier n'agissant pas pour des besoins professionnels",
    payments: "Paiements partiels",
    payment_date: "Date du paiement",
    payment_amount: "Montant",
    payment_add: "Ajouter un paiement",
    payment_remove: "Retirer ce paiement",
    options: "Options de calcul",
    first_day: "Premier jour d'intérêts",
    formal_notice: "Date de la mise en demeure",
    formal_notice_hint: "L'intérêt au taux légal court à compter de ce jour, qui est compté (art. 1231-6 du Code civil).",
    method_act365: "Méthode\u{202f}: intérêts de chaque période = base × taux annuel × jours ÷ 365 (même en année bissextile), arrondis au centime\u{202f}; le premier jour d'intérêts et le dernier jour sont comptés\u{202f}; le total est la somme des périodes arrondies.",
    method_actact: "Méthode\u{202f}: intérêts de chaque période = base × taux annuel × jours ÷ nombre de jours de l'année (365 ou 366), arrondis au centime\u{202f}; le premier jour d'intérêts et le dernier jour sont comptés\u{202f}; le total est la somme des périodes arrondies.",
    method_act360: "Méthode\u{202f}: intérêts de chaque période = base × taux annuel × jours ÷ 360, arrondis au centime\u{202f}; le premier jour d'intérêts et le dernier jour sont comptés\u{202f}; le total est la somme des périodes arrondies.",
    method_daily: "Arrondi choisi\u{202f}: le montant journalier est arrondi au centime avant d'être multiplié par les jours.",
    print: "Imprimer",
    balance_due: "Total dû, principal restant compris",
    first_day_hint: "Par défaut, le lendemain de l'échéance. Ce jour est compté.",
    enforceable: "Décision de justice exécutoire le",
    enforceable_hint: "Le taux est majoré de 5 points deux mois plus tard (art. L313-3 CMF).",
    compound: "Capitaliser les intérêts chaque année (art. 1343-2 Code civil)",
    day_count: "Décompte des jours",
    day_count_choices: [
        "Jours exacts / 365 (par défaut)",
        "Jours exacts / jours de l'année (365 ou 366)",
        "Jours exacts / 360",
    ],
    order: "Imputation des paiements",
    order_principal: "Sur le principal (par défaut)",
    order_legal: "Frais, puis intérêts, puis principal (art. 1343-1 Code civil)",
    rounding: "Arrondi",
    rounding_period: "Chaque période au centime (par défaut)",
    rounding_daily: "Montant journalier au centime, puis × jours",
    incomplete: "Le calcul s'affiche dès que ces champs sont remplis\u{202f}:",
    fix_fields: "Corrigez ce qui est signalé en rouge\u{202f}: le calcul s'affiche aussitôt.",
    interest: "Intérêts de retard",
    compensation_figure: "Indemnité forfaitaire",
    total: "Total à réclamer en plus du principal",
    outstanding: "Principal restant dû",
    add_rate_link: "Ouvrir Réglages › Taux publiés",
    breakdown: "Détail par période",
    column_from: "Du",
    column_to: "Au",
    column_days: "Jours",
    column_rate: "Taux annuel",
    column_base: "Base",
    column_interest: "Intérêts",
    column_why: "Début de période",
    total_row: "Total",
    chart_title: "Taux annuel appliqué sur la période",
    export_csv: "Exporter le détail (CSV)",
    csv_file_name: "relance-interets.csv",
};

static EN: SimulatorTexts = SimulatorTexts {
    regime: "Applicable regime",
    principal: "Amount owed (tax included)",
    currency: "Currency",
    due: "Due date",
    until: "Compute up to",
    until_hint: "Leave empty for today; the payment date if the invoice was paid.",
    rate: "Annual rate (%)",
    compensation: "Agreed compensation (optional)",
    category: "Creditor's situation",
    category_other: "All other cases (a business or a professional)",
    category_consumer: "A natural person not acting for professional needs",
    payments: "Partial payments",
    payment_date: "Payment date",
    payment_amount: "Amount",
    payment_add: "Add a payment",
    payment_remove: "Remove this payment",
    options: "Calculation options",
    first_day: "First day of interest",
    formal_notice: "Date of the formal notice",
    formal_notice_hint: "Legal interest runs from this day, which counts (French Civil Code, art. 1231-6).",
    method_act365: "Method: each period's interest = base × annual rate × days ÷ 365 (leap years too), rounded to the cent; the first day of interest and the last day both count; the total is the sum of the rounded periods.",
    method_actact: "Method: each period's interest = base × annual rate × days ÷ days in the year (365 or 366), rounded to the cent; the first day of interest and the last day both count; the total is the sum of the rounded periods.",
    method_act360: "Method: each period's interest = base × annual rate × days ÷ 360, rounded to the cent; the first day of interest and the last day both count; the total is the sum of the rounded periods.",
    method_daily: "Rounding chosen: the daily amount is rounded to the cent before it is multiplied by the days.",
    print: "Print",
    balance_due: "Total owed, remaining principal included",
    first_day_hint: "By default, the day after the due date. This day counts.",
    enforceable: "Court decision enforceable on",
    enforceable_hint: "The rate rises by 5 points two months later (art. L313-3 CMF).",
    compound: "Capitalise interest every year (French Civil Code, art. 1343-2)",
    day_count: "Day count",
    day_count_choices: [
        "Actual days / 365 (default)",
        "Actual days / days in the year (365 or 366)",
        "Actual days / 360",
    ],
    order: "Order of application of payments",
    order_principal: "To the principal (default)",
    order_legal: "Costs, then interest, then principal (Civil Code art. 1343-1)",
    rounding: "Rounding",
    rounding_period: "Each period to the cent (default)",
    rounding_daily: "Daily amount to the cent, then × days",
    incomplete: "The result appears as soon as these fields are filled in:",
    fix_fields: "Correct what is marked in red: the result appears at once.",
    interest: "Late-payment interest",
    compensation_figure: "Fixed compensation",
    total: "Total to claim on top of the principal",
    outstanding: "Principal still unpaid",
    add_rate_link: "Open Settings › Published rates",
    breakdown: "Breakdown by period",
    column_from: "From",
    column_to: "To",
    column_days: "Days",
    column_rate: "Annual rate",
    column_base: "Base",
    column_interest: "Interest",
    column_why: "Period starts on",
    total_row: "Total",
    chart_title: "Annual rate applied over the span",
    export_csv: "Export the breakdown (CSV)",
    csv_file_name: "relance-interest.csv",
};

pub fn simulator_texts(lang: Lang) -> &'static SimulatorTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// The period breakdown: one row per period with its test hooks, and a total row.
#[component]
pub fn BreakdownTable(
    simulation: Simulation,
    lang: Lang,
    texts: &'static SimulatorTexts,
) -> impl IntoView {
    let rows = simulation
        .periods
        .iter()
        .map(|period| {
            let unpublished = matches!(
                &period.rate_source,
                crate::domain::interest::RateSource::Table { reading, .. } if !reading.published
            );
            let reasons = period
                .starts_because
                .iter()
                .map(|reason| reason.name(lang))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <tr
                    class="breakdown__period"
                    class:breakdown__period--unpublished=unpublished
                    data-published=(!unpublished).to_string()
                    data-testid="sim-period"
                    data-start=period.start.to_string()
                    data-end=period.end.to_string()
                    data-days=period.days.to_string()
                    data-rate=format::plain_rate(period.annual_rate)
                    data-base=plain_money(period.base)
                    data-interest=plain_money(period.interest)
                >
                    <td data-label=texts.column_from>{format::date_short(period.start, lang)}</td>
                    <td data-label=texts.column_to>{format::date_short(period.end, lang)}</td>
                    <td class="num" data-label=texts.column_days>{period.days}</td>
                    <td class="num" data-label=texts.column_rate>{format::percent(period.annual_rate.percent(), lang)}</td>
                    <td class="num" data-label=texts.column_base>{format::money(period.base, lang)}</td>
                    <td class="num" data-label=texts.column_interest>{format::money(period.interest, lang)}</td>
                    <td class="breakdown__why" data-label=texts.column_why>{reasons}</td>
                </tr>
                <tr class="breakdown__source">
                    <td colspan="7">{format::typography(&period.rate_explanation(lang), lang)}</td>
                </tr>
            }
        })
        .collect_view();
    let total_days: u32 = simulation.periods.iter().map(|period| period.days).sum();
    let method = method_sentence(&simulation, texts);
    view! {
        <h2>{texts.breakdown}</h2>
        <div class="table-scroll table-scroll--cards">
            <table class="breakdown">
                <thead>
                    <tr>
                        <th scope="col">{texts.column_from}</th>
                        <th scope="col">{texts.column_to}</th>
                        <th scope="col" class="num">{texts.column_days}</th>
                        <th scope="col" class="num">{texts.column_rate}</th>
                        <th scope="col" class="num">{texts.column_base}</th>
                        <th scope="col" class="num">{texts.column_interest}</th>
                        <th scope="col">{texts.column_why}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row" colspan="2">{texts.total_row}</th>
                        <td class="num">{total_days}</td>
                        <td></td>
                        <td></td>
                        <td class="num">{format::money(simulation.interest, lang)}</td>
                        <td></td>
                    </tr>
                </tfoot>
            </table>
        </div>
        <p class="breakdown__method" data-testid="sim-method">{method}</p>
    }
}

/// How every line of the breakdown was computed, in one sentence (plus the rounding option).
pub fn method_sentence(simulation: &Simulation, texts: &SimulatorTexts) -> String {
    use crate::domain::interest::{DayCount, Rounding};
    let mut sentence = match simulation.options.day_count {
        DayCount::Act365 => texts.method_act365,
        DayCount::ActAct => texts.method_actact,
        DayCount::Act360 => texts.method_act360,
    }
    .to_string();
    if simulation.options.rounding == Rounding::DailyAmountFirst {
        sentence.push(' ');
        sentence.push_str(texts.method_daily);
    }
    sentence
}

const CHART_WIDTH: i64 = 600;
const CHART_HEIGHT: i64 = 160;
const CHART_PAD: i64 = 30;
/// Room on the left for the rate labels.
const CHART_LEFT: i64 = 76;

/// The step line of the rates over the span, in SVG coordinates. Decimal arithmetic only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateChartGeometry {
    pub path: String,
    /// The lowest and highest rates, with the height of their level.
    pub low: (Decimal, Decimal),
    pub high: (Decimal, Decimal),
}

/// The vertical axis spans the rates with some room (at least half a point each side), so that
/// a change of a quarter point is visible.
pub fn rate_path(points: &[(NaiveDate, NaiveDate, Rate)]) -> Option<RateChartGeometry> {
    let first = points.first()?.0;
    let last = points.last()?.1;
    let span_days = (last - first).num_days().checked_add(1)?.max(1);
    let max_rate = points.iter().map(|(_, _, rate)| rate.percent()).max()?;
    let min_rate = points.iter().map(|(_, _, rate)| rate.percent()).min()?;
    let pad = ((max_rate - min_rate) / Decimal::from(4)).max(Decimal::new(5, 1));
    let bottom = min_rate - pad;
    let range = max_rate + pad - bottom;
    let plot_width = Decimal::from(CHART_WIDTH - CHART_LEFT - CHART_PAD);
    let plot_height = Decimal::from(CHART_HEIGHT - 2 * CHART_PAD);
    // The abscissa of a moment `offset` days after the start of the first day.
    let x = |offset: i64| -> Option<Decimal> {
        let fraction = Decimal::from(offset).checked_div(Decimal::from(span_days))?;
        Some(Decimal::from(CHART_LEFT) + (fraction * plot_width).round_dp(1))
    };
    let y = |rate: Decimal| -> Option<Decimal> {
        let fraction = (rate - bottom).checked_div(range)?;
        Some(Decimal::from(CHART_HEIGHT - CHART_PAD) - (fraction * plot_height).round_dp(1))
    };
    let mut path = String::new();
    for (index, (start, end, rate)) in points.iter().enumerate() {
        // A step runs from the start of its first day to the end of its last.
        let x0 = x((*start - first).num_days())?;
        let x1 = x((*end - first).num_days().checked_add(1)?)?;
        let level = y(rate.percent())?;
        path.push_str(&format!(
            "{}{} {} H{} ",
            if index == 0 { "M" } else { "L" },
            x0.normalize(),
            level.normalize(),
            x1.normalize()
        ));
    }
    Some(RateChartGeometry {
        path: path.trim_end().to_string(),
        low: (min_rate, y(min_rate)?),
        high: (max_rate, y(max_rate)?),
    })
}

/// A small step chart of the annual rate of each period (an image for the eye; the table
/// beside it holds the figures).
#[component]
pub fn RateChart(simulation: Simulation, lang: Lang, title: &'static str) -> impl IntoView {
    let points: Vec<(NaiveDate, NaiveDate, Rate)> = simulation
        .periods
        .iter()
        .map(|period| (period.start, period.end, period.annual_rate))
        .collect();
    let first = points.first().map(|(start, _, _)| *start);
    let last = points.last().map(|(_, end, _)| *end);
    rate_path(&points).map(|geometry| {
        let first_label = first.map(|date| format::date_short(date, lang)).unwrap_or_default();
        let last_label = last.map(|date| format::date_short(date, lang)).unwrap_or_default();
        let same = geometry.low.0 == geometry.high.0;
        let label_at = |(rate, level): (Decimal, Decimal)| {
            view! {
                <text class="rate-chart__label" x=CHART_LEFT - 8 y=(level + Decimal::from(5)).to_string() text-anchor="end">
                    {format::percent(rate, lang)}
                </text>
            }
        };
        view! {
            <figure class="rate-chart" data-testid="sim-rate-chart">
                <figcaption>{title}</figcaption>
                <svg viewBox=format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}") role="img" aria-label=title>
                    <line class="rate-chart__axis" x1=CHART_LEFT y1=CHART_HEIGHT - CHART_PAD x2=CHART_WIDTH - CHART_PAD y2=CHART_HEIGHT - CHART_PAD/>
                    <path class="rate-chart__line" d=geometry.path/>
                    {label_at(geometry.high)}
                    {(!same).then(|| label_at(geometry.low))}
                    <text class="rate-chart__label" x=CHART_LEFT y=CHART_HEIGHT - 6>{first_label}</text>
                    <text class="rate-chart__label rate-chart__label--end" x=CHART_WIDTH - CHART_PAD y=CHART_HEIGHT - 6>{last_label}</text>
                </svg>
            </figure>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn plain_values_are_dot_decimals_with_two_places() {
        assert_eq!(format::plain_rate(Rate::from_percent(dec!(14.5))), "14.50");
        assert_eq!(
            format::plain_rate(Rate::from_percent(dec!(12.125))),
            "12.125"
        );
        assert_eq!(format::plain_rate(Rate::from_percent(dec!(8))), "8.00");
        assert_eq!(
            plain_money(Money::new(dec!(40), crate::domain::money::Currency::Eur)),
            "40.00"
        );
    }

    #[test]
    fn the_rate_path_steps_at_each_period_on_an_axis_fitted_to_the_rates() {
        let geometry = rate_path(&[
            (
                date("2024-01-01"),
                date("2024-06-30"),
                Rate::from_percent(dec!(14.5)),
            ),
            (
                date("2024-07-01"),
                date("2024-12-31"),
                Rate::from_percent(dec!(14.25)),
            ),
        ])
        .unwrap();
        // Rates 14.25–14.50, padded by 0.5 (more than a quarter of the spread): axis 13.75–15.00.
        // 14.50 → 130 − (0.75 / 1.25) × 100 = 70; 14.25 → 130 − (0.5 / 1.25) × 100 = 90.
        // First half: 182 of 366 days → x = 76 + 182/366 × 494 = 76 + 245.65 → 321.7.
        assert_eq!(geometry.path, "M76 70 H321.7 L321.7 90 H570");
        assert_eq!(geometry.high, (dec!(14.5), dec!(70)));
        assert_eq!(geometry.low, (dec!(14.25), dec!(90)));
        assert_eq!(rate_path(&[]), None);
    }
}
