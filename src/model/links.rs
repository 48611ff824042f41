//! Links: what every link a page writes resolves to ([`Resolver`], over the
//! lookup tables of a [`LinkIndex`]), and the link graph built from them with
//! the reverse direction, backlinks ([`LinkGraph`], in `graph`). Built once in the
//! model stage; link checking, "Referenced by" lists and rendering all read it,
//! and nothing re-scans HTML. `paths` holds the text-only helpers.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::routes::{self, heading_id, slugify};
use super::{LinkSyntax, Page, PageId, Product, Site};
use crate::diagnostics::did_you_mean;
use crate::suggest::Suggestions;

mod graph;
mod paths;

pub use graph::LinkGraph;
pub use paths::is_external;
pub(crate) use paths::normalize as lexical_path;
use paths::{looked_for, normalize, percent_decode, relative_path, web_key, with_fragment};

/// The folder of the Markdown sources, which page files start with (the load
/// stage's `CONTENT_DIR`, spelt here so that the model does not import it).
const CONTENT: &str = "content";

/// The site endoflife.date-format product files are written for.
const ENDOFLIFE_DATE: &str = "https://endoflife.date";

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page of the site, optionally at a heading.
    Page { id: PageId, anchor: Option<String> },
    /// A site URL that is not an authored page: a listing, a static file, a generated page.
    /// Stored without the base path, starting with `/`, with the link's `#fragment` if any.
    Url(String),
    /// Somewhere else on the web; not fetched.
    External(String),
}

/// The kinds of broken link; their codes are diagnostic codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BrokenCode {
    /// A `.md` link to a file that is not a page.
    MissingPage,
    /// A page exists, its heading does not.
    MissingAnchor,
    /// A `[[wikilink]]` that names no page.
    UnknownWikilink,
    /// A `[[wikilink]]` that names several pages.
    AmbiguousWikilink,
    /// A URL that is neither a page, a generated page nor a file.
    MissingFile,
    /// A URL or source file that names several pages.
    AmbiguousLink,
}

impl BrokenCode {
    pub fn as_str(self) -> &'static str {
        match self {
            BrokenCode::MissingPage => "missing-page",
            BrokenCode::MissingAnchor => "missing-anchor",
            BrokenCode::UnknownWikilink => "unknown-wikilink",
            BrokenCode::AmbiguousWikilink => "ambiguous-wikilink",
            BrokenCode::MissingFile => "missing-file",
            BrokenCode::AmbiguousLink => "ambiguous-link",
        }
    }
}

/// Why a link does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub code: BrokenCode,
    pub message: String,
    pub suggestion: Option<String>,
}

/// A broken link with the page and position it was written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub len: usize,
    pub broken: Broken,
}

/// Lookup tables to resolve links: files, titles, slugs, aliases, known URLs.
/// Owned, so `serve` can keep it between rebuilds that do not change them.
#[derive(Debug, Clone, Default)]
pub struct LinkIndex {
    by_file: HashMap<PathBuf, PageId>,
    /// Lowercased title, slug and alias names → pages.
    by_name: HashMap<String, Vec<PageId>>,
    /// URLs that exist besides authored pages (listings, assets, generated pages).
    other_urls: HashSet<String>,
    /// Old URLs (`aliases:`) → the page that moved away from them.
    by_alias_url: HashMap<String, PageId>,
    suggest: SuggestionIndexes,
}

/// What a broken link is compared with for a "did you mean", indexed once per build
/// when the first broken link of its kind needs it (most builds have none).
#[derive(Debug, Clone, Default)]
struct SuggestionIndexes {
    /// Page URLs and other site URLs.
    urls: OnceLock<Suggestions>,
    /// Page source files.
    files: OnceLock<Suggestions>,
    /// The keys of `by_name`.
    names: OnceLock<Suggestions>,
}

impl LinkIndex {
    /// Indexes `site`; `generated_urls` are the URLs later stages will write besides pages.
    pub fn new(site: &Site, generated_urls: impl IntoIterator<Item = String>) -> LinkIndex {
        let mut by_name: HashMap<String, Vec<PageId>> = HashMap::new();
        for (id, page) in site.pages.iter().enumerate() {
            for name in names_of(page) {
                by_name.entry(name).or_default().push(id);
            }
        }
        let mut other_urls: HashSet<String> = generated_urls.into_iter().collect();
        other_urls.extend(site.assets.iter().map(|a| format!("/{}", a.output)));
        // A page moved to a new path keeps its old URLs (redirect pages are written
        // there), so links to an old URL still work: they go to the page itself.
        let mut by_alias_url: HashMap<String, PageId> = HashMap::new();
        for (id, page) in site.pages.iter().enumerate() {
            for alias in &page.meta.aliases {
                by_alias_url
                    .entry(format!("/{}", alias.trim_start_matches('/')))
                    .or_insert(id);
            }
        }
        LinkIndex {
            by_file: site
                .pages
                .iter()
                .enumerate()
                .map(|(id, p)| (p.file.clone(), id))
                .collect(),
            by_name,
            other_urls,
            by_alias_url,
            suggest: SuggestionIndexes::default(),
        }
    }

    /// Indexes page `id` again after its title, aliases or tags changed (`old` is
    /// what it was), where no page was added or removed (serve).
    pub fn update_page(&mut self, site: &Site, id: PageId, old: &Page) {
        let page = &site.pages[id];
        for name in names_of(old) {
            if let Some(ids) = self.by_name.get_mut(&name) {
                ids.retain(|&p| p != id);
                if ids.is_empty() {
                    self.by_name.remove(&name);
                }
            }
        }
        for name in names_of(page) {
            let ids = self.by_name.entry(name).or_default();
            if let Err(at) = ids.binary_search(&id) {
                ids.insert(at, id);
            }
        }
        if old.meta.aliases != page.meta.aliases {
            self.by_alias_url.clear();
            for (id, page) in site.pages.iter().enumerate() {
                for alias in &page.meta.aliases {
                    self.by_alias_url
                        .entry(format!("/{}", alias.trim_start_matches('/')))
                        .or_insert(id);
                }
            }
        }
        if old.meta.tags != page.meta.tags {
            self.other_urls
                .extend(page.meta.tags.iter().map(|t| crate::model::routes::tag(t)));
        }
        self.suggest = SuggestionIndexes::default();
    }

    /// The page written in `file` (relative to the site root).
    pub fn page_of_file(&self, file: &Path) -> Option<PageId> {
        self.by_file.get(file).copied()
    }

    /// A resolver over `site`, which must be the site this index was built from.
    pub fn resolver<'a>(&'a self, site: &'a Site) -> Resolver<'a> {
        Resolver { site, index: self }
    }
}

/// The names a wikilink can call a page by: its title (as written and as a
/// slug), its slug and the last part of each alias, lowercased.
pub fn names_of(page: &Page) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    names.insert(page.meta.title.to_lowercase());
    // `[[install-guide]]` is how writers spell "Install Guide" as a slug.
    names.insert(slugify(&page.meta.title));
    names.insert(page.meta.slug.to_lowercase());
    for alias in &page.meta.aliases {
        let alias = alias.trim_matches('/');
        names.insert(alias.rsplit('/').next().unwrap_or(alias).to_lowercase());
    }
    names
}

/// The keys a wikilink's destination is looked up by (see `resolve_wiki`), with
/// and without a product scope.
pub fn wiki_keys(dest: &str) -> Vec<String> {
    let name = dest.split_once('#').map_or(dest, |(name, _)| name).trim();
    let mut keys = vec![name.to_lowercase(), slugify(name)];
    if let Some((_, rest)) = name.split_once(':') {
        keys.push(rest.trim().to_lowercase());
        keys.push(slugify(rest.trim()));
    }
    keys
}

/// Resolves links of one site against its [`LinkIndex`].
pub struct Resolver<'a> {
    site: &'a Site,
    index: &'a LinkIndex,
}

impl<'a> Resolver<'a> {
    /// Resolves `dest`, written with `syntax` in the file `from` (relative to the site root).
    /// `from_page` is the page itself when the link is in a page body (for `#anchor` links).
    pub fn resolve(
        &self,
        from: &Path,
        from_page: Option<PageId>,
        syntax: LinkSyntax,
        dest: &str,
    ) -> Result<Target, Broken> {
        match syntax {
            LinkSyntax::Wiki => self.resolve_wiki(dest),
            LinkSyntax::Markdown | LinkSyntax::Image => self.resolve_path(from, from_page, dest),
            LinkSyntax::Field => self.resolve_field(from, dest),
        }
    }

    /// Resolves a link in a product's overview. Product files in endoflife.date's
    /// format (they declare a `permalink:`) link other products as `/mysql`: such a
    /// link goes to that product's page when the site has it, else to endoflife.date.
    pub fn resolve_in_overview(
        &self,
        product: &Product,
        syntax: LinkSyntax,
        dest: &str,
    ) -> Result<Target, Broken> {
        let broken = match self.resolve(&product.file, None, syntax, dest) {
            Ok(target) => return Ok(target),
            Err(broken) => broken,
        };
        let Some(rooted) = dest
            .strip_prefix('/')
            .filter(|_| syntax != LinkSyntax::Wiki)
        else {
            return Err(broken);
        };
        let (path, fragment) = rooted.split_once('#').unwrap_or((rooted, ""));
        if let Some(other) = self.site.product(path.trim_end_matches('/')) {
            return Ok(Target::Url(with_fragment(
                routes::product(&other.id),
                Some(fragment),
            )));
        }
        if product.extra.contains_key("permalink") {
            return Ok(Target::External(format!("{ENDOFLIFE_DATE}{dest}")));
        }
        Err(broken)
    }

    /// `replacement: tessera` (a product), `migration: "[[Upgrade guide]]"` or
    /// `migration: ../guides/upgrade.md`.
    fn resolve_field(&self, from: &Path, dest: &str) -> Result<Target, Broken> {
        let dest = dest.trim();
        if let Some(name) = dest.strip_prefix("[[").and_then(|d| d.strip_suffix("]]")) {
            return self.resolve_wiki(name);
        }
        if let Some(product) = self.site.product(dest) {
            return Ok(Target::Url(routes::product(&product.id)));
        }
        self.resolve_path(from, None, dest)
    }

    fn resolve_path(
        &self,
        from: &Path,
        from_page: Option<PageId>,
        dest: &str,
    ) -> Result<Target, Broken> {
        if is_external(dest) {
            return Ok(Target::External(dest.to_string()));
        }
        if dest.contains("{{") || dest.contains("{%") {
            // `<{{% eturl alias %}}>`: the generator the page was written for would
            // have run this; braces are never part of a real URL.
            return Err(Broken {
                code: BrokenCode::MissingFile,
                message: format!(
                    "`{dest}` is template syntax (Liquid or Hugo) that almanac does not run, so this link goes nowhere"
                ),
                suggestion: None,
            });
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() {
            let Some(id) = from_page else {
                return Ok(Target::External(dest.to_string()));
            };
            return self.with_anchor(id, anchor);
        }
        let path = percent_decode(path);
        if path.ends_with(".md") {
            return self.resolve_source_file(from, &path, anchor);
        }
        let urls = self.site_paths(from, from_page, &path);
        for url in &urls {
            if let Some(found) = self.resolve_site_path(from, url, anchor) {
                return found;
            }
        }
        let url = &urls[0];
        let looked = urls
            .iter()
            .map(|u| looked_for(u))
            .collect::<Vec<_>>()
            .join(", then ");
        let suggestions = self.index.suggest.urls.get_or_init(|| {
            let others = self.index.other_urls.iter().map(String::as_str);
            Suggestions::new(others.chain(self.site.pages.iter().map(|p| p.url.as_str())))
        });
        Err(Broken {
            code: BrokenCode::MissingFile,
            message: format!("`{dest}` does not exist in the site (looked for {looked})"),
            suggestion: suggestions.best(url).map(str::to_string),
        })
    }

    /// The site paths a link's `path` may mean, in the order they are tried. A
    /// root-relative path has one. A relative one is first taken from the source
    /// file's folder, as the writer sees the content tree (and as GitHub, Jekyll and
    /// Hugo's page bundles resolve it), then from the page's own URL, as a browser
    /// does on the page (`../sibling/` written on a Hugo page at `/guides/x/`).
    fn site_paths(&self, from: &Path, from_page: Option<PageId>, path: &str) -> Vec<String> {
        let keep_slash = |url: String| {
            if path.ends_with('/') && !url.ends_with('/') {
                format!("{url}/")
            } else {
                url
            }
        };
        if path.starts_with('/') {
            return vec![keep_slash(normalize(Path::new(path)))];
        }
        let folder = from
            .parent()
            .unwrap_or(Path::new(""))
            .strip_prefix(CONTENT)
            .unwrap_or(Path::new(""));
        let mut urls = vec![keep_slash(normalize(
            &Path::new("/").join(folder).join(path),
        ))];
        if let Some(id) = from_page {
            let from_url = keep_slash(normalize(&Path::new(&self.site.pages[id].url).join(path)));
            if from_url != urls[0] {
                urls.push(from_url);
            }
        }
        urls
    }

    /// What the site path `url` names, the way a web server and the generators
    /// real trees come from find it; `None` when nothing is there.
    ///
    /// In order: a page at exactly that URL (`/x/index.html` is `/x/`); a page's
    /// old URL (`aliases:`); a file at exactly that URL; the page built from the
    /// source the URL names (`/x.html`, `/x/` and `/x` name `content/x.md`, even
    /// with a `slug:`, and `content/x/index.md`); a generated page (a listing).
    /// Every step is a hash lookup.
    fn resolve_site_path(
        &self,
        from: &Path,
        url: &str,
        anchor: Option<&str>,
    ) -> Option<Result<Target, Broken>> {
        let url = match url.strip_suffix("index.html") {
            Some(dir) if dir.ends_with('/') => dir,
            _ => url,
        };
        let slashed = format!("{}/", url.trim_end_matches('/'));
        if let Some(id) = self
            .site
            .page_id_by_url(url)
            .or_else(|| self.site.page_id_by_url(&slashed))
        {
            return Some(self.with_anchor(id, anchor));
        }
        let alias = self
            .index
            .by_alias_url
            .get(url)
            .or_else(|| self.index.by_alias_url.get(&slashed))
            .or_else(|| self.index.by_alias_url.get(url.trim_end_matches('/')));
        if let Some(&id) = alias {
            return Some(self.with_anchor(id, anchor));
        }
        if !url.ends_with('/') && self.index.other_urls.contains(url) {
            return Some(Ok(Target::Url(with_fragment(url.to_string(), anchor))));
        }
        let key = web_key(url);
        if !key.is_empty() {
            match self.pages_built_from(key).as_slice() {
                [] => {}
                [id] => return Some(self.with_anchor(*id, anchor)),
                many => {
                    let files: Vec<PathBuf> = many
                        .iter()
                        .map(|&id| self.site.pages[id].file.clone())
                        .collect();
                    return Some(Err(ambiguous(from, url, &files)));
                }
            }
        }
        [url.to_string(), slashed, format!("{key}/")]
            .into_iter()
            .find(|u| self.index.other_urls.contains(u))
            .map(|u| Ok(Target::Url(with_fragment(u, anchor))))
    }

    /// The distinct pages a URL without its `.html` or `/` (`/guides/x`) can
    /// mean: the page at `/guides/x/`, and those built from `content/guides/x.md`
    /// and `content/guides/x/index.md`.
    fn pages_built_from(&self, key: &str) -> Vec<PageId> {
        let source = format!("{CONTENT}{key}");
        let mut pages: Vec<PageId> = [
            self.site.page_id_by_url(&format!("{key}/")),
            self.index
                .by_file
                .get(Path::new(&format!("{source}.md")))
                .copied(),
            self.index
                .by_file
                .get(Path::new(&format!("{source}/index.md")))
                .copied(),
        ]
        .into_iter()
        .flatten()
        .collect();
        pages.sort_unstable();
        pages.dedup();
        pages
    }

    /// A link to `content/x.md` when there is none: the folder `x/` as its page,
    /// `x/_index.md` (the folder's listing) or `x/index.md`.
    fn folder_page(
        &self,
        from: &Path,
        target: &Path,
        anchor: Option<&str>,
    ) -> Option<Result<Target, Broken>> {
        let stem = target.with_extension("");
        let folder = stem
            .strip_prefix(CONTENT)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        let listing = self.site.section(&folder).map(|s| s.file.clone());
        let page = self.index.by_file.get(&stem.join("index.md")).copied();
        match (listing, page) {
            (None, None) => None,
            (None, Some(id)) => Some(self.with_anchor(id, anchor)),
            (Some(_), None) => Some(Ok(Target::Url(with_fragment(
                routes::folder(&folder),
                anchor,
            )))),
            (Some(intro), Some(id)) => {
                let files = [intro, self.site.pages[id].file.clone()];
                Some(Err(ambiguous(from, &target.to_string_lossy(), &files)))
            }
        }
    }

    fn resolve_source_file(
        &self,
        from: &Path,
        path: &str,
        anchor: Option<&str>,
    ) -> Result<Target, Broken> {
        let target = if let Some(rooted) = path.strip_prefix('/') {
            PathBuf::from("content").join(rooted)
        } else {
            from.parent().unwrap_or(Path::new("")).join(path)
        };
        let target = PathBuf::from(normalize(&target).trim_start_matches('/'));
        if target.file_name().is_some_and(|n| n == "_index.md") {
            // A folder's intro: the link goes to the folder's listing page.
            let folder = target
                .parent()
                .and_then(|p| p.strip_prefix("content").ok())
                .unwrap_or(Path::new(""));
            let url = normalize(folder);
            let url = if url == "/" { url } else { format!("{url}/") };
            if url == "/" || self.index.other_urls.contains(&url) {
                return Ok(Target::Url(with_fragment(url, anchor)));
            }
        }
        match self.index.by_file.get(target.as_path()) {
            Some(&id) => self.with_anchor(id, anchor),
            None => {
                if let Some(found) = self.folder_page(from, &target, anchor) {
                    return found;
                }
                let wanted = target.to_string_lossy();
                let files = self.index.suggest.files.get_or_init(|| {
                    Suggestions::new(self.site.pages.iter().map(|p| p.file.to_string_lossy()))
                });
                let suggestion = files
                    .best(&wanted)
                    .map(|close| relative_path(from, Path::new(close)));
                Err(Broken {
                    code: BrokenCode::MissingPage,
                    message: format!("link to a missing page: `{path}` (no page at {wanted})"),
                    suggestion,
                })
            }
        }
    }

    fn resolve_wiki(&self, dest: &str) -> Result<Target, Broken> {
        let (name, anchor) = match dest.split_once('#') {
            Some((name, anchor)) => (name.trim(), Some(anchor.trim())),
            None => (dest.trim(), None),
        };
        let (scope, name) = match name.split_once(':') {
            Some((product, rest)) if self.site.product(product.trim()).is_some() => {
                (Some(product.trim()), rest.trim())
            }
            _ => (None, name),
        };
        let key = name.to_lowercase();
        let candidates: Vec<PageId> = self
            .index
            .by_name
            .get(&key)
            .or_else(|| self.index.by_name.get(&slugify(name)))
            .map(|ids| {
                ids.iter()
                    .copied()
                    .filter(|&id| {
                        scope.is_none_or(|p| self.site.pages[id].meta.product.as_deref() == Some(p))
                    })
                    .collect()
            })
            .unwrap_or_default();
        match candidates.as_slice() {
            [id] => self.with_heading(*id, anchor),
            [] => Err(Broken {
                code: BrokenCode::UnknownWikilink,
                message: format!("no page is titled, named or aliased `{name}`"),
                suggestion: (self.index.suggest.names)
                    .get_or_init(|| Suggestions::new(self.index.by_name.keys()))
                    .best(&key)
                    .map(|close| format!("[[{}]]", self.title_for_name(close))),
            }),
            many => {
                let list: Vec<String> = many
                    .iter()
                    .map(|&id| {
                        let page = &self.site.pages[id];
                        format!(
                            "{} ({})",
                            page.file.display(),
                            page.meta.product.as_deref().unwrap_or("no product")
                        )
                    })
                    .collect();
                let scoped = many
                    .iter()
                    .find_map(|&id| self.site.pages[id].meta.product.as_deref());
                Err(Broken {
                    code: BrokenCode::AmbiguousWikilink,
                    message: format!(
                        "`[[{name}]]` matches {} pages: {}",
                        many.len(),
                        list.join(", ")
                    ),
                    suggestion: scoped.map(|p| format!("[[{p}:{name}]]")),
                })
            }
        }
    }

    fn title_for_name(&self, name: &str) -> String {
        self.index
            .by_name
            .get(name)
            .and_then(|ids| ids.first())
            .map_or(name.to_string(), |&id| {
                self.site.pages[id].meta.title.clone()
            })
    }

    /// A page link with an `#id` anchor, checked against the ids the page's HTML
    /// has: headings, `id`/`name` attributes of its raw HTML, footnote definitions.
    fn with_anchor(&self, id: PageId, anchor: Option<&str>) -> Result<Target, Broken> {
        let page = &self.site.pages[id];
        match anchor {
            None | Some("") => Ok(Target::Page { id, anchor: None }),
            // `#%CE%B5…` is how browsers and GitHub copy `#ε…`.
            Some(anchor) if page.has_anchor(anchor) || page.has_anchor(&percent_decode(anchor)) => {
                Ok(Target::Page {
                    id,
                    anchor: Some(anchor.to_string()),
                })
            }
            Some(anchor) => Err(missing_anchor(page, anchor)),
        }
    }

    /// A wikilink `#Heading text`, matched by text (case-insensitive) or id.
    fn with_heading(&self, id: PageId, heading: Option<&str>) -> Result<Target, Broken> {
        let page = &self.site.pages[id];
        let Some(heading) = heading.filter(|h| !h.is_empty()) else {
            return Ok(Target::Page { id, anchor: None });
        };
        let wanted = heading.to_lowercase();
        let generated = heading_id(heading);
        match page
            .headings
            .iter()
            .find(|h| h.text.to_lowercase() == wanted || h.id == heading || h.id == generated)
        {
            Some(h) => Ok(Target::Page {
                id,
                anchor: Some(h.id.clone()),
            }),
            None => Err(missing_anchor(page, heading)),
        }
    }
}

/// A link that names several pages equally well: an error listing them all.
fn ambiguous(from: &Path, wanted: &str, files: &[PathBuf]) -> Broken {
    let list: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    Broken {
        code: BrokenCode::AmbiguousLink,
        message: format!(
            "`{wanted}` could be any of {} pages: {}",
            list.len(),
            list.join(", ")
        ),
        // Source-file links name exactly one file.
        suggestion: files.first().map(|f| relative_path(from, f)),
    }
}

fn missing_anchor(page: &Page, anchor: &str) -> Broken {
    let suggestion = did_you_mean(anchor, page.headings.iter().map(|h| h.id.as_str()))
        .or_else(|| did_you_mean(anchor, page.headings.iter().map(|h| h.text.as_str())))
        .map(|s| format!("#{}", heading_id(s)));
    Broken {
        code: BrokenCode::MissingAnchor,
        message: format!("{} has no heading `#{anchor}`", page.file.display()),
        suggestion,
    }
}
