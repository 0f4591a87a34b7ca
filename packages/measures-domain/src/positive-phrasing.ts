// The rule that goals in a plan of action are phrased positively: what the person will do or
// achieve, not what must stop. Each rule is data with its own explanation, so a refusal says why.

export interface PhrasingRule {
  id: string;
  /** Tested against the goal lower-cased, with leading punctuation removed and spaces collapsed. */
  pattern: RegExp;
  explanation: string;
}

const ADVICE = 'phrase the goal as what the person will do or achieve, e.g. "attends school four days a week" instead of "no longer skips school"';

export const NEGATIVE_PHRASING_RULES: readonly PhrasingRule[] = [
  {
    id: 'starts-with-negation',
    // English and Dutch negations and cessation verbs at the start of the goal.
    pattern: /^(not|no|never|nobody|nothing|stop|stops|stopping|quit|quits|cease|ceases|avoid|avoids|refrain|refrains|don't|doesn't|do not|does not|geen|niet|nooit|niemand|niets|stopt|stoppen|ophouden|vermijdt|vermijden)\b/,
    explanation: `the goal starts with a negation or a "stop" verb; ${ADVICE}`,
  },
  {
    id: 'no-longer',
    // "X no longer ..." and "X heeft geen contact meer ..." are negative goals whatever the first word.
    pattern: /\b(no longer|no more|not anymore|anymore|niet meer|nooit meer|geen\b.*\bmeer)\b/,
    explanation: `the goal describes something that should end ("no longer", "niet meer", "geen ... meer"); ${ADVICE}`,
  },
  {
    id: 'negated-verb',
    // "Ahmed does not visit ..." states an absence; "nooit" (never) likewise in Dutch.
    pattern: /\b(does not|do not|doesn't|don't|will not|won't|never|nooit)\b/,
    explanation: `the goal states what the person will not do; ${ADVICE}`,
  },
  {
    id: 'cessation-verb',
    pattern: /\b(stops|stop with|stop using|stopt|stoppen met|houdt op|quits|ceases to|breaks off|verbreekt)\b/,
    explanation: `the goal is about stopping something; ${ADVICE}`,
  },
];

export type PhrasingCheck = { positive: true } | { positive: false; ruleId: string; explanation: string };

function normalise(goal: string): string {
  return goal
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/^[\s"'(\-–—:;.,!?]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function checkPositivePhrasing(goal: string): PhrasingCheck {
  const text = normalise(goal);
  for (const rule of NEGATIVE_PHRASING_RULES) {
    if (rule.pattern.test(text)) return { positive: false, ruleId: rule.id, explanation: rule.explanation };
  }
  return { positive: true };
}
