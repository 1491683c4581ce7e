//! Bar charts drawn at build time, with no script. The bars are an SVG
//! stretched to the chart's box; the axis labels are HTML text beside it,
//! so that they keep the page's font size however wide the column is (text
//! inside a scaled SVG shrinks to a few pixels on a phone). Each chart is
//! one image for assistive technology, named by its title and a sentence
//! about its data; the page has the data as a table beside it.

use super::render::escape_html as escape;
use std::fmt::Write as _;

/// One chart: a value (or a gap) per category, in `unit`.
pub struct BarChart<'a> {
    pub title: &'a str,
    pub unit: &'a str,
    pub categories: &'a [String],
    pub values: &'a [Option<f64>],
    /// The values count things: the axis shows no fractions.
    pub whole: bool,
}

/// `value` with at most two decimals and no trailing zeros.
pub fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// The smallest of 1, 2, 2.5, 5 and 10 times a power of ten that is at
/// least `max`: the top of an axis people read at a glance.
pub fn nice_ceiling(max: f64) -> f64 {
    if !max.is_finite() || max <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(max.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|step| step * power >= max * (1.0 - 1e-9))
        .unwrap_or(10.0);
    step * power
}

/// Which categories get a label under the axis: every `every`-th, counted
/// back from the last, so that the latest week is always named.
fn labelled(count: usize, every: usize) -> impl Fn(usize) -> bool {
    move |i| (count - 1 - i).is_multiple_of(every)
}

impl BarChart<'_> {
    /// The ticks of the value axis, top first.
    pub fn ticks(&self) -> Vec<f64> {
        let max = self
            .values
            .iter()
            .flatten()
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0_f64, f64::max);
        let mut top = nice_ceiling(max);
        if self.whole {
            top = top.max(2.0).ceil();
        }
        let middle = top / 2.0;
        if self.whole && middle.fract() != 0.0 {
            vec![top, 0.0]
        } else {
            vec![top, middle, 0.0]
        }
    }

    fn description(&self) -> String {
        let measured: Vec<f64> = self.values.iter().flatten().copied().collect();
        if measured.is_empty() {
            return "No data in this period.".to_string();
        }
        let max = measured.iter().copied().fold(f64::MIN, f64::max);
        format!(
            "{} of {} weeks have data; the highest is {} {}.",
            measured.len(),
            self.categories.len(),
            number(max),
            self.unit
        )
    }

    /// The chart as HTML: a `div` with the bars' SVG and the axes' labels.
    pub fn html(&self) -> String {
        let ticks = self.ticks();
        let top = ticks.first().copied().unwrap_or(1.0);
        let count = self.categories.len().max(1);
        // The SVG's own units: 10 per category across, 100 up; it is
        // stretched to the box, so only proportions matter.
        let width = count * 10;
        let mut html = format!(
            "<div class=\"chart\" role=\"img\" aria-label=\"{}: {}\">",
            escape(self.title),
            escape(&self.description())
        );
        // The labels are placed at their heights, out of the flow; the
        // widest of them, hidden, in the flow gives the axis its width.
        let widest = ticks
            .iter()
            .rev()
            .map(|t| number(*t))
            .max_by_key(|t| t.len())
            .unwrap_or_default();
        let _ = write!(
            html,
            "<div class=\"chart-y\" aria-hidden=\"true\"><b>{widest}</b>"
        );
        for tick in &ticks {
            let _ = write!(
                html,
                "<span style=\"top:{}%\">{}</span>",
                number(100.0 - tick / top * 100.0),
                number(*tick)
            );
        }
        html.push_str("</div>");
        let _ = write!(
            html,
            "<svg class=\"chart-plot\" viewBox=\"0 0 {width} 100\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\">"
        );
        for tick in &ticks {
            let y = number(100.0 - tick / top * 100.0);
            let class = if *tick == 0.0 { "axis" } else { "grid" };
            let _ = write!(
                html,
                "<line class=\"{class}\" x1=\"0\" y1=\"{y}\" x2=\"{width}\" y2=\"{y}\" vector-effect=\"non-scaling-stroke\"/>"
            );
        }
        for (i, (category, value)) in self.categories.iter().zip(self.values).enumerate() {
            let Some(value) = value.filter(|v| v.is_finite() && *v > 0.0) else {
                continue;
            };
            let h = (value / top * 100.0).clamp(0.8, 100.0);
            let _ = write!(
                html,
                "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"7\" height=\"{}\"><title>{}: {} {}</title></rect>",
                i * 10 + 1,
                number(100.0 - h),
                number(h),
                escape(category),
                number(value),
                escape(self.unit)
            );
        }
        html.push_str("</svg>");
        let _ = write!(
            html,
            "<div class=\"chart-x\" aria-hidden=\"true\" style=\"grid-template-columns:repeat({count},minmax(0,1fr))\">"
        );
        let show = labelled(count, 4);
        for (i, category) in self.categories.iter().enumerate() {
            if show(i) {
                let _ = write!(html, "<span>{}</span>", escape(category));
            } else {
                html.push_str("<span></span>");
            }
        }
        html.push_str("</div></div>");
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
        assert_eq!(nice_ceiling(1.0), 1.0);
        assert_eq!(nice_ceiling(1.3), 2.0);
        assert_eq!(nice_ceiling(2.2), 2.5);
        assert_eq!(nice_ceiling(3.7), 5.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(26.52), 50.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
        assert_eq!(nice_ceiling(0.042), 0.05);
        assert_eq!(nice_ceiling(1e300), 1e300);
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(number(2.0), "2");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.0 / 3.0), "0.33");
        assert_eq!(number(-0.0001), "0");
    }

    #[test]
    fn counts_have_whole_ticks() {
        let categories = vec!["1 Jan".to_string()];
        let chart = |values: &[Option<f64>], whole| {
            BarChart {
                title: "t",
                unit: "u",
                categories: &categories,
                values,
                whole,
            }
            .ticks()
        };
        assert_eq!(chart(&[Some(1.0)], true), vec![2.0, 1.0, 0.0]);
        assert_eq!(chart(&[Some(5.0)], true), vec![5.0, 0.0]);
        assert_eq!(chart(&[Some(7.0)], true), vec![10.0, 5.0, 0.0]);
        assert_eq!(chart(&[Some(0.3)], false), vec![0.5, 0.25, 0.0]);
        assert_eq!(chart(&[None], false), vec![1.0, 0.5, 0.0]);
    }

    #[test]
    fn bars_gaps_labels_and_accessible_names() {
        let categories: Vec<String> = (1..=6).map(|d| format!("{d} Jan")).collect();
        let chart = BarChart {
            title: "Deploys <per> week",
            unit: "deploys",
            categories: &categories,
            values: &[Some(2.0), None, Some(0.0), Some(1.0), None, Some(4.0)],
            whole: true,
        };
        let html = chart.html();
        assert!(html.starts_with(
            "<div class=\"chart\" role=\"img\" aria-label=\"Deploys &lt;per&gt; week: 4 of 6 weeks have data; the highest is 4 deploys.\">"
        ));
        assert!(html.contains(
            "<div class=\"chart-y\" aria-hidden=\"true\"><b>5</b><span style=\"top:0%\">5</span><span style=\"top:100%\">0</span></div>"
        ));
        // Zero and missing weeks draw no bar; the others scale to the top
        // tick, 5 (the round number above 4; 2.5 is no count).
        assert_eq!(html.matches("<rect").count(), 3);
        assert!(html.contains(
            "<rect class=\"bar\" x=\"51\" y=\"20\" width=\"7\" height=\"80\"><title>6 Jan: 4 deploys</title></rect>"
        ));
        assert!(
            html.contains("y=\"80\" width=\"7\" height=\"20\"><title>4 Jan: 1 deploys</title>")
        );
        // The last week is always labelled, and every fourth before it.
        assert!(html.ends_with(
            "<span></span><span>2 Jan</span><span></span><span></span><span></span><span>6 Jan</span></div></div>"
        ));
    }
}
