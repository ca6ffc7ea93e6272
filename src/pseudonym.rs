//! Keyed pseudonyms (HMAC-SHA256 with the NIK key, which lives outside the
//! lake): what the lake keeps of a NIK and of a name, and what the privacy
//! guard hashes to recognise them in a report.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The words of a text as the privacy guard compares names: runs of
/// letters, upper-cased (`Moh. Ali` and `MOH ALI` are the same words).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_uppercase)
}

/// What the lake keeps of a name: the keyed hash of its words joined by
/// one space, or nothing for a name of fewer than two words (one word
/// cannot be told from an ordinary word of a report: a member called
/// `Taman` and the kecamatan Taman).
pub fn name_hash(key: &str, name: &str) -> Option<String> {
    Keyed::new(key).name(name)
}

/// Keyed hash (HMAC-SHA256, 128 bits in hex) used for NIK and name pseudonyms.
pub fn keyed_hash(key: &str, text: &str) -> String {
    Keyed::new(key).hash(text)
}

/// The keyed hash with its key prepared once: ingest hashes two fields of
/// every row, and preparing the key is half the work of one hash.
#[derive(Clone)]
pub struct Keyed(Hmac<Sha256>);

impl Keyed {
    pub fn new(key: &str) -> Keyed {
        Keyed(Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any length"))
    }

    /// `keyed_hash` of `text`.
    pub fn hash(&self, text: &str) -> String {
        let mut mac = self.0.clone();
        mac.update(text.as_bytes());
        crate::files::hex(&mac.finalize().into_bytes()[..16])
    }

    /// `name_hash` of `name`.
    pub fn name(&self, name: &str) -> Option<String> {
        let mut joined = String::with_capacity(name.len());
        for (i, word) in words(name).enumerate() {
            if i > 0 {
                joined.push(' ');
            }
            joined.push_str(&word);
        }
        joined.contains(' ').then(|| self.hash(&joined))
    }
}
