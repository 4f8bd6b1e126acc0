//! What a dispatch run does, separate from the case it runs on.

use nagrid_model::{EconomicsSettings, ExpansionSettings, ModelSettings, SolverSettings, StudySettings};
use std::path::PathBuf;

/// Options of a dispatch: solver, network formulation, economics and expansion.
///
/// Build them from a study's settings with [`DispatchOptions::from_settings`] (what
/// the `nagrid` command line does), or start from [`DispatchOptions::default`] and
/// change fields.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct DispatchOptions {
    /// HiGHS settings and the decomposition (single LP or rolling horizon).
    pub solver: SolverSettings,
    /// Network formulation (`transport` or `dc`) and Kirchhoff method.
    pub model: ModelSettings,
    /// Value of lost load and whether load may go unserved.
    pub economics: EconomicsSettings,
    /// Capacity expansion.
    pub expansion: ExpansionSettings,
    /// Write every LP passed to HiGHS to this file (MPS format) before solving it.
    pub write_lp: Option<PathBuf>,
}

impl DispatchOptions {
    /// The options a study's settings ask for.
    pub fn from_settings(settings: &StudySettings) -> Self {
        Self {
            solver: settings.solver.clone(),
            model: settings.model.clone(),
            economics: settings.economics.clone(),
            expansion: settings.expansion.clone(),
            write_lp: None,
        }
    }

    /// Whether some asset of `case` is expandable and expansion is on.
    pub fn expanding(&self, case: &nagrid_model::Case) -> bool {
        let n = &case.network;
        self.expansion.enabled
            && (n.lines.iter().any(|l| l.expansion.is_some())
                || n.links.iter().any(|l| l.expansion.is_some())
                || n.generators.iter().any(|g| g.expansion.is_some())
                || n.storage.iter().any(|s| s.expansion.is_some()))
    }
}
