//! Pages and sections: what a writer authored, typed per kind.

use std::path::PathBuf;

use super::date::Date;
use super::version::{Version, VersionReq};

/// Index of a page in [`super::Site::pages`].
pub type PageId = usize;

/// What a page is, with the fields only that kind has.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PageKind {
    Guide,
    Faq,
    Release(ReleaseInfo),
    Eol(EolInfo),
}

impl PageKind {
    /// Which of the four kinds this is.
    pub fn kind(&self) -> Kind {
        match self {
            PageKind::Guide => Kind::Guide,
            PageKind::Faq => Kind::Faq,
            PageKind::Release(_) => Kind::Release,
            PageKind::Eol(_) => Kind::Eol,
        }
    }

    /// The name used in front matter (`kind:`) and templates.
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }
}

/// The four kinds of page, in the order the site's sections are listed. Every
/// table of kinds (front-matter names, folders, labels) is a method here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Guide,
    Faq,
    Release,
    Eol,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Guide, Kind::Faq, Kind::Release, Kind::Eol];

    /// The name in front matter (`kind: release`), templates and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Guide => "guide",
            Kind::Faq => "faq",
            Kind::Release => "release",
            Kind::Eol => "eol",
        }
    }

    /// The top folder under `content/` whose pages are of this kind.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Guide => "guides",
            Kind::Faq => "faq",
            Kind::Release => "releases",
            Kind::Eol => "eol",
        }
    }

    /// What one page of this kind is called, e.g. on its page header.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Guide => "Guide",
            Kind::Faq => "FAQ",
            Kind::Release => "Release notes",
            Kind::Eol => "End-of-life notice",
        }
    }

    /// The kind a top folder implies: `guides/…` are guides, and so on.
    pub fn of_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    /// The name with its indefinite article, for messages: "a guide", "an eol".
    pub fn with_article(self) -> String {
        match self {
            Kind::Guide | Kind::Release => format!("a {}", self.name()),
            Kind::Faq | Kind::Eol => format!("an {}", self.name()),
        }
    }

    /// `guide, faq, release, eol`, for messages.
    pub fn names() -> String {
        Kind::ALL.map(Kind::name).join(", ")
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a text is not a [`Kind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind(pub String);

impl std::fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not a page kind: use one of {}",
            self.0,
            Kind::names()
        )
    }
}

impl std::str::FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(text: &str) -> Result<Kind, UnknownKind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == text)
            .ok_or_else(|| UnknownKind(text.to_string()))
    }
}

/// A release note's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseInfo {
    pub version: Version,
    pub breaking: bool,
    /// What this release deprecates, in the order written.
    pub deprecations: Vec<super::Deprecation>,
    /// Withdrawn after release (`yanked: true`, Keep a Changelog's `[YANKED]`):
    /// still listed, marked as such, and never the product's current version.
    pub yanked: bool,
}

/// An end-of-life notice's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct EolInfo {
    pub eol_date: Date,
    /// The discontinued release cycle, e.g. "2".
    pub cycle: Option<String>,
    pub announced: Option<Date>,
    /// A product id or a page link.
    pub replacement: Option<String>,
    /// A page link to the migration guide.
    pub migration: Option<String>,
}

/// Front-matter fields every kind shares.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageMeta {
    pub title: String,
    pub description: Option<String>,
    pub product: Option<String>,
    pub versions: Option<VersionReq>,
    pub cycles: Vec<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub reviewed: Option<Date>,
    pub tags: Vec<String>,
    pub aliases: Vec<String>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub slug: String,
    /// `stale: false` switches every stale rule off for this page.
    pub stale_checks: bool,
    /// `stale: {ignore, reason, until}`: some rules off, for a reason, for a time.
    pub stale_optout: Option<OptOut>,
    /// `topic: <id>`: pages covering one subject for different product versions
    /// (e.g. `admin/install`); `almanac import docs --version-folders` sets it.
    pub topic: Option<String>,
    /// `search: false` leaves the page out of the search index.
    pub search_excluded: bool,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A page's opt-out from some stale rules, written as
/// `stale: {ignore: [review-overdue], reason: "…", until: 2027-06-30}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptOut {
    /// The rules switched off. (The codes are the check stage's interface,
    /// so the model names them with its type.)
    pub ignore: Vec<crate::check::stale::Rule>,
    /// Why the page may stay as it is: required, shown on the health page.
    pub reason: String,
    /// The last day the opt-out holds; `stale.max_optout_days` caps it.
    pub until: Option<Date>,
}

impl PageMeta {
    /// The date the page was last checked by a writer: `reviewed`, else `updated`, else `date`.
    pub fn review_date(&self) -> Option<Date> {
        self.reviewed.or(self.updated).or(self.date)
    }

    /// The date shown as "last updated" and used for sitemap `lastmod`.
    pub fn last_modified(&self) -> Option<Date> {
        [self.updated, self.reviewed, self.date]
            .into_iter()
            .flatten()
            .max()
    }
}

/// Where a page's prepared body is kept until render: a place in a store of
/// bytes (`load::bodies`), not the body itself, so the model stays small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyRef {
    /// `len` bytes at `offset` of the store's scratch file.
    File { offset: u64, len: u64 },
    /// The `n`th body the store keeps in memory.
    Memory(usize),
}

/// A heading of a page body, with its anchor id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
    pub line: usize,
}

/// How a link was written in the Markdown source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkSyntax {
    /// `[text](dest)`, reference links and autolinks.
    Markdown,
    /// `[[Title]]`, `[[Title|text]]`.
    Wiki,
    /// `![alt](src)`.
    Image,
    /// A front-matter field that names a page (an EOL notice's `replacement:` and
    /// `migration:`): a product id, a `[[wikilink]]`, or a path as in a Markdown link.
    Field,
}

/// A link as written in a page body or a front-matter field, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLink {
    pub syntax: LinkSyntax,
    pub dest: String,
    pub line: usize,
    pub column: usize,
    /// Length of the link's source text, for the caret under it.
    pub len: usize,
}

/// Template syntax of another generator (Liquid's `{% … %}` and `{{ … }}`, Hugo's
/// `{{< … >}}` and `{{% … %}}`) found outside code: almanac runs no templates in
/// Markdown, so it would show as text. Only the first one of a body is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unprocessed {
    pub line: usize,
    pub column: usize,
    pub len: usize,
    /// The tag as written (its first line, shortened).
    pub snippet: String,
}

/// One authored page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Path relative to the site root, e.g. `content/guides/install.md`.
    pub file: PathBuf,
    /// Site-relative URL path without the base path, e.g. `/guides/install/`.
    pub url: String,
    /// Folder of the page relative to `content/`, e.g. `guides/acme-cloud` (may be empty).
    pub folder: String,
    pub kind: PageKind,
    pub meta: PageMeta,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// Where the body, as the one parse prepared it for render, is kept (see
    /// `load::bodies`); `None` when nothing will render it (`check`).
    pub body: Option<BodyRef>,
    pub headings: Vec<Heading>,
    /// Every `#fragment` of the rendered body, sorted (heading ids included).
    pub anchors: Vec<String>,
    pub links: Vec<SourceLink>,
    pub unprocessed: Option<Unprocessed>,
    pub word_count: usize,
    /// 1-based file line of each front-matter field, to point diagnostics at it.
    pub field_lines: Vec<(String, usize)>,
}

impl Page {
    /// A page at `file` and `url` with `meta` and nothing else: no body,
    /// headings or links (unit tests).
    #[cfg(test)]
    pub(crate) fn bare(file: &str, url: &str, kind: PageKind, meta: PageMeta) -> Page {
        let folder = file
            .trim_start_matches("content/")
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder);
        Page {
            file: file.into(),
            url: url.into(),
            folder: folder.into(),
            kind,
            meta,
            body_line: 1,
            body: None,
            headings: Vec::new(),
            anchors: Vec::new(),
            links: Vec::new(),
            unprocessed: None,
            word_count: 0,
            field_lines: Vec::new(),
        }
    }

    /// A guide at `content/guides/<file>` with `title` and `tags` (unit tests).
    #[cfg(test)]
    pub(crate) fn guide(file: &str, title: &str, tags: &[&str]) -> Page {
        let meta = PageMeta {
            title: title.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..PageMeta::default()
        };
        let url = format!("/guides/{}/", file.trim_end_matches(".md"));
        Page::bare(
            &format!("content/guides/{file}"),
            &url,
            PageKind::Guide,
            meta,
        )
    }

    /// Whether the rendered page has an element with id `anchor`.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.anchors
            .binary_search_by(|a| a.as_str().cmp(anchor))
            .is_ok()
    }

    /// The line where front-matter field `field` is written, if it is.
    pub fn field_line(&self, field: &str) -> Option<usize> {
        self.field_lines
            .iter()
            .find(|(f, _)| f == field)
            .map(|&(_, line)| line)
    }

    /// The FAQ questions of a page: its level-2 headings.
    pub fn questions(&self) -> impl Iterator<Item = &Heading> {
        self.headings.iter().filter(|h| h.level == 2)
    }

    /// The day the page is published: its `date`, and for an EOL notice not
    /// before it is `announced`, so a notice can be written ahead and go out on time.
    pub fn publish_date(&self) -> Option<Date> {
        let announced = match &self.kind {
            PageKind::Eol(info) => info.announced,
            _ => None,
        };
        self.meta.date.into_iter().chain(announced).max()
    }

    /// Whether this is a release note withdrawn after release (`yanked: true`).
    pub fn is_yanked(&self) -> bool {
        matches!(&self.kind, PageKind::Release(info) if info.yanked)
    }

    /// The deprecations a release note announces (none for other kinds).
    pub fn deprecations(&self) -> &[super::Deprecation] {
        match &self.kind {
            PageKind::Release(info) => &info.deprecations,
            _ => &[],
        }
    }

    /// The release version, for release notes.
    pub fn release_version(&self) -> Option<&Version> {
        match &self.kind {
            PageKind::Release(info) => Some(&info.version),
            _ => None,
        }
    }
}

/// A folder's `_index.md`: a title and intro for its listing page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SectionIntro {
    pub file: PathBuf,
    /// Folder relative to `content/`; empty for the home page.
    pub folder: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub body: String,
    pub body_line: usize,
    pub links: Vec<SourceLink>,
    pub unprocessed: Option<Unprocessed>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}
