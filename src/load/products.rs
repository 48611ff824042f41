//! Product metadata: `content/products.yaml` (endoflife.date field names).

use std::path::Path;

use serde::Deserialize;

use super::de;
use super::yaml::{self, Step};
use crate::diagnostics::{Diagnostic, SourceText};
use crate::model::{Cycle, Date, Milestone, Product, Version, VersionOrLabel};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProductsFile {
    #[serde(default)]
    products: Vec<RawProduct>,
}

/// A product as written. Fields almanac does not know are kept in `extra`,
/// since real product files carry their own (`category`, `versionCommand`, …).
#[derive(Debug, Deserialize)]
struct RawProduct {
    #[serde(default, deserialize_with = "de::opt_text")]
    id: Option<String>,
    name: Option<String>,
    /// endoflife.date product files call the display name `title`.
    title: Option<String>,
    description: Option<String>,
    #[serde(default)]
    releases: Vec<RawCycle>,
    #[serde(default, deserialize_with = "de::opt_version_or_label")]
    current: Option<VersionOrLabel>,
    #[serde(default, deserialize_with = "de::opt_milestone")]
    discontinued: Option<Milestone>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCycle {
    #[serde(deserialize_with = "de::text")]
    release_cycle: String,
    #[serde(default, deserialize_with = "de::opt_date")]
    release_date: Option<Date>,
    #[serde(default, alias = "support", deserialize_with = "de::opt_milestone")]
    eoas: Option<Milestone>,
    #[serde(default, deserialize_with = "de::opt_milestone")]
    eol: Option<Milestone>,
    #[serde(
        default,
        alias = "extendedSupport",
        deserialize_with = "de::opt_milestone"
    )]
    eoes: Option<Milestone>,
    #[serde(default, deserialize_with = "de::opt_version_or_label")]
    latest: Option<VersionOrLabel>,
    #[serde(default, deserialize_with = "de::opt_date")]
    latest_release_date: Option<Date>,
    #[serde(default, deserialize_with = "de::opt_milestone")]
    lts: Option<Milestone>,
    #[serde(default, deserialize_with = "de::opt_text")]
    codename: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    release_label: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    link: Option<String>,
    #[serde(default, deserialize_with = "de::opt_milestone")]
    discontinued: Option<Milestone>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// What reading product data gave: the products that have no errors, and every
/// diagnostic found. An error drops its product; a warning keeps it.
#[derive(Debug, Default)]
pub struct ReadProducts {
    pub products: Vec<Product>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `products.yaml`; `file` is relative to the site root.
pub fn parse_products_file(file: &Path, text: &str) -> ReadProducts {
    let source = SourceText::new(file, text);
    let mut read = ReadProducts::default();
    let raw: RawProductsFile = match yaml::parse(&source, text, 1) {
        Ok(raw) => raw,
        Err(error) => {
            read.diagnostics.push(error);
            return read;
        }
    };
    for (index, raw_product) in raw.products.into_iter().enumerate() {
        let places = Places {
            source: &source,
            yaml: text,
            first_line: 1,
            base: vec![Step::Key("products"), Step::Index(index)],
        };
        let Some(id) = raw_product.id.clone().filter(|id| !id.trim().is_empty()) else {
            let (line, column) = places.of(&[]);
            read.diagnostics.push(
                Diagnostic::error(
                    "missing-field",
                    format!("product #{} has no `id`", index + 1),
                )
                .at(&source, line, column)
                .with_help("give every product an id, e.g. `- id: acme-cloud`"),
            );
            continue;
        };
        read.products.extend(into_product(
            raw_product,
            id,
            &places,
            &mut read.diagnostics,
        ));
    }
    read
}

/// Parses one product file from `content/products/`: YAML, or Markdown in
/// endoflife.date's format (front matter with `title`, `releases:`, …; the body is
/// the product's overview). The id is the `id:` field, else the file name.
pub fn parse_product_file(file: &Path, text: &str) -> ReadProducts {
    let source = SourceText::new(file, text);
    let mut read = ReadProducts::default();
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_markdown = file.extension().is_some_and(|e| e == "md");
    let (yaml_text, yaml_line, overview, overview_line) = if is_markdown {
        match super::frontmatter::split(&source) {
            Ok(split) => (
                split.yaml,
                split.yaml_line,
                split.body.to_string(),
                split.body_line,
            ),
            Err(error) => {
                read.diagnostics.push(error);
                return read;
            }
        }
    } else {
        (text, 1, String::new(), 1)
    };
    let raw: RawProduct = match yaml::parse(&source, yaml_text, yaml_line) {
        Ok(raw) => raw,
        Err(error) => {
            read.diagnostics.push(error);
            return read;
        }
    };
    let id = raw
        .id
        .clone()
        .filter(|id| !id.trim().is_empty())
        .unwrap_or(stem);
    let places = Places {
        source: &source,
        yaml: yaml_text,
        first_line: yaml_line,
        base: Vec::new(),
    };
    if let Some(mut product) = into_product(raw, id, &places, &mut read.diagnostics) {
        let scanned = super::scan::scan(&overview, overview_line);
        product.overview = overview;
        product.overview_headings = scanned.headings;
        product.overview_links = scanned.links;
        read.products.push(product);
    }
    read
}

/// Where one product's values are written, for diagnostics. Values are found by
/// their path in the YAML (see [`yaml::locate`]), never by searching for their text,
/// which would find an earlier cycle with the same value.
struct Places<'a> {
    source: &'a SourceText<'a>,
    /// The YAML of the file (the front matter, for a Markdown product file)...
    yaml: &'a str,
    /// ...and the line of the file it starts on.
    first_line: usize,
    /// The product's own path in `yaml`: empty for a product file, `products[i]`
    /// in `products.yaml`.
    base: Vec<Step<'a>>,
}

impl Places<'_> {
    /// Line and column in the whole file of the value at `path` under the product,
    /// or of the nearest enclosing value when it is not written in block style.
    fn of(&self, path: &[Step<'_>]) -> (usize, usize) {
        self.in_file(yaml::locate_nearest(self.yaml, &self.full(path)))
    }

    /// The value of the first of `keys` (a field and its aliases) that cycle
    /// `index` writes, else the cycle itself.
    fn cycle_field(&self, index: usize, keys: &[&str]) -> (usize, usize) {
        let cycle = [Step::Key("releases"), Step::Index(index)];
        keys.iter()
            .find_map(|&key| {
                let field = [cycle[0], cycle[1], Step::Key(key)];
                yaml::locate(self.yaml, &self.full(&field))
            })
            .map_or_else(|| self.of(&cycle), |at| self.in_file(at))
    }

    fn full<'p>(&'p self, path: &[Step<'p>]) -> Vec<Step<'p>> {
        self.base.iter().chain(path).copied().collect()
    }

    fn in_file(&self, at: yaml::Position) -> (usize, usize) {
        (self.first_line + at.line - 1, at.column)
    }
}

/// Turns a parsed product into the model, checking what serde cannot: a name
/// is present, every cycle has one, and no cycle ends before it starts (errors,
/// which drop the product); versions that are labels (warnings, which keep it).
fn into_product(
    raw: RawProduct,
    id: String,
    places: &Places<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Product> {
    let source = places.source;
    let errors_before = diagnostics.iter().filter(|d| d.is_error()).count();
    let (product_line, product_column) = places.of(&[Step::Key("id")]);
    let name = raw.name.or(raw.title).unwrap_or_else(|| {
        diagnostics.push(
            Diagnostic::error("missing-field", format!("product `{id}` has no `name`"))
                .at(source, product_line, product_column)
                .with_help("add `name: Display Name` under the product's id"),
        );
        id.clone()
    });
    if let Some(VersionOrLabel::Label(label)) = &raw.current {
        let (line, column) = places.of(&[Step::Key("current")]);
        let warning = unparsed_version(&format!("{id}: `current`"), label);
        diagnostics.push(warning.at(source, line, column));
    }
    let mut cycles = Vec::new();
    for (index, raw_cycle) in raw.releases.into_iter().enumerate() {
        let (line, _) = places.cycle_field(index, &["releaseCycle"]);
        let cycle = into_cycle(raw_cycle, line);
        check_cycle(&id, index, &cycle, places, diagnostics);
        cycles.push(cycle);
    }
    if diagnostics.iter().filter(|d| d.is_error()).count() > errors_before {
        return None;
    }
    Some(Product {
        id,
        name,
        description: raw.description,
        cycles,
        current: raw.current,
        discontinued: raw.discontinued,
        file: source.path.to_path_buf(),
        line: product_line,
        overview: String::new(),
        overview_headings: Vec::new(),
        overview_links: Vec::new(),
        extra: raw.extra,
    })
}

/// What is wrong with cycle `index` of product `id`, each at its value.
fn check_cycle(
    id: &str,
    index: usize,
    cycle: &Cycle,
    places: &Places<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let source = places.source;
    if cycle.name.trim().is_empty() {
        let (line, column) = places.cycle_field(index, &["releaseCycle"]);
        diagnostics.push(unnamed_cycle(id, index).at(source, line, column));
    }
    if let Some(VersionOrLabel::Label(label)) = &cycle.latest {
        let (line, column) = places.cycle_field(index, &["latest"]);
        let field = format!("{id} {}: `latest`", cycle.name);
        diagnostics.push(unparsed_version(&field, label).at(source, line, column));
    }
    if let Some((keys, error)) = contradiction(id, cycle) {
        let (line, column) = places.cycle_field(index, keys);
        diagnostics.push(error.at(source, line, column));
    }
}

/// A version field whose value is not a version. A warning, not an error: real
/// product data has such values (`N/A`, `SP2`, `16.0 (20A362)`), and the rest of
/// the product is still worth publishing.
fn unparsed_version(field: &str, label: &str) -> Diagnostic {
    let problem = Version::problem_with(label).unwrap_or_default();
    let shown = if label.is_empty() {
        "an empty string".to_owned()
    } else {
        format!("`{label}`")
    };
    Diagnostic::warning(
        "unparsed-version",
        format!("{field} is {shown}, which is not a version: it {problem}"),
    )
    .with_help(format!(
        "almanac expected a version such as {}; the value is shown as written and left out \
         of version comparisons (current version, newest release, stale rules). Write a \
         version here if one exists",
        Version::EXAMPLES
    ))
}

/// A cycle whose `releaseCycle` is empty: there is nothing to show or match it by.
fn unnamed_cycle(product: &str, index: usize) -> Diagnostic {
    Diagnostic::error(
        "missing-field",
        format!(
            "cycle #{} of {product} has an empty `releaseCycle`",
            index + 1
        ),
    )
    .with_help("name the cycle, e.g. `releaseCycle: \"2.4\"`")
}

fn into_cycle(raw: RawCycle, line: usize) -> Cycle {
    Cycle {
        name: raw.release_cycle,
        release_date: raw.release_date,
        eoas: raw.eoas,
        eol: raw.eol,
        eoes: raw.eoes,
        latest: raw.latest,
        latest_release_date: raw.latest_release_date,
        lts: raw.lts,
        codename: raw.codename,
        release_label: raw.release_label,
        link: raw.link,
        discontinued: raw.discontinued,
        line,
        extra: raw.extra,
    }
}

/// A cycle whose dates contradict each other (it ends before it is released):
/// the error, and the spellings of the field to point at.
fn contradiction(product: &str, cycle: &Cycle) -> Option<(&'static [&'static str], Diagnostic)> {
    let released = cycle.release_date?;
    let ends: [(&'static [&'static str], Option<Milestone>); 3] = [
        (&["eol"], cycle.eol),
        (&["eoas", "support"], cycle.eoas),
        (&["eoes", "extendedSupport"], cycle.eoes),
    ];
    let (keys, end) = ends
        .into_iter()
        .find_map(|(keys, m)| Some((keys, m?.date()?)).filter(|(_, d)| *d < released))?;
    let field = keys[0];
    let error = Diagnostic::error(
        "contradictory-cycle",
        format!(
            "{product} {}: `{field}` ({end}) is before `releaseDate` ({released})",
            cycle.name
        ),
    )
    .with_help(format!(
        "a cycle cannot end before it is released; check both dates of cycle {}",
        cycle.name
    ));
    Some((keys, error))
}
