use serde_json::json;

use crate::repo::{ALICE, BOB, TestRepo};

fn known_history() -> TestRepo {
    let repo = TestRepo::new("");
    repo.write(
        "incidents/2024-06-13-export-timeouts.toml",
        "title = \"Exports time out\"\nrelease = \"1.1.0\"\nenvironment = \"prod\"\nseverity = \"sev2\"\nstatus = \"resolved\"\n\
         detected_at = 2024-06-04T02:00:00Z\nresolved_at = 2024-06-04T05:00:00Z\nroot_cause = \"Batch size\"\n\
         [[follow_ups]]\ntitle = \"Load test\"\nowner = \"bob\"\n",
    );
    repo.commit(ALICE, "2024-05-31T00:00:00Z", "Incident");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-01T00:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-02T12:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-03T00:00:00Z");
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-04T00:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-04T06:00:00Z");
    repo
}

fn metrics(repo: &TestRepo, args: &[&str]) -> serde_json::Value {
    repo.json("metrics", args)
}

#[test]
fn exact_figures_on_a_known_history() {
    let repo = known_history();
    assert_eq!(
        metrics(&repo, &["--since", "2024-06-01", "--until", "2024-06-08"]),
        json!({
            "since": "2024-06-01T00:00:00Z",
            "until": "2024-06-08T00:00:00Z",
            // 1.0.0, 1.1.0, and the rollback to 1.0.0
            "production_deploys": 3,
            "deploys_per_week": 3.0,
            // 1.0.0: 36 h from uat to prod; 1.1.0: 24 h
            "lead_time_median_hours": 30.0,
            // 1.1.0 was rolled back (and had an incident): 1 of 3
            "change_failure_rate": 0.33,
            "time_to_restore_median_hours": 3.0
        })
    );
}

#[test]
fn nothing_to_measure_is_null() {
    let repo = known_history();
    assert_eq!(
        metrics(&repo, &["--since", "2025-01-01", "--until", "2025-01-15"]),
        json!({
            "since": "2025-01-01T00:00:00Z",
            "until": "2025-01-15T00:00:00Z",
            "production_deploys": 0,
            "deploys_per_week": 0.0,
            "lead_time_median_hours": null,
            "change_failure_rate": null,
            "time_to_restore_median_hours": null
        })
    );
}

#[test]
fn the_default_window_is_the_90_days_before_now() {
    let repo = known_history();
    let m = metrics(&repo, &["--now", "2024-08-01T00:00:00Z"]);
    assert_eq!(m["since"], "2024-05-03T00:00:00Z");
    assert_eq!(m["production_deploys"], 3);
    let out = repo.milepost(&["metrics", "--now", "2024-08-01T00:00:00Z"]);
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap(), @r"
    production, 2024-05-03 00:00 UTC to 2024-08-01 00:00 UTC
    deploys                   3
    deploys per week          0.23
    lead time (median)        30 h
    change failure rate       33%
    time to restore (median)  3 h
    ");
}

/// The text of an HTML fragment without its tags, whitespace collapsed.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_metrics_page_shows_figures_and_charts_of_the_same_weeks() {
    let repo = known_history();
    let out = tempfile::tempdir().unwrap();
    let built = repo.milepost(&[
        "build",
        "--out",
        out.path().to_str().unwrap(),
        "--now",
        "2024-06-30T00:00:00Z",
    ]);
    assert!(built.status.success(), "{built:?}");
    let page = std::fs::read_to_string(out.path().join("internal/metrics/index.html")).unwrap();
    let lead = page.split("<p class=\"lead\">").nth(1).unwrap();
    assert!(
        text_of(lead.split("</p>").next().unwrap()).starts_with(
            "Production environments over the last 13 weeks, 31 March 2024 to 30 June 2024"
        ),
        "{lead}"
    );
    let figures = page.split("<ul class=\"figures\">").nth(1).unwrap();
    assert_eq!(
        text_of(figures.split("</ul>").next().unwrap()),
        "3 Production deploys 0.23 Deploys per week 30 h Lead time (median) \
         33% Change failure rate 3 h Time to restore (median)"
    );
    // 13 weekly bars' slots, the three deploys in the week of 2 June, and
    // an axis that ends on a round number.
    let deploys = page.split("<h2 id=\"deploys\">").nth(1).unwrap();
    let chart = deploys.split("</svg>").next().unwrap();
    assert!(deploys.contains("style=\"grid-template-columns:repeat(13,minmax(0,1fr))\""));
    assert!(chart.contains("<span style=\"top:0%\">5</span>"), "{chart}");
    assert!(chart.contains("<title>2 Jun: 3 deploys</title>"), "{chart}");
    assert!(deploys.contains("aria-label=\"Production deploys per week: 13 of 13 weeks have data; the highest is 3 deploys.\""));
    // Durations are charted in the unit of their largest value.
    let lead_time = page.split("<h2 id=\"lead-time\">").nth(1).unwrap();
    assert!(lead_time.contains("<summary>The data (hours)</summary>"));
    assert!(
        lead_time.contains("<td data-label=\"hours\">30</td>"),
        "{lead_time}"
    );
}
