//! Stage 4, render: turns the checked [`Site`] into output files. Pages render in
//! parallel; every file goes straight to a [`Sink`] (the staging directory), so
//! rendered HTML is never held in memory all at once. Only the bodies the feeds
//! carry are kept until the feeds are written: at most [`feeds::FEED_LIMIT`]
//! per feed, however large the site.

pub mod deprecations;
pub mod eol;
pub mod feeds;
pub mod files;
pub mod head;
pub mod health;
pub mod highlight;
pub mod listings;
pub mod markdown;
pub mod nav;
pub mod notices;
pub mod page;
pub mod search;
pub mod status;
pub mod strings;
pub mod theme;
pub mod views;

use rayon::prelude::*;

use crate::check::stale::StaleReport;
use crate::diagnostics::Diagnostic;
use crate::model::links::{Broken, LinkGraph, Resolver, Target};
use crate::model::routes::{self, output_path};
use crate::model::{PageId, Site};
use crate::output::Sink;
use theme::Theme;
use views::SiteView;

/// Options that change what is rendered but not what is built.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Add the live-reload script (serve mode only).
    pub live_reload: bool,
}

/// Everything rendering reads.
pub struct RenderContext<'a> {
    pub site: &'a Site,
    pub graph: &'a LinkGraph,
    pub resolver: &'a Resolver<'a>,
    /// The pages' bodies as load prepared them.
    pub bodies: &'a crate::load::Bodies,
    pub stale: &'a StaleReport,
    pub theme: &'a Theme,
    pub urls: Urls<'a>,
    pub options: RenderOptions,
    pub site_view: tera::Value,
    /// The theme's strings as templates see them (`t.page.referenced_by`).
    pub strings_view: tera::Value,
    pub related: &'a page::RelatedIndex,
}

/// Counts of what was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RenderStats {
    pub files: usize,
}

/// Builds site URLs with the base path in front.
#[derive(Debug, Clone, Copy)]
pub struct Urls<'a> {
    pub site: &'a Site,
    pub base_path: &'a str,
}

impl<'a> Urls<'a> {
    pub fn new(site: &'a Site) -> Urls<'a> {
        Urls {
            site,
            base_path: site.config.base_path(),
        }
    }

    /// `url` (site-relative, starting with `/`) with the base path in front.
    pub fn href(&self, url: &str) -> String {
        format!("{}{}", self.base_path, url.trim_start_matches('/'))
    }

    pub fn page(&self, id: PageId) -> String {
        self.href(&self.site.pages[id].url)
    }

    /// The listing page of a folder (`""` is the home page).
    pub fn folder(&self, folder: &str) -> String {
        if folder.is_empty() {
            self.href("/")
        } else {
            self.href(&format!("/{folder}/"))
        }
    }

    /// The absolute URL, for canonical links, sitemaps and feeds.
    pub fn absolute(&self, href: &str) -> String {
        format!("{}{}", self.site.config.origin(), href)
    }

    /// The absolute URL of a resolved link target (an external one as written).
    pub fn absolute_target(&self, target: &Target) -> String {
        match target {
            Target::External(url) => url.clone(),
            _ => self.absolute(&self.target(target)),
        }
    }

    /// The href of a resolved link target.
    pub fn target(&self, target: &Target) -> String {
        match target {
            Target::Page {
                id,
                anchor: Some(anchor),
            } => format!("{}#{anchor}", self.page(*id)),
            Target::Page { id, anchor: None } => self.page(*id),
            Target::Url(url) => self.href(url),
            Target::External(url) => url.clone(),
        }
    }
}

impl<'a> RenderContext<'a> {
    pub fn new(
        site: &'a Site,
        graph: &'a LinkGraph,
        resolver: &'a Resolver<'a>,
        bodies: &'a crate::load::Bodies,
        stale: &'a StaleReport,
        related: &'a page::RelatedIndex,
        theme: &'a Theme,
        options: RenderOptions,
    ) -> RenderContext<'a> {
        let urls = Urls::new(site);
        let view = SiteView {
            title: &site.config.title,
            description: site.config.description.as_deref(),
            language: &site.config.language,
            base_url: &site.config.base_url,
            base_path: urls.base_path,
            footer: site.config.footer.as_deref(),
            products: site
                .products
                .iter()
                .map(|p| views::LinkView {
                    title: p.name.clone(),
                    url: urls.href(&routes::product(&p.id)),
                })
                .collect(),
            sections: nav::top_sections(site)
                .iter()
                .map(|t| views::LinkView {
                    title: nav::folder_title(site, &theme.strings, t),
                    url: urls.folder(t),
                })
                .collect(),
            search_index: urls.href(routes::SEARCH_INDEX),
            deprecations_url: urls.href(routes::DEPRECATIONS),
            live_reload: options.live_reload,
            feed: head::feed_link(&urls, &theme.strings, &feeds::FeedSet::All),
        };
        let site_view = tera::Value::from_serializable(&view);
        let strings_view = theme.strings.template_value();
        RenderContext {
            site,
            graph,
            resolver,
            bodies,
            stale,
            theme,
            urls,
            options,
            site_view,
            strings_view,
            related,
        }
    }

    /// Renders Markdown written in `file` that is not a page body (a section
    /// intro), with links resolved from `file`.
    pub fn markdown(&self, file: &std::path::Path, body: &str) -> String {
        self.markdown_with(body, &|syntax, dest| {
            self.resolver.resolve(file, None, syntax, dest)
        })
    }

    /// Page `id`'s body as HTML, from the body load prepared, with each link as
    /// the link stage resolved it; with `text`, its text for the search index
    /// too (unless the page is left out of it).
    pub fn page_markdown(
        &self,
        id: PageId,
        text: Option<&mut search::BodyText>,
    ) -> Result<String, Diagnostic> {
        let page = &self.site.pages[id];
        let prepared = self.prepared(id)?;
        let resolved = self.graph.resolved.get(id).map_or(&[][..], Vec::as_slice);
        let hrefs: Vec<Option<markdown::Href>> = resolved
            .iter()
            .map(|target| target.as_ref().map(|t| self.href(t)))
            .collect();
        let link = |index: usize| match hrefs.get(index).and_then(Option::as_ref) {
            Some(href) => markdown::LinkOut {
                href: href.href.as_str().into(),
                title: href.title.as_deref(),
            },
            None => markdown::LinkOut {
                href: page.links.get(index).map_or("", |l| l.dest.as_str()).into(),
                title: None,
            },
        };
        if let Some(text) = text.filter(|_| search::indexed(self, id)) {
            *text = prepared.text(&|index| link(index).title);
        }
        let html = prepared.html(&link, &highlight::code_block);
        Ok(self.localize_markdown(html))
    }

    /// The body load prepared for page `id`.
    fn prepared(&self, id: PageId) -> Result<markdown::Prepared, Diagnostic> {
        let page = &self.site.pages[id];
        let unreadable = |why: String| {
            Diagnostic::error(
                "unreadable-file",
                format!("cannot read the page's prepared body again: {why}"),
            )
            .in_file(&page.file)
        };
        let Some(body) = page.body else {
            return Err(unreadable("it was not kept".to_string()));
        };
        let bytes = self
            .bodies
            .get(body)
            .map_err(|e| unreadable(e.to_string()))?;
        markdown::Prepared::from_bytes(&bytes)
            .ok_or_else(|| unreadable("it is damaged".to_string()))
    }

    /// The href of a resolved link and, for a page, its title (bare wikilinks show it).
    fn href(&self, target: &Target) -> markdown::Href {
        let title = match target {
            Target::Page { id, .. } => Some(self.site.pages[*id].meta.title.clone()),
            _ => None,
        };
        markdown::Href {
            href: self.urls.target(target),
            title,
        }
    }

    /// Renders Markdown with links resolved by `resolve`; a link that does not
    /// resolve stays as written (the link stage has reported it).
    pub fn markdown_with(
        &self,
        body: &str,
        resolve: &dyn Fn(crate::model::LinkSyntax, &str) -> Result<Target, Broken>,
    ) -> String {
        let resolve = |syntax, dest: &str| Some(self.href(&resolve(syntax, dest).ok()?));
        let html = markdown::render_body(body, &resolve);
        self.localize_markdown(html)
    }

    /// The Markdown stage writes its few words (the heading anchors' label, the
    /// callout titles) in English; in another language they are swapped for the
    /// theme's here, on markup only that stage writes, so its interface stays as it is.
    fn localize_markdown(&self, mut html: String) -> String {
        // (markup as that stage writes it, the English word in it, its key)
        const GENERATED: [(&str, &str, &str); 6] = [
            (
                "aria-label=\"Link to this section\"",
                "Link to this section",
                "markdown.anchor",
            ),
            (
                "<p class=\"callout-title\">Note</p>",
                "Note",
                "markdown.note",
            ),
            ("<p class=\"callout-title\">Tip</p>", "Tip", "markdown.tip"),
            (
                "<p class=\"callout-title\">Important</p>",
                "Important",
                "markdown.important",
            ),
            (
                "<p class=\"callout-title\">Warning</p>",
                "Warning",
                "markdown.warning",
            ),
            (
                "<p class=\"callout-title\">Caution</p>",
                "Caution",
                "markdown.caution",
            ),
        ];
        for (markup, english, key) in GENERATED {
            let word = self.strings().get(key);
            if word != english && html.contains(markup) {
                html = html.replace(
                    markup,
                    &markup.replacen(english, &highlight::escape(word), 1),
                );
            }
        }
        html
    }

    /// The reader-facing words of the site's language.
    pub fn strings(&self) -> &'a strings::Strings {
        &self.theme.strings
    }

    /// Renders template `name` with `vars` (plus `site`, and `t`, the strings) to a string.
    pub fn render_template(
        &self,
        name: &str,
        vars: &[(&str, tera::Value)],
    ) -> Result<String, Diagnostic> {
        let mut context = tera::Context::new();
        context.insert_value("site", self.site_view.clone());
        context.insert_value("t", self.strings_view.clone());
        for (key, value) in vars {
            context.insert_value(key.to_string(), value.clone());
        }
        self.theme.tera.render(name, &context).map_err(|e| {
            Diagnostic::error(
                "template-error",
                format!("template `{name}` failed to render:\n{e}"),
            )
            .with_help(
                "fix the template, or delete your override to fall back to the theme's version",
            )
        })
    }
}

/// Renders the whole site into `sink`. All template errors are collected.
pub fn render_site(
    cx: &RenderContext<'_>,
    sink: &dyn Sink,
) -> Result<RenderStats, Vec<Diagnostic>> {
    render_site_with(cx, sink, false).map(|(stats, _)| stats)
}

/// [`render_site`], giving back what serve keeps to render a few pages again
/// without rendering the others: the search index's words, and the bodies the
/// feeds carry.
pub fn render_site_keeping(
    cx: &RenderContext<'_>,
    sink: &dyn Sink,
) -> Result<(RenderStats, Kept), Vec<Diagnostic>> {
    render_site_with(cx, sink, true)
}

/// Renders the whole site; with `keep`, gives back what serve keeps, else frees
/// the search index's words once the index is written (at 100,000 pages they
/// are hundreds of megabytes, and the listings, health page and feeds come after).
pub fn render_site_with(
    cx: &RenderContext<'_>,
    sink: &dyn Sink,
    keep: bool,
) -> Result<(RenderStats, Kept), Vec<Diagnostic>> {
    let mut stages = crate::timing::Stages::start();
    let all: Vec<PageId> = (0..cx.site.pages.len()).collect();
    crate::progress::stage("Rendering pages", Some(all.len()));
    let plan = feeds::Plan::new(cx.site);
    let (postings, bodies, page_errors) =
        match render_and_index_pages(cx, &all, &plan.pages(), sink) {
            Ok((postings, bodies)) => (postings, bodies, Vec::new()),
            Err(errors) => (search::Postings::default(), feeds::Bodies::new(), errors),
        };
    stages.mark("  pages");
    crate::progress::stage("Writing the search index, listings and feeds", None);
    // The index and the other generated files need nothing of each other, and
    // neither keeps both cores busy alone (the index's shards and packs are a
    // few large pieces of work, the listings and feeds many small ones, some
    // serial): side by side they take the time of the longer one, or a little
    // more. (At 10,000 pages: 264 and 235 ms one after the other.)
    let mut postings = postings;
    let (index, generated) = rayon::join(
        || {
            // Its own wall time (the CPU figure is the whole process's).
            let mut stages = crate::timing::Stages::start();
            let index = if search::switched_off() {
                search::IndexFiles::default()
            } else {
                search::index_files(cx, &mut postings, sink)
            };
            if !keep {
                postings = search::Postings::default();
            }
            stages.mark("  search index");
            index
        },
        || render_generated(cx, sink, &plan, &bodies),
    );
    let index_files = index.written;
    let index_errors = index.errors;
    let generated = generated.map(|count| count + index_files);
    stages.mark("  index, listings, feeds");
    let mut errors = page_errors;
    errors.extend(index_errors);
    let kept = Kept {
        words: postings,
        bodies: if keep { bodies } else { feeds::Bodies::new() },
    };
    match generated {
        Ok(count) if errors.is_empty() => Ok((
            RenderStats {
                files: all.len() + count,
            },
            kept,
        )),
        Ok(_) => Err(errors),
        Err(mut more) => {
            errors.append(&mut more);
            Err(errors)
        }
    }
}

/// What a partial render re-renders (serve, after one page's front matter changed).
pub struct Partial<'p> {
    /// The authored pages to render again.
    pub pages: &'p [PageId],
    /// Which listings are rendered again.
    pub listings: &'p listings::Choice<'p>,
    /// Whether the feeds are written again even if no page rendered is in one
    /// (they are whenever one is).
    pub feeds: bool,
    /// Whether the sitemap is written again (a page's last-modified date changed).
    pub sitemap: bool,
    /// Whether the health page is written again (what it shows of a page changed).
    pub health: bool,
    /// Output paths of files that are gone (the redirects of aliases that went).
    pub gone: &'p [String],
}

/// What serve keeps between partial renders.
#[derive(Default)]
pub struct Kept {
    /// The search index's words, kept up to date page by page.
    pub words: search::Postings,
    /// The rendered bodies of the pages feeds carry, so that writing the feeds
    /// again renders none but the pages rendered again.
    pub bodies: feeds::Bodies,
}

/// Renders `partial.pages`, the listings it picks, the feeds (when asked, or
/// when a body they carry changed), the support files that may have changed
/// ([`files::render_some_support_files`]), and the search index from `kept`'s
/// words, whose words of the pages rendered are replaced (when those changed).
/// Every other file is left as it is.
pub fn render_partial(
    cx: &RenderContext<'_>,
    partial: &Partial<'_>,
    kept: &mut Kept,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    // The support files (the health page above all: megabytes at 10,000 pages,
    // one template on one thread) are built while the pages, the search index
    // and the listings render.
    let (files, rendered) = rayon::join(
        || files::render_some_support_files(cx, partial.sitemap, partial.health),
        || render_partial_pages(cx, partial, kept, sink),
    );
    let files = files.map_err(|e| vec![e]);
    let mut stages = crate::timing::Stages::start();
    match (files, rendered) {
        (Ok(files), Ok(())) => write_all(sink, &files)?,
        (Err(mut errors), Err(more)) => {
            errors.extend(more);
            return Err(errors);
        }
        (Err(errors), _) | (_, Err(errors)) => return Err(errors),
    }
    for path in partial.gone {
        sink.file_gone(path);
    }
    stages.mark("  support files");
    Ok(())
}

/// What [`render_partial`] renders besides the support files.
fn render_partial_pages(
    cx: &RenderContext<'_>,
    partial: &Partial<'_>,
    kept: &mut Kept,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let mut stages = crate::timing::Stages::start();
    let plan = feeds::Plan::new(cx.site);
    let in_feeds = plan.pages();
    let (fresh, bodies) = render_and_index_pages(cx, partial.pages, &in_feeds, sink)?;
    stages.mark("  pages");
    let feeds_changed = kept.keep_bodies(cx.site, &in_feeds, bodies);
    let again: std::collections::BTreeSet<u32> =
        partial.pages.iter().map(|&id| id as u32).collect();
    let changed = kept.words.replace_pages(&again, fresh);
    stages.mark("    words replaced");
    if changed {
        finish_index(sink, search::index_files(cx, &mut kept.words, sink))?;
    }
    stages.mark("  search index");
    listings::render_some_listings(cx, sink, partial.listings)?;
    stages.mark("  listings");
    if partial.feeds || feeds_changed {
        write_all(
            sink,
            &feeds::render_feeds(cx, &plan, &kept.bodies).map_err(|e| vec![e])?,
        )?;
        stages.mark("  feeds");
    }
    Ok(())
}

impl Kept {
    /// Keeps the `fresh` bodies of the pages feeds carry (`in_feeds`) and drops
    /// those of pages no feed carries now. Returns whether a feed may show
    /// something else: a body that is not the one kept, or a page with
    /// deprecations (their entries show the titles of the pages they link to).
    fn keep_bodies(
        &mut self,
        site: &Site,
        in_feeds: &std::collections::BTreeSet<PageId>,
        fresh: feeds::Bodies,
    ) -> bool {
        let mut changed = false;
        for (id, body) in fresh {
            if !in_feeds.contains(&id) {
                continue;
            }
            changed |= !site.pages[id].deprecations().is_empty();
            changed |= self.bodies.insert(id, body.clone()).as_ref() != Some(&body);
        }
        self.bodies.retain(|id, _| in_feeds.contains(id));
        changed
    }
}

/// Renders the pages `ids` (in parallel) into `sink`, with their search fragments,
/// and the feeds when one of them is in a feed with another body now (a feed
/// carries its body). (Serve's fast path for one body edit: with `kept`, their
/// words are replaced and the search index is written again, so it is what a
/// full build writes.)
pub fn render_pages(
    cx: &RenderContext<'_>,
    ids: &[PageId],
    kept: &mut Kept,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let plan = feeds::Plan::new(cx.site);
    let in_feeds = plan.pages();
    let (fresh, bodies) = render_and_index_pages(cx, ids, &in_feeds, sink)?;
    let again: std::collections::BTreeSet<u32> = ids.iter().map(|&id| id as u32).collect();
    if kept.words.replace_pages(&again, fresh) {
        finish_index(sink, search::index_files(cx, &mut kept.words, sink))?;
    }
    if kept.keep_bodies(cx.site, &in_feeds, bodies) {
        let files = feeds::render_feeds(cx, &plan, &kept.bodies).map_err(|e| vec![e])?;
        write_all(sink, &files)?;
    }
    Ok(())
}

/// Renders the pages `ids` (in parallel) into `sink` and gathers their words for
/// the search index from the same render, and the bodies of the pages in `keep`.
fn render_and_index_pages(
    cx: &RenderContext<'_>,
    ids: &[PageId],
    keep: &std::collections::BTreeSet<PageId>,
    sink: &dyn Sink,
) -> Result<(search::Postings, feeds::Bodies), Vec<Diagnostic>> {
    // One accumulator per worker thread, merged once at the end: a word is hashed
    // into as many maps as there are threads, not once per piece rayon splits the
    // pages into (on a site of many distinct words, such as release notes listing
    // commit ids, those merges were a tenth of the build, on one thread).
    let slots: Vec<std::sync::Mutex<Gathered>> = (0..rayon::current_num_threads().max(1))
        .map(|_| std::sync::Mutex::default())
        .collect();
    ids.par_iter().for_each(|&id| {
        let rendered = render_one(cx, id, keep.contains(&id), sink);
        crate::progress::step();
        let slot = rayon::current_thread_index().unwrap_or(0) % slots.len();
        // Only this thread takes its own slot, and nothing under the lock waits
        // on rayon, so the lock is never contended.
        let mut gathered = slots[slot].lock().unwrap_or_else(|e| e.into_inner());
        match rendered {
            Ok((text, body)) => {
                if search::indexed(cx, id) {
                    search::index_page(cx, id, &text, &mut gathered.postings);
                }
                if let Some(body) = body {
                    gathered.bodies.insert(id, body);
                }
            }
            Err(e) => gathered.errors.push(e),
        }
    });
    let mut all = Gathered::default();
    for slot in slots {
        let gathered = slot.into_inner().unwrap_or_else(|e| e.into_inner());
        all.postings = all.postings.merge(gathered.postings);
        all.bodies.extend(gathered.bodies);
        all.errors.extend(gathered.errors);
    }
    let mut errors = all.errors;
    errors.sort_by(|a: &Diagnostic, b| a.message.cmp(&b.message));
    // A template that fails on every page is one problem, not thousands.
    errors.dedup_by(|a, b| a.message == b.message);
    if errors.is_empty() {
        Ok((all.postings, all.bodies))
    } else {
        Err(errors)
    }
}

/// What the page render gathers on one thread: words, the bodies feeds carry, errors.
#[derive(Default)]
struct Gathered {
    postings: search::Postings,
    bodies: feeds::Bodies,
    errors: Vec<Diagnostic>,
}

/// Renders page `id` into `sink`; gives its text for the search index, and its
/// body's HTML with `keep_body` (the page's HTML is written, and gone, first).
fn render_one(
    cx: &RenderContext<'_>,
    id: PageId,
    keep_body: bool,
    sink: &dyn Sink,
) -> Result<(search::BodyText, Option<String>), Diagnostic> {
    let rendered = page::render_page_and_text(cx, id, keep_body)?;
    write(
        sink,
        &output_path(&cx.site.pages[id].url),
        rendered.html.as_bytes(),
    )?;
    Ok((rendered.text, rendered.body))
}

/// Renders everything that is not an authored page: listings, product pages,
/// tags, feeds (from `plan`, with the `bodies` the page render kept), sitemap,
/// search index, redirects. Returns how many files it wrote.
pub fn render_generated(
    cx: &RenderContext<'_>,
    sink: &dyn Sink,
    plan: &feeds::Plan<'_>,
    bodies: &feeds::Bodies,
) -> Result<usize, Vec<Diagnostic>> {
    let mut stages = crate::timing::Stages::start();
    let listed = listings::render_listings(cx, sink)?;
    stages.mark("    listings");
    let mut files = files::render_support_files(cx).map_err(|e| vec![e])?;
    stages.mark("    support files");
    files.extend(feeds::render_feeds(cx, plan, bodies).map_err(|e| vec![e])?);
    stages.mark("    feeds");
    write_all(sink, &files)?;
    Ok(listed + files.len())
}

/// After a partial render wrote the search index: the sink learns which of its
/// folders the index wrote whole, so files it no longer has go.
fn finish_index(sink: &dyn Sink, index: search::IndexFiles) -> Result<(), Vec<Diagnostic>> {
    if !index.errors.is_empty() {
        return Err(index.errors);
    }
    for folder in index.complete {
        sink.folder_written(folder);
    }
    Ok(())
}

/// Writes `files` (output path, bytes) in parallel, collecting every error.
fn write_all(sink: &dyn Sink, files: &[(String, Vec<u8>)]) -> Result<(), Vec<Diagnostic>> {
    let results: Vec<Result<(), Diagnostic>> = files
        .par_iter()
        .map(|(path, bytes)| write(sink, path, bytes))
        .collect();
    let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Writes the theme's assets, then the site's own (which override them).
pub fn write_assets(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<usize, Vec<Diagnostic>> {
    for asset in &theme.assets {
        write(sink, &asset.output, &asset.bytes).map_err(|e| vec![e])?;
    }
    for asset in &site.assets {
        sink.copy(&asset.source, &asset.output).map_err(|e| {
            vec![Diagnostic::error(
                "write-failed",
                format!("cannot write {}: {e}", asset.output),
            )]
        })?;
    }
    Ok(theme.assets.len() + site.assets.len())
}

pub(crate) fn write(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    sink.write(path, bytes)
        .map_err(|e| Diagnostic::error("write-failed", format!("cannot write {path}: {e}")))
}
