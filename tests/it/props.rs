//! No panic on any input: every function that parses what a user or an
//! export gives is fed arbitrary Unicode (and, for whole files, arbitrary
//! bytes) and must answer with a value or an error, never a panic. Where a
//! parser has an inverse, what it reads is also what it wrote.

use std::path::Path;

use jamstat::contract::{Dataset, normalise_header, parse_cell, parse_date, parse_rupiah};
use jamstat::ingest::file::{CheckContext, check_file, parse_file_name};
use jamstat::period::{Month, Period};
use jamstat::reference::{Kelurahan, Wilayah, kecamatan_code, same_name};
use proptest::prelude::*;

/// Text a person or an export could give: any Unicode, biased towards the
/// characters parsers split on (digits, separators, `€`, spaces).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9€Rp.,:;/ _QqHh+-]{0,14}",
        "[0-9]{4}[-/.€]?[0-9Qq€]{0,3}(\\.\\.[0-9]{4}-[0-9€]{1,2})?",
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn months_and_periods_never_panic_and_read_back_what_they_print(s in text()) {
        if let Some(m) = Month::parse_loose(&s) {
            prop_assert_eq!(m.to_string().parse::<Month>().ok(), Some(m));
        }
        let _ = s.parse::<Month>();
        if let Ok(p) = s.parse::<Period>() {
            prop_assert_eq!(p.to_string().parse::<Period>().ok(), Some(p));
        }
    }

    #[test]
    fn file_names_never_panic(s in text(), ext in prop_oneof![Just("csv"), Just("xlsx"), Just("xls"), Just("")]) {
        let name = if ext.is_empty() { s.clone() } else { format!("{s}.{ext}") };
        let _ = parse_file_name(Path::new(&name));
        let _ = parse_file_name(Path::new(&format!("peserta_{name}")));
        let _ = parse_file_name(Path::new(&format!("klaim-{name}")));
    }

    #[test]
    fn amounts_never_panic_and_whole_rupiah_read_back(s in text(), n in 0i64..1_000_000_000_000) {
        let _ = parse_rupiah(&s);
        let grouped = jamstat::report::format::ribuan(n, jamstat::report::i18n::Lang::Id);
        prop_assert_eq!(parse_rupiah(&n.to_string()), Ok(n));
        prop_assert_eq!(parse_rupiah(&format!("Rp {grouped}")), Ok(n));
        prop_assert_eq!(parse_rupiah(&format!("Rp{grouped},00")), Ok(n));
    }

    #[test]
    fn dates_never_panic_and_every_written_form_reads_back(s in text(), days in 0i64..60_000) {
        let _ = parse_date(&s);
        let d = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
        prop_assert_eq!(parse_date(&d.format("%Y-%m-%d").to_string()), Some(d));
        prop_assert_eq!(parse_date(&d.format("%d/%m/%Y").to_string()), Some(d));
        prop_assert_eq!(parse_date(&d.format("%d-%m-%Y").to_string()), Some(d));
    }

    #[test]
    fn every_contract_cell_never_panics(s in text()) {
        for dataset in [Dataset::Peserta, Dataset::Klaim] {
            for column in dataset.columns() {
                let _ = parse_cell(column, &s);
            }
        }
    }

    #[test]
    fn headers_codes_and_names_never_panic(a in text(), b in text()) {
        let h = normalise_header(&a);
        prop_assert_eq!(normalise_header(&h), h.clone(), "normalising twice changes nothing");
        let _ = kecamatan_code(&a);
        let _ = same_name(&a, &b);
        prop_assert!(same_name(&a, &a));
        let _ = jamstat::pseudonym::name_hash("a-test-key-of-some-length", &a);
        let _ = jamstat::table::parse_fixed4(&a);
        let _ = jamstat::report::format::parse_period(&a);
        let _ = jamstat::csvcell::field(&a);
    }

    #[test]
    fn a_config_never_panics(s in text(), key in "[a-z_]{1,12}") {
        for text in [s.clone(), format!("[{key}]\n{key} = \"{s}\"\n"), format!("[publication]\nrelease_date = \"{s}\"\n")] {
            let _ = jamstat::config::Config::parse(&text, Path::new("."), None);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

    /// A whole export of arbitrary bytes, or of a header and rows of
    /// arbitrary cells, is checked without a panic, and its rows add up.
    #[test]
    fn an_export_of_any_content_is_checked_without_a_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        cells in proptest::collection::vec(text(), 0..40),
        klaim in any::<bool>(),
    ) {
        let wilayah = Wilayah::from_rows(vec![Kelurahan {
            kode_wilayah: "35.77.01.1001".into(),
            kecamatan: "Manguharjo".into(),
            kelurahan: "Winongo".into(),
        }]);
        let ctx = CheckContext {
            wilayah: &wilayah,
            vulnerable_kategori: &["RENTAN".to_string()],
            release_month: "2026-01".parse().unwrap(),
            nik_key: "a-test-key-of-some-length",
            // Read in two halves wherever a file allows it.
            split_from: Some(0),
        };
        let dataset = if klaim { Dataset::Klaim } else { Dataset::Peserta };
        let header: Vec<&str> = dataset.columns().iter().map(|c| c.name).collect();
        let mut csv = header.join(",");
        for row in cells.chunks(header.len().min(7)) {
            csv.push('\n');
            csv.push_str(&row.join(","));
        }
        let name = format!("{}_2025-11", dataset.name());
        for (file, content) in [
            (format!("{name}.csv"), bytes.clone()),
            (format!("{name}.xlsx"), bytes.clone()),
            (format!("{name}.csv"), csv.into_bytes()),
        ] {
            let mut known = jamstat::ingest::claims::Known::default();
            if let Ok(c) = check_file(Path::new(&file), &content, "0".repeat(64), &ctx, &mut known) {
                prop_assert_eq!(c.rows_read, c.rows_kept() + c.quarantined.len() as u64 + c.skipped);
            }
        }
    }
}

/// A GeoJSON-like text: features whose geometry has arbitrary nesting,
/// numbers, strings and missing parts.
fn geojson() -> impl Strategy<Value = String> {
    let number = prop_oneof![any::<f64>().prop_map(|f| format!("{f:?}")), Just("1e999".to_string()), "[0-9.-]{1,6}"];
    let point = proptest::collection::vec(number, 0..4).prop_map(|v| format!("[{}]", v.join(",")));
    let ring = proptest::collection::vec(point, 0..6).prop_map(|v| format!("[{}]", v.join(",")));
    let rings = proptest::collection::vec(ring, 0..3).prop_map(|v| format!("[{}]", v.join(",")));
    let kind = prop_oneof![Just("Polygon"), Just("MultiPolygon"), Just("Point"), Just("")];
    let feature = (kind, rings, any::<bool>(), text()).prop_map(|(kind, coords, nested, name)| {
        let coords = if nested { format!("[{coords}]") } else { coords };
        let name = serde_json::to_string(&name).expect("a string");
        format!(
            r#"{{"type":"Feature","properties":{{"kode":{name},"nama":{name},"lat":-7.6}},"geometry":{{"type":"{kind}","coordinates":{coords}}}}}"#
        )
    });
    proptest::collection::vec(feature, 0..4)
        .prop_map(|f| format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, f.join(",")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// A damaged boundary file is refused or read, and what is read draws:
    /// every shape lies on the map's canvas.
    #[test]
    fn boundary_files_never_panic_and_what_they_hold_draws(text in prop_oneof![geojson(), any::<String>()]) {
        if let Ok(b) = jamstat::report::map::Boundaries::parse(&text) {
            let shades = std::collections::BTreeMap::new();
            let bound = |v: f64| v.to_string();
            let spec = jamstat::report::map::MapSpec {
                id: "m",
                title: "t",
                subtitle: "s",
                shades: &shades,
                hidden_words: "[c]",
                missing_words: "-",
                bound: &bound,
            };
            let svg = jamstat::report::map::choropleth(&b, &spec);
            prop_assert_eq!(svg.matches("<path ").count(), b.areas.len());
            let _ = jamstat::report::map::symbols(&b, &spec);
            if let Some(a) = b.areas.first() {
                let _ = jamstat::report::map::highlight(&b, &a.code, &a.name);
            }
        }
    }
}
