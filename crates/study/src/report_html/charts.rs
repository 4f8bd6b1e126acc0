//! Charts of the reports beside those of [`crate::plots`]: horizontal bars (stacked
//! or grouped) and a heatmap, on nagrid-load's chart scaffolding.

use nagrid_load::plot::{e, Chart, DrawResult};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Horizontal bars: one row per category, the first at the top; one bar segment per
/// series, stacked or side by side.
#[derive(Debug, Clone)]
pub struct HBars {
    /// Title.
    pub title: String,
    /// Value axis text (with the unit).
    pub x_desc: String,
    /// Row labels, top first.
    pub categories: Vec<String>,
    /// Series: name, colour, one value per category.
    pub series: Vec<(String, RGBColor, Vec<f64>)>,
    /// Stack the series (else side by side within a row).
    pub stacked: bool,
}

/// Height of an [`HBars`] chart for its rows, pixels.
pub fn hbars_height(b: &HBars) -> u32 {
    let per = if b.stacked { 22 } else { 10 + 9 * b.series.len() as u32 };
    110 + per * b.categories.len().max(1) as u32 + 18 * (b.series.len() as u32).div_ceil(4)
}

impl HBars {
    /// Lowest and highest end of any bar (0 included).
    fn extent(&self) -> (f64, f64) {
        let n = self.categories.len();
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for i in 0..n {
            let vals = self.series.iter().map(|s| s.2.get(i).copied().unwrap_or(0.0));
            if self.stacked {
                let (p, m) = vals.fold((0.0, 0.0), |(p, m), v| if v >= 0.0 { (p + v, m) } else { (p, m + v) });
                hi = hi.max(p);
                lo = lo.min(m);
            } else {
                for v in vals {
                    hi = hi.max(v);
                    lo = lo.min(v);
                }
            }
        }
        (lo, hi)
    }
}

/// Legend entries below a chart, four to a row.
fn bottom_legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, items: &[(String, RGBColor)]) -> DrawResult {
    let (w, _) = area.dim_in_pixel();
    let col = (w as i32 - 80) / 4;
    let font = ("sans-serif", 15).into_font();
    for (k, (name, color)) in items.iter().enumerate() {
        let (x, y) = (70 + col * (k as i32 % 4), 4 + 18 * (k as i32 / 4));
        area.draw(&Rectangle::new([(x, y), (x + 14, y + 12)], color.filled())).map_err(e)?;
        area.draw(&Text::new(name.clone(), (x + 19, y - 1), font.clone())).map_err(e)?;
    }
    Ok(())
}

/// Write `labels[i]` right-aligned left of the plot, centred on row `i` (top first)
/// of a chart whose y range is `0..labels.len()`.
fn row_labels<DB: DrawingBackend>(
    chart: &ChartContext<DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    area: &DrawingArea<DB, Shift>,
    x: f64,
    labels: &[String],
) -> DrawResult {
    let n = labels.len();
    let base = area.get_base_pixel();
    let style = ("sans-serif", 15).into_font().into_text_style(area).pos(Pos::new(HPos::Right, VPos::Center));
    for (i, l) in labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(x, (n - 1 - i) as f64 + 0.5));
        area.draw_text(l, &style, (px - base.0 - 6, py - base.1)).map_err(e)?;
    }
    Ok(())
}

impl Chart for HBars {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let n = self.categories.len();
        let (_, h) = root.dim_in_pixel();
        let legend_h = if self.series.len() > 1 { 10 + 18 * (self.series.len() as u32).div_ceil(4) } else { 0 };
        let root = root.titled(&self.title, ("sans-serif", 22)).map_err(e)?;
        let (plot, legend) = root.split_vertically(h.saturating_sub(legend_h + 30));
        let (lo, hi) = self.extent();
        let pad = 0.04 * (hi - lo).max(1e-9);
        let x0 = lo - if lo < 0.0 { pad } else { 0.0 };
        let label_w = 14 + 7 * self.categories.iter().map(|c| c.chars().count()).max().unwrap_or(4).min(30) as u32;
        let mut chart = ChartBuilder::on(&plot)
            .margin(8)
            .x_label_area_size(40)
            .y_label_area_size(label_w)
            .build_cartesian_2d(x0..(hi + pad), 0f64..n.max(1) as f64)
            .map_err(e)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .max_light_lines(0)
            .bold_line_style(RGBColor(225, 229, 234))
            .label_style(("sans-serif", 15))
            .axis_desc_style(("sans-serif", 15))
            .y_labels(0)
            .x_label_formatter(&|x| crate::chart::tick(*x, hi + pad - x0))
            .x_desc(&self.x_desc)
            .draw()
            .map_err(e)?;
        let k = self.series.len().max(1) as f64;
        for i in 0..n {
            let row = (n - 1 - i) as f64;
            let (mut pos, mut neg) = (0.0, 0.0);
            for (j, (_, color, vals)) in self.series.iter().enumerate() {
                let v = vals.get(i).copied().unwrap_or(0.0);
                if v == 0.0 || !v.is_finite() {
                    continue;
                }
                let (a, b, y0, y1) = if !self.stacked {
                    {
                        // The first series at the top of its row, as in the legend.
                        let slot = k - 1.0 - j as f64;
                        (0.0, v, row + 0.1 + 0.8 * slot / k, row + 0.1 + 0.8 * (slot + 1.0) / k)
                    }
                } else if v > 0.0 {
                    pos += v;
                    (pos - v, pos, row + 0.15, row + 0.85)
                } else {
                    neg += v;
                    (neg - v, neg, row + 0.15, row + 0.85)
                };
                chart.draw_series(std::iter::once(Rectangle::new([(a, y0), (b, y1)], color.filled()))).map_err(e)?;
            }
        }
        row_labels(&chart, &plot, x0, &self.categories)?;
        if self.series.len() > 1 {
            let items: Vec<(String, RGBColor)> = self.series.iter().map(|s| (s.0.clone(), s.1)).collect();
            bottom_legend(&legend, &items)?;
        }
        Ok(())
    }
}

/// A heatmap: rows × columns of values in 0..=1, white to dark red.
#[derive(Debug, Clone)]
pub struct Heatmap {
    /// Title.
    pub title: String,
    /// Row labels, top first.
    pub rows: Vec<String>,
    /// Column labels.
    pub columns: Vec<String>,
    /// `values[row][column]`, 0..=1.
    pub values: Vec<Vec<f64>>,
    /// What a value is (written under the chart).
    pub scale_desc: String,
}

/// Height of a [`Heatmap`] for its rows, pixels.
pub fn heatmap_height(m: &Heatmap) -> u32 {
    130 + 16 * m.rows.len().max(1) as u32
}

/// White (0) to dark red (1).
pub fn heat(v: f64) -> RGBColor {
    let v = v.clamp(0.0, 1.0);
    let stops = [(255.0, 255.0, 255.0), (253.0, 204.0, 138.0), (252.0, 141.0, 89.0), (215.0, 48.0, 31.0), (127.0, 0.0, 0.0)];
    let x = v * (stops.len() - 1) as f64;
    let i = (x.floor() as usize).min(stops.len() - 2);
    let f = x - i as f64;
    let (a, b) = (stops[i], stops[i + 1]);
    let mix = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

impl Chart for Heatmap {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let (nr, nc) = (self.rows.len(), self.columns.len());
        let (_, h) = root.dim_in_pixel();
        let root = root.titled(&self.title, ("sans-serif", 22)).map_err(e)?;
        let (plot, legend) = root.split_vertically(h.saturating_sub(60));
        let label_w = 14 + 7 * self.rows.iter().map(|c| c.chars().count()).max().unwrap_or(4).min(36) as u32;
        let mut chart = ChartBuilder::on(&plot)
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(label_w)
            .build_cartesian_2d(0f64..nc.max(1) as f64, 0f64..nr.max(1) as f64)
            .map_err(e)?;
        chart.configure_mesh().disable_mesh().x_labels(0).y_labels(0).draw().map_err(e)?;
        for (i, row) in self.values.iter().enumerate() {
            let y = (nr - 1 - i) as f64;
            let cells = row
                .iter()
                .enumerate()
                .map(|(j, v)| Rectangle::new([(j as f64 + 0.03, y + 0.06), (j as f64 + 0.97, y + 0.94)], heat(*v).filled()));
            chart.draw_series(cells).map_err(e)?;
        }
        row_labels(&chart, &plot, 0.0, &self.rows)?;
        let base = plot.get_base_pixel();
        let style = ("sans-serif", 15).into_font().into_text_style(&plot).pos(Pos::new(HPos::Center, VPos::Top));
        for (j, c) in self.columns.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(j as f64 + 0.5, 0.0));
            plot.draw_text(c, &style, (px - base.0, py - base.1 + 6)).map_err(e)?;
        }
        let font = ("sans-serif", 15).into_font();
        for k in 0..=4 {
            let v = k as f64 / 4.0;
            let x = 80 + 110 * k;
            legend.draw(&Rectangle::new([(x, 14), (x + 18, 28)], heat(v).filled())).map_err(e)?;
            legend.draw(&Rectangle::new([(x, 14), (x + 18, 28)], BLACK.mix(0.3))).map_err(e)?;
            legend.draw(&Text::new(format!("{:.0} %", 100.0 * v), (x + 24, 14), font.clone())).map_err(e)?;
        }
        legend.draw(&Text::new(self.scale_desc.clone(), (640, 14), font)).map_err(e)?;
        Ok(())
    }
}
