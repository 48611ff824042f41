//! Where each source file goes and what kind of page it becomes. Takes a source
//! path (relative to the imported folder) and its front matter; gives the kind,
//! the path under `content/`, and for release notes the version announced.
//! Pure functions of their inputs: no I/O.

use serde_json::{Map, Value};

use crate::model::Version;

/// The kind of page an imported file becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Guide,
    Faq,
    Release,
}

impl Kind {
    /// The folder under `content/` that gives almanac pages this kind.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Guide => "guides",
            Kind::Faq => "faq",
            Kind::Release => "releases",
        }
    }
}

/// The kind a folder name plainly says, e.g. `releases/` or `faq/`.
pub fn kind_of_folder(name: &str) -> Option<Kind> {
    match name.to_ascii_lowercase().as_str() {
        "release" | "releases" | "changelog" | "changelogs" | "release-notes" | "release_notes"
        | "releasenotes" => Some(Kind::Release),
        "faq" | "faqs" => Some(Kind::Faq),
        _ => None,
    }
}

/// The kind a `category:` field says (`category: release`, as in the Node.js blog).
pub fn kind_of_category(fields: &Map<String, Value>) -> Option<Kind> {
    fields
        .get("category")
        .and_then(Value::as_str)
        .and_then(kind_of_folder)
}

/// A source path cut into folders, stem and extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePath {
    pub folders: Vec<String>,
    pub stem: String,
    pub extension: String,
}

impl SourcePath {
    /// `relative` uses `/` separators.
    pub fn new(relative: &str) -> SourcePath {
        let mut folders: Vec<String> = relative.split('/').map(str::to_string).collect();
        let name = folders.pop().unwrap_or_default();
        let (stem, extension) = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), ext.to_string()),
            _ => (name, String::new()),
        };
        SourcePath {
            folders,
            stem,
            extension,
        }
    }

    /// `index.md`, `_index.md` and `README.md` stand for their folder.
    pub fn index_rank(&self) -> Option<u8> {
        match self.stem.as_str() {
            "_index" => Some(0),
            "index" => Some(1),
            s if s.eq_ignore_ascii_case("readme") => Some(2),
            _ => None,
        }
    }
}

/// Markdown extensions that are imported as pages.
pub fn is_markdown(extension: &str) -> bool {
    matches!(
        extension.to_ascii_lowercase().as_str(),
        "md" | "markdown" | "mdx"
    )
}

/// The folder under `content/` for a file in `folders`: the kind's section, then
/// the folders, without the one that named the kind (`release/v1.md` → `releases/`).
pub fn target_folder(folders: &[String], kind: Kind) -> Vec<String> {
    let named_at = folders.iter().position(|f| kind_of_folder(f) == Some(kind));
    let mut target = vec![kind.section().to_string()];
    target.extend(
        folders
            .iter()
            .enumerate()
            .filter(|&(i, _)| Some(i) != named_at)
            .map(|(_, f)| f.clone()),
    );
    target
}

/// The kind the folders say: the first folder that names one.
pub fn kind_from_folders(folders: &[String]) -> Option<Kind> {
    folders.iter().find_map(|f| kind_of_folder(f))
}

/// The version a release note announces, found in `text` (a title or a file
/// name): the first `1.2.3`-like run, with an optional `v` before it and a
/// pre-release or build suffix after it. A lone number counts only after a `v`
/// (`v8`), since a bare `2023` is more often a year than a version.
pub fn find_version(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let at_word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let after_v = i > 0
            && matches!(bytes[i - 1], b'v' | b'V')
            && (i == 1 || !bytes[i - 2].is_ascii_alphanumeric());
        if bytes[i].is_ascii_digit() && (at_word_start || after_v) {
            if let Some(version) = version_at(text, i, after_v) {
                return Some(version);
            }
        }
        i += 1;
    }
    None
}

/// The version starting at byte `start`, if one does.
fn version_at(text: &str, start: usize, after_v: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut dots = 0;
    loop {
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
            dots += 1;
            end += 1;
        } else {
            break;
        }
    }
    if dots == 0 && !after_v {
        return None;
    }
    // A suffix such as `-rc.1`, `-beta2`, `-eks-6` or `+7` belongs to the version.
    if end < bytes.len() && matches!(bytes[end], b'-' | b'+') {
        let suffix_end = text[end + 1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            .map_or(text.len(), |n| end + 1 + n);
        let suffix = text[end + 1..suffix_end].trim_end_matches(['.', '-']);
        if suffix
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            end = end + 1 + suffix.len();
        }
    }
    // `2.x` is a series, not a version.
    if text[end..].starts_with(".x") || text[end..].starts_with(".X") {
        return None;
    }
    let found = &text[start..end];
    found.parse::<Version>().ok().map(|_| found.to_string())
}

/// For a version folder (`v23.1`, `version-2.0`, `2.x`, `1.4`), the version
/// series it holds as a requirement (`=23.1`, `=2.0`, `=2`, `=1.4`).
pub fn version_folder(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let numbers = if let Some(rest) = lower.strip_prefix("version-") {
        rest
    } else if let Some(rest) = lower.strip_suffix(".x") {
        rest
    } else if let Some(rest) = lower.strip_prefix('v') {
        rest
    } else if lower.contains('.') {
        lower.as_str()
    } else {
        return None;
    };
    let parts: Vec<&str> = numbers.split('.').collect();
    let numeric = !numbers.is_empty()
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    numeric.then(|| format!("={numbers}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_drop_the_folder_that_named_the_kind() {
        let folders = |s: &str| s.split('/').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            target_folder(&folders("release"), Kind::Release),
            ["releases"]
        );
        assert_eq!(
            target_folder(&folders("blog/release/2020"), Kind::Release),
            ["releases", "blog", "2020"]
        );
        assert_eq!(
            target_folder(&folders("a/b"), Kind::Guide),
            ["guides", "a", "b"]
        );
        assert_eq!(target_folder(&[], Kind::Release), ["releases"]);
    }
}
