//! `almanac import docs`: turns a folder of Markdown written for another generator
//! (Jekyll, Hugo, Docusaurus, MkDocs, Next/MDX blogs) into pages of an almanac site.
//!
//! Takes the source folder and the site folder; gives new files under `content/`
//! (never replacing one that exists) and a [`Report`] of what was converted and
//! what a writer has to look at. The steps, each in its own module:
//! 1. [`source`]: read each file's front matter (YAML, TOML, JSON or none) and body;
//! 2. [`plan`]: decide its kind (guide, FAQ, release note) and new path;
//! 3. [`frontmatter`]: map the fields of other generators to almanac's;
//! 4. `versions`: with `--version-folders`, `versions` and a shared `topic`;
//! 5. [`links`] and `aliases`: work out old URLs, rewrite links to moved pages,
//!    add a redirect at each old URL;
//! 6. [`foreign`]: find syntax no Markdown renderer understands;
//! 7. [`site`] and [`report`]: write the files and say what happened.
//!
//! The other imports reuse its site setup, page check and never-overwrite
//! writes: [`changelog`] (`almanac import changelog`, a Keep a Changelog file
//! into release notes) and [`endoflife`] (`almanac import endoflife`,
//! endoflife.date product files into `content/products/`).

mod aliases;
pub mod changelog;
pub mod endoflife;
pub mod foreign;
pub mod frontmatter;
pub mod links;
pub mod plan;
pub mod report;
pub mod site;
pub mod source;
mod versions;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use walkdir::WalkDir;

use self::frontmatter::Mapped;
use self::plan::{Kind, SourcePath};
use self::report::FileReport;
pub use self::report::Report;
use self::source::Document;
use crate::load::is_ignored;
use crate::load::scan::scan;

/// What to import and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder of Markdown to import.
    pub src: PathBuf,
    /// The site to import into; created as a minimal site if it has no `almanac.yaml`.
    pub into: PathBuf,
    /// Product id for release notes and version folders.
    pub product: Option<String>,
    /// Read `v2.1/`, `version-2.0/`, `2.x/` folders as product versions.
    pub version_folders: bool,
}

/// One Markdown file on its way into the site.
#[derive(Debug)]
struct Item {
    /// Path relative to the source folder, `/`-separated.
    source: String,
    path: SourcePath,
    doc: Document,
    mapped: Mapped,
    kind: Kind,
    section: bool,
    /// The version a release note announces.
    version: Option<String>,
    /// New path relative to `content/`.
    target: String,
    /// URL the old generator served the file at, without the mount prefix.
    old_url: String,
    versions: Option<String>,
    topic: Option<String>,
    aliases: Vec<String>,
    body: String,
    report: FileReport,
}

/// A file that is not Markdown, copied beside the pages.
#[derive(Debug)]
struct Asset {
    source: String,
    absolute: PathBuf,
    target: String,
}

/// Runs the import. Errors only when nothing can be done at all (no source
/// folder, a site folder that cannot be created); every problem with a single
/// file is in the report instead.
pub fn import_docs(options: &Options) -> Result<Report, String> {
    if !options.src.is_dir() {
        return Err(format!("{} is not a folder", options.src.display()));
    }
    let mut report = Report::new(&options.src, &options.into);
    crate::progress::stage("Reading the files to import", None);
    let (markdown, other) = walk(&options.src, &options.into);
    let mut items = read_items(&markdown, options, &mut report);
    crate::progress::stage("Converting links and writing pages", None);
    let assets = plan_assets(&other);
    resolve_collisions(&mut items);
    if options.version_folders {
        versions::assign_versions(&mut items, options.product.as_deref(), &mut report);
    } else if let Some(folder) = items
        .iter()
        .flat_map(|i| &i.path.folders)
        .find(|f| plan::version_folder(f).is_some())
    {
        report.note(format!(
            "folders such as `{folder}/` look like product versions; import with `--version-folders` (and `--product`) to give their pages `versions` and a shared `topic`"
        ));
    }
    link_items(&mut items, &assets, &mut report);
    site::write(options, &mut items, &assets, &mut report)?;
    Ok(report)
}

/// A file found in the source folder: (relative path, absolute path).
type Found = (String, PathBuf);

/// Every file under `src`, sorted, split into Markdown and the rest. Hidden files
/// are left out, and so is the site itself when it lies inside the source folder.
fn walk(src: &Path, into: &Path) -> (Vec<Found>, Vec<Found>) {
    let site = into.canonicalize().ok();
    let own = |path: &Path| {
        site.as_ref().is_some_and(|site| {
            path.canonicalize().is_ok_and(|p| {
                p.starts_with(site.join("content"))
                    || p.starts_with(site.join("public"))
                    || p == site.join(crate::config::CONFIG_FILE)
                    || p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("import-report"))
                        && p.parent() == Some(site.as_path())
            })
        })
    };
    let mut markdown = Vec::new();
    let mut other = Vec::new();
    let entries = WalkDir::new(src)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || (!is_ignored(&e.file_name().to_string_lossy()) && !own(e.path()))
        });
    for entry in entries.filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(src) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let path = SourcePath::new(&relative);
        if plan::is_markdown(&path.extension) {
            markdown.push((relative, entry.path().to_path_buf()));
        } else {
            other.push((relative, entry.path().to_path_buf()));
        }
    }
    (markdown, other)
}

/// Reads and plans every Markdown file; unreadable ones go to the report.
fn read_items(markdown: &[Found], options: &Options, report: &mut Report) -> Vec<Item> {
    // The index file that stands for each folder: `_index` before `index` before `README`.
    let mut best_index: HashMap<Vec<String>, u8> = HashMap::new();
    for (relative, _) in markdown {
        let path = SourcePath::new(relative);
        if let Some(rank) = path.index_rank() {
            let best = best_index.entry(path.folders.clone()).or_insert(rank);
            *best = (*best).min(rank);
        }
    }
    let src_name = options
        .src
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "docs".to_string());
    let mut items = Vec::new();
    for (relative, absolute) in markdown {
        let bytes = match std::fs::read(absolute) {
            Ok(bytes) => bytes,
            Err(e) => {
                report.unreadable.push((relative.clone(), e.to_string()));
                continue;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            report
                .unreadable
                .push((relative.clone(), "not UTF-8 text".to_string()));
            continue;
        };
        let path = SourcePath::new(relative);
        let section = path.index_rank().is_some()
            && best_index.get(&path.folders) == path.index_rank().as_ref();
        items.push(plan_item(
            relative, path, &text, section, options, &src_name,
        ));
    }
    items
}

/// Decides kind, version and target of one file.
fn plan_item(
    relative: &str,
    path: SourcePath,
    text: &str,
    section: bool,
    options: &Options,
    src_name: &str,
) -> Item {
    let doc = source::read(text);
    let mut file_report = FileReport::new(relative);
    if let Some(problem) = &doc.unreadable {
        file_report.notes.push(format!(
            "line {}: front matter not read ({}); kept as text under `extra.original_front_matter`",
            problem.line, problem.message
        ));
    }
    let mut mapped = frontmatter::map(doc.fields.clone());
    file_report.notes.append(&mut mapped.notes);
    if mapped.title.is_none() {
        mapped.title = first_heading(&doc.body).or_else(|| {
            Some(match (section, path.folders.last()) {
                (true, Some(folder)) => folder.clone(),
                (true, None) => src_name.to_string(),
                (false, _) => path.stem.clone(),
            })
        });
    }
    let folder_kind = plan::kind_from_folders(&path.folders);
    let wanted = if section {
        folder_kind.unwrap_or(Kind::Guide)
    } else {
        folder_kind
            .or_else(|| plan::kind_of_category(&doc.fields))
            .unwrap_or(Kind::Guide)
    };
    let mut kind = wanted;
    let mut version = None;
    if wanted == Kind::Release && !section {
        let found = release_version(&doc.fields, mapped.title.as_deref(), &path.stem);
        let reason = match (&found, &options.product, mapped.date) {
            (None, _, _) => Some("no version in its front matter, title or file name"),
            (_, None, _) => Some("no `--product` was given"),
            (_, _, None) => Some("it has no date"),
            _ => None,
        };
        match reason {
            Some(reason) => {
                kind = Kind::Guide;
                file_report
                    .notes
                    .push(format!("release note imported as a guide: {reason}"));
            }
            None => version = found,
        }
    }
    let folder = plan::target_folder(&path.folders, kind).join("/");
    let name = if section {
        "_index".to_string()
    } else {
        path.stem.clone()
    };
    Item {
        source: relative.to_string(),
        old_url: links::old_url(&path, &doc.fields),
        target: format!("{folder}/{name}.md"),
        body: doc.body.clone(),
        path,
        doc,
        mapped,
        kind,
        section,
        version,
        versions: None,
        topic: None,
        aliases: Vec::new(),
        report: file_report,
    }
}

/// The first level-1 heading of a body, as plain text.
fn first_heading(body: &str) -> Option<String> {
    scan(body, 1)
        .headings
        .into_iter()
        .find(|h| h.level == 1 && !h.text.is_empty())
        .map(|h| h.text)
}

/// `version:` from the front matter, else the version in the title, else in the file name.
fn release_version(fields: &Map<String, Value>, title: Option<&str>, stem: &str) -> Option<String> {
    let written = fields
        .get("version")
        .and_then(frontmatter::text)
        .and_then(|v| {
            let v = v.strip_prefix(['v', 'V']).unwrap_or(&v).to_string();
            v.parse::<crate::model::Version>().is_ok().then_some(v)
        });
    written
        .or_else(|| title.and_then(plan::find_version))
        .or_else(|| plan::find_version(stem))
        .map(|v| v.trim_start_matches(['v', 'V']).to_string())
}

/// Non-Markdown files go where the pages of their folder go.
fn plan_assets(other: &[Found]) -> Vec<Asset> {
    other
        .iter()
        .map(|(relative, absolute)| {
            let path = SourcePath::new(relative);
            let kind = plan::kind_from_folders(&path.folders).unwrap_or(Kind::Guide);
            let name = relative.rsplit('/').next().unwrap_or(relative);
            let mut target = plan::target_folder(&path.folders, kind);
            target.push(name.to_string());
            Asset {
                source: relative.clone(),
                absolute: absolute.clone(),
                target: target.join("/"),
            }
        })
        .collect()
}

/// Two sources bound for one file (`a.md` and `a.mdx`, `release/x.md` and
/// `releases/x.md`): the later one gets a numbered name. Compared without case,
/// so the site also works on case-insensitive file systems.
fn resolve_collisions(items: &mut [Item]) {
    let mut taken: HashSet<String> = HashSet::new();
    for item in items.iter_mut() {
        let original = item.target.clone();
        let mut n = 2;
        while !taken.insert(item.target.to_lowercase()) {
            let stem = original.trim_end_matches(".md");
            item.target = format!("{stem}-{n}.md");
            n += 1;
        }
        if item.target != original {
            item.report.notes.push(format!(
                "another source file also becomes {original}; this one is {} instead",
                item.target
            ));
        }
    }
}

/// Old URLs, the link table, rewritten bodies and aliases.
fn link_items(items: &mut [Item], assets: &[Asset], report: &mut Report) {
    let mut table = links::Table::default();
    let mut new_paths: Vec<String> = items.iter().map(|i| i.target.clone()).collect();
    new_paths.extend(assets.iter().map(|a| a.target.clone()));
    for (id, item) in items.iter().enumerate() {
        table.add_url(&item.old_url, id);
    }
    for (id, item) in items.iter().enumerate() {
        // The URL from the path alone also leads here (a slug may have changed it).
        table.add_url(&links::old_url(&item.path, &Map::new()), id);
        table.add_file(&item.source, id);
    }
    for (id, asset) in assets.iter().enumerate() {
        table.add_file(&asset.source, items.len() + id);
    }
    for (id, item) in items.iter().enumerate() {
        for alias in &item.mapped.aliases {
            table.add_url(&aliases::resolve_alias(alias, &item.old_url), id);
        }
    }
    // Hugo lowercases every URL it serves; the aliases must be where readers were.
    let lowercase = items.iter().any(|i| i.path.stem == "_index");
    let mount = links::infer_mount(
        items
            .iter()
            .flat_map(|i| links::spots(&i.body))
            .map(|s| s.dest)
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
        &table,
    );
    report.mount = mount.clone();
    for item in items.iter_mut() {
        let page = links::Page {
            source: &item.source,
            old_url: &item.old_url,
            new_path: &item.target,
        };
        let rewritten = links::rewrite(&item.body, &page, &table, &new_paths, &mount);
        item.report.links_rewritten = rewritten.rewritten;
        item.report.unresolved = rewritten
            .unresolved
            .into_iter()
            .map(|(line, dest)| (item.doc.body_line + line, dest))
            .collect();
        let (body, escaped) = links::escape_wikilinks(&rewritten.body);
        for (line, text) in escaped {
            item.report.notes.push(format!(
                "line {}: `{text}` escaped as `\\{text}`: almanac would read it as a wikilink",
                item.doc.body_line + line
            ));
        }
        item.body = body;
        item.report.findings = foreign::detect(&item.body, item.doc.body_line);
    }
    aliases::assign_aliases(items, &mount, lowercase);
}

/// The front matter almanac reads for `item`, in sorted order.
fn front_matter(item: &Item, product: Option<&str>) -> Map<String, Value> {
    let m = &item.mapped;
    let mut fields = Map::new();
    let mut extra = m.extra.clone();
    if let Some(problem) = &item.doc.unreadable {
        if !problem.raw.is_empty() {
            extra.insert(
                "original_front_matter".into(),
                Value::String(problem.raw.clone()),
            );
        }
    }
    let mut put = |key: &str, value: Value| {
        fields.insert(key.to_string(), value);
    };
    put("title", Value::String(m.title.clone().unwrap_or_default()));
    if let Some(d) = &m.description {
        put("description", Value::String(d.clone()));
    }
    if let Some(w) = m.weight {
        put("weight", Value::from(w));
    }
    if item.section {
        // A listing intro has only these fields; the rest is kept under extra.
        for (key, value) in &m.used {
            if !matches!(key.as_str(), "title" | "description" | "weight") {
                extra.insert(key.clone(), value.clone());
            }
        }
        if !extra.is_empty() {
            fields.insert("extra".into(), Value::Object(extra));
        }
        return fields;
    }
    let strings = |v: &[String]| Value::Array(v.iter().cloned().map(Value::String).collect());
    if let Some(d) = m.date {
        put("date", Value::String(d.to_string()));
    }
    if let Some(d) = m.updated {
        put("updated", Value::String(d.to_string()));
    }
    if !m.tags.is_empty() {
        put("tags", strings(&m.tags));
    }
    if !item.aliases.is_empty() {
        put("aliases", strings(&item.aliases));
    }
    if m.draft {
        put("draft", Value::Bool(true));
    }
    if let Some(s) = &m.slug {
        put("slug", Value::String(s.clone()));
    }
    if let Some(t) = &item.topic {
        put("topic", Value::String(t.clone()));
    }
    if let Some(v) = &item.versions {
        put("versions", Value::String(v.clone()));
    }
    if let Some(v) = &item.version {
        put("version", Value::String(v.clone()));
    }
    // A topic's pages must name one product, the unversioned copy of a
    // versioned document (the current docs) included.
    if item.version.is_some() || item.versions.is_some() || item.topic.is_some() {
        if let Some(p) = product {
            put("product", Value::String(p.to_string()));
        }
    }
    if !extra.is_empty() {
        fields.insert("extra".into(), Value::Object(extra));
    }
    fields
}

/// What the report calls the item.
fn kind_name(item: &Item) -> &'static str {
    match (item.section, item.kind) {
        (true, _) => "section intro",
        (false, Kind::Release) => "release note",
        (false, Kind::Faq) => "FAQ",
        (false, Kind::Guide) => "guide",
    }
}
