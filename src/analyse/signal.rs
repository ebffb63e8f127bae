//! Signals: the typed findings of the analysis (the closed list of docs/signals.md), each on one entity, with
//! links to the entities that cause it.

use serde::Serialize;

pub use crate::model::{EntityKind, EntityRef, Severity, SignalKind};

#[derive(Debug, Clone, Serialize)]
pub struct Signal {
    pub kind: SignalKind,
    pub entity: EntityRef,
    pub severity: Severity,
    pub message: String,
    /// The entities behind it, most severe first: what a reader clicks through to.
    pub related: Vec<EntityRef>,
}

impl Signal {
    pub fn new(kind: SignalKind, entity: EntityRef, message: impl Into<String>) -> Self {
        Signal { kind, entity, severity: kind.severity(), message: message.into(), related: vec![] }
    }

    pub fn with_related(mut self, related: Vec<EntityRef>) -> Self {
        self.related = related;
        self
    }
}
