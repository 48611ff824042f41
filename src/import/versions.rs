//! `--version-folders`: folders such as `v2.1/`, `version-2.0/` or `2.x/` hold one
//! version of the docs each. Takes the planned items; gives each page below such
//! a folder `versions` (with `--product`) and a `topic` shared by every copy of
//! the same document.

use std::collections::BTreeSet;

use super::plan::{self, SourcePath};
use super::{Item, Report};

/// `--version-folders`: pages under `v2.1/` get `versions: "=2.1"` and a topic
/// naming the same document in every version (its path without the version folder).
pub(super) fn assign_versions(items: &mut [Item], product: Option<&str>, report: &mut Report) {
    let mut versioned_topics: BTreeSet<String> = BTreeSet::new();
    for item in items.iter_mut() {
        let Some(at) = item
            .path
            .folders
            .iter()
            .position(|f| plan::version_folder(f).is_some())
        else {
            continue;
        };
        item.versions = plan::version_folder(&item.path.folders[at]);
        let topic = topic_of(&item.path, Some(at));
        versioned_topics.insert(topic.clone());
        item.topic = Some(topic);
    }
    // The unversioned copy of a versioned document (Docusaurus' `docs/` beside
    // `versioned_docs/version-1.0/`) is the same topic.
    for item in items.iter_mut().filter(|i| i.topic.is_none()) {
        let topic = topic_of(&item.path, None);
        if versioned_topics.contains(&topic) {
            item.topic = Some(topic);
        }
    }
    if product.is_none() && items.iter().any(|i| i.versions.is_some()) {
        report.note("version folders found, but no `--product` was given: pages got a `topic` and no `versions`".to_string());
        for item in items.iter_mut() {
            item.versions = None;
        }
    }
}

/// The path of a document without its version folder and extension.
fn topic_of(path: &SourcePath, version_at: Option<usize>) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for (i, folder) in path.folders.iter().enumerate() {
        if Some(i) == version_at {
            continue;
        }
        // Docusaurus keeps old versions in `versioned_docs/`, the current one in `docs/`.
        let folder = if folder == "versioned_docs" && version_at == Some(i + 1) {
            "docs"
        } else {
            folder
        };
        parts.push(folder);
    }
    if path.index_rank().is_none() {
        parts.push(&path.stem);
    }
    parts.join("/")
}
