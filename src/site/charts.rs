//! Bar charts as inline SVG, drawn at build time: no script, and readable
//! by assistive technology (a title and a description; each chart has its
//! data table beside it on the page).

use super::render::escape_html as escape;
use std::fmt::Write as _;

/// One chart: a value (or a gap) per category.
pub struct BarChart<'a> {
    /// Unique on the page: the ids of the title and description derive from it.
    pub id: &'a str,
    pub title: &'a str,
    pub unit: &'a str,
    pub categories: &'a [String],
    pub values: &'a [Option<f64>],
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

impl BarChart<'_> {
    pub fn svg(&self) -> String {
        const WIDTH: f64 = 640.0;
        const HEIGHT: f64 = 180.0;
        const TOP: f64 = 16.0;
        const BOTTOM: f64 = 24.0;
        const LEFT: f64 = 44.0;
        let plot = HEIGHT - TOP - BOTTOM;
        let max = self
            .values
            .iter()
            .flatten()
            .copied()
            .fold(0.0_f64, f64::max);
        let scale = if max > 0.0 { plot / max } else { 0.0 };
        let n = self.categories.len().max(1) as f64;
        let slot = (WIDTH - LEFT) / n;
        let measured = self.values.iter().flatten().count();
        let description = if measured == 0 {
            "No data in this period.".to_string()
        } else {
            format!(
                "{measured} of {} weeks have data; the highest is {} {}.",
                self.categories.len(),
                number(max),
                self.unit
            )
        };
        let id = escape(self.id);
        let mut svg = format!(
            "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
             <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
            escape(self.title),
            escape(&description)
        );
        let base = TOP + plot;
        let _ = write!(
            svg,
            "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{base}\" x2=\"{WIDTH}\" y2=\"{base}\"/>"
        );
        let _ = write!(
            svg,
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LEFT - 6.0,
            TOP + 4.0,
            number(max)
        );
        let _ = write!(
            svg,
            "<text class=\"tick\" x=\"{}\" y=\"{base}\" text-anchor=\"end\">0</text>",
            LEFT - 6.0
        );
        for (i, (category, value)) in self.categories.iter().zip(self.values).enumerate() {
            let x = LEFT + i as f64 * slot + slot * 0.15;
            let w = slot * 0.7;
            if let Some(value) = value {
                let h = (value * scale).max(if *value > 0.0 { 1.0 } else { 0.0 });
                let _ = write!(
                    svg,
                    "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\"><title>{}: {} {}</title></rect>",
                    base - h,
                    escape(category),
                    number(*value),
                    escape(self.unit)
                );
            }
            // A label under every fourth week keeps them from overlapping.
            if i % 4 == 0 {
                let _ = write!(
                    svg,
                    "<text class=\"tick\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    x + w / 2.0,
                    HEIGHT - 6.0,
                    escape(category)
                );
            }
        }
        svg.push_str("</svg>");
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_gaps_and_accessible_names() {
        let categories = vec!["1 Jan".to_string(), "8 Jan".to_string()];
        let chart = BarChart {
            id: "deploys",
            title: "Deploys <per> week",
            unit: "deploys",
            categories: &categories,
            values: &[Some(2.0), None],
        };
        let svg = chart.svg();
        assert!(svg.starts_with("<svg class=\"chart\" viewBox=\"0 0 640 180\" role=\"img\" aria-labelledby=\"deploys-title deploys-desc\""));
        assert!(svg.contains("<title id=\"deploys-title\">Deploys &lt;per&gt; week</title>"));
        assert!(svg.contains(
            "<desc id=\"deploys-desc\">1 of 2 weeks have data; the highest is 2 deploys.</desc>"
        ));
        assert_eq!(svg.matches("<rect").count(), 1);
        assert!(svg.contains("<title>1 Jan: 2 deploys</title>"));
    }
}
