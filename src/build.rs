//! The one orchestrator: load → model → link → check → render → write.
//! `almanac build`, `almanac check` and `almanac serve` all call into here.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::check::{self, stale::StaleReport};
use crate::config::SiteConfig;
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::load;
use crate::model::links::{LinkGraph, LinkIndex, Resolver};
use crate::model::{Date, PageId, Selection, Site};
use crate::output::{Sink, Staging};
use crate::render::{self, theme, theme::Theme, RenderContext, RenderOptions};
use crate::text::plural;

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output directory; `<root>/public` when not set.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    pub today: Date,
    pub base_url: Option<String>,
    pub render: RenderOptions,
    /// With `dates.from_git`: which date a file with uncommitted changes gets
    /// (its last commit's; serve asks for today's).
    pub git_dates: load::dates::Mode,
    /// Keep highlighted code blocks between builds in [`CACHE_FILE`] under the
    /// root (the command line does, unless `--no-cache`).
    pub cache: bool,
}

/// Where builds keep what the next build can reuse, under the site root.
pub const CACHE_DIR: &str = ".almanac/cache";
/// The highlighted code blocks of the last build (see `render::highlight`).
pub const CACHE_FILE: &str = ".almanac/cache/highlight";

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>, today: Date) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            out: None,
            drafts: false,
            today,
            base_url: None,
            render: RenderOptions::default(),
            git_dates: load::dates::Mode::default(),
            cache: false,
        }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// The checked site: what `check` reports and `build` renders.
pub struct Analysis {
    pub site: Site,
    pub graph: LinkGraph,
    pub stale: StaleReport,
    /// What links resolve against; kept for rendering.
    pub links: LinkIndex,
    /// The pages' bodies as their one parse prepared them, until they render.
    pub bodies: load::Bodies,
    /// Candidates for "related pages".
    pub related: render::page::RelatedIndex,
    /// Content errors and warnings (broken links excluded; see `graph.broken`).
    pub diagnostics: Vec<Diagnostic>,
    /// What git said about the pages' dates, with `dates.from_git` and a repository.
    pub git_dates: Option<load::dates::GitDates>,
}

impl Analysis {
    /// Whether broken links are errors or warnings (`links.broken` in almanac.yaml).
    pub fn broken_link_severity(&self) -> Severity {
        self.site.config.links.broken.severity()
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        let content = self.diagnostics.iter().filter(|d| d.severity == severity);
        let links = if self.broken_link_severity() == severity {
            self.graph.broken.len()
        } else {
            0
        };
        content.count() + links
    }

    /// Every diagnostic, broken links included, sorted by location.
    pub fn all_diagnostics(&self) -> Vec<Diagnostic> {
        let severity = self.broken_link_severity();
        let mut all: Vec<Diagnostic> = self.diagnostics.clone();
        let broken = self.graph.broken.iter();
        all.extend(broken.map(|link| check::broken_link_diagnostic(link, severity)));
        diagnostics::sort(&mut all);
        all
    }
}

/// Loads, models, links and checks the site at `options.root` without writing anything.
/// Fails only when there is no site to look at (no readable `almanac.yaml`).
pub fn analyse(options: &BuildOptions) -> Result<Analysis, Diagnostic> {
    analyse_reusing(options, None)
}

/// [`analyse`] for a caller that renders nothing (`check`): the same parse of
/// every page, without keeping the bodies for render.
pub fn analyse_only(options: &BuildOptions) -> Result<Analysis, Diagnostic> {
    analyse_with(options, None, None)
}

/// [`analyse`], reusing the git history `previous` read while HEAD has not moved.
pub fn analyse_reusing(
    options: &BuildOptions,
    previous: Option<&load::dates::GitDates>,
) -> Result<Analysis, Diagnostic> {
    analyse_with(options, previous, Some(load::Bodies::new()))
}

fn analyse_with(
    options: &BuildOptions,
    previous: Option<&load::dates::GitDates>,
    bodies: Option<load::Bodies>,
) -> Result<Analysis, Diagnostic> {
    let mut config = SiteConfig::load(&options.root)?;
    if let Some(base_url) = &options.base_url {
        config.set_base_url(base_url);
    }
    let mut stages = crate::timing::Stages::start();
    // git reads the history on another core while the pages load.
    let git = load::dates::start(
        &options.root,
        &config,
        options.git_dates,
        options.today,
        previous,
    );
    crate::progress::stage("Loading pages", None);
    let loaded = load::load(&options.root, bodies.as_ref());
    stages.mark("load");
    crate::progress::stage("Checking links and stale pages", None);
    let mut diagnostics = loaded.diagnostics;
    let selection = Selection {
        today: options.today,
        drafts: options.drafts,
    };
    let policy = config.stale.clone();
    let mut site = Site::assemble(
        options.root.clone(),
        config,
        loaded.pages,
        loaded.sections,
        loaded.products,
        loaded.assets,
        selection,
    );
    diagnostics.extend(check::site::diagnostics(&site));
    diagnostics.extend(check::markup::diagnostics(&site));
    stages.mark("model");
    let links = LinkIndex::new(&site, crate::model::routes::generated_urls(&site));
    let graph = LinkGraph::build(&site, &links.resolver(&site));
    stages.mark("link graph");
    let (git_dates, warnings) = git.finish(&options.root, &mut site.pages);
    diagnostics.extend(warnings);
    stages.mark("git dates");
    let (feedback, problems) = load::feedback::load(&options.root);
    site.feedback = feedback;
    diagnostics.extend(problems);
    let stale = StaleReport::compute(&site, &policy);
    diagnostics.extend(stale.diagnostics.iter().cloned());
    stages.mark("stale rules");
    let related = render::page::RelatedIndex::new(&site);
    stages.mark("related index");
    diagnostics::sort(&mut diagnostics);
    Ok(Analysis {
        site,
        graph,
        stale,
        links,
        bodies: bodies.unwrap_or_else(load::Bodies::in_memory),
        related,
        diagnostics,
        git_dates,
    })
}

/// The outcome of a build.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub stale: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    pub out: PathBuf,
    /// Whether the output directory was replaced.
    pub written: bool,
}

impl BuildReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// The one-line summary printed after every build.
    pub fn summary(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        if self.written {
            format!(
                "Built {} ({} files) in {secs:.2} s: {}, {}, {} → {}",
                plural(self.pages, "page"),
                self.files,
                plural(self.warnings(), "warning"),
                plural(self.errors(), "error"),
                plural(self.stale, "stale page"),
                self.out.display()
            )
        } else {
            format!(
                "Build failed in {secs:.2} s: {}, {}; {} left unchanged",
                plural(self.errors(), "error"),
                plural(self.warnings(), "warning"),
                self.out.display()
            )
        }
    }
}

/// Builds the site: checks everything, and writes the output only if there are no errors.
pub fn build(options: &BuildOptions) -> BuildReport {
    let started = Instant::now();
    let out = options.out_dir();
    let failed = |mut diagnostics: Vec<Diagnostic>| {
        diagnostics::fill_source_lines(&mut diagnostics, &options.root);
        BuildReport {
            pages: 0,
            files: 0,
            stale: 0,
            diagnostics,
            elapsed: started.elapsed(),
            out: out.clone(),
            written: false,
        }
    };
    if let Some(error) = output_inside_sources(&options.root, &out) {
        return failed(vec![error]);
    }
    // Grammars compile on another thread while the pages load (those of
    // languages whose every block is in the cache, not at all).
    if options.cache {
        render::highlight::use_cache(&options.root.join(CACHE_FILE));
    }
    render::highlight::compile_ahead();
    let analysis = match analyse(options) {
        Ok(analysis) => analysis,
        Err(error) => return failed(vec![error]),
    };
    let mut diagnostics = analysis.all_diagnostics();
    let theme = match theme::load(&options.root, &analysis.site.config) {
        Ok(theme) => theme,
        Err(error) => {
            diagnostics.push(error);
            return failed(diagnostics);
        }
    };
    diagnostics.extend(theme.warnings.iter().cloned());
    // Warnings of a build that succeeds are printed with their source line too.
    diagnostics::fill_source_lines(&mut diagnostics, &options.root);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return failed(diagnostics);
    }
    let result = write_site(&analysis, &theme, options, &out);
    if options.cache && result.is_ok() {
        // Only a speed-up for the next build: one that cannot be kept costs that.
        let _ = render::highlight::save_cache(&options.root.join(CACHE_FILE));
    }
    match result {
        Ok(files) => BuildReport {
            pages: analysis.site.pages.len(),
            files,
            stale: analysis.stale.stale_count(),
            diagnostics,
            elapsed: started.elapsed(),
            out,
            written: true,
        },
        Err(mut errors) => {
            diagnostics.append(&mut errors);
            failed(diagnostics)
        }
    }
}

/// An output inside `content/` or `static/` would be read back as sources by the
/// next build (and its staging folder by this one).
fn output_inside_sources(root: &Path, out: &Path) -> Option<Diagnostic> {
    let real = real_path(out);
    [load::CONTENT_DIR, load::STATIC_DIR]
        .into_iter()
        .find(|dir| real.starts_with(real_path(&root.join(dir))))
        .map(|dir| {
            Diagnostic::error(
                "output-inside-content",
                format!(
                    "the output {} is inside {dir}/, so the next build would read the site it writes as sources",
                    out.display()
                ),
            )
            .with_help("choose an output outside content/ and static/ with --out DIR, or leave the default <root>/public")
        })
}

/// `path` with symlinks and `..` resolved as far as it exists, the rest appended.
fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, part| match part {
                std::path::Component::ParentDir => p.parent().map_or(p.clone(), Path::to_path_buf),
                other => p.join(other),
            });
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Renders into a staging directory and swaps it into place.
fn write_site(
    analysis: &Analysis,
    theme: &Theme,
    options: &BuildOptions,
    out: &Path,
) -> Result<usize, Vec<Diagnostic>> {
    let staging = Staging::create(out).map_err(|d| vec![d])?;
    let files = render_into(analysis, theme, options.render, &staging)?;
    let mut stages = crate::timing::Stages::start();
    crate::progress::stage("Replacing the previous output", None);
    staging.commit().map_err(|d| vec![d])?;
    stages.mark("commit");
    Ok(files)
}

/// Renders the whole checked site, assets included, into `sink`; returns how
/// many files it wrote. `build` and `serve` both render through here.
pub fn render_into(
    analysis: &Analysis,
    theme: &Theme,
    options: RenderOptions,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    render_all(analysis, theme, options, sink, false).map(|(files, _)| files)
}

/// [`render_into`], giving back what `serve` keeps between rebuilds too.
pub fn render_keeping(
    analysis: &Analysis,
    theme: &Theme,
    options: RenderOptions,
    sink: &dyn Sink,
) -> Result<(usize, render::Kept), Vec<Diagnostic>> {
    render_all(analysis, theme, options, sink, true)
}

/// Renders the whole site into `sink`; with `keep`, gives back what `serve`
/// keeps, else frees the search index's words as soon as the index is written.
fn render_all(
    analysis: &Analysis,
    theme: &Theme,
    options: RenderOptions,
    sink: &dyn Sink,
    keep: bool,
) -> Result<(usize, render::Kept), Vec<Diagnostic>> {
    let resolver = analysis.links.resolver(&analysis.site);
    let cx = render_context(analysis, &resolver, theme, options);
    let mut stages = crate::timing::Stages::start();
    let assets = render::write_assets(&analysis.site, theme, sink)?;
    stages.mark("assets");
    let (stats, kept) = render::render_site_with(&cx, sink, keep)?;
    stages.mark("render + write");
    Ok((assets + stats.files, kept))
}

/// Renders only the pages `ids` into `sink` (serve's fast path for a body edit),
/// replacing their words in `kept`.
pub fn render_pages_into(
    analysis: &Analysis,
    theme: &Theme,
    options: RenderOptions,
    ids: &[PageId],
    kept: &mut render::Kept,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let resolver = analysis.links.resolver(&analysis.site);
    let cx = render_context(analysis, &resolver, theme, options);
    render::render_pages(&cx, ids, kept, sink)
}

/// Renders what `partial` names into `sink` (serve, after a front-matter edit).
pub fn render_partial_into(
    analysis: &Analysis,
    theme: &Theme,
    options: RenderOptions,
    partial: &render::Partial<'_>,
    kept: &mut render::Kept,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let resolver = analysis.links.resolver(&analysis.site);
    let cx = render_context(analysis, &resolver, theme, options);
    render::render_partial(&cx, partial, kept, sink)
}

fn render_context<'a>(
    analysis: &'a Analysis,
    resolver: &'a Resolver<'a>,
    theme: &'a Theme,
    options: RenderOptions,
) -> RenderContext<'a> {
    RenderContext::new(
        &analysis.site,
        &analysis.graph,
        resolver,
        &analysis.bodies,
        &analysis.stale,
        &analysis.related,
        theme,
        options,
    )
}

/// Whether `path` looks like a site root.
pub fn is_site(path: &Path) -> bool {
    path.join(crate::config::CONFIG_FILE).is_file()
}
