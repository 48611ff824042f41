//! The shapes of `/api/notices.json` and `/api/products/<id>.json`, schema 1.
//!
//! Field names and meanings are the interface products code against: renaming or
//! re-meaning one is a new schema number, adding one is not. Keys are written in
//! declaration order, so the same site and `--today` give the same bytes. The
//! README's "Notices API" section documents every field.

use serde::Serialize;

use crate::model::{Date, Version};

/// The schema number both files carry.
pub const SCHEMA: u32 = 1;

/// `/api/notices.json`: every product, sorted by id.
#[derive(Debug, Serialize)]
pub struct NoticesFile<'a> {
    pub schema: u32,
    /// The build's `--today`: every flag and day count below is as of this date.
    pub generated: Date,
    pub site: SiteInfo<'a>,
    pub products: Vec<ProductNotices<'a>>,
}

/// `/api/products/<id>.json`: one product's object from [`NoticesFile`], with the
/// schema and date it was computed for beside it.
#[derive(Debug, Serialize)]
pub struct ProductFile<'a> {
    pub schema: u32,
    pub generated: Date,
    #[serde(flatten)]
    pub product: &'a ProductNotices<'a>,
}

#[derive(Debug, Serialize)]
pub struct SiteInfo<'a> {
    pub title: &'a str,
    /// The home page, absolute.
    pub url: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductNotices<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// The product's support-matrix page, absolute.
    pub url: String,
    /// The current version as the site shows it (a pinned `current:` as written).
    pub current: Option<String>,
    pub latest_release: Option<LatestRelease>,
    /// As the product data lists them (newest first, as written).
    pub cycles: Vec<CycleStatus<'a>>,
    pub eol_notices: Vec<EolNotice<'a>>,
    pub removals: Vec<RemovalNotice<'a>>,
}

/// The newest release note of the product by version order.
#[derive(Debug, Serialize)]
pub struct LatestRelease {
    pub version: Version,
    pub date: Option<Date>,
    pub url: String,
    pub breaking: bool,
}

/// One release cycle with endoflife.date API v1's release fields, in its order.
/// As there, the `isEoas`, `isDiscontinued` and `isEoes` pairs are present only
/// when some cycle of the product declares that end, and a `…From` is `null`
/// when the end is a yes/no rather than a date.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CycleStatus<'a> {
    pub name: &'a str,
    pub codename: Option<&'a str>,
    pub label: &'a str,
    pub release_date: Option<Date>,
    pub is_lts: bool,
    pub lts_from: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_eoas: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eoas_from: Option<Option<Date>>,
    pub is_eol: bool,
    pub eol_from: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_discontinued: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discontinued_from: Option<Option<Date>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_eoes: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eoes_from: Option<Option<Date>>,
    pub is_maintained: bool,
    pub latest: Option<CycleLatest<'a>>,
}

/// A cycle's newest release, from the product data.
#[derive(Debug, Serialize)]
pub struct CycleLatest<'a> {
    /// As written (it may be a label such as `N/A`).
    pub name: String,
    pub date: Option<Date>,
    pub link: Option<&'a str>,
}

/// An end-of-life notice of the product.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EolNotice<'a> {
    pub title: &'a str,
    /// The notice's `cycle`, then its `cycles`.
    pub cycles: Vec<&'a str>,
    pub date: Date,
    /// Days from `generated` to `date`: positive ahead, `0` on the day (already
    /// end of life), negative after.
    pub days_remaining: i64,
    pub status: NoticeStatus,
    pub url: String,
    pub replacement: Option<Link>,
    pub migration: Option<Link>,
}

/// `upcoming` until the end-of-life date, `active` from that day on. A notice
/// stays active for as long as it is published: the users an in-app message is
/// for are the ones still running the version, however long ago it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeStatus {
    Upcoming,
    Active,
}

/// A deprecated feature of the product whose removal is still ahead.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RemovalNotice<'a> {
    pub feature: &'a str,
    /// The version it is removed in, or `null` when it is removed on a date.
    pub removal_version: Option<&'a Version>,
    /// The day it is removed, or `null` when it is removed in a version.
    pub removal_date: Option<Date>,
    /// Days from `generated` to `removalDate` (always positive: a removal whose
    /// day has come is no longer listed); `null` for a version removal.
    pub days_remaining: Option<i64>,
    pub announced: Date,
    pub announced_in: AnnouncedIn<'a>,
    pub migration: Option<Link>,
    pub description: Option<&'a str>,
}

/// The release note that announced a deprecation.
#[derive(Debug, Serialize)]
pub struct AnnouncedIn<'a> {
    pub version: &'a Version,
    /// The release note, at the deprecation's anchor.
    pub url: String,
}

/// A page, product or external link, with the title the site shows for it.
#[derive(Debug, Serialize)]
pub struct Link {
    pub title: String,
    /// Absolute.
    pub url: String,
}
