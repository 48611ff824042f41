//! The state `almanac serve` keeps between rebuilds, and the rebuild planner:
//! a body edit of one page re-renders that page and the pages whose backlinks
//! changed; a front-matter edit of a guide or FAQ updates the model in place and
//! re-renders what [`super::plan`] finds shows what changed; an edit of the product
//! data replaces the products and re-renders what [`super::product_plan`] finds
//! shows them; anything else reloads what it must and re-renders everything. Only files whose bytes changed are
//! written, so only those tabs reload, and the search index's words are kept so
//! that every rebuild writes the index a full build would.
//! Every rebuild reaches the served folder at once ([`LiveOutput`]).

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::watch::Change;
use super::{plan, product_plan};
use crate::build::{self, Analysis, BuildOptions};
use crate::check::stale::StaleReport;
use crate::diagnostics::{self, Diagnostic};
use crate::load::dates::GitDates;
use crate::model::status::ProductStatus;
use crate::model::{Page, PageId};
use crate::output::{LiveOutput, Scope, Update};
use crate::render::{self, theme::Theme};

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// The output was updated; `changed` lists output paths written or deleted.
    Updated {
        changed: Vec<String>,
        rendered: usize,
        elapsed: Duration,
        /// The site's warnings, when they differ from the last ones reported
        /// (so a writer sees each set once, not on every save).
        new_warnings: Option<Vec<Diagnostic>>,
    },
    /// The sources have errors; the previous output is still being served.
    Failed {
        diagnostics: Vec<Diagnostic>,
        elapsed: Duration,
    },
}

/// The last good site, kept to answer the next change quickly.
struct Ready {
    analysis: Analysis,
    theme: Theme,
    /// The search index's words and the site-wide pages' fingerprints, kept up
    /// to date rebuild by rebuild.
    kept: render::Kept,
}

/// A serve session: the options, the last good state and the served output.
pub struct Session {
    options: BuildOptions,
    output: Arc<LiveOutput>,
    ready: Option<Ready>,
    /// Errors of the last rebuild (empty when it succeeded).
    pub errors: Vec<Diagnostic>,
    /// Warnings of the last full rebuild that succeeded.
    warnings: Vec<Diagnostic>,
}

impl Session {
    /// A session writing into `output`; nothing is built yet.
    pub fn new(options: BuildOptions, output: Arc<LiveOutput>) -> Session {
        Session {
            options,
            output,
            ready: None,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Builds everything.
    pub fn full_build(&mut self) -> Outcome {
        self.rebuild(None, None)
    }

    /// Whether the last good site took dates from git, so that a commit matters.
    pub fn uses_git_dates(&self) -> bool {
        self.ready
            .as_ref()
            .is_none_or(|r| r.analysis.site.config.dates.from_git)
    }

    /// Applies a batch of source changes.
    pub fn apply(&mut self, change: &Change) -> Outcome {
        let started = Instant::now();
        let fast = match change {
            Change::Page(path) => self.try_page_edit(path, started),
            Change::Products(_) => self.try_products_edit(started),
            _ => None,
        };
        if let Some(outcome) = fast {
            return outcome;
        }
        let previous = self.ready.take();
        // The git history is read again only when HEAD has moved.
        let git = previous.as_ref().and_then(|r| r.analysis.git_dates.clone());
        let theme = match change {
            Change::Page(_)
            | Change::Products(_)
            | Change::Content
            | Change::Static
            | Change::History => previous.map(|r| r.theme),
            _ => None,
        };
        self.rebuild(theme, git.as_ref())
    }

    /// Reloads the sources (and the theme unless one is given) and renders everything.
    fn rebuild(&mut self, theme: Option<Theme>, git: Option<&GitDates>) -> Outcome {
        let started = Instant::now();
        render::highlight::compile_ahead();
        render::highlight::remember_blocks();
        let analysis = match build::analyse_reusing(&self.options, git) {
            Ok(analysis) => analysis,
            Err(error) => return self.fail(vec![error], started),
        };
        let mut problems = analysis.all_diagnostics();
        let theme = match theme.map_or_else(
            || render::theme::load(&self.options.root, &analysis.site.config),
            Ok,
        ) {
            Ok(theme) => theme,
            Err(error) => {
                problems.push(error);
                return self.fail(problems, started);
            }
        };
        problems.extend(theme.warnings.iter().cloned());
        if problems.iter().any(Diagnostic::is_error) {
            return self.fail(problems, started);
        }
        let update = self.output.begin();
        let kept = match build::render_keeping(&analysis, &theme, self.options.render, &update) {
            Ok((_, kept)) => kept,
            Err(errors) => return self.fail(errors, started),
        };
        let changed = match update.commit(Scope::Everything) {
            Ok(changed) => changed,
            Err(error) => return self.fail(vec![error], started),
        };
        let rendered = analysis.site.pages.len();
        self.ready = Some(Ready {
            analysis,
            theme,
            kept,
        });
        self.errors.clear();
        diagnostics::fill_source_lines(&mut problems, &self.options.root);
        let new_warnings = (problems != self.warnings).then(|| problems.clone());
        self.warnings = problems;
        Outcome::Updated {
            changed,
            rendered,
            elapsed: started.elapsed(),
            new_warnings,
        }
    }

    /// The fast path: one page's body changed and nothing else about it did.
    /// Returns `None` when the change needs a wider rebuild.
    fn try_page_edit(&mut self, path: &Path, started: Instant) -> Option<Outcome> {
        if !self.errors.is_empty() {
            return None;
        }
        let ready = self.ready.as_mut()?;
        let mut page =
            crate::load::load_page(&self.options.root, path, &ready.analysis.bodies).ok()??;
        if let Some(git) = &ready.analysis.git_dates {
            if page.meta.updated.is_none() {
                page.meta.updated = git.date_of_saved(&page.file);
            }
        }
        let id = ready.analysis.links.page_of_file(&page.file)?;
        let site = &mut ready.analysis.site;
        let old = &site.pages[id];
        let same_shape = old.meta == page.meta
            && old.kind == page.kind
            && old.headings == page.headings
            && old.anchors == page.anchors
            && old.url == page.url;
        if !same_shape {
            return self.try_meta_edit(id, page, started);
        }
        let old_page = std::mem::replace(&mut site.pages[id], page);
        // Titles, slugs, tags and anchors are unchanged, so the link index and the
        // related-pages index of the last build still hold.
        let analysis = &mut ready.analysis;
        let mut affected = analysis.graph.update_page(
            &analysis.site,
            &analysis.links.resolver(&analysis.site),
            id,
        );
        let broken_fail = analysis.broken_link_severity() == diagnostics::Severity::Error;
        if broken_fail && !analysis.graph.broken.is_empty() {
            // A new broken link is an error; undo and let the full path report it.
            analysis.site.pages[id] = old_page;
            analysis.graph.update_page(
                &analysis.site,
                &analysis.links.resolver(&analysis.site),
                id,
            );
            return None;
        }
        affected.push(id);
        affected.sort_unstable();
        affected.dedup();
        let update = self.output.begin();
        let rendered = build::render_pages_into(
            analysis,
            &ready.theme,
            self.options.render,
            &affected,
            &mut ready.kept,
            &update,
        );
        let committed = commit_some(rendered, update);
        Some(self.updated(committed, affected.len(), started))
    }

    /// The front-matter path: page `id`'s front matter (or headings) changed, and
    /// [`plan::fast_edit`] allows it. The model is updated in place and what shows
    /// the page is rendered again ([`plan`]). Returns `None` for a full rebuild,
    /// which reads everything again (so a half-updated model is never kept).
    fn try_meta_edit(&mut self, id: PageId, page: Page, started: Instant) -> Option<Outcome> {
        let mut stages = crate::timing::Stages::start();
        let ready = self.ready.as_mut()?;
        let analysis = &mut ready.analysis;
        plan::fast_edit(
            &analysis.site,
            self.options.drafts,
            &analysis.site.pages[id],
            &page,
        )
        .ok()?;
        let before = plan::Before::of(analysis, id, &page);
        stages.mark("plan: before");
        let old = &before.page;
        let names_changed = old.meta.title != page.meta.title
            || old.meta.aliases != page.meta.aliases
            || old.meta.tags != page.meta.tags;
        // Related pages are chosen by shared tags, ties broken by title.
        let tags_changed = old.meta.tags != page.meta.tags;
        let title_changed = old.meta.title != page.meta.title;
        analysis.site.replace_page(id, page);
        if names_changed {
            analysis.links.update_page(&analysis.site, id, old);
        }
        if tags_changed {
            analysis.related = render::page::RelatedIndex::new(&analysis.site);
        } else if title_changed {
            analysis.related.retitle(&analysis.site, id);
        }
        let relink = plan::pages_to_relink(analysis, id, old);
        let mut relinked = Vec::new();
        for &q in &relink {
            let resolver = analysis.links.resolver(&analysis.site);
            relinked.extend(analysis.graph.update_page(&analysis.site, &resolver, q));
        }
        relinked.extend(&relink);
        if analysis.broken_link_severity() == diagnostics::Severity::Error
            && !analysis.graph.broken.is_empty()
        {
            // A new broken link is an error: the full rebuild reports it.
            return None;
        }
        let policy = analysis.site.config.stale.clone();
        analysis.stale.rejudge_page(&analysis.site, &policy, id);
        stages.mark("model and links");
        let pages = plan::pages_to_render(analysis, id, &before, &relinked);
        stages.mark("plan: pages");
        let sitemap = plan::sitemap_changed(analysis, id, &before);
        let health = plan::health_changed(analysis, id, &before);
        let gone = plan::gone_redirects(&analysis.site, id, &before);
        let listings = plan::ListingPlan::new(&analysis.site, id, &before, &pages);
        let update = self.output.begin();
        let rendered = listings.choose(&before, |listings| {
            let partial = render::Partial {
                pages: &pages,
                listings,
                feeds: false,
                sitemap,
                health,
                gone: &gone,
            };
            build::render_partial_into(
                analysis,
                &ready.theme,
                self.options.render,
                &partial,
                &mut ready.kept,
                &update,
            )
        });
        stages.mark("render");
        let committed = commit_some(rendered, update);
        stages.mark("commit");
        Some(self.updated(committed, pages.len(), started))
    }

    /// The product-data path: the products were written, and [`product_plan::fast_edit`]
    /// allows the change. The products are replaced in the model, the stale rules
    /// judged again, and what shows a product that changed is rendered again
    /// ([`product_plan`]).
    /// Returns `None` for a full rebuild (which reads everything again, so a
    /// half-updated model is never kept): when the products have problems to
    /// report, or the stale rules' warnings change.
    fn try_products_edit(&mut self, started: Instant) -> Option<Outcome> {
        if !self.errors.is_empty() {
            return None;
        }
        let ready = self.ready.as_mut()?;
        let loaded = crate::load::reload_products(&self.options.root);
        if !loaded.diagnostics.is_empty() {
            return None;
        }
        let mut stages = crate::timing::Stages::start();
        let analysis = &mut ready.analysis;
        let changed = product_plan::fast_edit(&analysis.site.products, &loaded.products).ok()?;
        let old = std::mem::replace(&mut analysis.site.products, loaded.products);
        let (was, rejudged) = rejudge_after_products_edit(analysis, &changed)?;
        stages.mark("products and stale rules");
        let site = &analysis.site;
        let is = &analysis.stale.statuses;
        let pages = product_plan::pages_to_render(site, &old, &changed, &was, is, &rejudged);
        let health = !rejudged.is_empty();
        let choice = product_plan::listings(site, &changed, &pages);
        stages.mark("plan");
        let update = self.output.begin();
        let rendered = choice.choose(|listings| {
            let partial = render::Partial {
                pages: &pages,
                listings,
                feeds: false,
                sitemap: false,
                health,
                gone: &[],
            };
            build::render_partial_into(
                analysis,
                &ready.theme,
                self.options.render,
                &partial,
                &mut ready.kept,
                &update,
            )
        });
        stages.mark("render");
        let committed = commit_some(rendered, update);
        Some(self.updated(committed, pages.len(), started))
    }

    /// The outcome of a rebuild that rendered `count` pages and committed them.
    fn updated(
        &mut self,
        committed: Result<Vec<String>, Vec<Diagnostic>>,
        count: usize,
        started: Instant,
    ) -> Outcome {
        match committed {
            Ok(changed) => Outcome::Updated {
                changed,
                rendered: count,
                elapsed: started.elapsed(),
                new_warnings: None,
            },
            Err(errors) => self.fail(errors, started),
        }
    }

    fn fail(&mut self, mut problems: Vec<Diagnostic>, started: Instant) -> Outcome {
        problems.retain(Diagnostic::is_error);
        diagnostics::fill_source_lines(&mut problems, &self.options.root);
        self.errors = problems.clone();
        Outcome::Failed {
            diagnostics: problems,
            elapsed: started.elapsed(),
        }
    }
}

/// The stale rules judged again after the products `changed` (indexes into
/// `site.products`) were replaced: the product statuses before and the pages
/// whose verdicts changed. Only the changed products' pages are judged again,
/// unless topics are involved: then the whole site is. `None` when the topics
/// or the stage's warnings changed (a full rebuild reports them).
fn rejudge_after_products_edit(
    analysis: &mut Analysis,
    changed: &[usize],
) -> Option<(Vec<ProductStatus>, Vec<PageId>)> {
    let policy = analysis.site.config.stale.clone();
    let warnings = analysis.stale.diagnostics.clone();
    let rejudged = match analysis
        .stale
        .rejudge_products(&analysis.site, &policy, changed)
    {
        Some(rejudged) => rejudged,
        None => {
            let stale = StaleReport::compute(&analysis.site, &policy);
            if stale.topics != analysis.stale.topics {
                return None;
            }
            let was = std::mem::replace(&mut analysis.stale, stale);
            let rejudged = product_plan::verdicts_changed(&was, &analysis.stale).collect();
            (was.statuses, rejudged)
        }
    };
    (analysis.stale.diagnostics == warnings).then_some(rejudged)
}

/// Commits a rebuild that rendered part of the site, once it rendered.
fn commit_some(
    rendered: Result<(), Vec<Diagnostic>>,
    update: Update<'_>,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    rendered?;
    update.commit(Scope::Some).map_err(|e| vec![e])
}

/// Output paths → the site URLs readers have open (`guides/x/index.html` → `/guides/x/`).
pub fn urls_of(paths: &[String]) -> Vec<String> {
    let mut urls: HashSet<String> = HashSet::new();
    for path in paths {
        let url = match path.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{path}"),
        };
        urls.insert(url);
    }
    let mut urls: Vec<String> = urls.into_iter().collect();
    urls.sort();
    urls
}
