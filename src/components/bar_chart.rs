//! A bar chart drawn as SVG, with the same figures as a table: the app's own, since a chart
//! library would bring its weight to the bundle for a few rectangles.

use crate::i18n::use_i18n;
use leptos::prelude::*;

/// Chart height in the SVG's own units; the width follows the number of bars.
const HEIGHT: usize = 120;
const BAR: usize = 10;

/// Bars of `values` under a caption that is also the chart's accessible name (with the bars'
/// scale), its first and last labels below it, and a "Bảng số liệu" table of every label and
/// value. A bar pointed at, or chosen with the arrow keys once the chart has focus, is marked
/// and its label and value are written below (and announced). Bars take the accent colour,
/// which the light and dark themes both set; the SVG stretches to the container's width.
#[component]
pub fn BarChart(
    /// Unique in the page: ties the caption to the chart.
    id: &'static str,
    /// The caption and accessible name.
    title: &'static str,
    /// The heading of the labels' column in the table.
    label_heading: &'static str,
    /// The heading of the values' column.
    value_heading: &'static str,
    /// Each bar's label and value, in order.
    bars: Vec<(String, usize)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let top = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let width = (bars.len() * BAR).max(BAR);
    let first = bars.first().map(|(l, _)| l.clone()).unwrap_or_default();
    let last = bars.last().map(|(l, _)| l.clone()).unwrap_or_default();
    // All bars as one path: a rectangle element (with its tooltip) for each of a year's days
    // made the statistics take 36 ms to appear instead of 17.
    let mut bars_path = String::new();
    for (i, (_, value)) in bars.iter().enumerate().filter(|(_, (_, v))| *v > 0) {
        let height = (value * HEIGHT).div_ceil(top);
        bars_path.push_str(&format!(
            "M{},{}h{}v{height}h-{}z",
            i * BAR + 1,
            HEIGHT - height,
            BAR - 2,
            BAR - 2
        ));
    }
    // The table is drawn when opened: a year of days is 366 rows, which took most of the time
    // the statistics view needed to appear.
    let count = bars.len();
    let bars = StoredValue::new(bars);
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(None::<usize>);
    let readout = move || match chosen.get() {
        Some(i) => bars.with_value(|bars| {
            bars.get(i)
                .map(|(label, value)| format!("{label}: {}", t.number(*value)))
                .unwrap_or_default()
        }),
        None => t.chart_hint.to_owned(),
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let last = count.saturating_sub(1);
        let at = chosen.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowLeft" => at.map_or(last, |i| i.saturating_sub(1)),
            "ArrowRight" => at.map_or(last, |i| (i + 1).min(last)),
            "Home" => 0,
            "End" => last,
            _ => return,
        };
        ev.prevent_default();
        chosen.set((count > 0).then_some(next));
    };
    let on_pointer = move |ev: web_sys::PointerEvent| {
        let Some(svg) = ev
            .current_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        else {
            return;
        };
        let width = svg.get_bounding_client_rect().width();
        if width > 0.0 && count > 0 {
            let i = (f64::from(ev.offset_x()) / width * count as f64) as usize;
            chosen.set(Some(i.min(count - 1)));
        }
    };
    let cursor_x = move || {
        chosen
            .get()
            .map_or(-(BAR as i64), |i| (i * BAR) as i64)
            .to_string()
    };
    let rows = move || {
        open.get().then(|| {
            bars.with_value(|bars| {
                bars.iter()
                    .map(|(label, value)| view! { <tr><th scope="row">{label.clone()}</th><td>{t.number(*value)}</td></tr> })
                    .collect_view()
            })
        })
    };
    let caption = format!("{id}-caption");
    let described = format!("{id}-readout");
    view! {
        <figure class="vch-chart">
            <figcaption id=caption.clone()>{title}<span class="vch-scale vch-muted">{(t.scale)(&t.number(top))}</span></figcaption>
            <svg class="vch-bars" role="img" tabindex="0" aria-labelledby=caption aria-describedby=described.clone()
                viewBox=format!("0 0 {width} {HEIGHT}") preserveAspectRatio="none"
                on:keydown=on_key on:pointermove=on_pointer>
                <rect class="vch-bar-cursor" x=cursor_x y="0" width=BAR.to_string() height=HEIGHT.to_string() />
                <line x1="0" y1=HEIGHT.to_string() x2=width.to_string() y2=HEIGHT.to_string() />
                <path d=bars_path />
            </svg>
            <div class="vch-axis vch-muted" aria-hidden="true"><span>{first}</span><span>{last}</span></div>
            <p class="vch-readout" id=described aria-live="polite">{readout}</p>
            <details on:toggle=move |ev| {
                let opened = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                open.set(opened);
            }>
                <summary>{t.figures_table}</summary>
                <table class="vch-table">
                    <thead><tr><th scope="col">{label_heading}</th><th scope="col">{value_heading}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
