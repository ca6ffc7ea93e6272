use super::*;

#[test]
fn rupiah_in_every_notation_the_contract_allows() {
    for (s, v) in [
        ("16800", 16_800),
        ("16.800", 16_800),
        ("Rp 6.200.000", 6_200_000),
        ("Rp6.200.000", 6_200_000),
        ("16.800,00", 16_800),
        ("16800.00", 16_800),
        ("16800,00", 16_800),
        ("0", 0),
        ("1.000", 1_000),
    ] {
        assert_eq!(parse_rupiah(s), Ok(v), "{s}");
    }
}

#[test]
fn rupiah_that_could_be_misread_is_refused() {
    for s in ["16,800", "100.50", "16.800,50", "6,200,000", "16800.5"] {
        assert_eq!(parse_rupiah(s).unwrap_err().0, Reason::AmbiguousAmount, "{s}");
    }
    assert_eq!(parse_rupiah("-16800").unwrap_err().0, Reason::NegativeAmount);
    assert_eq!(parse_rupiah("12345678901234567890").unwrap_err().0, Reason::BadAmount);
    assert_eq!(parse_rupiah("enam ribu").unwrap_err().0, Reason::BadAmount);
    assert_eq!(parse_rupiah("1.00.000").unwrap_err().0, Reason::BadAmount);
}

#[test]
fn dates_in_three_notations() {
    let d = NaiveDate::from_ymd_opt(2025, 12, 29).unwrap();
    assert_eq!(parse_date("2025-12-29"), Some(d));
    assert_eq!(parse_date("29/12/2025"), Some(d));
    assert_eq!(parse_date("29-12-2025"), Some(d));
    assert_eq!(parse_date("31/02/2025"), None);
    assert_eq!(parse_date("12/29/2025"), None);
    assert_eq!(parse_date("46020"), Some(d), "an Excel serial");
    assert_eq!(parse_date("61").map(|d| d.to_string()).as_deref(), Some("1900-03-01"));
    assert_eq!(parse_date("60"), None, "Excel's 29 February 1900 never was");
    assert_eq!(parse_date("20251229"), None);
}

#[test]
fn the_iso_shortcut_reads_what_the_general_parser_reads() {
    let (mut day, end) = (NaiveDate::from_ymd_opt(1899, 12, 25).unwrap(), NaiveDate::from_ymd_opt(2031, 1, 1).unwrap());
    while day < end {
        let s = day.to_string();
        assert_eq!(iso_date(s.as_bytes()), general_date(&s), "{s}");
        assert_eq!(iso_date(s.as_bytes()).is_some(), s.as_str() >= "1900", "{s}");
        day = day.succ_opt().unwrap();
    }
    for s in [
        "2025-02-29",
        "2024-02-30",
        "2025-13-01",
        "2025-00-10",
        "1899-12-31",
        "2025-1-05",
        "2025/12/29",
        "+025-12-29",
        "2025-12-2x",
    ] {
        assert_eq!(iso_date(s.as_bytes()), None, "{s}");
    }
    assert_eq!(parse_date("2025-1-05"), NaiveDate::from_ymd_opt(2025, 1, 5), "the general path still reads it");
}

#[test]
fn headers_match_loosely() {
    assert_eq!(normalise_header(" Tgl Lahir "), "tgl_lahir");
    assert_eq!(normalise_header("no-klaim"), "no_klaim");
    assert_eq!(normalise_header("\u{feff}PERIODE"), "periode");
}

#[test]
fn nik_encodes_birth_date_and_sex() {
    let (d, sex) = nik_birth("3577024512900001", 1990).unwrap();
    assert_eq!((d.to_string().as_str(), sex), ("1990-12-05", "P"));
    let (d, sex) = nik_birth("3577020501020003", 2002).unwrap();
    assert_eq!((d.to_string().as_str(), sex), ("2002-01-05", "L"));
}

#[test]
fn cells_are_trimmed_and_codes_upper_cased() {
    let c = Column { name: "status", kind: Kind::Enum(STATUS_PESERTA), optional: false };
    assert_eq!(parse_cell(&c, " aktif "), Ok(Cell::Text("AKTIF".into())));
    // Not ASCII: upper-cased char by char (dotless ı becomes I), as before the ASCII shortcut.
    assert_eq!(parse_cell(&c, "aktıf"), Ok(Cell::Text("AKTIF".into())));
    assert_eq!(parse_cell(&c, "AKTIFX").unwrap_err().reason, Reason::BadValue);
    assert_eq!(parse_cell(&c, "").unwrap_err().reason, Reason::MissingValue);
    let nik = Column { name: "nik", kind: Kind::Nik, optional: false };
    assert_eq!(parse_cell(&nik, "3.57702E+15").unwrap_err().reason, Reason::BadNik);
}
