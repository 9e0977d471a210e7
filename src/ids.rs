//! Stable ids of catalog entries, at the ground of the core: findings, the catalog and the rules
//! all name channels by them, so none of those layers has to import another for it.

use serde::Serialize;
use std::fmt;

/// A channel's stable id (`phone.moscow`), as used by placeholders and `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ChannelId(pub String);

impl ChannelId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ChannelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
