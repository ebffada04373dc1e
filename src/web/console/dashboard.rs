//! The dashboard: a month of sign-ins by method and failed attempts, drawn as SVG on the server.

use super::*;

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new().route("/", get(dashboard))
}

#[derive(Serialize)]
struct DashboardPage {
    nav: Nav,
    users: i64,
    active_sessions: i64,
    clients: usize,
    chart: Option<String>,
    legend: Vec<LegendItem>,
    /// Texts the toll-fraud limits refused in the 30 days (with the chart).
    texts_refused: Option<i64>,
}
crate::view!(DashboardPage => "admin/dashboard.html");

#[derive(serde::Serialize)]
struct LegendItem {
    colour: &'static str,
    label: String,
    count: i64,
}

/// Colours for sign-in methods, in order of first appearance; failures are always red.
const METHOD_COLOURS: [&str; 5] = ["#2f5bea", "#12b76a", "#f79009", "#7a5af8", "#0ba5ec"];
const FAILURE_COLOUR: &str = "#f04438";

/// `text` escaped for the chart's markup: method names come from the audit trail, words from
/// the translations.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Sign-ins per day, stacked by method, with failures on top, as an SVG bar chart drawn here
/// so the page needs no script and no outside service.
fn chart(stats: &[DayStats], methods: &[String], first_day: i64, days: i64) -> String {
    let (width, height, pad) = (720.0, 180.0, 24.0);
    let total = |d: &DayStats| d.by_method.values().sum::<i64>() + d.failures;
    let max = stats.iter().map(total).max().unwrap_or(0).max(1) as f64;
    let slot = (width - pad) / days as f64;
    let bar = (slot * 0.7).max(1.0);
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {}" role="img" aria-label="{}">"##,
        height + pad,
        escape(&tr("admin-dashboard-chart-label")).replace('"', "&quot;")
    );
    svg.push_str(&format!(
        r##"<line x1="{pad}" y1="{height}" x2="{width}" y2="{height}" stroke="#d9dee7"/><text x="0" y="12" font-size="11" fill="#5b6475">{max}</text>"##
    ));
    for d in stats {
        let i = (d.day - first_day) as f64;
        if i < 0.0 || i >= days as f64 {
            continue;
        }
        let x = pad + i * slot;
        let mut top = height;
        // Each segment's tooltip: the count and the method's name, or the failed attempts.
        let segments = methods
            .iter()
            .enumerate()
            .map(|(n, m)| {
                let count = d.by_method.get(m).copied().unwrap_or(0);
                (
                    count,
                    METHOD_COLOURS[n % METHOD_COLOURS.len()],
                    format!("{count} {m}"),
                )
            })
            .chain(std::iter::once((
                d.failures,
                FAILURE_COLOUR,
                lang().t_number("admin-dashboard-chart-failed", "count", d.failures),
            )));
        for (count, colour, tip) in segments {
            if count == 0 {
                continue;
            }
            // Method names come from the audit trail: escape the tooltip like any text.
            let tip = escape(&tip);

            let h = (count as f64 / max) * (height - 16.0);
            top -= h;
            svg.push_str(&format!(
                r##"<rect x="{x:.1}" y="{top:.1}" width="{bar:.1}" height="{h:.1}" fill="{colour}"><title>{tip}</title></rect>"##
            ));
        }
    }
    let label = |day: i64| {
        time::OffsetDateTime::from_unix_timestamp(day * 86400)
            .map(|d| format!("{}-{:02}", d.month() as u8, d.day()))
            .unwrap_or_default()
    };
    svg.push_str(&format!(
        r##"<text x="{pad}" y="{}" font-size="11" fill="#5b6475">{}</text><text x="{}" y="{}" font-size="11" fill="#5b6475" text-anchor="end">{}</text></svg>"##,
        height + 16.0,
        label(first_day),
        width,
        height + 16.0,
        label(first_day + days - 1)
    ));
    svg
}

pub(super) async fn dashboard(
    State(app): State<App>,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let now = app.clock.now();
    let days = 30;
    let first_day = now / 86400 - (days - 1);
    let may_audit = actor.0.capabilities.contains(&Capability::ViewAuditLog);
    let texts_refused = if may_audit {
        Some(
            app.store
                .count_events_since(
                    crate::domain::AuditKind::SmsLimited.as_str(),
                    first_day * 86400,
                )
                .await?,
        )
    } else {
        None
    };
    let (chart_svg, legend) = if may_audit {
        let stats = app.store.sign_in_stats(first_day * 86400).await?;
        let mut methods: Vec<String> = Vec::new();
        for d in &stats {
            for m in d.by_method.keys() {
                if !methods.contains(m) {
                    methods.push(m.clone());
                }
            }
        }
        let mut legend: Vec<LegendItem> = methods
            .iter()
            .enumerate()
            .map(|(n, m)| LegendItem {
                colour: METHOD_COLOURS[n % METHOD_COLOURS.len()],
                label: match m.strip_prefix("upstream:") {
                    Some(provider) => {
                        lang().t1("admin-dashboard-legend-upstream", "provider", provider)
                    }
                    None => lang().t1("admin-dashboard-legend-method", "method", m),
                },
                count: stats
                    .iter()
                    .map(|d| d.by_method.get(m).copied().unwrap_or(0))
                    .sum(),
            })
            .collect();
        legend.push(LegendItem {
            colour: FAILURE_COLOUR,
            label: tr("admin-dashboard-legend-failed"),
            count: stats.iter().map(|d| d.failures).sum(),
        });
        (Some(chart(&stats, &methods, first_day, days)), legend)
    } else {
        (None, Vec::new())
    };
    let page = DashboardPage {
        nav: nav(&actor, "dashboard", q.done.as_deref()),
        users: app.store.count_users().await?,
        active_sessions: app.store.count_live_sessions(now).await?,
        clients: app.store.list_clients().await?.len(),
        chart: chart_svg,
        legend,
        texts_refused,
    };
    Ok(Html(render(&page)).into_response())
}
