//! The report's two languages: takes the message catalogue
//! (`messages.toml` beside the templates: every word the report prints,
//! one table per message with its `id` and `en` text) and a [`Lang`],
//! gives [`Messages`], which the view model, the HTML template (function
//! `t`) and the PDF template (`page.msg`) all read.
//!
//! Number, date and period formats are rules rather than words, so they
//! live in code ([`super::format`], [`super::period`]) and take the
//! [`Lang`]: `17.484` / `17,484`, `Rp6,2 miliar` / `IDR 6.2 billion`.
//!
//! A message may hold `{name}` placeholders that [`Messages::f`] fills.
//! The catalogue is checked when loaded: every message has both languages,
//! and both have the same placeholders. A key the code asks for but the
//! catalogue lacks prints as `⟦key⟧`, which a test looks for.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;

/// The file of the catalogue, in the templates folder.
pub const CATALOGUE: &str = "messages.toml";

/// A language the report is written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia (the default).
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// `id` or `en`, as in `<html lang>` and the catalogue.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// The other language, for the link between the two landing pages.
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }
}

/// The catalogue in one language.
#[derive(Debug, Clone)]
pub struct Messages {
    pub lang: Lang,
    map: BTreeMap<String, String>,
}

impl Messages {
    /// Reads and checks `dir/messages.toml`, keeps `lang`'s texts.
    pub fn load(dir: &Path, lang: Lang) -> Result<Messages> {
        let path = dir.join(CATALOGUE);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("failed to read the message catalogue `{}`", path.display()))?;
        Messages::parse(&text, lang).with_context(|| format!("in the message catalogue `{}`", path.display()))
    }

    /// Parses and checks a catalogue's text.
    pub fn parse(text: &str, lang: Lang) -> Result<Messages> {
        let all: BTreeMap<String, BTreeMap<String, String>> = toml::from_str(text).context("not valid TOML")?;
        let mut map = BTreeMap::new();
        for (key, texts) in all {
            let (Some(id), Some(en)) = (texts.get("id"), texts.get("en")) else {
                bail!("message `{key}` needs both `id` and `en` texts");
            };
            if let Some(other) = texts.keys().find(|k| *k != "id" && *k != "en") {
                bail!("message `{key}` has an unknown language `{other}` (expected `id` and `en`)");
            }
            if placeholders(id) != placeholders(en) {
                bail!(
                    "message `{key}`: the `id` and `en` texts use different placeholders ({:?} and {:?})",
                    placeholders(id),
                    placeholders(en)
                );
            }
            map.insert(key, if lang == Lang::En { en.clone() } else { id.clone() });
        }
        Ok(Messages { lang, map })
    }

    /// The text of `key`; `⟦key⟧` when the catalogue lacks it.
    pub fn t(&self, key: &str) -> String {
        self.map.get(key).cloned().unwrap_or_else(|| format!("⟦{key}⟧"))
    }

    /// The text of `key` with each `{name}` replaced by its value, in one
    /// pass over the text: a value is never searched for placeholders, so
    /// the result does not depend on the order of `args`.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        let text = self.t(key);
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let name = after.find('}').map(|close| &after[..close]);
            match name.and_then(|n| args.iter().find(|(k, _)| *k == n).map(|(_, v)| (n, v))) {
                Some((n, value)) => {
                    out.push_str(value);
                    rest = &after[n.len() + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Whether the catalogue has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Every message, for the templates.
    pub fn all(&self) -> &BTreeMap<String, String> {
        &self.map
    }
}

#[cfg(test)]
impl Messages {
    /// The catalogue shipped in `report_templates/`.
    pub fn shipped(lang: Lang) -> Messages {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("report_templates");
        Messages::load(&dir, lang).expect("the shipped catalogue loads")
    }
}

/// The `{name}` placeholders of a text, sorted.
fn placeholders(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
[greeting]
id = "Halo {name}"
en = "Hello {name}"
"#;

    #[test]
    fn messages_are_picked_by_language_and_filled() {
        let id = Messages::parse(SAMPLE, Lang::Id).unwrap();
        let en = Messages::parse(SAMPLE, Lang::En).unwrap();
        assert_eq!(id.f("greeting", &[("name", "Madiun")]), "Halo Madiun");
        assert_eq!(en.f("greeting", &[("name", "Madiun")]), "Hello Madiun");
        assert_eq!(en.t("missing"), "⟦missing⟧");
    }

    #[test]
    fn placeholders_are_filled_in_one_pass_whatever_the_order() {
        let two = Messages::parse("[a]\nid = \"{x} dan {y} {z\"\nen = \"{x} and {y} {z\"\n", Lang::Id).unwrap();
        // A value that looks like a placeholder is printed as it is.
        let forward = two.f("a", &[("x", "{y}"), ("y", "Taman")]);
        let backward = two.f("a", &[("y", "Taman"), ("x", "{y}")]);
        assert_eq!(forward, "{y} dan Taman {z");
        assert_eq!(forward, backward);
    }

    #[test]
    fn a_message_missing_a_language_or_a_placeholder_is_refused() {
        let one = "[a]\nid = \"x\"\n";
        assert!(format!("{:#}", Messages::parse(one, Lang::Id).unwrap_err()).contains("both `id` and `en`"));
        let mismatch = "[a]\nid = \"{n} orang\"\nen = \"people\"\n";
        assert!(format!("{:#}", Messages::parse(mismatch, Lang::Id).unwrap_err()).contains("placeholders"));
        let extra = "[a]\nid = \"x\"\nen = \"y\"\nfr = \"z\"\n";
        assert!(format!("{:#}", Messages::parse(extra, Lang::Id).unwrap_err()).contains("unknown language `fr`"));
    }

    #[test]
    fn the_shipped_catalogue_is_complete() {
        let (id, en) = (Messages::shipped(Lang::Id), Messages::shipped(Lang::En));
        assert_eq!(id.all().len(), en.all().len());
        assert!(id.all().len() > 100, "only {} messages", id.all().len());
    }
}
