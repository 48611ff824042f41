//! The link graph: every link a page writes, resolved against the site, with the
//! reverse direction (backlinks). Built once in the model stage; link checking,
//! "Referenced by" lists and rendering all read it, and nothing re-scans HTML.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use super::{LinkSyntax, Page, PageId, Product, Site};
use crate::diagnostics::did_you_mean;
use crate::suggest::Suggestions;
use super::routes::{self, slugify};

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
}

impl BrokenCode {
    pub fn as_str(self) -> &'static str {
        match self {
            BrokenCode::MissingPage => "missing-page",
            BrokenCode::MissingAnchor => "missing-anchor",
            BrokenCode::UnknownWikilink => "unknown-wikilink",
            BrokenCode::AmbiguousWikilink => "ambiguous-wikilink",
            BrokenCode::MissingFile => "missing-file",
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

/// Outgoing links per page and incoming links per page.
#[derive(Debug, Default)]
pub struct LinkGraph {
    /// For each page, the distinct pages it links to.
    pub outgoing: Vec<Vec<PageId>>,
    /// For each page, the distinct pages linking to it, sorted.
    pub incoming: Vec<Vec<PageId>>,
    pub broken: Vec<BrokenLink>,
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
            let mut names: BTreeSet<String> = BTreeSet::new();
            names.insert(page.meta.title.to_lowercase());
            // `[[install-guide]]` is how writers spell "Install Guide" as a slug.
            names.insert(slugify(&page.meta.title));
            names.insert(page.meta.slug.to_lowercase());
            for alias in &page.meta.aliases {
                let alias = alias.trim_matches('/');
                names.insert(alias.rsplit('/').next().unwrap_or(alias).to_lowercase());
            }
            for name in names {
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

    /// The page written in `file` (relative to the site root).
    pub fn page_of_file(&self, file: &Path) -> Option<PageId> {
        self.by_file.get(file).copied()
    }

    /// A resolver over `site`, which must be the site this index was built from.
    pub fn resolver<'a>(&'a self, site: &'a Site) -> Resolver<'a> {
        Resolver {
            site,
            index: std::borrow::Cow::Borrowed(self),
        }
    }
}

/// Resolves links of one site against its [`LinkIndex`].
pub struct Resolver<'a> {
    site: &'a Site,
    index: std::borrow::Cow<'a, LinkIndex>,
}

impl<'a> Resolver<'a> {
    /// Indexes `site` and resolves against it.
    pub fn new(site: &'a Site, generated_urls: impl IntoIterator<Item = String>) -> Resolver<'a> {
        Resolver {
            site,
            index: std::borrow::Cow::Owned(LinkIndex::new(site, generated_urls)),
        }
    }

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
        let Some(rooted) = dest.strip_prefix('/').filter(|_| syntax != LinkSyntax::Wiki) else {
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
        let url = if path.starts_with('/') {
            normalize(Path::new(&path))
        } else {
            // Relative to the source file's folder, as the writer sees it in the content tree.
            let folder = from
                .parent()
                .unwrap_or(Path::new(""))
                .strip_prefix("content")
                .unwrap_or(Path::new(""));
            normalize(&folder.join(&path))
        };
        let url = if path.ends_with('/') && !url.ends_with('/') {
            format!("{url}/")
        } else {
            url
        };
        if let Some(id) = self
            .site
            .page_id_by_url(&url)
            .or_else(|| self.site.page_id_by_url(&format!("{url}/")))
        {
            return self.with_anchor(id, anchor);
        }
        let alias = self
            .index
            .by_alias_url
            .get(&url)
            .or_else(|| self.index.by_alias_url.get(&format!("{url}/")))
            .or_else(|| {
                url.strip_suffix('/')
                    .and_then(|u| self.index.by_alias_url.get(u))
            });
        if let Some(&id) = alias {
            return self.with_anchor(id, anchor);
        }
        if self.index.other_urls.contains(&url)
            || self.index.other_urls.contains(&format!("{url}/"))
        {
            let url = if self.index.other_urls.contains(&url) {
                url
            } else {
                format!("{url}/")
            };
            return Ok(Target::Url(with_fragment(url, anchor)));
        }
        let urls = self.index.suggest.urls.get_or_init(|| {
            let others = self.index.other_urls.iter().map(String::as_str);
            Suggestions::new(others.chain(self.site.pages.iter().map(|p| p.url.as_str())))
        });
        Err(Broken {
            code: BrokenCode::MissingFile,
            message: format!("`{dest}` does not exist in the site (looked for {url})"),
            suggestion: urls.best(&url).map(str::to_string),
        })
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

    /// A page link with an `#id` anchor, checked against the page's heading ids.
    fn with_anchor(&self, id: PageId, anchor: Option<&str>) -> Result<Target, Broken> {
        let page = &self.site.pages[id];
        match anchor {
            None | Some("") => Ok(Target::Page { id, anchor: None }),
            Some(anchor)
                if page.headings.iter().any(|h| h.id == anchor) || is_footnote_anchor(anchor) =>
            {
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
        let slug = slugify(heading);
        match page
            .headings
            .iter()
            .find(|h| h.text.to_lowercase() == wanted || h.id == slug)
        {
            Some(h) => Ok(Target::Page {
                id,
                anchor: Some(h.id.clone()),
            }),
            None => Err(missing_anchor(page, heading)),
        }
    }
}

fn missing_anchor(page: &Page, anchor: &str) -> Broken {
    let suggestion = did_you_mean(anchor, page.headings.iter().map(|h| h.id.as_str()))
        .or_else(|| did_you_mean(anchor, page.headings.iter().map(|h| h.text.as_str())))
        .map(|s| format!("#{}", slugify(s)));
    Broken {
        code: BrokenCode::MissingAnchor,
        message: format!("{} has no heading `#{anchor}`", page.file.display()),
        suggestion,
    }
}

/// `url#anchor`: a link to a listing or a static file keeps its fragment
/// (`/doc.pdf#page=2`); only authored pages' heading ids are checked.
fn with_fragment(url: String, anchor: Option<&str>) -> String {
    match anchor {
        Some(anchor) if !anchor.is_empty() => format!("{url}#{anchor}"),
        _ => url,
    }
}

fn is_footnote_anchor(anchor: &str) -> bool {
    anchor.starts_with("fn-") || anchor.starts_with("fnref-")
}

/// Links with a scheme (`https:`, `mailto:`) or protocol-relative ones leave the site.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Resolves `.` and `..` lexically and returns a `/`-separated path starting with `/`.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    format!("/{}", parts.join("/"))
}

/// `target` written relative to the folder of `from`, as a writer would link it.
fn relative_path(from: &Path, target: &Path) -> String {
    let from_dir: Vec<_> = from
        .parent()
        .unwrap_or(Path::new(""))
        .components()
        .collect();
    let target_parts: Vec<_> = target.components().collect();
    let common = from_dir
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<String> = vec!["..".to_string(); from_dir.len() - common];
    out.extend(
        target_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    out.join("/")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The distinct pages page `id` links to, and its broken links.
fn resolve_page_links(
    site: &Site,
    resolver: &Resolver<'_>,
    id: PageId,
) -> (Vec<PageId>, Vec<BrokenLink>) {
    let page = &site.pages[id];
    let mut targets = BTreeSet::new();
    let mut broken = Vec::new();
    for link in &page.links {
        match resolver.resolve(&page.file, Some(id), link.syntax, &link.dest) {
            Ok(Target::Page { id: target, .. }) if target != id => {
                targets.insert(target);
            }
            Ok(_) => {}
            Err(b) => broken.push(BrokenLink {
                file: page.file.clone(),
                line: link.line,
                column: link.column,
                len: link.len,
                broken: b,
            }),
        }
    }
    (targets.into_iter().collect(), broken)
}

impl LinkGraph {
    /// Re-resolves the links of page `id` after its body changed, and returns the
    /// pages whose incoming links changed (their "Referenced by" lists need re-rendering).
    pub fn update_page(&mut self, site: &Site, resolver: &Resolver<'_>, id: PageId) -> Vec<PageId> {
        let (targets, mut broken) = resolve_page_links(site, resolver, id);
        let old = std::mem::replace(&mut self.outgoing[id], targets.clone());
        let mut affected = Vec::new();
        for &gone in old.iter().filter(|t| !targets.contains(t)) {
            self.incoming[gone].retain(|&p| p != id);
            affected.push(gone);
        }
        for &added in targets.iter().filter(|t| !old.contains(t)) {
            let list = &mut self.incoming[added];
            if let Err(position) = list.binary_search(&id) {
                list.insert(position, id);
            }
            affected.push(added);
        }
        let file = &site.pages[id].file;
        self.broken.retain(|b| &b.file != file);
        self.broken.append(&mut broken);
        affected
    }

    /// Resolves every link of every page (in parallel) and records the broken ones.
    pub fn build(site: &Site, resolver: &Resolver<'_>) -> LinkGraph {
        use rayon::prelude::*;
        let per_page: Vec<(Vec<PageId>, Vec<BrokenLink>)> = (0..site.pages.len())
            .into_par_iter()
            .map(|id| resolve_page_links(site, resolver, id))
            .collect();
        let mut graph = LinkGraph {
            incoming: vec![Vec::new(); site.pages.len()],
            ..LinkGraph::default()
        };
        for (id, (targets, mut broken)) in per_page.into_iter().enumerate() {
            for &target in &targets {
                graph.incoming[target].push(id);
            }
            graph.outgoing.push(targets);
            graph.broken.append(&mut broken);
        }
        // Section intros and product overviews link too, but are not pages:
        // their links are checked, and make no backlinks.
        let sections = site.sections.iter().flat_map(|section| {
            section.links.iter().map(move |link| {
                let resolved = resolver.resolve(&section.file, None, link.syntax, &link.dest);
                (&section.file, link, resolved)
            })
        });
        let overviews = site.products.iter().flat_map(|product| {
            product.overview_links.iter().map(move |link| {
                let resolved = resolver.resolve_in_overview(product, link.syntax, &link.dest);
                (&product.file, link, resolved)
            })
        });
        for (file, link, resolved) in sections.chain(overviews) {
            if let Err(broken) = resolved {
                graph.broken.push(BrokenLink {
                    file: file.clone(),
                    line: link.line,
                    column: link.column,
                    len: link.len,
                    broken,
                });
            }
        }
        graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_are_recognised() {
        for ext in ["https://x.y", "mailto:a@b.c", "//cdn.x/y", "tel:+123"] {
            assert!(is_external(ext), "{ext}");
        }
        for local in ["../a.md", "/img/x.png", "a.md#x:y", "#top"] {
            assert!(!is_external(local), "{local}");
        }
    }

    #[test]
    fn paths_are_normalised_lexically() {
        assert_eq!(
            normalize(Path::new("guides/a/../b/./c.md")),
            "/guides/b/c.md"
        );
        assert_eq!(
            relative_path(
                Path::new("content/faq/a.md"),
                Path::new("content/guides/b.md")
            ),
            "../guides/b.md"
        );
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
    }
}
