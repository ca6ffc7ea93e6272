//! The quarterly performance table of a Renja evaluation: for every
//! indicator with a target in the config, the target (`target`) and the
//! achievement (`capaian_pct` = realisation / target x 100), both with
//! dimension `indicator` and the indicator's id as category. The realisation
//! is the indicator's own total row of the same period and scope.
//!
//! The category of a capaian follows the Renja bands, read as lower bounds so
//! that every value has exactly one: >= 91 Sangat Baik (above 100 too),
//! >= 76 Baik, >= 66 Cukup, > 50 Kurang, otherwise Sangat Kurang.

use crate::catalogue;
use crate::config::Config;
use crate::period::Period;
use crate::table::{Dimension, Key, KpiRow, Unit, Value};

/// The target and capaian rows of one period, from its other rows.
pub fn derive(rows: &[KpiRow], period: &Period, config: &Config) -> Vec<KpiRow> {
    let mut out = Vec::new();
    for t in &config.targets {
        let Some(target) = t.for_period(period) else { continue };
        let unit = catalogue::unit(&t.indicator);
        let target_value = if unit.is_fractional() { Value::Fixed4(target) } else { Value::Int(target / 10_000) };
        let about = |indicator| Key {
            indicator,
            period: *period,
            scope: t.scope,
            dimension: Dimension::Indicator,
            category: &t.indicator,
        };
        out.push(KpiRow::new(about("target"), Some(target_value), unit));
        let realisation = rows
            .iter()
            .find(|r| r.indicator == t.indicator && r.scope == t.scope && r.dimension == Dimension::Total)
            .and_then(|r| r.value);
        let capaian = realisation.and_then(|r| Value::percent(ten_thousandths(r), target));
        out.push(KpiRow::new(about("capaian_pct"), capaian, Unit::Persen));
    }
    out
}

fn ten_thousandths(v: Value) -> i64 {
    match v {
        Value::Int(i) => i * 10_000,
        Value::Fixed4(f) => f,
    }
}

/// The Renja category of a capaian.
pub fn category(capaian: Value) -> &'static str {
    let c = ten_thousandths(capaian);
    match c {
        _ if c >= 910_000 => "Sangat Baik",
        _ if c >= 760_000 => "Baik",
        _ if c >= 660_000 => "Cukup",
        _ if c > 500_000 => "Kurang",
        _ => "Sangat Kurang",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bands_have_no_gaps() {
        let c = |v: i64| category(Value::Fixed4(v));
        assert_eq!(c(1_050_000), "Sangat Baik");
        assert_eq!(c(910_000), "Sangat Baik");
        assert_eq!(c(909_999), "Baik");
        assert_eq!(c(760_000), "Baik");
        assert_eq!(c(759_999), "Cukup");
        assert_eq!(c(660_000), "Cukup");
        assert_eq!(c(659_999), "Kurang");
        assert_eq!(c(500_001), "Kurang");
        assert_eq!(c(500_000), "Sangat Kurang");
        assert_eq!(c(0), "Sangat Kurang");
    }
}
