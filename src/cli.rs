//! Command-line interface: parses arguments and runs the command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::build::{self, BuildOptions};
use crate::changes;
use crate::diagnostics::{render_summarised, render_text};
use crate::model::{Date, Kind};
use crate::report;
use crate::scaffold;

/// almanac: a static-site generator for product knowledge bases and changelogs
/// that knows your product versions and flags stale pages.
#[derive(Debug, Parser)]
#[command(name = "almanac", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output directory (default: <root>/public).
    Build(BuildArgs),
    /// Check links, content and stale pages without writing anything.
    Check(CheckArgs),
    /// Build, serve and watch the site; open tabs reload after every change.
    Serve(ServeArgs),
    /// Create a new page with the front matter of its kind.
    New(NewArgs),
    /// Create a minimal working site in DIR.
    Init {
        /// Folder to create the site in (created if missing; must be empty).
        dir: PathBuf,
    },
    /// Bring content written for another generator into an almanac site.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// Import a folder of Markdown (Jekyll, Hugo, Docusaurus, MkDocs, MDX blogs).
    Docs(ImportDocsArgs),
    /// Import a Keep a Changelog file: one release note per version.
    Changelog(ImportChangelogArgs),
    /// Validate endoflife.date product files and copy them into content/products/.
    Endoflife(ImportEndoflifeArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportChangelogArgs {
    /// The changelog (Keep a Changelog 1.1: `## [1.2.0] - 2024-05-01` sections).
    pub file: PathBuf,
    /// The product the versions belong to; the site must define it (unless it is new).
    #[arg(long)]
    pub product: String,
    /// The site to import into (a minimal site is created if it has no almanac.yaml).
    #[arg(long, default_value = ".")]
    pub into: PathBuf,
    /// What to do with a version that has no date: skip it (and say so), or date it today.
    #[arg(long, value_enum, default_value_t = DateMissingArg::Skip)]
    pub date_missing: DateMissingArg,
    /// The date to treat as today (YYYY-MM-DD), for --date-missing today.
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateMissingArg {
    Skip,
    Today,
}

#[derive(Debug, clap::Args)]
pub struct ImportEndoflifeArgs {
    /// endoflife.date product files (`products/<id>.md`), or YAML product files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The site to import into (a minimal site is created if it has no almanac.yaml).
    #[arg(long, default_value = ".")]
    pub into: PathBuf,
    /// Replace products the site has already, printing what changed cycle by cycle.
    #[arg(long)]
    pub update: bool,
    /// The date to treat as today (YYYY-MM-DD), for current versions and upcoming end-of-life dates.
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
}

#[derive(Debug, clap::Args)]
pub struct ImportDocsArgs {
    /// The folder of Markdown to import.
    pub src: PathBuf,
    /// The site to import into (a minimal site is created if it has no almanac.yaml).
    #[arg(long, default_value = ".")]
    pub into: PathBuf,
    /// Product id for release notes (and for version folders).
    #[arg(long)]
    pub product: Option<String>,
    /// Read folders such as v2.1/, version-2.0/ or 2.x/ as product versions.
    #[arg(long)]
    pub version_folders: bool,
    /// Print nothing but errors: no summary, no progress.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// Site root: the folder with almanac.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The date to treat as today (YYYY-MM-DD), for staleness and scheduled pages.
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output directory.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Include drafts and pages dated after today.
    #[arg(long)]
    pub drafts: bool,
    /// Override `base_url` from almanac.yaml, e.g. https://example.com/docs/.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print nothing but errors: no warnings, no progress, no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Highlight every code block again: neither read nor write the cache of
    /// highlighted blocks in `.almanac/cache/` (the output is the same).
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also fail (exit 1) on warnings (such as broken links under `links: {broken: warn}`
    /// or pages whose versions match nothing) and on stale pages.
    #[arg(long)]
    pub strict: bool,
    /// Include drafts and pages dated after today.
    #[arg(long)]
    pub drafts: bool,
    /// Report (and fail on) only pages changed since REV in git, e.g. origin/main,
    /// and the pages linking to a page whose URL changed.
    #[arg(long, value_name = "REV")]
    pub changed: Option<String>,
    /// Print nothing but errors (text format): no warnings, stale report or progress.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Anything but a loopback address exposes your drafts.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Include drafts and pages dated after today.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Kind of page.
    pub kind: Kind,
    /// Title of the page.
    pub title: String,
    /// Product id from products.yaml.
    #[arg(long)]
    pub product: Option<String>,
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// `almanac new guide|faq|release|eol`: the names are [`Kind::name`].
impl ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &Kind::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()).help(self.label()))
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse()
        .map_err(|e: crate::model::DateError| e.to_string())
}

/// Runs the parsed command and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Check(args) => run_check(&args),
        Command::Serve(args) => crate::serve::run(&crate::serve::ServeOptions {
            root: args.site.root,
            bind: args.bind,
            port: args.port,
            drafts: args.drafts,
            today: args.site.today.unwrap_or_else(Date::today_utc),
            open: args.open,
        }),
        Command::New(args) => report_result(scaffold::new_page(
            &args.root,
            args.kind,
            &args.title,
            args.product.as_deref(),
            Date::today_utc(),
        )),
        Command::Init { dir } => report_result(scaffold::init(&dir)),
        Command::Import { what } => match what {
            ImportWhat::Docs(args) => run_import(args),
            ImportWhat::Changelog(args) => run_import_changelog(args),
            ImportWhat::Endoflife(args) => run_import_endoflife(args),
        },
    }
}

fn run_import_changelog(args: ImportChangelogArgs) -> ExitCode {
    use crate::import::changelog::{import_changelog, ChangelogOptions, DateMissing};
    let options = ChangelogOptions {
        file: args.file,
        product: args.product,
        into: args.into,
        date_missing: match args.date_missing {
            DateMissingArg::Skip => DateMissing::Skip,
            DateMissingArg::Today => DateMissing::Today,
        },
        today: args.today.unwrap_or_else(Date::today_utc),
    };
    print_import(import_changelog(&options))
}

fn run_import_endoflife(args: ImportEndoflifeArgs) -> ExitCode {
    use crate::import::endoflife::{import_endoflife, EndoflifeOptions};
    let options = EndoflifeOptions {
        files: args.files,
        into: args.into,
        update: args.update,
        today: args.today.unwrap_or_else(Date::today_utc),
    };
    print_import(import_endoflife(&options))
}

/// Prints an import's problems (stderr) and summary (stdout). Exit code 0 when
/// every file (or version) was imported or skipped for a reason the summary
/// gives; 1 when any could not be read or written, or nothing could be done.
fn print_import<R: crate::import::report::ImportReport>(result: Result<R, String>) -> ExitCode {
    match result {
        Ok(report) => {
            eprint!("{}", render_text(report.diagnostics()));
            print!("{}", report.summary());
            if report.failed() == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_import(args: ImportDocsArgs) -> ExitCode {
    let quiet = args.quiet;
    let options = crate::import::Options {
        src: args.src,
        into: args.into,
        product: args.product,
        version_folders: args.version_folders,
    };
    show_progress(quiet);
    let imported = crate::import::import_docs(&options);
    crate::progress::finish();
    match imported {
        Ok(report) => {
            if !quiet {
                print!("{}", report.summary());
            }
            // As the other imports: a file that could not be written fails the command,
            // so a script does not go on with half a site.
            if report.failed() == 0 {
                ExitCode::SUCCESS
            } else {
                if quiet {
                    eprintln!(
                        "error: {} files could not be written; see import-report.md",
                        report.failed()
                    );
                }
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_build(args: &BuildArgs) -> ExitCode {
    let mut options = BuildOptions::new(
        &args.site.root,
        args.site.today.unwrap_or_else(Date::today_utc),
    );
    options.out = args.out.clone();
    options.drafts = args.drafts;
    options.base_url = args.base_url.clone();
    options.cache = !args.no_cache;
    show_progress(args.quiet);
    let report = build::build(&options);
    crate::progress::finish();
    if args.quiet {
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        eprint!("{}", render_summarised(&errors));
    } else {
        if !report.diagnostics.is_empty() {
            eprint!("{}", render_summarised(&report.diagnostics));
        }
        println!("{}", report.summary());
    }
    if report.written {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_check(args: &CheckArgs) -> ExitCode {
    let mut options = BuildOptions::new(
        &args.site.root,
        args.site.today.unwrap_or_else(Date::today_utc),
    );
    options.drafts = args.drafts;
    // Ask git first: a revision it does not know is a usage error, before any work.
    let changes = match args
        .changed
        .as_deref()
        .map(|rev| changes::since(&options.root, rev))
    {
        Some(Err(error)) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
        Some(Ok(changes)) => Some(changes),
        None => None,
    };
    show_progress(args.quiet || args.format == Format::Json);
    let analysed = build::analyse_only(&options);
    crate::progress::finish();
    let mut analysis = match analysed {
        Ok(analysis) => analysis,
        Err(error) => {
            eprint!("{}", render_text(&[error]));
            return ExitCode::FAILURE;
        }
    };
    // A theme that is missing or does not compile fails `build`, so `check` says so too.
    match crate::render::theme::load(&options.root, &analysis.site.config) {
        Ok(theme) => analysis.diagnostics.extend(theme.warnings),
        Err(mut error) => {
            crate::diagnostics::fill_source_lines(std::slice::from_mut(&mut error), &options.root);
            analysis.diagnostics.push(error);
        }
    }
    if let Some(changes) = &changes {
        let selected = changes.selected_pages(&analysis);
        changes::restrict(&mut analysis, changes, &selected);
        let header = format!(
            "Checking {} of {} changed since {} ({}), as of {}",
            selected.len(),
            crate::text::plural(analysis.site.pages.len(), "page"),
            changes.revision,
            changes.commit,
            options.today
        );
        // JSON stays one object on stdout; the header goes beside it.
        match args.format {
            Format::Json => eprintln!("{header}"),
            Format::Text => println!("{header}"),
        }
    }
    let output = match args.format {
        Format::Json => report::json(&analysis),
        Format::Text if args.quiet => {
            let errors: Vec<_> = analysis
                .all_diagnostics()
                .into_iter()
                .filter(|d| d.is_error())
                .collect();
            render_summarised(&errors)
        }
        Format::Text => report::text(&analysis, &options.root),
    };
    print!("{output}");
    let failed = analysis.error_count() > 0 || (args.strict && fails_strict(&analysis));
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// What `--strict` fails on besides errors: stale pages, and pages whose
/// versions match nothing (the stale rules cannot judge them).
/// `check --strict` fails on any warning (broken links under `links.broken: warn`,
/// versions that match nothing, …) and on stale pages.
fn fails_strict(analysis: &build::Analysis) -> bool {
    analysis.warning_count() > 0 || analysis.stale.stale_count() > 0
}

/// Turns the progress bar on for a person watching a terminal.
fn show_progress(quiet: bool) {
    use std::io::IsTerminal;
    if !quiet && std::io::stderr().is_terminal() {
        crate::progress::enable();
    }
}

fn report_result(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
