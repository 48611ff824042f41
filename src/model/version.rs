//! Product versions as they appear in real release data, and requirements over them.
//!
//! Release data (for example endoflife.date) is mostly not semver. Versions have
//! anywhere from one to five or more numeric parts (`13`, `12.15`, `2024.1`,
//! `1.4.8.0`, `25.0.4.0.4+7`) and vendor suffixes (`1.36-eks-6`, `1.0-python-2`,
//! `3.2.0-rc1`, `1.2.3-beta.2`). [`Version`] accepts all of these. [`VersionReq`]
//! gives them Cargo-style requirements (`>=1.4, <2`), and [`cycle_of`] finds the
//! release cycle a version belongs to. Named cycles such as `focal` are not versions.
//!
//! # How versions are ordered
//!
//! 1. Numeric components compare as numbers, and missing components count as
//!    zero: `1.2 == 1.2.0`, `1.10 > 1.9`, `1.4.8.0 > 1.4.6`.
//! 2. When the numbers are equal, the kind of suffix decides: a pre-release
//!    (`-rc1`, `-beta.2`, `-alpha`, `-SNAPSHOT`, …) comes before the bare version,
//!    and any other suffix (`-eks-6`, `+7`, `-python-2`, `-lts`) comes after it:
//!    `3.2.0-rc1 < 3.2.0 < 3.2.0-eks-1`.
//! 3. Two suffixes of the same kind compare as text in natural order: letters
//!    ignore case and runs of digits compare as numbers, so `-rc2 < -rc10` and
//!    `-eks-9 < -eks-10`. Pre-release words are not ranked specially. Plain
//!    alphabetical order already gives `alpha < beta < rc`. The price of that
//!    simplicity is that `dev`, `milestone` and `pre` land between `beta` and `rc`,
//!    and `snapshot` lands after `rc`.
//! 4. Last, the exact suffix text breaks any remaining tie. So two versions are
//!    equal only when their suffixes are identical (`1.0-RC1 != 1.0-rc1`). That
//!    keeps `Eq`, `Ord` and `Hash` consistent with each other.
//!
//! ```text
//! 1.0-alpha < 1.0-beta.2 < 1.0-beta.10 < 1.0-rc1 < 1.0-rc10 < 1.0 == 1.0.0
//!     < 1.0+7 < 1.0-eks-9 < 1.0-eks-10 < 1.0.1 < 1.4.6 < 1.4.8.0 < 1.36 < 2024.1
//! ```
//!
//! # Requirements
//!
//! [`VersionReq`] reads Cargo's syntax and gives partial versions the same meaning
//! as the `semver` crate, extended to versions with more than three components.
//! A version with fewer than three numbers and no suffix, or one cut short by a
//! wildcard, stands for a whole series: `2.1` means every `2.1.x…`.
//!
//! ```text
//! >=2.0   v >= 2.0              <3.0    v < 3.0
//! >2.1    v >= 2.2              <=2.1   v below the 2.2 series (all 2.1.x.y match)
//! =2.1    2.1 <= v, below 2.2   =1.4.8.0  exactly 1.4.8.0
//! ~1.4    1.4 <= v, below 1.5   ~1.4.6  1.4.6 <= v, below 1.5
//! ^1.2.3  1.2.3 <= v, below 2   ^0.2.3  0.2.3 <= v, below 0.3
//! ^0.0.3  0.0.3 <= v, below 0.0.4
//! 1.2     same as ^1.2          2.*, 2.x  same as =2         *  any version
//! ```
//!
//! "Below 2.2" is an upper bound that the requirement generates itself. It also
//! shuts out the pre-releases of 2.2 (`2.2-rc1`), because `<=2.1` promises 2.1.x
//! and nothing newer. A `<` the user writes uses the plain order instead. See
//! [`VersionReq`] for that deliberate difference from `semver`.

use std::cmp::Ordering;
use std::error::Error;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// Words that mark a `-` suffix as a pre-release when followed by a digit, `.`, `-`
/// or the end (so `-rc1` and `-beta.2` are pre-releases but `-alphabet` is not).
const PRE_RELEASE_WORDS: [&str; 11] = [
    "alpha",
    "a",
    "beta",
    "b",
    "rc",
    "pre",
    "preview",
    "dev",
    "snapshot",
    "milestone",
    "m",
];

/// Valid version shapes, quoted in error messages so the reader sees what to write.
const VERSION_EXAMPLES: &str = "`1.2.3`, `2024.1` or `1.36-eks-6`";

/// A valid requirement, quoted in error messages.
const REQUIREMENT_EXAMPLE: &str = "`>=2.0, <3.0`";

/// Why a version or requirement could not be parsed, as a message for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionError(pub String);

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for VersionError {}

// ---------------------------------------------------------------------------
// Version
// ---------------------------------------------------------------------------

/// A product version such as `1.36-eks-6`, `25.0.4.0.4+7`, `2024.1` or `13`.
///
/// It is one or more numeric components followed by an optional suffix. The
/// suffix starts at the first `-` or `+` and keeps that separator. A leading
/// `v` (`v1.2`) is accepted and ignored. The original text is kept, so
/// `Display` prints what the data said. See the [module docs](self) for the
/// ordering. Equality follows the ordering: `1.2 == 1.2.0`.
#[derive(Debug, Clone)]
pub struct Version {
    /// The text as written (surrounding whitespace removed), for `Display`.
    text: String,
    /// A product-specific label before the numbers, e.g. `pc.` in `pc.2020.7`.
    prefix: Option<String>,
    components: Vec<u64>,
    suffix: Option<String>,
}

impl Version {
    /// The numeric components, as written (`1.2.0` gives `[1, 2, 0]`).
    pub fn components(&self) -> &[u64] {
        &self.components
    }

    /// The suffix with its leading `-` or `+`, e.g. `Some("-eks-6")` or `Some("+7")`.
    pub fn suffix(&self) -> Option<&str> {
        self.suffix.as_deref()
    }

    /// Whether the suffix marks a pre-release (`-rc1`, `-beta.2`, `-alpha`, `-RC.3`).
    /// Pre-releases sort before the bare version. `+` suffixes never count.
    pub fn is_prerelease(&self) -> bool {
        self.suffix().is_some_and(is_prerelease_suffix)
    }

    /// The first component.
    pub fn major(&self) -> u64 {
        self.components.first().copied().unwrap_or(0)
    }

    /// The second component, or 0 when the version has only one (`13` is `13.0`).
    pub fn minor(&self) -> u64 {
        self.components.get(1).copied().unwrap_or(0)
    }

    /// Why `text` is not a version, as a phrase that completes "it …"
    /// (`does not start with a number`); `None` when it is one.
    pub fn problem_with(text: &str) -> Option<String> {
        parse_product_version(text).err()
    }

    /// Shapes of valid versions, for messages that say what was expected.
    pub const EXAMPLES: &'static str = VERSION_EXAMPLES;

    /// The text without its optional `v` prefix. Cycle names are matched against it.
    fn unprefixed_text(&self) -> &str {
        strip_v_prefix(&self.text)
    }

    /// A bare version made from numbers, used for the bounds a requirement generates.
    fn from_components(components: Vec<u64>) -> Version {
        let text = components
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(".");
        Version {
            text,
            prefix: None,
            components,
            suffix: None,
        }
    }

    /// Orders only the suffixes of two versions whose numbers are equal.
    fn cmp_suffix(&self, other: &Version) -> Ordering {
        let by_kind = SuffixKind::of(self.suffix()).cmp(&SuffixKind::of(other.suffix()));
        by_kind.then_with(|| match (self.suffix(), other.suffix()) {
            (Some(mine), Some(theirs)) => natural_cmp(mine, theirs).then_with(|| mine.cmp(theirs)),
            (mine, theirs) => mine.cmp(&theirs),
        })
    }
}

impl FromStr for Version {
    type Err = VersionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_product_version(text).map_err(|problem| {
            VersionError(format!(
                "{} is not a valid version: it {problem}; write something like {VERSION_EXAMPLES}",
                quote_input(text.trim())
            ))
        })
    }
}

/// Reads a version of product data. On failure, returns a phrase that completes
/// "it …" in a message (`does not start with a number`).
fn parse_product_version(text: &str) -> Result<Version, String> {
    let text = text.trim();
    let (prefix, rest) = split_label_prefix(text);
    let (components, suffix) = parse_version_parts(rest, Shape::Product)?;
    Ok(Version {
        text: text.to_owned(),
        prefix: prefix.map(str::to_owned),
        components,
        suffix: suffix.map(str::to_owned),
    })
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// As written, like [`fmt::Display`]: `"3.10"` stays `"3.10"`.
impl serde::Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        // Versions of one product share a prefix (if any); a prefix sorts as text first.
        self.prefix
            .cmp(&other.prefix)
            .then_with(|| cmp_components(&self.components, &other.components))
            .then_with(|| self.cmp_suffix(other))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        // Defined through `cmp` so that `1.2 == 1.2.0`, as the order says.
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

impl Hash for Version {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Equal versions differ only in trailing zero components, so leave those out.
        self.prefix.hash(state);
        without_trailing_zeros(&self.components).hash(state);
        self.suffix.hash(state);
    }
}

/// Where a suffix sorts relative to the bare version. Declaration order is sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum SuffixKind {
    PreRelease,
    Bare,
    PostRelease,
}

impl SuffixKind {
    fn of(suffix: Option<&str>) -> SuffixKind {
        match suffix {
            None => SuffixKind::Bare,
            Some(suffix) if is_prerelease_suffix(suffix) => SuffixKind::PreRelease,
            Some(_) => SuffixKind::PostRelease,
        }
    }
}

/// `-` followed by a pre-release word, which must end at a digit, `.`, `-` or the end.
fn is_prerelease_suffix(suffix: &str) -> bool {
    let Some(label) = suffix.strip_prefix('-') else {
        return false; // `+` is build metadata: a rebuild, never a pre-release.
    };
    let label = label.to_ascii_lowercase();
    PRE_RELEASE_WORDS.iter().any(|word| {
        label.strip_prefix(word).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '-')
        })
    })
}

/// Compares numeric components, padding the shorter side with zeros.
fn cmp_components(left: &[u64], right: &[u64]) -> Ordering {
    let len = left.len().max(right.len());
    (0..len)
        .map(|i| {
            let l = left.get(i).copied().unwrap_or(0);
            let r = right.get(i).copied().unwrap_or(0);
            l.cmp(&r)
        })
        .find(|ordering| ordering.is_ne())
        .unwrap_or(Ordering::Equal)
}

fn without_trailing_zeros(components: &[u64]) -> &[u64] {
    let significant = components
        .iter()
        .rposition(|&n| n != 0)
        .map_or(0, |last| last + 1);
    &components[..significant]
}

/// Natural order: ASCII letters ignore case, and runs of digits compare by value
/// (`rc2 < rc10`). Runs with different leading zeros (`01`, `1`) tie here.
/// [`Version::cmp_suffix`] then breaks the tie on the exact text.
fn natural_cmp(left: &str, right: &str) -> Ordering {
    let (left, right) = (left.as_bytes(), right.as_bytes());
    let (mut i, mut j) = (0, 0);
    loop {
        match (left.get(i), right.get(j)) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(l), Some(r)) if l.is_ascii_digit() && r.is_ascii_digit() => {
                let left_end = end_of_digits(left, i);
                let right_end = end_of_digits(right, j);
                let ordering = cmp_digit_runs(&left[i..left_end], &right[j..right_end]);
                if ordering.is_ne() {
                    return ordering;
                }
                (i, j) = (left_end, right_end);
            }
            (Some(l), Some(r)) => {
                let ordering = l.to_ascii_lowercase().cmp(&r.to_ascii_lowercase());
                if ordering.is_ne() {
                    return ordering;
                }
                (i, j) = (i + 1, j + 1);
            }
        }
    }
}

fn end_of_digits(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|b| !b.is_ascii_digit())
        .map_or(bytes.len(), |n| start + n)
}

/// Compares two runs of ASCII digits by value, however long they are (no overflow).
fn cmp_digit_runs(left: &[u8], right: &[u8]) -> Ordering {
    let left = trim_leading_zeros(left);
    let right = trim_leading_zeros(right);
    left.len().cmp(&right.len()).then_with(|| left.cmp(right))
}

fn trim_leading_zeros(digits: &[u8]) -> &[u8] {
    let first_significant = digits
        .iter()
        .position(|&d| d != b'0')
        .unwrap_or(digits.len());
    &digits[first_significant..]
}

// ---------------------------------------------------------------------------
// Parsing helpers shared by versions and requirements
// ---------------------------------------------------------------------------

/// Splits version text into numbers and suffix. On failure, returns a phrase that
/// completes "it …" / "the version … …" in an error message.
fn parse_version_parts(text: &str, shape: Shape) -> Result<(Vec<u64>, Option<&str>), String> {
    if text.is_empty() {
        return Err("is empty".to_owned());
    }
    let (numeric, suffix) = match shape {
        Shape::Product => split_suffix(strip_v_prefix(text)),
        Shape::Requirement => split_suffix_strict(strip_v_prefix(text)),
    };
    if numeric.contains(char::is_whitespace) {
        return Err("contains a space".to_owned());
    }
    let segments: Vec<&str> = numeric.split('.').collect();
    check_dots(&segments)?;
    let components = parse_components(&segments)?;
    if let Some(suffix) = suffix {
        check_suffix(suffix)?;
    }
    Ok((components, suffix))
}

fn strip_v_prefix(text: &str) -> &str {
    text.strip_prefix(['v', 'V']).unwrap_or(text)
}

/// Which spellings a version may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Product data as real projects publish it: suffixes may start with a letter,
    /// a space or a dot-letter (`2.0r5`, `1912 CU10`, `3.7.x`).
    Product,
    /// Inside a requirement, where `x` and `*` are wildcards: suffixes start with `-` or `+`.
    Requirement,
}

/// Splits at the first `-` or `+`. The suffix keeps its separator.
fn split_suffix_strict(text: &str) -> (&str, Option<&str>) {
    match text.find(['-', '+']) {
        Some(start) => (&text[..start], Some(&text[start..])),
        None => (text, None),
    }
}

/// A label of letters before the numbers, as real product data has (`pc.2020.7`):
/// two or more letters, then `.` or `-`, then a digit. A single `v` is not a label.
fn split_label_prefix(text: &str) -> (Option<&str>, &str) {
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let bytes = text.as_bytes();
    let is_label = letters >= 2
        && matches!(bytes.get(letters), Some(b'.' | b'-'))
        && bytes.get(letters + 1).is_some_and(u8::is_ascii_digit);
    if is_label {
        (Some(&text[..=letters]), &text[letters + 1..])
    } else {
        (None, text)
    }
}

/// Splits where the numbers end: at the first `-` or `+`, at a letter or space
/// (`2.0r5`, `1912 CU10`), or at a dot followed by a letter (`3.7.x`).
/// The suffix keeps its separator.
fn split_suffix(text: &str) -> (&str, Option<&str>) {
    let bytes = text.as_bytes();
    let end = (0..bytes.len()).find(|&i| match bytes[i] {
        b'-' | b'+' | b' ' => true,
        b'.' => bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic),
        b => b.is_ascii_alphabetic() && i > 0,
    });
    match end {
        Some(start) => (&text[..start], Some(&text[start..])),
        None => (text, None),
    }
}

/// Rejects empty components. Each position gets its own wording, because "empty
/// component" alone would not tell the reader what to fix.
fn check_dots(segments: &[&str]) -> Result<(), String> {
    let Some(empty_at) = segments.iter().position(|segment| segment.is_empty()) else {
        return Ok(());
    };
    Err(if empty_at == 0 {
        "does not start with a number".to_owned()
    } else if empty_at + 1 == segments.len() {
        "ends with a dot".to_owned()
    } else {
        "has two dots in a row".to_owned()
    })
}

/// Reads dot-separated numbers whose dots were already checked by [`check_dots`].
fn parse_components(segments: &[&str]) -> Result<Vec<u64>, String> {
    segments
        .iter()
        .enumerate()
        .map(|(index, segment)| parse_number(segment, index == 0))
        .collect()
}

fn parse_number(segment: &str, is_first: bool) -> Result<u64, String> {
    // Check the digits ourselves: `u64::from_str` would also accept a leading `+`.
    if !segment.bytes().all(|b| b.is_ascii_digit()) {
        return Err(
            if is_first && !segment.starts_with(|c: char| c.is_ascii_digit()) {
                "does not start with a number (a named cycle like `focal` is not a version)"
                    .to_owned()
            } else {
                format!("has `{segment}` where a number should be")
            },
        );
    }
    segment
        .parse()
        .map_err(|_| format!("has a number too large to store (`{segment}`)"))
}

fn check_suffix(suffix: &str) -> Result<(), String> {
    let mut label = suffix.chars();
    let separator = label.next().unwrap_or('-');
    if label.as_str().is_empty() && !separator.is_ascii_alphabetic() {
        return Err(format!(
            "has nothing after the `{separator}` that starts its suffix"
        ));
    }
    match label.find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_' | ' ')))
    {
        None => Ok(()),
        Some(bad) => Err(format!(
            "has `{bad}` in its suffix `{suffix}`; a suffix may only use letters, digits, \
             `.`, `-`, `+` and `_`"
        )),
    }
}

/// The input wrapped in backticks for a message. Empty input gets words instead,
/// because a pair of empty backticks is easy to misread.
fn quote_input(text: &str) -> String {
    if text.is_empty() {
        "an empty string".to_owned()
    } else {
        format!("`{text}`")
    }
}

// ---------------------------------------------------------------------------
// VersionReq
// ---------------------------------------------------------------------------

/// A version requirement in Cargo's syntax, e.g. `>=1.4, <2`, `~1.4`, `2.x` or `*`.
///
/// Comparators are separated by commas and must all hold. The operators are `>=`,
/// `<=`, `>`, `<`, `=`, `~` and `^`. A version with no operator means `^`, as in
/// Cargo. Wildcards `*`, `x` and `X` can end a version (`2.*`, `2.1.x`), and a bare
/// `*` matches everything. Partial versions follow the `semver` crate (see the
/// [module docs](self)). A version with three or more numbers, or with a suffix,
/// is exact (`=1.4.8.0` matches only `1.4.8.0`, which equals `1.4.8`).
///
/// Unlike `semver`, pre-releases are not excluded by a special rule. Comparisons
/// use the plain [`Version`] order, so `<2.0` matches `2.0-rc1` (it sorts before
/// `2.0`). That is deliberate: it keeps the rules few and predictable for data
/// that is mostly not semver. Upper bounds that a requirement generates from a
/// partial version (`<=2.1`, `=2.1`, `~`, `^`, `2.*`) are different. They stop
/// below the next series *including its pre-releases*, so `<=2.1` does not match
/// `2.2-rc1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionReq {
    /// The text as written (surrounding whitespace removed), for `Display`.
    text: String,
    /// All must admit a version. Empty for `*`.
    bounds: Vec<Bound>,
}

impl VersionReq {
    /// Whether `version` satisfies every comparator of the requirement.
    pub fn matches(&self, version: &Version) -> bool {
        self.bounds.iter().all(|bound| bound.admits(version))
    }
}

impl VersionReq {
    /// The requirement in words for readers, or `None` when it has no short reading:
    /// `>=2.0, <3.0` and `2.x` → "2.x", `~6.1` → "6.1.x", `>=3.0` → "3.0 and later",
    /// `>=2.0, <=2.9` → "2.0 to 2.9", `<=2.9` → "2.9 and earlier", `<3.0` → "before 3.0".
    pub fn describe(&self) -> Option<String> {
        match self.bounds.as_slice() {
            [] => Some("all versions".to_string()),
            [Bound::Exactly(v)] => Some(v.to_string()),
            [Bound::AtLeast(v)] => Some(format!("{v} and later")),
            [Bound::Above(v)] => Some(format!("later than {v}")),
            [Bound::AtMost(v)] => Some(format!("{v} and earlier")),
            [Bound::Below(v)] => Some(format!("before {v}")),
            [Bound::BelowSeries(next)] => Some(format!("{} and earlier", last_of_series(next)?)),
            [Bound::AtLeast(low), high] => describe_range(low, &upper_series(high)?),
            _ => None,
        }
    }
}

/// An upper bound as the series it stops below: `<3.0` and "below every 3.*" → `[3]`.
fn upper_series(bound: &Bound) -> Option<Vec<u64>> {
    match bound {
        Bound::BelowSeries(next) => Some(next.clone()),
        Bound::Below(v) if v.suffix.is_none() && v.prefix.is_none() => {
            Some(trim_zeros(&v.components))
        }
        _ => None,
    }
}

/// `[2, 0, 0]` → `[2]`: trailing zeros add nothing to a series.
fn trim_zeros(components: &[u64]) -> Vec<u64> {
    let keep = components
        .iter()
        .rposition(|&c| c != 0)
        .map_or(1, |i| i + 1);
    components[..keep.min(components.len())].to_vec()
}

/// The last series below `next`, in words: `[2, 10]` → "2.9", `[3]` → "2.x".
fn last_of_series(next: &[u64]) -> Option<String> {
    let (&last, head) = next.split_last()?;
    let mut series = head.to_vec();
    series.push(last.checked_sub(1)?);
    let text = join_components(&series);
    Some(if series.len() == 1 {
        format!("{text}.x")
    } else {
        text
    })
}

/// From `low` up to (not including) the series `next`: one whole series reads
/// "2.x"; anything else "2.0 to 2.9".
fn describe_range(low: &Version, next: &[u64]) -> Option<String> {
    if low.suffix.is_some() || low.prefix.is_some() {
        return None;
    }
    let floor = trim_zeros(&low.components);
    let (&top, head) = next.split_last()?;
    if floor.len() == next.len() && floor[..head.len()] == *head && floor[head.len()] + 1 == top {
        return Some(format!("{}.x", join_components(&floor)));
    }
    Some(format!("{low} to {}", last_of_series(next)?))
}

fn join_components(components: &[u64]) -> String {
    components
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

impl FromStr for VersionReq {
    type Err = VersionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let bounds = parse_requirement(text).map_err(|problem| {
            VersionError(format!(
                "{} is not a valid version requirement: {problem}; write something like \
                 {REQUIREMENT_EXAMPLE}",
                quote_input(text)
            ))
        })?;
        Ok(VersionReq {
            text: text.to_owned(),
            bounds,
        })
    }
}

impl fmt::Display for VersionReq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// One condition on a version. Comparators are translated into these when parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Bound {
    AtLeast(Version),
    Above(Version),
    AtMost(Version),
    Below(Version),
    /// Below a whole series: the version's numbers, zero-padded, are less than
    /// these. This shuts out `2.2-rc1` from "below 2.2", which a plain `< 2.2` would let in.
    BelowSeries(Vec<u64>),
    Exactly(Version),
    /// Nothing can match, e.g. `>18446744073709551615`, whose next series does not exist.
    Nothing,
}

impl Bound {
    fn admits(&self, version: &Version) -> bool {
        match self {
            Bound::AtLeast(bound) => version >= bound,
            Bound::Above(bound) => version > bound,
            Bound::AtMost(bound) => version <= bound,
            Bound::Below(bound) => version < bound,
            Bound::BelowSeries(series) => cmp_components(version.components(), series).is_lt(),
            Bound::Exactly(bound) => version == bound,
            Bound::Nothing => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    Exact,
    Greater,
    GreaterEq,
    Less,
    LessEq,
    Tilde,
    Caret,
}

/// Operator spellings. Anything else made of [`OPERATOR_CHARS`] is an error, so
/// typos such as `=>` or `>>` are reported instead of being read as something else.
const OPERATORS: [(&str, Operator); 7] = [
    (">=", Operator::GreaterEq),
    ("<=", Operator::LessEq),
    (">", Operator::Greater),
    ("<", Operator::Less),
    ("=", Operator::Exact),
    ("~", Operator::Tilde),
    ("^", Operator::Caret),
];

const OPERATOR_CHARS: [char; 6] = ['<', '>', '=', '~', '^', '!'];

/// The version part of one comparator.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    /// Fewer than three numbers and no suffix, e.g. `2.1`: the whole 2.1 series.
    Partial(Vec<u64>),
    /// Numbers cut short by wildcards, e.g. `2.1.*`. Also a series, but with no
    /// operator it means `=` rather than `^`.
    Wildcard(Vec<u64>),
    /// Three or more numbers, or a suffix: one precise version.
    Complete(Version),
}

fn parse_requirement(text: &str) -> Result<Vec<Bound>, String> {
    if text.is_empty() {
        return Err("it is empty".to_owned());
    }
    if is_wildcard(text) {
        return Ok(Vec::new());
    }
    let mut bounds = Vec::new();
    for comparator in text.split(',') {
        bounds.extend(parse_comparator(comparator.trim())?);
    }
    Ok(bounds)
}

fn parse_comparator(text: &str) -> Result<Vec<Bound>, String> {
    if text.is_empty() {
        return Err("it has an empty comparator (look for a stray comma)".to_owned());
    }
    let (symbol, rest) = split_operator_symbol(text);
    let operator = operator_named(symbol)?;
    let pattern_text = rest.trim_start();
    if pattern_text.is_empty() {
        return Err(format!("`{symbol}` is not followed by a version"));
    }
    if let Some(space) = pattern_text.find(char::is_whitespace) {
        let next = pattern_text[space..].trim_start();
        return Err(format!(
            "a comma is missing before `{next}`; separate comparators with `,`"
        ));
    }
    let pattern = parse_pattern(pattern_text)?;
    Ok(bounds_for(operator, pattern))
}

fn split_operator_symbol(text: &str) -> (&str, &str) {
    let symbol_len = text
        .find(|c| !OPERATOR_CHARS.contains(&c))
        .unwrap_or(text.len());
    text.split_at(symbol_len)
}

/// `None` for no operator, which means `^`, or `=` for wildcard patterns.
fn operator_named(symbol: &str) -> Result<Option<Operator>, String> {
    if symbol.is_empty() {
        return Ok(None);
    }
    OPERATORS
        .iter()
        .find(|(spelling, _)| *spelling == symbol)
        .map(|&(_, operator)| Some(operator))
        .ok_or_else(|| format!("unknown operator `{symbol}`"))
}

fn is_wildcard(segment: &str) -> bool {
    matches!(segment, "*" | "x" | "X")
}

fn parse_pattern(text: &str) -> Result<Pattern, String> {
    let (numeric, suffix) = split_suffix_strict(strip_v_prefix(text));
    let segments: Vec<&str> = numeric.split('.').collect();
    match segments.iter().position(|segment| is_wildcard(segment)) {
        None => parse_exact_pattern(text),
        Some(0) => Err("`*` matches every version, so it must be the whole requirement".to_owned()),
        Some(first_wildcard) => {
            check_dots(&segments).map_err(|problem| format!("the version `{text}` {problem}"))?;
            let (numbers, wildcards) = segments.split_at(first_wildcard);
            if !wildcards.iter().all(|segment| is_wildcard(segment)) {
                return Err(format!("in `{text}` only wildcards may follow a wildcard"));
            }
            if suffix.is_some() {
                return Err(format!("`{text}` has both a wildcard and a suffix"));
            }
            parse_wildcard_numbers(text, numbers)
        }
    }
}

/// A pattern without wildcards: a series when short and bare, else one version.
fn parse_exact_pattern(text: &str) -> Result<Pattern, String> {
    let (components, suffix) = parse_version_parts(text, Shape::Requirement)
        .map_err(|problem| format!("the version `{text}` {problem}"))?;
    Ok(if suffix.is_none() && components.len() < 3 {
        Pattern::Partial(components)
    } else {
        Pattern::Complete(Version {
            text: text.to_owned(),
            prefix: None,
            components,
            suffix: suffix.map(str::to_owned),
        })
    })
}

fn parse_wildcard_numbers(text: &str, numbers: &[&str]) -> Result<Pattern, String> {
    parse_components(numbers)
        .map(Pattern::Wildcard)
        .map_err(|problem| format!("the version `{text}` {problem}"))
}

fn bounds_for(operator: Option<Operator>, pattern: Pattern) -> Vec<Bound> {
    match pattern {
        Pattern::Complete(version) => complete_bounds(operator.unwrap_or(Operator::Caret), version),
        Pattern::Partial(series) => series_bounds(operator.unwrap_or(Operator::Caret), &series),
        Pattern::Wildcard(series) => series_bounds(operator.unwrap_or(Operator::Exact), &series),
    }
}

/// Bounds for a precise version: the operators mean what they say.
fn complete_bounds(operator: Operator, version: Version) -> Vec<Bound> {
    let upper = |bump_at: usize| below_series(version.components(), bump_at);
    match operator {
        Operator::Exact => vec![Bound::Exactly(version)],
        Operator::Greater => vec![Bound::Above(version)],
        Operator::GreaterEq => vec![Bound::AtLeast(version)],
        Operator::Less => vec![Bound::Below(version)],
        Operator::LessEq => vec![Bound::AtMost(version)],
        Operator::Tilde => {
            let upper = upper(tilde_bump_index(version.components()));
            [Some(Bound::AtLeast(version)), upper]
                .into_iter()
                .flatten()
                .collect()
        }
        Operator::Caret => {
            let upper = upper(caret_bump_index(version.components()));
            [Some(Bound::AtLeast(version)), upper]
                .into_iter()
                .flatten()
                .collect()
        }
    }
}

/// Bounds for a series such as `2.1`, which stands for every `2.1.x…`.
fn series_bounds(operator: Operator, series: &[u64]) -> Vec<Bound> {
    let last = series.len().saturating_sub(1);
    let floor = || Bound::AtLeast(Version::from_components(series.to_vec()));
    let bounds = match operator {
        Operator::GreaterEq => vec![Some(floor())],
        Operator::Less => vec![Some(Bound::Below(Version::from_components(
            series.to_vec(),
        )))],
        // Greater than every 2.1.x means at least 2.2.
        Operator::Greater => vec![Some(match next_series(series, last) {
            Some(next) => Bound::AtLeast(Version::from_components(next)),
            None => Bound::Nothing,
        })],
        Operator::LessEq => vec![below_series(series, last)],
        Operator::Exact => vec![Some(floor()), below_series(series, last)],
        Operator::Tilde => vec![
            Some(floor()),
            below_series(series, tilde_bump_index(series)),
        ],
        Operator::Caret => vec![
            Some(floor()),
            below_series(series, caret_bump_index(series)),
        ],
    };
    bounds.into_iter().flatten().collect()
}

/// The upper bound "below the series after `numbers[..=bump_at]`". `None` when that
/// series would overflow, since then nothing is above the range anyway.
fn below_series(numbers: &[u64], bump_at: usize) -> Option<Bound> {
    next_series(numbers, bump_at).map(Bound::BelowSeries)
}

/// `numbers[..=bump_at]` with its last number increased: `[1, 4, 6]`, 1 → `[1, 5]`.
fn next_series(numbers: &[u64], bump_at: usize) -> Option<Vec<u64>> {
    let mut next = numbers.get(..=bump_at)?.to_vec();
    let last = next.last_mut()?;
    *last = last.checked_add(1)?;
    Some(next)
}

/// `~` allows changes after the second number, or after the first if that is all there is.
fn tilde_bump_index(numbers: &[u64]) -> usize {
    if numbers.len() >= 2 {
        1
    } else {
        0
    }
}

/// `^` allows changes after the first non-zero number. If all are zero, the last
/// given number is the one that may not change (`^0.0` is below 0.1).
fn caret_bump_index(numbers: &[u64]) -> usize {
    numbers
        .iter()
        .position(|&n| n != 0)
        .unwrap_or(numbers.len().saturating_sub(1))
}

// ---------------------------------------------------------------------------
// Release cycles
// ---------------------------------------------------------------------------

/// The release cycle `version` belongs to, chosen from `cycles` (e.g. `["1.36", "1.35"]`).
///
/// A cycle matches when its name is a prefix of the version's text (without
/// any `v`) and ends at a component boundary. That means the next character is
/// `.`, `-` or `+`, or there is none. So `13.6` is in cycle `13` but not in
/// cycle `1`. When several cycles match, the longest name wins: `1.36-eks-6` is
/// in `1.36-eks` rather than `1.36`. Named cycles like `focal` never match,
/// because versions start with a number.
pub fn cycle_of<'a, I, S>(version: &Version, cycles: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + ?Sized + 'a,
{
    let text = version.unprefixed_text();
    let mut best: Option<&'a str> = None;
    for cycle in cycles {
        let name = cycle.as_ref();
        if is_cycle_prefix(name, text) && best.is_none_or(|best| name.len() > best.len()) {
            best = Some(name);
        }
    }
    best
}

fn is_cycle_prefix(cycle: &str, version_text: &str) -> bool {
    !cycle.is_empty()
        && version_text
            .strip_prefix(cycle)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '-', '+']))
}

/// The first version of a cycle, i.e. the cycle name read as a version: `2` gives
/// `2` (equal to `2.0.0`), `1.34-eks` gives `1.34-eks`. Named cycles like `focal`
/// give `None`.
pub fn cycle_first_version(cycle: &str) -> Option<Version> {
    cycle.parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn requirements_read_like_prose() {
        let cases = [
            (">=2.0, <3.0", Some("2.x")),
            ("2.x", Some("2.x")),
            ("~6.1", Some("6.1.x")),
            ("^1.2", Some("1.2 to 1.x")),
            (">=3.0", Some("3.0 and later")),
            (">=2.0, <=2.9", Some("2.0 to 2.9")),
            (">=2.1, <3.0", Some("2.1 to 2.x")),
            ("<=2.9", Some("2.9 and earlier")),
            ("<3.0", Some("before 3.0")),
            ("=2.1.0", Some("2.1.0")),
            (">1.4.6", Some("later than 1.4.6")),
            ("*", Some("all versions")),
            (">=1.0, <2.0, !=1.5", None),
            (">=1.36-eks-6, <1.40", None),
        ];
        let mut wrong = Vec::new();
        for (text, expected) in cases {
            let Ok(req) = text.parse::<VersionReq>() else {
                if expected.is_some() {
                    wrong.push(format!("{text}: does not parse"));
                }
                continue;
            };
            let got = req.describe();
            if got.as_deref() != expected {
                wrong.push(format!("{text}: got {got:?}, expected {expected:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    use super::*;
    use std::hash::DefaultHasher;

    fn version(text: &str) -> Version {
        match text.parse() {
            Ok(version) => version,
            Err(error) => panic!("test version `{text}` should parse: {error}"),
        }
    }

    fn requirement(text: &str) -> VersionReq {
        match text.parse() {
            Ok(requirement) => requirement,
            Err(error) => panic!("test requirement `{text}` should parse: {error}"),
        }
    }

    fn hash_of(version: &Version) -> u64 {
        let mut hasher = DefaultHasher::new();
        version.hash(&mut hasher);
        hasher.finish()
    }

    // --- Version: parsing and accessors -----------------------------------

    // (text, components, suffix, is_prerelease, major, minor)
    type ShapeRow = (
        &'static str,
        &'static [u64],
        Option<&'static str>,
        bool,
        u64,
        u64,
    );

    #[test]
    fn parses_components_suffix_and_shape() {
        let cases: &[ShapeRow] = &[
            ("13", &[13], None, false, 13, 0),
            ("12.15", &[12, 15], None, false, 12, 15),
            ("2024.1", &[2024, 1], None, false, 2024, 1),
            ("1.2.3", &[1, 2, 3], None, false, 1, 2),
            ("1.4.8.0", &[1, 4, 8, 0], None, false, 1, 4),
            ("25.0.4.0.4+7", &[25, 0, 4, 0, 4], Some("+7"), false, 25, 0),
            ("1.36-eks-6", &[1, 36], Some("-eks-6"), false, 1, 36),
            ("1.0-python-2", &[1, 0], Some("-python-2"), false, 1, 0),
            ("3.2.0-rc1", &[3, 2, 0], Some("-rc1"), true, 3, 2),
            ("1.2.3-beta.2", &[1, 2, 3], Some("-beta.2"), true, 1, 2),
            ("1.0-alpha", &[1, 0], Some("-alpha"), true, 1, 0),
            ("1.0-RC.3", &[1, 0], Some("-RC.3"), true, 1, 0),
            ("1.0-a1", &[1, 0], Some("-a1"), true, 1, 0),
            ("1.0-b", &[1, 0], Some("-b"), true, 1, 0),
            ("1.0-pre", &[1, 0], Some("-pre"), true, 1, 0),
            ("1.0-preview.4", &[1, 0], Some("-preview.4"), true, 1, 0),
            ("1.0-dev-5", &[1, 0], Some("-dev-5"), true, 1, 0),
            ("1.0-SNAPSHOT", &[1, 0], Some("-SNAPSHOT"), true, 1, 0),
            ("1.0-milestone2", &[1, 0], Some("-milestone2"), true, 1, 0),
            ("1.0-M1", &[1, 0], Some("-M1"), true, 1, 0),
            ("1.0-alphabet", &[1, 0], Some("-alphabet"), false, 1, 0),
            ("1.0-prefix", &[1, 0], Some("-prefix"), false, 1, 0),
            ("1.0-mysql", &[1, 0], Some("-mysql"), false, 1, 0),
            ("1.0-beta_2", &[1, 0], Some("-beta_2"), false, 1, 0),
            ("1.0-lts", &[1, 0], Some("-lts"), false, 1, 0),
            ("1.0+rc1", &[1, 0], Some("+rc1"), false, 1, 0),
            ("1.0+build-rc1", &[1, 0], Some("+build-rc1"), false, 1, 0),
            ("v1.2", &[1, 2], None, false, 1, 2),
            ("V7", &[7], None, false, 7, 0),
            ("  1.2  ", &[1, 2], None, false, 1, 2),
            ("007.010", &[7, 10], None, false, 7, 10),
            (
                "18446744073709551615",
                &[u64::MAX],
                None,
                false,
                u64::MAX,
                0,
            ),
        ];
        for &(text, components, suffix, prerelease, major, minor) in cases {
            let parsed = version(text);
            assert_eq!(parsed.components(), components, "components of `{text}`");
            assert_eq!(parsed.suffix(), suffix, "suffix of `{text}`");
            assert_eq!(
                parsed.is_prerelease(),
                prerelease,
                "is_prerelease of `{text}`"
            );
            assert_eq!(parsed.major(), major, "major of `{text}`");
            assert_eq!(parsed.minor(), minor, "minor of `{text}`");
        }
    }

    #[test]
    fn displays_the_original_text() {
        for text in [
            "1.2.0",
            "v1.2",
            "1.36-eks-6",
            "25.0.4.0.4+7",
            "1.0-RC.3",
            "007.010",
        ] {
            assert_eq!(version(text).to_string(), text);
        }
        assert_eq!(
            version("  1.2 ").to_string(),
            "1.2",
            "surrounding spaces are not kept"
        );
    }

    #[test]
    fn accepts_the_shapes_of_real_product_data() {
        // (text, numbers, suffix) as published by real projects' release data.
        let cases: [(&str, &[u64], Option<&str>); 7] = [
            ("2.0r5", &[2, 0], Some("r5")),
            ("2017.4.40f1", &[2017, 4, 40], Some("f1")),
            ("1912 CU10", &[1912], Some(" CU10")),
            ("1.3.1 r.6", &[1, 3, 1], Some(" r.6")),
            ("3.7.x", &[3, 7], Some(".x")),
            ("pc.2020.7", &[2020, 7], None),
            ("10.4.19+security-01", &[10, 4, 19], Some("+security-01")),
        ];
        for (text, numbers, suffix) in cases {
            let version: Version = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(
                (version.components(), version.suffix()),
                (numbers, suffix),
                "{text}"
            );
            assert_eq!(version.to_string(), text);
        }
        let older: Version = "pc.2020.7".parse().unwrap();
        let newer: Version = "pc.2020.11.0.1".parse().unwrap();
        assert!(older < newer, "labelled versions order by their numbers");
        assert!("2.0r5".parse::<Version>().unwrap() > "2.0".parse::<Version>().unwrap());
    }

    /// Each text fails to parse as `T` with a message that contains its
    /// expected part and `example`.
    fn assert_rejected<T>(cases: &[(&str, &str)], example: &str)
    where
        T: std::str::FromStr + std::fmt::Debug,
        T::Err: std::fmt::Display,
    {
        for (text, expected) in cases {
            let error = match text.parse::<T>() {
                Ok(parsed) => panic!("`{text}` should be rejected, got {parsed:?}"),
                Err(error) => error.to_string(),
            };
            assert!(
                error.contains(expected),
                "message for `{text}` was: {error}"
            );
            assert!(error.contains(example), "no example in: {error}");
        }
    }

    #[test]
    fn rejects_malformed_versions() {
        // (text, part of the message that explains the problem)
        let cases = [
            ("", "an empty string is not a valid version: it is empty"),
            ("   ", "it is empty"),
            ("abc", "does not start with a number"),
            ("focal", "named cycle"),
            ("1..2", "two dots in a row"),
            ("1.2.", "ends with a dot"),
            (".1", "does not start with a number"),
            ("-1", "does not start with a number"),
            ("+1", "does not start with a number"),
            ("v", "does not start with a number"),
            ("vv1", "does not start with a number"),
            ("1.*", "`*`"),
            ("1.2-", "nothing after the `-`"),
            ("1.2+", "nothing after the `+`"),
            ("1.2-rc/1", "has `/` in its suffix `-rc/1`"),
            ("1.2-ü", "has `ü` in its suffix"),
            ("18446744073709551616", "too large"),
            ("1.99999999999999999999999", "too large"),
        ];
        assert_rejected::<Version>(&cases, "write something like `1.2.3`");
        for (text, _) in cases {
            let error = text.parse::<Version>().unwrap_err().to_string();
            let problem = Version::problem_with(text).expect("a problem");
            assert!(
                error.contains(&format!("it {problem}; ")),
                "`{problem}` is the phrase of: {error}"
            );
        }
    }

    #[test]
    fn error_message_quotes_the_input() {
        let error = "1..2".parse::<Version>().map(|v| v.to_string());
        assert_eq!(
            error,
            Err(VersionError(
                "`1..2` is not a valid version: it has two dots in a row; write something like \
                 `1.2.3`, `2024.1` or `1.36-eks-6`"
                    .to_owned()
            ))
        );
    }

    // --- Version: ordering and equality ------------------------------------

    /// Every shape of version, strictly increasing.
    const ASCENDING: &[&str] = &[
        "0.0.1",
        "0.1",
        "0.9.9",
        "1-alpha",
        "1.0-alpha.2",
        "1.0-b1",
        "1.0-beta",
        "1.0-beta.2",
        "1.0-beta.10",
        "1.0-dev",
        "1.0-M1",
        "1.0-milestone2",
        "1.0-pre",
        "1.0-preview",
        "1.0-RC.3",
        "1.0-RC1",
        "1.0-rc1",
        "1.0-rc2",
        "1.0-rc10",
        "1.0-snapshot",
        "1",
        "1.0+7",
        "1.0+10",
        "1.0-eks-9",
        "1.0-eks-10",
        "1.0-lts",
        "1.0-python-2",
        "1.0.0.1",
        "1.0.1",
        "1.2.3-beta.2",
        "1.2.3",
        "1.4.6",
        "1.4.8.0-rc.1",
        "1.4.8.0",
        "1.4.8.0+1",
        "1.4.8.1",
        "1.9",
        "1.10",
        "1.36-rc1",
        "1.36",
        "1.36-eks-6",
        "1.36.2",
        "2.0.0-rc1",
        "v2.0.0",
        "3.2.0-rc1",
        "3.2.0",
        "12.15",
        "13",
        "13.6",
        "25.0.4.0.4",
        "25.0.4.0.4+7",
        "25.0.4.0.4+10",
        "2024.1",
        "2024.1.5",
        "v2025.2",
        "18446744073709551615",
    ];

    #[test]
    fn versions_sort_in_the_documented_order() {
        let versions: Vec<Version> = ASCENDING.iter().map(|text| version(text)).collect();
        for (i, earlier) in versions.iter().enumerate() {
            for later in &versions[i + 1..] {
                assert!(earlier < later, "expected {earlier} < {later}");
                assert!(later > earlier, "expected {later} > {earlier}");
                assert_ne!(earlier, later);
            }
        }
        let mut shuffled = versions.clone();
        shuffled.reverse();
        shuffled.rotate_left(17);
        shuffled.sort();
        let sorted: Vec<String> = shuffled.iter().map(Version::to_string).collect();
        assert_eq!(sorted, ASCENDING);
    }

    #[test]
    fn equal_versions_compare_and_hash_alike() {
        let cases = [
            ("1.2", "1.2.0"),
            ("1", "1.0.0.0"),
            ("0", "0.0"),
            ("v1.2", "1.2"),
            ("V1.2", "v1.2.0"),
            ("1.02", "1.2"),
            ("1.4.8.0", "1.4.8"),
            ("2024.1", "2024.1.0"),
            ("1.2-rc1", "1.2.0-rc1"),
            ("1.36-eks-6", "1.36.0-eks-6"),
            ("25.0.4.0.4+7", "25.0.4.0.4.0+7"),
        ];
        for (left, right) in cases {
            let (left_version, right_version) = (version(left), version(right));
            assert_eq!(left_version, right_version, "`{left}` == `{right}`");
            assert_eq!(
                left_version.cmp(&right_version),
                Ordering::Equal,
                "`{left}` vs `{right}`"
            );
            assert_eq!(
                hash_of(&left_version),
                hash_of(&right_version),
                "hash `{left}`/`{right}`"
            );
        }
    }

    #[test]
    fn different_suffix_text_is_never_equal() {
        let cases = [
            ("1.2-RC1", "1.2-rc1"),
            ("1.2-rc01", "1.2-rc1"),
            ("1.2+7", "1.2-7"),
            ("1.2-rc1", "1.2"),
            ("1.2+0", "1.2"),
        ];
        for (left, right) in cases {
            let (left_version, right_version) = (version(left), version(right));
            assert_ne!(left_version, right_version, "`{left}` != `{right}`");
            assert_ne!(
                left_version.cmp(&right_version),
                Ordering::Equal,
                "`{left}` vs `{right}`"
            );
            assert_eq!(
                left_version.cmp(&right_version),
                right_version.cmp(&left_version).reverse(),
                "antisymmetry of `{left}` and `{right}`"
            );
        }
    }

    // --- VersionReq ---------------------------------------------------------

    #[test]
    fn requirements_match_versions() {
        // (requirement, version, matches)
        let cases = [
            // >= : partial and complete bounds
            (">=2.0", "2.0.0", true),
            (">=2.0", "1.9.9", false),
            (">=2.0", "2.0-rc1", false),
            (">=2.0", "2.0-eks-1", true),
            (">=1.4.6", "1.4.6", true),
            (">=1.4.6", "1.4.8.0", true),
            (">=1.4.6", "1.4.5.9", false),
            (">=1.36", "1.36-eks-6", true),
            (">= 2.0 , < 3.0", "2.5", true),
            (">= 2.0 , < 3.0", "3.0", false),
            (">= 2.0 , < 3.0", "1.99", false),
            // < : plain order, so pre-releases of the bound are below it
            ("<3.0", "2.99.99.99", true),
            ("<3.0", "3.0", false),
            ("<3.0", "3.0.0.1", false),
            ("<1.33", "1.36-eks-6", false),
            ("<1.33", "1.32-eks-6", true),
            ("<2.0", "2.0-rc1", true),
            ("<2", "1.99", true),
            ("<1.2.3", "1.2.3", false),
            ("<1.2.3", "1.2.3.0", false),
            ("<1.2.3", "1.2.2.9", true),
            ("<1.36-eks-6", "1.36-eks-6", false),
            // > : greater than every version of a series
            (">2.1", "2.1.9", false),
            (">2.1", "2.1-eks-6", false),
            (">2.1", "2.2", true),
            (">2.1", "2.2-rc1", false),
            (">2", "2.99", false),
            (">2", "3", true),
            (">1.2.3", "1.2.3", false),
            (">1.2.3", "1.2.3.1", true),
            (">1.2.3", "1.2.3+7", true),
            (">1.2.3", "1.2.4-rc1", true),
            // <= : up to the end of a series
            ("<=2.1", "2.1.9.9", true),
            ("<=2.1", "2.1-eks-6", true),
            ("<=2.1", "2.2-rc1", false),
            ("<=2.1", "2.2", false),
            ("<=2", "2.99.1", true),
            ("<=1.2.3", "1.2.3", true),
            ("<=1.2.3", "1.2.3-beta.2", true),
            ("<=1.2.3", "1.2.3.1", false),
            ("<=1.2.3", "1.2.3-eks-1", false),
            // = : a series, or one precise version
            ("=2.1", "2.1", true),
            ("=2.1", "2.1.7", true),
            ("=2.1", "2.1-rc1", false),
            ("=2.1", "2.2-rc1", false),
            ("=2.1", "2.0.9", false),
            ("=2", "2.9.9", true),
            ("=2", "3.0", false),
            ("=1.4.8.0", "1.4.8.0", true),
            ("=1.4.8.0", "1.4.8", true),
            ("=1.4.8.0", "1.4.8.0.1", false),
            ("=1.4.8.0", "1.4.8.1", false),
            ("=1.36-eks", "1.36-eks", true),
            ("=1.36-eks", "1.36-eks-6", false),
            ("=3.2.0-rc1", "3.2.0-rc1", true),
            ("=3.2.0-rc1", "3.2.0", false),
            // ~ : patch-level changes
            ("~1.4", "1.4.0", true),
            ("~1.4", "1.4.99", true),
            ("~1.4", "1.3.9", false),
            ("~1.4", "1.5", false),
            ("~1.4", "1.5-rc1", false),
            ("~1", "1.99", true),
            ("~1", "2.0", false),
            ("~1.4.6", "1.4.5", false),
            ("~1.4.6", "1.4.6", true),
            ("~1.4.6", "1.4.99", true),
            ("~1.4.6", "1.5.0", false),
            ("~1.4.8.0", "1.4.9.2", true),
            ("~1.4.8.0", "1.4.7", false),
            // ^ : compatible changes
            ("^1.2.3", "1.2.2", false),
            ("^1.2.3", "1.2.3", true),
            ("^1.2.3", "1.99", true),
            ("^1.2.3", "2.0", false),
            ("^1.2.3", "2.0-rc1", false),
            ("^0.2.3", "0.2.9", true),
            ("^0.2.3", "0.3", false),
            ("^0.0.3", "0.0.3", true),
            ("^0.0.3", "0.0.3.5", true),
            ("^0.0.3", "0.0.4", false),
            ("^1.2", "1.2", true),
            ("^1.2", "1.9", true),
            ("^1.2", "2", false),
            ("^0", "0.9", true),
            ("^0", "1", false),
            ("^0.0", "0.0.9", true),
            ("^0.0", "0.1", false),
            ("^0.0.0.5", "0.0.0.6", false),
            // bare version means ^
            ("1.2", "1.5", true),
            ("1.2", "1.1", false),
            ("1.2", "2.0", false),
            ("1.4.8.0", "1.9", true),
            ("1.4.8.0", "1.4.6", false),
            // wildcards
            ("*", "0.0.1", true),
            ("*", "2024.1-rc1", true),
            ("x", "13", true),
            ("2.*", "2.0", true),
            ("2.*", "2.99.1", true),
            ("2.*", "1.9", false),
            ("2.*", "3.0", false),
            ("2.*", "3.0-rc1", false),
            ("2.x", "2.5", true),
            ("2.X.x", "2.1", true),
            ("2.1.*", "2.1.5", true),
            ("2.1.*", "2.1-eks-1", true),
            ("2.1.*", "2.2", false),
            ("1.2.3.*", "1.2.3.9", true),
            ("1.2.3.*", "1.2.4", false),
            (">=2.*", "2.0", true),
            (">=2.*", "1.9", false),
            ("<2.x", "2.0", false),
            ("<2.x", "1.9", true),
            ("^1.*", "1.9", true),
            ("~2.1.*", "2.1.3", true),
            ("~2.1.*", "2.2", false),
            // suffixes and pre-releases in the requirement
            (">=3.2.0-rc1", "3.2.0-rc1", true),
            (">=3.2.0-rc1", "3.2.0-rc2", true),
            (">=3.2.0-rc1", "3.2.0-beta", false),
            (">=3.2.0-rc1", "3.2.0", true),
            ("^1.2-rc1", "1.2", true),
            ("^1.2-rc1", "1.2-alpha", false),
            ("~1.4-rc1", "1.4.9", true),
            ("~1.4-rc1", "1.5", false),
            ("<1.36-eks-6", "1.36-eks-5", true),
            (">=1.36-eks-6", "1.36-eks-10", true),
            (">1.36-eks", "1.36-eks-6", true),
            // five-part versions with build suffixes
            (">=25.0.4.0.4", "25.0.4.0.4+7", true),
            ("<25.0.4.0.4+7", "25.0.4.0.4", true),
            ("=25.0.4.0.4+7", "25.0.4.0.4+7", true),
            ("=25.0.4.0.4+7", "25.0.4.0.4+8", false),
            // year-based and one-part versions
            (">=2024.1, <2025", "2024.3.1", true),
            (">=2024.1, <2025", "2025.1", false),
            ("13", "13.6", true),
            ("13", "14", false),
            // several comparators must all hold
            (">1.0, <=1.4", "1.4.8.0", true),
            (">1.0, <=1.4", "1.0.5", false),
            (">=1.0, <1.4", "1.4.0", false),
            (">=1.2, <1.5, =1.3", "1.3.2", true),
            (">=1.2, <1.5, =1.3", "1.4", false),
            // v prefix on either side
            (">=v1.2", "v1.3", true),
            ("v1.*", "1.5", true),
            // numbers at the edge of u64
            (">18446744073709551615", "18446744073709551615.9", false),
            ("<=18446744073709551615", "18446744073709551615.9", true),
            ("^18446744073709551615", "18446744073709551615.1", true),
            ("~0.18446744073709551615", "0.18446744073709551615.3", true),
        ];
        assert!(cases.len() >= 40);
        for (req_text, version_text, expected) in cases {
            let req = requirement(req_text);
            let matched = req.matches(&version(version_text));
            assert_eq!(matched, expected, "`{req_text}` matches `{version_text}`");
        }
    }

    #[test]
    fn less_than_includes_prereleases_of_its_bound() {
        // Deliberately unlike `semver`: `<2.0` is the plain order, and 2.0-rc1 < 2.0.
        assert!(requirement("<2.0").matches(&version("2.0-rc1")));
        // A bound generated from a partial version stops before the next series' pre-releases.
        assert!(!requirement("<=1.9").matches(&version("2.0-rc1")));
        assert!(!requirement("^1.2").matches(&version("2.0-rc1")));
    }

    #[test]
    fn displays_requirements_as_written() {
        for text in [">= 2.0 , < 3.0", "~1.4", "2.x", "*", "^0.0.3"] {
            assert_eq!(requirement(text).to_string(), text);
        }
    }

    #[test]
    fn rejects_malformed_requirements() {
        // (requirement, part of the message that explains the problem)
        let cases = [
            (
                "",
                "an empty string is not a valid version requirement: it is empty",
            ),
            ("   ", "it is empty"),
            (">>2", "unknown operator `>>`"),
            ("=>2", "unknown operator `=>`"),
            ("!=2", "unknown operator `!=`"),
            ("==2", "unknown operator `==`"),
            ("~>1.2", "unknown operator `~>`"),
            (">=", "`>=` is not followed by a version"),
            (">= ", "`>=` is not followed by a version"),
            ("~", "`~` is not followed by a version"),
            ("^", "`^` is not followed by a version"),
            (">=2,", "empty comparator"),
            (",>=2", "empty comparator"),
            (">=2,,<3", "empty comparator"),
            (">=2 <3", "a comma is missing before `<3`"),
            ("1.2.3 4", "a comma is missing before `4`"),
            ("1.*.3", "only wildcards may follow a wildcard"),
            ("1.x.0", "only wildcards may follow a wildcard"),
            ("*.1", "must be the whole requirement"),
            (">=*", "must be the whole requirement"),
            ("*, >=1", "must be the whole requirement"),
            ("2.0, *", "must be the whole requirement"),
            ("1.x-rc1", "both a wildcard and a suffix"),
            ("1..*", "the version `1..*` has two dots in a row"),
            (">=abc", "the version `abc` does not start with a number"),
            ("focal", "named cycle"),
            (">=1..2", "the version `1..2` has two dots in a row"),
            ("1.2.", "the version `1.2.` ends with a dot"),
            (">=-1", "the version `-1` does not start with a number"),
            ("^1.2-", "nothing after the `-`"),
            ("<1.2+", "nothing after the `+`"),
            ("<99999999999999999999", "too large"),
        ];
        assert_rejected::<VersionReq>(&cases, "write something like `>=2.0, <3.0`");
    }

    #[test]
    fn requirement_error_message_names_the_problem_and_an_example() {
        let error = ">>2".parse::<VersionReq>().map(|req| req.to_string());
        assert_eq!(
            error,
            Err(VersionError(
                "`>>2` is not a valid version requirement: unknown operator `>>`; write something \
                 like `>=2.0, <3.0`"
                    .to_owned()
            ))
        );
    }

    // --- Release cycles -----------------------------------------------------

    #[test]
    fn finds_the_cycle_of_a_version() {
        const EKS: &[&str] = &["1.36-eks", "1.36", "1.3", "1"];
        // (version, cycles, expected cycle)
        let cases: &[(&str, &[&str], Option<&str>)] = &[
            ("1.36-eks-6", EKS, Some("1.36-eks")),
            ("1.36.2", EKS, Some("1.36")),
            ("1.36", EKS, Some("1.36")),
            ("1.36+4", EKS, Some("1.36")),
            ("1.3.5", EKS, Some("1.3")),
            ("1.4", EKS, Some("1")),
            ("1.36-ek", EKS, Some("1.36")),
            ("13.6", &["13", "1"], Some("13")),
            ("13.6", &["1"], None),
            ("2024.1.5", &["2024.1", "2024"], Some("2024.1")),
            ("2024.10", &["2024.1", "2024"], Some("2024")),
            ("25.0.4.0.4+7", &["25", "25.0.4"], Some("25.0.4")),
            ("1.0-python-2", &["1.0", "1.0-python"], Some("1.0-python")),
            ("3.2.0-rc1", &["3", "3.2"], Some("3.2")),
            ("v1.2.3", &["1.2"], Some("1.2")),
            ("1.36.2", &["1", "1.36"], Some("1.36")),
            ("20.04", &["focal", "jammy"], None),
            ("1.2", &[], None),
            ("1.2", &["", "1"], Some("1")),
            ("1.2", &["1.2.3"], None),
        ];
        for &(version_text, cycles, expected) in cases {
            let found = cycle_of(&version(version_text), cycles.iter());
            assert_eq!(
                found, expected,
                "cycle of `{version_text}` among {cycles:?}"
            );
        }
    }

    #[test]
    fn cycle_of_accepts_owned_names() {
        let cycles: Vec<String> = vec!["1.35".into(), "1.36".into()];
        assert_eq!(cycle_of(&version("1.36.2"), &cycles), Some("1.36"));
        assert_eq!(
            cycle_of(&version("1.36.2"), cycles.as_slice()),
            Some("1.36")
        );
    }

    #[test]
    fn reads_the_first_version_of_a_cycle() {
        type Parts = (&'static [u64], Option<&'static str>);
        // (cycle, expected components and suffix)
        let cases: &[(&str, Option<Parts>)] = &[
            ("2", Some((&[2], None))),
            ("2.1", Some((&[2, 1], None))),
            ("2024.1", Some((&[2024, 1], None))),
            ("1.34-eks", Some((&[1, 34], Some("-eks")))),
            ("v3", Some((&[3], None))),
            ("focal", None),
            ("", None),
        ];
        for &(cycle, expected) in cases {
            let first = cycle_first_version(cycle);
            let parts = first.as_ref().map(|v| (v.components(), v.suffix()));
            assert_eq!(parts, expected, "first version of cycle `{cycle}`");
        }
        assert_eq!(cycle_first_version("2"), Some(version("2.0.0")));
    }

    // --- Robustness ---------------------------------------------------------

    /// Every string of up to four characters over an alphabet that hits each
    /// parser branch. About 89,000 strings, generated the same way every run.
    fn odd_strings() -> Vec<String> {
        const ALPHABET: [char; 17] = [
            '0', '1', '9', '.', '-', '+', 'a', 'r', 'c', 'x', '*', '>', '<', '=', '~', '^', ',',
        ];
        let mut all = vec![String::new()];
        let mut previous = vec![String::new()];
        for _ in 0..4 {
            let next: Vec<String> = previous
                .iter()
                .flat_map(|prefix| ALPHABET.iter().map(move |&c| format!("{prefix}{c}")))
                .collect();
            all.extend(next.iter().cloned());
            previous = next;
        }
        let extras = [
            " ",
            "\t1.2\n",
            "v",
            "V",
            "vx",
            "ü",
            "1.ü",
            "1-ü",
            "٣",
            "1.٣",
            ">=ü",
            "\u{0}",
            "18446744073709551615",
            "18446744073709551616",
            ">18446744073709551615",
            "<=18446744073709551615.18446744073709551615",
            "^0.0.18446744073709551615",
            "~18446744073709551615",
            "18446744073709551615.*",
            "1.2.3.4.5.6.7.8.9.10.11.12",
            "1-----",
            "1+-+-",
            ">=1.0,<2.0,>=1.5,<1.7,=1.6",
            ",,,,",
            "* ",
            " *",
            "*,*",
        ];
        all.extend(extras.iter().copied().map(String::from));
        all
    }

    #[test]
    fn parsers_never_panic_and_stay_consistent() {
        let probes: Vec<Version> = ["0", "1.0-rc1", "1.2.3", "2.0+7", "9.9.9.9"]
            .iter()
            .map(|t| version(t))
            .collect();
        let mut valid_versions = Vec::new();
        for text in odd_strings() {
            let parsed = text.parse::<Version>();
            assert_eq!(
                Version::problem_with(&text).is_none(),
                parsed.is_ok(),
                "problem_with agrees with parse for `{text}`"
            );
            if let Ok(parsed) = parsed {
                assert_eq!(parsed.to_string(), text.trim(), "display round trip");
                assert_eq!(parsed.cmp(&parsed), Ordering::Equal, "reflexive: {text}");
                let _ = cycle_of(&parsed, ["1", "1.0", "a", ""].iter());
                let _ = cycle_first_version(&text);
                valid_versions.push(parsed);
            }
            if let Ok(req) = text.parse::<VersionReq>() {
                assert_eq!(req.to_string(), text.trim(), "display round trip");
                for probe in &probes {
                    let _ = req.matches(probe);
                }
            }
        }
        assert!(
            valid_versions.len() > 100,
            "the alphabet should produce valid versions too"
        );
        check_order_laws(&valid_versions[..valid_versions.len().min(400)]);
    }

    /// Antisymmetry, and equality agreeing with `cmp` and `Hash`, for every pair,
    /// plus transitivity along the sorted sequence.
    fn check_order_laws(versions: &[Version]) {
        for a in versions {
            for b in versions {
                assert_eq!(a.cmp(b), b.cmp(a).reverse(), "antisymmetry of {a} and {b}");
                assert_eq!(
                    a == b,
                    a.cmp(b).is_eq(),
                    "eq agrees with cmp for {a} and {b}"
                );
                if a == b {
                    assert_eq!(hash_of(a), hash_of(b), "equal {a} and {b} hash alike");
                }
            }
        }
        let mut sorted = versions.to_vec();
        sorted.sort();
        for (i, a) in sorted.iter().enumerate() {
            for b in &sorted[i..] {
                assert!(a <= b, "sorted order is transitive: {a} <= {b}");
            }
        }
    }
}
