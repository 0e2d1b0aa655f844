/** How much each field counts in a candidate's score; renormalised over the fields present. */
export interface MatchWeights {
  birthDate: number;
  lastName: number;
  firstName: number;
}

/** When a copy is identified on its own (AUTO), shown with candidates (SUGGEST), or left to a person. */
export interface MatchThresholds {
  autoMinScore: number;
  autoMinMargin: number;
  autoMinNameScore: number;
  suggestMinScore: number;
}

export interface MatchSettings {
  weights: MatchWeights;
  thresholds: MatchThresholds;
}

/** The defaults, justified by the accuracy benchmark (docs/ocr.md). */
export const DEFAULT_MATCH_SETTINGS: MatchSettings = {
  weights: { birthDate: 0.55, lastName: 0.25, firstName: 0.2 },
  thresholds: { autoMinScore: 0.8, autoMinMargin: 0.15, autoMinNameScore: 0.8, suggestMinScore: 0.5 },
};
